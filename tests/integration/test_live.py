"""Live rounds over Socket.IO: every event's happy path, its validation error and its
refusal; snapshots on reconnect; idempotent notes; timers across a restart; rotation."""
from datetime import timedelta

import pytest

from facilitator.domain.run import Stage
from facilitator.domain.workshop import Phase
from facilitator.extensions import db
from facilitator.models import Note, Run
from facilitator.realtime.live import tick_once
from facilitator.services import live
from tests.conftest import make_app, sign_in
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, console, desk, forget, join_all, live_app, phone, ready_workshop, received, tokens,
    workshop)


@pytest.fixture
def app(live_app):
    return live_app


def table_of(snapshot_or_me):
    me = snapshot_or_me.get("me", snapshot_or_me)
    return me["table"]["number"] if me["table"] else None


def start_round(desk):
    answer = call(desk, "command", {"command": "start_round"})
    assert answer["ok"], answer
    return answer["run"]


# Connecting --------------------------------------------------------------------------------

def test_a_phone_connects_with_its_token_and_gets_a_snapshot(app, workshop, tokens):
    client = phone(app, workshop, tokens["P1"])
    assert client.is_connected(namespace="/live")
    snapshot = received(client, "snapshot")[0]
    assert snapshot["protocol"] == 1 and snapshot["me"]["name"] == "P1"
    assert snapshot["run"]["stage"] == "lobby" and snapshot["me"]["next"]["round"] == 1
    assert snapshot["joined"] == 8


@pytest.mark.parametrize("auth", [
    {"workshop": "ZZZZZZ", "view": "participant", "protocol": 1, "token": "x"},
    {"workshop": None, "view": "participant"},
    {"view": "participant"},
    "not an object",
])
def test_bad_connections_are_refused(app, workshop, auth):
    from facilitator.extensions import socketio
    client = socketio.test_client(app, namespace="/live", auth=auth)
    assert not client.is_connected(namespace="/live")


def test_a_phone_without_a_valid_token_is_refused(app, workshop, tokens):
    assert not phone(app, workshop, "forged-token").is_connected(namespace="/live")
    person = next(p for p in workshop.participants if p.display_name == "P1")
    live.revoke(workshop, person)
    assert not phone(app, workshop, tokens["P1"]).is_connected(namespace="/live")


def test_another_facilitator_cannot_open_the_console_socket(app, client, workshop,
                                                              other_facilitator):
    sign_in(client, "bob@cafe.test", "battery staple")
    assert not console(app, workshop, client).is_connected(namespace="/live")
    anonymous = app.test_client()
    assert not console(app, workshop, anonymous).is_connected(namespace="/live")


def test_an_old_page_speaking_another_protocol_is_refused(app, workshop, tokens):
    from facilitator.extensions import socketio
    client = socketio.test_client(app, namespace="/live", auth={
        "workshop": workshop.join_code, "view": "participant", "protocol": 99,
        "token": tokens["P1"]})
    assert not client.is_connected(namespace="/live")


# Running the rounds ------------------------------------------------------------------------

def test_commands_walk_the_phases_and_every_screen_hears_them(app, workshop, tokens, desk):
    phones = [phone(app, workshop, tokens[name]) for name in ("P1", "P2", "Host 1")]
    run = start_round(desk)
    assert (run["stage"], run["round"], run["phase"]) == ("round", 1, "reflection")
    assert run["question"] == "Question 1?" and run["phase_seconds"] == 180
    for client in phones:
        assert received(client, "run")[-1]["phase"] == "reflection"
        assert received(client, "seat")[-1]["table"] is not None
    for command, expected in (("pause", True), ("resume", False)):
        assert call(desk, "command", {"command": command})["run"]["paused"] is expected
    before = call(desk, "command", {"command": "extend", "seconds": 60})["run"]["deadline"]
    after = call(desk, "command", {"command": "extend", "seconds": 300})["run"]["deadline"]
    assert after - before == 300_000
    assert call(desk, "command", {"command": "skip"})["run"]["phase"] == "sharing"
    assert call(desk, "command", {"command": "back"})["run"]["phase"] == "reflection"


