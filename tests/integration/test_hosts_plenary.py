"""Hosts consolidate, syntheses autosave field by field, newcomers get the handover, the
plenary votes within limits, duplicates merge with their votes; only hosts edit."""
import pytest

from facilitator.extensions import db
from facilitator.models import Note, Solution, Vote
from facilitator.services import live, workshops as service
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, console, desk, forget, join_all, live_app, phone, ready_workshop, received, tokens,
    workshop)


@pytest.fixture
def app(live_app):
    return live_app


def people(workshop):
    return {p.display_name: p for p in workshop.participants}


def mates_of_host(workshop, host="Host 1", round_number=1):
    table = live.seat_of(workshop, people(workshop)[host], round_number)
    return [p.display_name for p in live.people_at(workshop, table, round_number)
            if not p.is_host]


def sharing_round(desk):
    call(desk, "command", {"command": "start_round"})
    call(desk, "command", {"command": "skip"})


def shared_notes(app, workshop, tokens, desk, texts):
    """Participants at Host 1's table share one note each; returns their note ids."""
    ids = []
    for name, text in zip(mates_of_host(workshop), texts):
        answer = call(phone(app, workshop, tokens[name]), "note.save",
                      {"client_id": f"n-{name}-0001", "text": text, "share": True})
        assert answer["ok"], answer
        ids.append(answer["note"]["id"])
    return ids


# Host tools --------------------------------------------------------------------------------

def test_the_host_sees_shared_notes_live_and_groups_them(app, workshop, tokens, desk):
    sharing_round(desk)
    host = phone(app, workshop, tokens["Host 1"])
    forget(host)
    ids = shared_notes(app, workshop, tokens, desk, ["Slow support", "Support waits", "Nice app"])
    assert [n["text"] for n in received(host, "note")] == ["Slow support", "Support waits",
                                                            "Nice app"]
    answer = call(host, "cluster", {"action": "create", "title": "Support",
                                    "note_ids": ids[:2]})
    assert answer["ok"], answer
    synthesis = answer["synthesis"]
    cluster_id = synthesis["clusters"][0]["id"]
    assert [n["cluster_id"] for n in synthesis["notes"]] == [cluster_id, cluster_id, None]
    answer = call(host, "cluster", {"action": "rename", "id": cluster_id, "title": "Waiting"})
    assert answer["synthesis"]["clusters"][0]["title"] == "Waiting"
    answer = call(host, "note.organise", {"note_id": ids[2], "starred": True})
    assert answer["synthesis"]["notes"][2]["starred"] is True
    answer = call(host, "note.organise", {"note_id": ids[1], "duplicate_of": ids[0]})
    assert answer["synthesis"]["notes"][1]["duplicate_of"] == ids[0]
    answer = call(host, "note.organise", {"note_id": ids[0], "cluster_id": None})
    assert answer["synthesis"]["notes"][0]["cluster_id"] is None
    answer = call(host, "cluster", {"action": "delete", "id": cluster_id})
    assert answer["synthesis"]["clusters"] == []


def test_a_consolidated_note_can_no_longer_be_edited_by_its_author(app, workshop, tokens, desk):
    sharing_round(desk)
    author = mates_of_host(workshop)[0]
    ids = shared_notes(app, workshop, tokens, desk, ["Original"])
    call(phone(app, workshop, tokens["Host 1"]), "note.organise",
         {"note_id": ids[0], "starred": True})
    answer = call(phone(app, workshop, tokens[author]), "note.save",
                  {"client_id": f"n-{author}-0001", "text": "Changed"})
    assert answer["error"] == "consolidated"
    assert db.session.get(Note, ids[0]).text == "Original"


