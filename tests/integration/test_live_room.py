"""The live room at scale (issue 14): a vote answers its voter and the room hears a small,
coalesced count; presence follows the sockets; non-hosts are refused with `forbidden`."""
import json
from datetime import timedelta

import pytest

from facilitator.extensions import db
from facilitator.models import Participant
from facilitator.realtime import emit as out
from facilitator.realtime import live as realtime
from facilitator.services import live
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, desk, forget, live_app, phone, received, tokens, workshop)
from tests.integration.test_hosts_plenary import _to_plenary, sharing_round


@pytest.fixture
def app(live_app):
    realtime.VIEWERS.clear()  # test clients of earlier tests never disconnect
    return live_app


def _size(payloads) -> int:
    return sum(len(json.dumps(p)) for p in payloads)


def test_a_vote_answers_its_voter_and_the_room_hears_one_small_count(app, workshop, tokens,
                                                                     desk):
    ids = _to_plenary(app, workshop, tokens, desk)
    call(desk, "plenary", {"action": "open_votes"})
    out.flush_votes()
    watcher = phone(app, workshop, tokens["P3"])
    voter, second_tab = phone(app, workshop, tokens["P1"]), phone(app, workshop, tokens["P1"])
    for client in (watcher, second_tab, desk):
        forget(client)
    assert call(voter, "vote", {"solution_id": ids["Chat support"], "dots": 2})["left"] == 1
    assert call(phone(app, workshop, tokens["P2"]), "vote",
                {"solution_id": ids["Chat support"], "dots": 1})["ok"]
    assert call(voter, "vote", {"solution_id": ids["Chat support"], "dots": 2})["ok"]  # retry
    # No plenary per vote; the voter's other device hears their dots, nobody else does.
    assert received(watcher, "plenary") == received(desk, "plenary") == []
    assert received(watcher, "my_votes") == [] and received(watcher, "votes") == []
    assert received(second_tab, "my_votes")[-1] == {"my_votes": {str(ids["Chat support"]): 2},
                                                    "left": 1}
    out.flush_votes()
    hidden = received(watcher, "votes")
    assert len(hidden) == 1 and hidden[0]["voters"] == 2 and hidden[0]["people"] == 8
    assert "tallies" not in hidden[0]  # no tally before the reveal
    assert _size(hidden) < 100  # bytes a phone receives for three votes
    console = received(desk, "votes")
    assert len(console) == 1 and console[0]["tallies"] == {str(ids["Chat support"]): 3}
    assert console[0]["voters"] == 2
    out.flush_votes()  # nothing new: nothing sent
    assert len(received(watcher, "votes")) == 1


def test_after_the_reveal_tallies_go_as_small_deltas(app, workshop, tokens, desk):
    ids = _to_plenary(app, workshop, tokens, desk)
    call(desk, "plenary", {"action": "open_votes"})
    call(phone(app, workshop, tokens["P1"]), "vote", {"solution_id": ids["Chat support"],
                                                      "dots": 1})
    out.flush_votes()
    call(desk, "plenary", {"action": "reveal"})
    watcher = phone(app, workshop, tokens["P3"])
    forget(watcher)
    call(phone(app, workshop, tokens["P2"]), "vote", {"solution_id": ids["A welcome call"],
                                                      "dots": 2})
    out.flush_votes()
    delta = received(watcher, "votes")[-1]
    assert delta["tallies"] == {str(ids["A welcome call"]): 2}  # only what changed
    assert delta["ranking"][0] == ids["A welcome call"]
    assert delta["version"] > 0 and _size([delta]) < 200


def test_the_plenary_carries_how_many_have_voted(app, workshop, tokens, desk):
    ids = _to_plenary(app, workshop, tokens, desk)
    call(desk, "plenary", {"action": "open_votes"})
    call(phone(app, workshop, tokens["P1"]), "vote", {"solution_id": ids["Chat support"],
                                                      "dots": 1})
    plenary = call(desk, "plenary", {"action": "reveal"})["plenary"]
    assert (plenary["voters"], plenary["people"]) == (1, 8)


def _board(desk):
    return call(desk, "sync")["snapshot"]["board"]


def _age(workshop, seconds):
    """Everyone was last seen `seconds` ago (as if that much time passed)."""
    for person in workshop.participants:
        person.last_seen_at = live.utcnow() - timedelta(seconds=seconds)
    db.session.commit()


def test_an_open_socket_stays_connected_whatever_the_page_sends(app, workshop, tokens, desk):
    phones = [phone(app, workshop, tokens[name]) for name in ("P1", "Host 1")]
    assert _board(desk)["connected"] == 2
    _age(workshop, 600)  # ten minutes without a `time` event from the pages
    assert _board(desk)["connected"] == 0  # what the console showed before
    realtime.refresh_presence(force=True)
    db.session.expire_all()
    board = _board(desk)
    assert board["connected"] == 2
    assert {r["name"] for r in board["roster"] if r["connected"]} == {"P1", "Host 1"}
    phones[0].disconnect(namespace="/live")
    assert {r["name"] for r in _board(desk)["roster"] if r["connected"]} == {"Host 1"}


def test_a_phone_whose_process_vanished_goes_grey_in_bounded_time(app, workshop, tokens, desk):
    phone(app, workshop, tokens["P1"])
    ghost = db.session.query(Participant).filter_by(display_name="P2").one()
    live.touch(ghost)  # seen by another process, which then died: nobody refreshes it
    bound = live.PRESENCE_WINDOW.total_seconds() + realtime.PRESENCE_REFRESH_SECONDS
    _age(workshop, bound)
    realtime.refresh_presence(force=True)
    db.session.expire_all()
    connected = {r["name"] for r in _board(desk)["roster"] if r["connected"]}
    assert connected == {"P1"}