def test_a_refused_command_says_why(app, workshop, desk):
    answer = call(desk, "command", {"command": "pause"})
    assert answer == {"ok": False, "error": "state", "message": "No round is running."}
    answer = call(desk, "command", {"command": "explode"})
    assert answer["ok"] is False and answer["error"] == "invalid"
    answer = call(desk, "command", {"command": "extend", "seconds": 99999})
    assert answer["error"] == "invalid"


def test_participants_cannot_send_facilitator_commands(app, workshop, tokens):
    client = phone(app, workshop, tokens["P1"])
    for event, payload in (("command", {"command": "start_round"}),
                           ("move", {"participant_id": 1, "table": 1}),
                           ("absent", {"participant_id": 1, "absent": True}),
                           ("host.replace", {"table": 1, "participant_id": 1}),
                           ("broadcast", {"text": "hi"})):
        assert call(client, event, payload)["error"] == "forbidden", event
    assert workshop.run.stage is Stage.LOBBY


def test_the_facilitator_cannot_write_notes_as_a_participant(app, workshop, desk):
    answer = call(desk, "note.save", {"client_id": "abcdefgh1", "text": "x"})
    assert answer["error"] == "forbidden"


def test_a_rotation_reaches_every_participant_with_the_right_table(app, workshop, tokens, desk):
    phones = {name: phone(app, workshop, token) for name, token in tokens.items()}
    start_round(desk)
    for client in phones.values():
        forget(client)
    call(desk, "command", {"command": "rotate"})
    from facilitator.services.live_views import me_payloads
    expected = me_payloads(workshop)
    people = {p.display_name: p for p in workshop.participants}
    for name, client in phones.items():
        assert received(client, "run")[-1]["stage"] == "rotation"
        seat = received(client, "seat")[-1]
        assert seat["next"]["round"] == 2
        assert seat["next"]["table"] == expected[people[name].id]["next"]["table"]
        if name.startswith("Host"):  # hosts never move
            assert seat["next"]["table"]["number"] == int(name.split()[1])
    call(desk, "command", {"command": "start_round"})
    for name, client in phones.items():
        me = received(client, "seat")[-1]
        assert table_of(me) == expected[people[name].id]["next"]["table"]["number"]


def test_the_last_round_ends_in_plenary_then_close(app, workshop, desk):
    start_round(desk)
    call(desk, "command", {"command": "rotate"})
    start_round(desk)
    assert call(desk, "command", {"command": "rotate"})["run"]["stage"] == "plenary"
    assert workshop.status.value == "plenary"
    assert call(desk, "command", {"command": "close"})["run"]["stage"] == "closed"


# Notes -------------------------------------------------------------------------------------

def test_notes_are_private_then_shared_with_the_table_only(app, workshop, tokens, desk):
    start_round(desk)
    people = {p.display_name: p for p in workshop.participants}
    tables = {name: live.seat_of(workshop, people[name], 1).number for name in tokens}
    author = "P1"
    mates = [n for n in tokens if tables[n] == tables[author] and n != author]
    others = [n for n in tokens if tables[n] != tables[author]]
    clients = {name: phone(app, workshop, tokens[name]) for name in tokens}
    for client in clients.values():
        forget(client)
    answer = call(clients[author], "note.save", {"client_id": "note-0001", "text": "Idea"})
    assert answer["ok"] and answer["note"]["state"] == "private"
    assert all(received(clients[n], "note") == [] for n in mates)
    refused = call(clients[author], "note.share", {"client_ids": ["note-0001"]})
    assert refused["error"] == "not_now"  # reflection: not yet
    call(desk, "command", {"command": "skip"})
    answer = call(clients[author], "note.share", {"client_ids": ["note-0001"]})
    assert answer["ok"] and answer["notes"][0]["state"] == "shared"
    for name in mates:
        notes = received(clients[name], "note")
        assert [n["text"] for n in notes] == ["Idea"] and notes[0]["mine"] is False
    for name in others:
        assert received(clients[name], "note") == []