def test_two_devices_editing_one_synthesis_keep_each_others_fields(app, workshop, tokens, desk):
    sharing_round(desk)
    phone_ = phone(app, workshop, tokens["Host 1"])
    tablet = phone(app, workshop, tokens["Host 1"])  # the same host on a tablet
    created = call(phone_, "solution", {"action": "add", "title": "Callback in 2 hours"})
    solution_id = created["id"]
    call(tablet, "solution", {"action": "update", "id": solution_id, "field": "description",
                              "value": "Promise and keep a callback slot"})
    call(phone_, "solution", {"action": "update", "id": solution_id, "field": "channel",
                              "value": "service"})
    final = call(tablet, "solution", {"action": "update", "id": solution_id,
                                      "field": "title", "value": "Callback within 2 h"})
    solution = final["synthesis"]["solutions"][0]
    assert (solution["title"], solution["description"], solution["channel"]) == (
        "Callback within 2 h", "Promise and keep a callback slot", "service")
    assert solution["edits"]["title"]["by"] == "Host 1" and solution["version"] == 4
    # Both devices hear every change, with who made it.
    assert received(phone_, "synthesis")[-1]["solutions"][0]["title"] == "Callback within 2 h"
    point = call(phone_, "key_point", {"action": "add", "text": "Waiting is the top irritant"})
    call(desk, "key_point", {"action": "update", "id": point["id"],
                             "text": "Waiting is THE irritant"})
    latest = received(tablet, "synthesis")[-1]["key_points"][0]
    assert latest["text"] == "Waiting is THE irritant" and latest["edited_by"] == "Ana"


def test_only_the_tables_host_or_the_facilitator_edit_a_synthesis(app, workshop, tokens, desk):
    sharing_round(desk)
    host = phone(app, workshop, tokens["Host 1"])
    solution_id = call(host, "solution", {"action": "add", "title": "Idea"})["id"]
    participant = phone(app, workshop, tokens[mates_of_host(workshop)[0]])
    other_host = phone(app, workshop, tokens["Host 2"])
    for client in (participant, other_host):
        answer = call(client, "solution", {"action": "update", "id": solution_id,
                                           "field": "title", "value": "Hijack"})
        assert answer["error"] == "forbidden", answer
        answer = call(client, "key_point", {"action": "add", "table": 1, "text": "x"})
        assert answer["error"] == "forbidden", answer
    assert db.session.get(Solution, solution_id).title == "Idea"
    answer = call(desk, "solution", {"action": "update", "id": solution_id, "field": "title",
                                     "value": "Helped by the facilitator"})
    assert answer["ok"]


def test_unknown_fields_and_sizes_are_refused(app, workshop, tokens, desk):
    sharing_round(desk)
    host = phone(app, workshop, tokens["Host 1"])
    solution_id = call(host, "solution", {"action": "add", "title": "Idea"})["id"]
    assert call(host, "solution", {"action": "update", "id": solution_id, "field": "votes",
                                   "value": 99})["error"] == "invalid"
    assert call(host, "solution", {"action": "update", "id": solution_id, "field": "title",
                                   "value": "x" * 300})["error"] == "invalid"
    assert call(host, "cluster", {"action": "rename"})["error"] == "invalid"


# Handover ----------------------------------------------------------------------------------

def _play_first_round_with_a_synthesis(app, workshop, tokens, desk):
    sharing_round(desk)
    host = phone(app, workshop, tokens["Host 1"])
    call(host, "key_point", {"action": "add", "text": "Onboarding is confusing"})
    call(host, "solution", {"action": "add", "title": "A welcome call"})
    call(desk, "command", {"command": "rotate"})
    call(desk, "command", {"command": "start_round"})


def test_the_handover_card_restates_the_previous_round_to_newcomers(app, workshop, tokens,
                                                                    desk):
    _play_first_round_with_a_synthesis(app, workshop, tokens, desk)
    newcomers = mates_of_host(workshop, round_number=2)
    for name in ["Host 1", *newcomers]:
        me = received(phone(app, workshop, tokens[name]), "snapshot")[0]["me"]
        card = me["handover"]
        assert card["kind"] == "thread" and card["table"] == 1
        assert card["rounds"] == [{"round": 1, "question": "Question 1?",
                                   "key_points": ["Onboarding is confusing"],
                                   "solutions": ["A welcome call"]}]


def test_the_handover_in_themes_mode_is_the_themes_history(app, facilitator):
    workshop = ready_workshop(facilitator)
    service.update(workshop, mode=service.rules.Mode.THEMES)
    workshop.tables[0].theme = "Onboarding"
    db.session.commit()
    from facilitator.services.synthesis import handover_payload
    card = handover_payload(workshop, workshop.tables[0], 2)
    assert card["kind"] == "theme" and card["theme"] == "Onboarding" and card["empty"]
    assert handover_payload(workshop, workshop.tables[0], 1) is None