def test_presence_refresh_resends_the_board(app, workshop, tokens, desk):
    phone(app, workshop, tokens["P1"])
    out.flush_boards()
    forget(desk)
    out._last_flush = 0.0
    realtime.refresh_presence(force=True)
    out.flush_boards()
    assert received(desk, "board"), "a board follows each presence refresh"


def test_host_events_from_a_non_host_answer_forbidden(app, workshop, tokens, desk):
    sharing_round(desk)
    guest = phone(app, workshop, tokens["P1"])
    for event, payload in (("key_point", {"action": "add", "text": "Mine"}),
                           ("cluster", {"action": "create", "title": "Mine"}),
                           ("solution", {"action": "add", "title": "Mine"})):
        answer = call(guest, event, payload)
        assert answer["error"] == "forbidden", (event, answer)
    assert call(phone(app, workshop, tokens["Host 1"]), "key_point",
                {"action": "add", "text": "Theirs"})["ok"]


# The join page -------------------------------------------------------------------------------

@pytest.fixture
def limited(tmp_path):
    """The app as in production: the join page's rate limits on (one address for the room)."""
    from tests.conftest import make_app
    app = make_app(tmp_path, RATELIMIT_ENABLED=True, TESTING_NO_TICKER=True)
    with app.app_context():
        yield app
        db.session.remove()


def _owner(app):
    from facilitator.services.accounts import create_or_reset
    return create_or_reset("lea@cafe.test", "correct horse", "Léa")[0]


def test_the_join_page_speaks_the_workshops_language(limited):
    from tests.integration.live_helpers import ready_workshop
    from facilitator.services import workshops as service
    french = ready_workshop(_owner(limited))
    service.update(french, language="fr")
    page = limited.test_client().get(f"/j/{french.join_code}",
                                     headers={"Accept-Language": "en-GB,en"})
    html = page.get_data(as_text=True)
    assert '<html lang="fr"' in html and "Trouvez votre nom" in html
    assert "Find your name" not in html and "This is me: join" not in html


def test_the_waiting_page_says_not_yet_and_updates_itself_then_over(limited):
    from tests.integration.live_helpers import ready_workshop
    from unittest import mock
    with mock.patch.object(live, "open_workshop"):  # ready, doors not open yet
        workshop = ready_workshop(_owner(limited))
    client = limited.test_client()
    html = client.get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert 'data-waiting="not_yet"' in html and 'http-equiv="refresh"' in html
    assert "is over" not in html
    live.open_workshop(workshop)
    html = client.get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert "claim-title" in html and "data-waiting" not in html  # the doors opened: join
    live.command(workshop, "plenary")
    live.command(workshop, "close")
    page = client.get(f"/j/{workshop.join_code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-waiting="over"' in html
    assert 'http-equiv="refresh"' not in html and "not opened the doors" not in html


def test_fifty_phones_behind_one_address_all_join(limited):
    from tests.integration.live_helpers import ready_workshop
    workshop = ready_workshop(_owner(limited), tables=10, people_per_table=5)
    people = [p.id for p in workshop.participants]
    assert len(people) == 50
    for person_id in people:  # one Wi-Fi, one public address, a fresh phone each time
        answer = limited.test_client().post(f"/j/{workshop.join_code}",
                                            data={"claim": str(person_id)})
        assert answer.status_code == 302, answer.status_code


# Status lines and rounds never played ----------------------------------------------------------

def test_a_round_skipped_for_the_plenary_leaves_the_cards_and_the_report(app, facilitator):
    from tests.conftest import sign_in
    from tests.integration.live_helpers import console, join_all, ready_workshop
    from facilitator.services import deliverables
    workshop = ready_workshop(facilitator, rounds=3)
    tokens = join_all(workshop)
    client = app.test_client()
    sign_in(client)
    desk = console(app, workshop, client)
    for command in ("start_round", "rotate", "start_round"):
        assert call(desk, "command", {"command": command})["ok"]
    host = phone(app, workshop, tokens["Host 1"])
    assert call(host, "key_point", {"action": "add", "text": "Said in round 2"})["ok"]
    run = call(desk, "command", {"command": "plenary"})["run"]
    assert run["next_question"] is None  # the plenary says what it is, nothing to come
    plenary = call(desk, "plenary", {"action": "show_table", "table": 1})["plenary"]
    assert [r["round"] for r in plenary["tables"][0]["rounds"]] == [1, 2]
    phone_plenary = received(phone(app, workshop, tokens["P1"]), "snapshot")[0]["plenary"]
    assert all(len(t["rounds"]) == 2 for t in phone_plenary["tables"])
    report = deliverables.build_report(workshop)
    assert [r.number for r in report.rounds] == [1, 2]  # the cover counts two rounds


def test_a_burst_of_notes_sends_the_console_one_synthesis_per_table(app, workshop, tokens,
                                                                    desk):
    from tests.integration.test_hosts_plenary import shared_notes
    sharing_round(desk)
    out.flush_syntheses()
    forget(desk)
    shared_notes(app, workshop, tokens, desk, ["One", "Two", "Three"])
    assert received(desk, "synthesis") == []  # not one whole synthesis per note
    out.flush_syntheses()
    sent = received(desk, "synthesis")
    assert len(sent) == 1 and sorted(n["text"] for n in sent[0]["notes"]) == ["One", "Three",
                                                                                "Two"]