def test_a_retried_note_is_stored_once(app, workshop, tokens, desk):
    start_round(desk)
    client = phone(app, workshop, tokens["P2"])
    payload = {"client_id": "queued-offline-1", "text": "Typed in the metro"}
    first, second = call(client, "note.save", payload), call(client, "note.save", payload)
    assert first["ok"] and second["ok"] and first["note"]["id"] == second["note"]["id"]
    assert db.session.query(Note).count() == 1
    call(client, "note.save", {**payload, "text": "Edited"})
    assert db.session.query(Note).one().text == "Edited"


def test_note_validation_errors_name_the_field(app, workshop, tokens, desk):
    start_round(desk)
    client = phone(app, workshop, tokens["P2"])
    for payload, field in (({"client_id": "short", "text": "x"}, "client_id"),
                           ({"client_id": "valid-id-1", "text": 42}, "text"),
                           ({"client_id": "valid-id-1"}, "text"),
                           ("nonsense", "payload")):
        answer = call(client, "note.save", payload)
        assert answer["error"] == "invalid" and field in answer["message"], answer
    answer = call(client, "note.save", {"client_id": "valid-id-1", "text": "x" * 1001})
    assert answer["error"] == "invalid" and "1000" in answer["message"]
    assert call(client, "note.save", {"client_id": "valid-id-1", "text": "  "})["error"] == \
        "invalid"


def test_notes_can_be_deleted_by_their_author_until_consolidated(app, workshop, tokens, desk):
    start_round(desk)
    client = phone(app, workshop, tokens["P3"])
    call(client, "note.save", {"client_id": "to-delete-1", "text": "Oops"})
    assert call(client, "note.delete", {"client_id": "to-delete-1"}) == {"ok": True}
    assert call(client, "note.delete", {"client_id": "to-delete-1"}) == {"ok": True}  # a retry
    call(client, "note.save", {"client_id": "kept-note-1", "text": "Keep"})
    note = db.session.query(Note).one()
    note.consolidated = True
    db.session.commit()
    assert call(client, "note.delete", {"client_id": "kept-note-1"})["error"] == "consolidated"
    assert call(client, "note.save", {"client_id": "kept-note-1", "text": "x"})["error"] == \
        "consolidated"


def test_notes_are_refused_outside_a_round(app, workshop, tokens):
    client = phone(app, workshop, tokens["P1"])
    answer = call(client, "note.save", {"client_id": "lobby-note-1", "text": "Too early"})
    assert answer["error"] == "not_now"


# Reconnecting, restarting ------------------------------------------------------------------

def test_a_reconnecting_phone_gets_its_notes_and_table_in_the_snapshot(app, workshop, tokens,
                                                                        desk):
    start_round(desk)
    client = phone(app, workshop, tokens["P4"])
    call(client, "note.save", {"client_id": "before-drop-1", "text": "Saved before the drop"})
    client.disconnect(namespace="/live")
    again = phone(app, workshop, tokens["P4"])
    snapshot = received(again, "snapshot")[0]
    assert [n["text"] for n in snapshot["notes"]] == ["Saved before the drop"]
    assert snapshot["run"]["phase"] == "reflection" and snapshot["me"]["table"] is not None
    assert call(again, "sync")["snapshot"]["me"]["name"] == "P4"


def test_the_phase_deadline_survives_a_server_restart(tmp_path, facilitator):
    database = f"sqlite:///{tmp_path}/restart.sqlite3"
    first = make_app(tmp_path, DATABASE_URL=database, TESTING_NO_TICKER=True)
    with first.app_context():
        from facilitator.services.accounts import create_or_reset
        user, _ = create_or_reset("ana@cafe.test", "correct horse")
        workshop = ready_workshop(user)
        live.command(workshop, "start_round")
        deadline = workshop.run.deadline
        workshop_id = workshop.id
        db.session.remove()
    second = make_app(tmp_path, DATABASE_URL=database, TESTING_NO_TICKER=True)
    with second.app_context():
        run = db.session.get(Run, workshop_id)
        assert (run.stage, run.round_number, run.phase) == (Stage.ROUND, 1, Phase.REFLECTION)
        assert run.deadline == deadline
        # The server was down past the deadline: the first tick catches up, once.
        run.deadline = live.utcnow() - timedelta(seconds=5)
        db.session.commit()
        tick_once()
        tick_once()
        db.session.expire_all()
        run = db.session.get(Run, workshop_id)
        assert run.phase is Phase.SHARING and run.version == 2
        db.session.remove()


