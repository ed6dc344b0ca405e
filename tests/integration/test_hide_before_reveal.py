"""Hide before reveal: notes held for the host's review reach only the author and the host
until let through; vote tallies reach no participant's socket before the reveal."""
import pytest

from facilitator.extensions import db
from facilitator.models import Note, Solution
from facilitator.services import deliverables
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, console, desk, forget, join_all, live_app, phone, ready_workshop, received,
    received_all, tokens, workshop)
from tests.integration.test_hosts_plenary import _to_plenary, mates_of_host, sharing_round


@pytest.fixture
def app(live_app):
    return live_app


@pytest.fixture
def holding(workshop):
    workshop.hold_notes = True
    db.session.commit()
    return workshop


def _share(app, workshop, tokens, name, text, client_id="held-0001"):
    answer = call(phone(app, workshop, tokens[name]), "note.save",
                  {"client_id": client_id, "text": text, "share": True})
    assert answer["ok"], answer
    return answer["note"]


def _mentions(payload, text) -> bool:
    return text in repr(payload)


# Held notes --------------------------------------------------------------------------------

def test_notes_are_not_held_by_default(app, workshop, tokens, desk):
    sharing_round(desk)
    author = mates_of_host(workshop)[0]
    assert _share(app, workshop, tokens, author, "Straight to the table")["state"] == "shared"


def test_a_held_note_reaches_only_its_author_the_host_and_the_facilitator(app, holding, tokens,
                                                                           desk):
    workshop = holding
    sharing_round(desk)
    author, mate = mates_of_host(workshop)[:2]
    host = phone(app, workshop, tokens["Host 1"])
    neighbour = phone(app, workshop, tokens[mate])
    forget(host), forget(neighbour), forget(desk)
    note = _share(app, workshop, tokens, author, "Our manager never listens")
    assert note["state"] == "held"
    assert [n["state"] for n in received(host, "note")] == ["held"]
    assert not any(_mentions(p, "never listens") for _, p in received_all(neighbour))
    from facilitator.realtime import emit as out
    out.flush_syntheses()  # the console's copy follows within a tick
    desk_view = received(desk, "synthesis")[-1]
    assert [(n["text"], n["held"]) for n in desk_view["notes"]] == [
        ("Our manager never listens", True)]
    # A fresh connection of the neighbour does not see it either; the host's does.
    snapshot = received(phone(app, workshop, tokens[mate]), "snapshot")[0]
    assert not _mentions(snapshot, "never listens")
    host_snapshot = received(phone(app, workshop, tokens["Host 1"]), "snapshot")[0]
    assert [n["state"] for n in host_snapshot["table_notes"]] == ["held"]
    assert host_snapshot["synthesis"]["notes"][0]["held"] is True


def test_the_host_lets_a_held_note_through_to_the_table(app, holding, tokens, desk):
    workshop = holding
    sharing_round(desk)
    author, mate = mates_of_host(workshop)[:2]
    note = _share(app, workshop, tokens, author, "Calls wait too long")
    neighbour = phone(app, workshop, tokens[mate])
    forget(neighbour)
    host = phone(app, workshop, tokens["Host 1"])
    answer = call(host, "note.review", {"note_id": note["id"], "action": "release"})
    assert answer["ok"], answer
    assert answer["synthesis"]["notes"][0]["held"] is False
    assert [(n["text"], n["state"]) for n in received(neighbour, "note")] == [
        ("Calls wait too long", "shared")]
    assert received(neighbour, "synthesis")[-1]["notes"][0]["text"] == "Calls wait too long"
    assert db.session.get(Note, note["id"]).held is False


def test_a_note_sent_back_is_private_again_and_kept(app, holding, tokens, desk):
    workshop = holding
    sharing_round(desk)
    author = mates_of_host(workshop)[0]
    note = _share(app, workshop, tokens, author, "Names a colleague")
    author_phone = phone(app, workshop, tokens[author])
    forget(author_phone)
    host = phone(app, workshop, tokens["Host 1"])
    forget(host)
    answer = call(host, "note.review", {"note_id": note["id"], "action": "return"})
    assert answer["ok"] and answer["synthesis"]["notes"] == []
    back = received(author_phone, "note")[-1]
    assert (back["state"], back["returned"], back["mine"]) == ("private", True, True)
    assert [r["id"] for r in received(host, "note_removed")] == [note["id"]]
    stored = db.session.get(Note, note["id"])
    assert (stored.text, stored.table_id, stored.held) == ("Names a colleague", None, False)
    edited = call(author_phone, "note.save", {"client_id": "held-0001",
                                              "text": "Names no one", "share": True})
    assert edited["ok"] and edited["note"]["state"] == "held"