# Plenary and votes -------------------------------------------------------------------------

def _to_plenary(app, workshop, tokens, desk):
    _play_first_round_with_a_synthesis(app, workshop, tokens, desk)
    host2 = phone(app, workshop, tokens["Host 2"])
    call(host2, "solution", {"action": "add", "title": "A welcome phone call"})
    call(host2, "solution", {"action": "add", "title": "Chat support"})
    assert call(desk, "command", {"command": "rotate"})["run"]["stage"] == "plenary"
    return {s.title: s.id for s in db.session.query(Solution)}


def test_votes_respect_n_dots_and_m_per_solution_server_side(app, workshop, tokens, desk):
    ids = _to_plenary(app, workshop, tokens, desk)
    voter = phone(app, workshop, tokens["P1"])
    assert call(voter, "vote", {"solution_id": ids["Chat support"], "dots": 1})["error"] == \
        "not_now"
    call(desk, "plenary", {"action": "open_votes"})
    assert call(voter, "vote", {"solution_id": ids["Chat support"], "dots": 3})["error"] == \
        "invalid"  # M = 2
    assert call(voter, "vote", {"solution_id": ids["Chat support"], "dots": 2})["left"] == 1
    second_tab = phone(app, workshop, tokens["P1"])
    assert call(second_tab, "vote", {"solution_id": ids["A welcome call"], "dots": 2})[
        "error"] == "invalid"  # N = 3 in all, whichever tab
    assert call(second_tab, "vote", {"solution_id": ids["A welcome call"], "dots": 1})["left"] \
        == 0
    again = call(voter, "vote", {"solution_id": ids["A welcome call"], "dots": 1})
    assert again["ok"] and again["left"] == 0  # the same absolute count twice: one vote
    person = people(workshop)["P1"]
    assert sum(v.dots for v in db.session.query(Vote).filter_by(participant_id=person.id)) == 3


def test_tallies_stay_hidden_from_phones_until_revealed(app, workshop, tokens, desk):
    ids = _to_plenary(app, workshop, tokens, desk)
    call(desk, "plenary", {"action": "open_votes"})
    watcher = phone(app, workshop, tokens["P2"])
    forget(watcher)
    call(phone(app, workshop, tokens["P1"]), "vote", {"solution_id": ids["Chat support"],
                                                      "dots": 2})
    for payload in received(watcher, "plenary"):
        assert "ranking" not in payload
        assert all("votes" not in s for s in payload["solutions"])
    assert received(watcher, "snapshot") == []
    call(desk, "plenary", {"action": "reveal"})
    revealed = received(watcher, "plenary")[-1]
    assert revealed["ranking"][0] == ids["Chat support"]
    assert {s["id"]: s["votes"] for s in revealed["solutions"]}[ids["Chat support"]] == 2


def test_merging_duplicate_solutions_merges_their_votes(app, workshop, tokens, desk):
    ids = _to_plenary(app, workshop, tokens, desk)
    call(desk, "plenary", {"action": "open_votes"})
    p1 = phone(app, workshop, tokens["P1"])
    call(p1, "vote", {"solution_id": ids["A welcome call"], "dots": 1})
    call(p1, "vote", {"solution_id": ids["A welcome phone call"], "dots": 2})
    call(phone(app, workshop, tokens["P2"]), "vote", {"solution_id": ids["A welcome phone call"],
                                                      "dots": 1})
    answer = call(desk, "solution.merge", {"source": ids["A welcome phone call"],
                                           "target": ids["A welcome call"]})
    listed = {s["id"]: s for s in answer["plenary"]["solutions"]}
    assert ids["A welcome phone call"] not in listed
    assert listed[ids["A welcome call"]]["votes"] == 3  # P1 capped at M = 2, plus P2's 1
    left = call(p1, "vote", {"solution_id": ids["Chat support"], "dots": 1})
    assert left["ok"] and left["left"] == 0  # P1's refunded dot can be placed again