def test_a_phase_waits_for_the_facilitator_when_auto_advance_is_off(app, workshop, desk):
    start_round(desk)
    assert call(desk, "auto_advance", {"enabled": False})["run"]["auto_advance"] is False
    workshop.run.deadline = live.utcnow() - timedelta(seconds=1)
    db.session.commit()
    tick_once()
    assert workshop.run.phase is Phase.REFLECTION


def test_two_processes_ending_the_same_phase_advance_it_once(app, workshop, desk):
    start_round(desk)
    run = workshop.run
    state = run.state()
    from facilitator.domain import run as machine
    new = machine.apply(state, machine.Command.SKIP, live.utcnow(), live._timing(workshop))
    live._save_state(workshop, run, new)
    stale = Run(workshop_id=run.workshop_id, version=state.version)  # what the other saw
    with pytest.raises(live.LiveError):
        live._save_state(workshop, stale, new)
    assert db.session.get(Run, workshop.id).version == new.version


# The facilitator's changes -----------------------------------------------------------------

def test_moving_a_person_updates_their_phone_at_once(app, workshop, tokens, desk):
    start_round(desk)
    people = {p.display_name: p for p in workshop.participants}
    client = phone(app, workshop, tokens["P5"])
    current = live.seat_of(workshop, people["P5"], 1).number
    target = 1 if current == 2 else 2
    assert call(desk, "move", {"participant_id": people["P5"].id, "table": target})["ok"]
    assert table_of(received(client, "seat")[-1]) == target
    assert call(desk, "move", {"participant_id": people["Host 1"].id, "table": 2})["error"] == \
        "state"
    assert call(desk, "move", {"participant_id": 99999, "table": 1})["error"] == "not_found"
    assert call(desk, "move", {"participant_id": people["P5"].id, "table": 9})["error"] == \
        "not_found"


def test_marking_someone_absent_removes_them_from_the_rounds_to_come(app, workshop, tokens,
                                                                     desk):
    start_round(desk)
    people = {p.display_name: p for p in workshop.participants}
    assert call(desk, "absent", {"participant_id": people["P6"].id, "absent": True})["ok"]
    assert live.seat_of(workshop, people["P6"], 1) is not None  # they were there
    assert live.seat_of(workshop, people["P6"], 2) is None
    assert call(desk, "absent", {"participant_id": people["P6"].id, "absent": False})["ok"]
    assert live.seat_of(workshop, people["P6"], 2) is not None


def test_replacing_a_host_takes_effect_in_the_next_round(app, workshop, tokens, desk):
    start_round(desk)
    people = {p.display_name: p for p in workshop.participants}
    answer = call(desk, "host.replace", {"table": 1, "participant_id": people["P1"].id})
    assert answer["ok"], answer
    assert live.seat_of(workshop, people["P1"], 2).number == 1
    assert people["P1"].is_host and not people["Host 1"].is_host


def test_a_broadcast_reaches_every_screen(app, workshop, tokens, desk):
    client = phone(app, workshop, tokens["P1"])
    assert call(desk, "broadcast", {"text": "Coffee in 5 minutes"})["ok"]
    assert received(client, "message")[-1]["text"] == "Coffee in 5 minutes"
    assert call(desk, "broadcast", {"text": "x" * 600})["error"] == "invalid"
    assert received(phone(app, workshop, tokens["P2"]), "snapshot")[0]["message"]["text"] == \
        "Coffee in 5 minutes"