def test_only_the_table_host_or_the_facilitator_reviews_and_held_notes_cannot_be_grouped(
        app, holding, tokens, desk):
    workshop = holding
    sharing_round(desk)
    author, mate = mates_of_host(workshop)[:2]
    note = _share(app, workshop, tokens, author, "Held")
    for name in (mate, "Host 2"):
        answer = call(phone(app, workshop, tokens[name]), "note.review",
                      {"note_id": note["id"], "action": "release"})
        assert answer["error"] == "forbidden", (name, answer)
    host = phone(app, workshop, tokens["Host 1"])
    answer = call(host, "cluster", {"action": "create", "title": "Early", "note_ids": [note["id"]]})
    assert answer["error"] == "held"
    answer = call(host, "note.organise", {"note_id": note["id"], "starred": True})
    assert answer["error"] == "held"
    assert call(desk, "note.review", {"note_id": note["id"], "action": "release"})["ok"]
    again = call(host, "note.review", {"note_id": note["id"], "action": "release"})
    assert again["error"] == "not_found"


def test_a_hosts_own_notes_are_never_held(app, holding, tokens, desk):
    sharing_round(desk)
    assert _share(app, holding, tokens, "Host 1", "From the host")["state"] == "shared"


def test_the_console_board_counts_notes_awaiting_review(app, holding, tokens, desk):
    from facilitator.services import live_views
    sharing_round(desk)
    _share(app, holding, tokens, mates_of_host(holding)[0], "Waiting")
    table = next(t for t in live_views.board(holding)["tables"] if t["host"]
                 and t["host"]["name"] == "Host 1")
    assert (table["held_notes"], table["shared_notes"]) == (1, 0)


def test_a_note_never_let_through_is_not_in_the_deliverables(app, holding, tokens, desk):
    sharing_round(desk)
    author, other = mates_of_host(holding)[:2]
    _share(app, holding, tokens, author, "Never reviewed")
    released = _share(app, holding, tokens, other, "Reviewed", client_id="held-0002")
    assert call(desk, "note.review", {"note_id": released["id"], "action": "release"})["ok"]
    texts = [n.text for n in deliverables.build_report(holding).notes]
    assert texts == ["Reviewed"]


# Hidden votes ------------------------------------------------------------------------------

def _tally_keys(payload, found=None):
    found = set() if found is None else found
    if isinstance(payload, dict):
        found |= {k for k in payload if k in ("votes", "ranking", "tallies", "tally")}
        for value in payload.values():
            _tally_keys(value, found)
    elif isinstance(payload, (list, tuple)):
        for value in payload:
            _tally_keys(value, found)
    return found


def test_no_participant_socket_carries_a_tally_before_the_reveal(app, workshop, tokens, desk):
    ids = _to_plenary(app, workshop, tokens, desk)
    call(desk, "plenary", {"action": "open_votes"})
    watchers = {name: phone(app, workshop, tokens[name]) for name in ("P2", "Host 1", "Host 2")}
    voter = phone(app, workshop, tokens["P1"])
    for client in (*watchers.values(), voter):
        forget(client)
    mine = call(voter, "vote", {"solution_id": ids["Chat support"], "dots": 2})
    assert mine["ok"] and mine["left"] == 1
    call(phone(app, workshop, tokens["P3"]), "vote", {"solution_id": ids["Chat support"],
                                                      "dots": 1})
    call(desk, "plenary", {"action": "next_table"})
    late = phone(app, workshop, tokens["P4"])  # a fresh snapshot, mid-vote
    for name, client in (*watchers.items(), ("voter", voter), ("late", late)):
        for event, payload in received_all(client):
            assert not _tally_keys(payload), (name, event, payload)
    assert "votes" not in repr(mine).replace("my_votes", "")
    # The console and projector do count, for the facilitator's eyes only.
    assert _tally_keys(call(desk, "plenary", {"action": "show_table", "table": 1}))
    for client in (*watchers.values(), voter, late):
        forget(client)
    call(desk, "plenary", {"action": "reveal"})
    for client in (*watchers.values(), voter, late):
        revealed = received(client, "plenary")[-1]
        assert {s["id"]: s["votes"] for s in revealed["solutions"]}[ids["Chat support"]] == 3
    assert db.session.get(Solution, ids["Chat support"]) is not None


def test_one_reading_gives_each_audience_the_plenary_it_would_read_alone(app, workshop, tokens,
                                                                         desk):
    """The participants' copy is cut from the facilitator's (one reading per command): it
    must equal what a participant-only reading gives, tallies hidden, then revealed."""
    from facilitator.services import plenary
    ids = _to_plenary(app, workshop, tokens, desk)
    call(desk, "plenary", {"action": "open_votes"})
    call(phone(app, workshop, tokens["P1"]), "vote", {"solution_id": ids["Chat support"],
                                                      "dots": 2})
    for action in ("next_table", "reveal"):
        call(desk, "plenary", {"action": action})
        db.session.expire_all()
        public, mine = plenary.plenary_payloads(workshop)
        assert public == plenary.plenary_payload(workshop, facilitator=False)
        assert mine == plenary.plenary_payload(workshop, facilitator=True)
    assert {s["id"]: s["votes"] for s in public["solutions"]}[ids["Chat support"]] == 2