def test_the_facilitator_qualifies_solutions_and_presents_table_by_table(app, workshop, tokens,
                                                                         desk):
    ids = _to_plenary(app, workshop, tokens, desk)
    assert call(desk, "solution.qualify", {"id": ids["Chat support"], "impact": "high",
                                           "effort": "low", "owner": "Support lead",
                                           "horizon": "short"})["ok"]
    assert call(desk, "solution.qualify", {"id": ids["Chat support"], "impact": "huge",
                                           "effort": "low", "owner": "", "horizon": "short"})[
        "error"] == "invalid"
    solution = db.session.get(Solution, ids["Chat support"])
    assert (solution.impact, solution.owner) == ("high", "Support lead")
    assert call(desk, "plenary", {"action": "next_table"})["plenary"]["table"] == 1
    assert call(desk, "plenary", {"action": "next_table"})["plenary"]["table"] == 2
    answer = call(desk, "plenary", {"action": "show_table", "table": 1})
    table = answer["plenary"]["tables"][0]
    assert table["host"] == "Host 1" and table["rounds"][0]["solutions"] == ["A welcome call"]


def test_participants_cannot_run_the_plenary(app, workshop, tokens, desk):
    ids = _to_plenary(app, workshop, tokens, desk)
    client = phone(app, workshop, tokens["P1"])
    for event, payload in (("plenary", {"action": "reveal"}),
                           ("solution.merge", {"source": ids["Chat support"],
                                               "target": ids["A welcome call"]}),
                           ("solution.qualify", {"id": ids["Chat support"], "impact": "low",
                                                 "effort": "low", "owner": "",
                                                 "horizon": "short"}),
                           ("vote.rules", {"dots": 5, "max_per_solution": 5})):
        assert call(client, event, payload)["error"] == "forbidden", event
    assert call(desk, "vote", {"solution_id": ids["Chat support"], "dots": 1})["error"] == \
        "forbidden"


def test_a_merge_tells_each_voter_their_dots_and_the_console_hears_shared_notes(
        app, workshop, tokens, desk):
    sharing_round(desk)
    forget(desk)
    shared_notes(app, workshop, tokens, desk, ["Heard by the console"])
    from facilitator.realtime import emit as out
    out.flush_syntheses()  # the console's copy follows within a tick
    assert any(n["text"] == "Heard by the console"
               for s in received(desk, "synthesis") for n in s["notes"])
    call(desk, "command", {"command": "rotate"})
    call(desk, "command", {"command": "start_round"})
    host2 = phone(app, workshop, tokens["Host 2"])
    assert received(host2, "snapshot")[0]["synthesis"]["round"] == 2
    call(host2, "solution", {"action": "add", "title": "Twin A"})
    call(host2, "solution", {"action": "add", "title": "Twin B"})
    call(desk, "command", {"command": "rotate"})
    ids = {s.title: s.id for s in db.session.query(Solution)}
    call(desk, "plenary", {"action": "open_votes"})
    voter = phone(app, workshop, tokens["P1"])
    call(voter, "vote", {"solution_id": ids["Twin A"], "dots": 2})
    call(voter, "vote", {"solution_id": ids["Twin B"], "dots": 1})
    forget(voter)
    call(desk, "solution.merge", {"source": ids["Twin B"], "target": ids["Twin A"]})
    assert received(voter, "my_votes")[-1] == {"my_votes": {str(ids["Twin A"]): 2}, "left": 1}


def test_every_plenary_change_carries_a_newer_version(app, workshop, tokens, desk):
    ids = _to_plenary(app, workshop, tokens, desk)
    versions = [call(desk, "plenary", {"action": "open_votes"})["plenary"]["version"]]
    call(phone(app, workshop, tokens["P1"]), "vote", {"solution_id": ids["Chat support"],
                                                      "dots": 1})
    from facilitator.realtime import emit as out
    out.flush_votes()  # votes reach the console coalesced, with the plenary's version
    versions.append(received(desk, "votes")[-1]["version"])
    versions.append(call(desk, "plenary", {"action": "reveal"})["plenary"]["version"])
    versions.append(call(desk, "plenary", {"action": "next_table"})["plenary"]["version"])
    assert versions == sorted(set(versions)), versions  # strictly increasing