def test_a_walk_in_is_seated_in_the_running_round_and_planned_after(app, workshop, desk):
    start_round(desk)
    person, token = live.walk_in(workshop, "Late Larry", "Sales")
    assert live.seat_of(workshop, person, 1) is not None
    assert live.seat_of(workshop, person, 2) is not None
    snapshot = received(phone(app, workshop, token), "snapshot")[0]
    assert snapshot["me"]["table"] is not None


def test_a_claimed_name_cannot_be_claimed_again(app, workshop, tokens):
    person = next(p for p in workshop.participants if p.display_name == "P1")
    with pytest.raises(live.LiveError) as error:
        live.claim(workshop, person.id)
    assert error.value.code == "claimed"


def test_a_note_typed_offline_reaches_its_round_after_the_rotation(app, workshop, tokens, desk):
    start_round(desk)
    call(desk, "command", {"command": "skip"})
    call(desk, "command", {"command": "rotate"})
    late = phone(app, workshop, tokens["P1"])
    answer = call(late, "note.save", {"client_id": "offline-late-1", "text": "From the metro",
                                      "share": True, "round": 1})
    assert answer["ok"], answer
    assert answer["note"]["round"] == 1 and answer["note"]["state"] == "shared"
    assert call(late, "note.save", {"client_id": "offline-late-2", "text": "Future",
                                    "round": 2})["error"] == "not_now"


def test_a_command_sent_for_an_old_state_is_not_applied_twice(app, workshop, desk):
    run = start_round(desk)
    first = call(desk, "command", {"command": "extend", "seconds": 60,
                                   "version": run["version"]})
    assert first["ok"]
    retry = call(desk, "command", {"command": "extend", "seconds": 60,
                                   "version": run["version"]})
    assert retry["error"] == "state"
    assert first["run"]["deadline"] - run["deadline"] == 60_000
    assert workshop.run.version == first["run"]["version"]


def test_seats_say_who_hosts_and_notes_say_who_wrote_them(app, workshop, tokens, desk):
    start_round(desk)
    host = received(phone(app, workshop, tokens["Host 1"]), "snapshot")[0]["me"]
    assert host["next"]["hosting"] is True
    other = received(phone(app, workshop, tokens["P1"]), "snapshot")[0]["me"]
    assert other["next"]["hosting"] is False
    note = call(phone(app, workshop, tokens["P1"]), "note.save",
                {"client_id": "authored-1", "text": "Mine"})["note"]
    assert note["author"] == "P1"


def test_a_phone_flooding_notes_is_slowed_down_with_a_clear_answer(tmp_path, facilitator):
    from tests.integration.live_helpers import call as emit_call
    folder = tmp_path / "flood"
    folder.mkdir()
    flood_app = make_app(folder, TESTING_NO_TICKER=True, RATELIMIT_ENABLED=True)
    with flood_app.app_context():
        from facilitator.services.accounts import create_or_reset
        user, _ = create_or_reset("flood@cafe.test", "long enough")
        workshop = ready_workshop(user)
        live.command(workshop, "start_round")
        tokens = join_all(workshop)
        client = phone(flood_app, workshop, tokens["P1"])
        answers = [emit_call(client, "note.save", {"client_id": f"flood-{i:04d}", "text": "x"})
                   for i in range(65)]
        assert all(a["ok"] for a in answers[:60])
        assert answers[60]["error"] == "rate_limited" and "nothing was lost" in \
            answers[60]["message"]
        other = phone(flood_app, workshop, tokens["P2"])  # others are not affected
        assert emit_call(other, "note.save", {"client_id": "calm-0001", "text": "y"})["ok"]
        db.session.remove()


def test_join_codes_cannot_be_enumerated(tmp_path):
    folder = tmp_path / "enum"
    folder.mkdir()
    limited = make_app(folder, RATELIMIT_ENABLED=True)
    client = limited.test_client()
    import itertools
    codes = ("".join(c) for c in itertools.product("346789ABCD", repeat=6))
    statuses = [client.get(f"/j/{next(codes)}").status_code for _ in range(62)]
    assert set(statuses[:60]) == {404}
    assert statuses[-1] == 429
