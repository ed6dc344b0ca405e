"""Fault test: phones keep writing notes while the server is SIGKILLed and restarted, and
while the SQLite file is locked by another connection for longer than the busy timeout.

A smaller run of benchmarks/faults.py (2 workshops x 8 phones, one SIGKILL, one 7 s lock):
real server processes (gunicorn, production config) on a free port of 127.0.0.1, a
temporary instance folder, python-socketio clients that behave like the phone page.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.benchmarks import load_benchmark

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow  # a server killed and restarted under writing phones


def _benchmark():
    return load_benchmark("faults.py", "facilitator_faults_benchmark")


@pytest.fixture(scope="module")
def faults():
    missing = [name for name in ("gunicorn", "facilitator") if not (BIN / name).exists()]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed in {BIN} (pip install -e .)")
    pytest.importorskip("socketio", reason="python-socketio[client] is a test dependency")
    pytest.importorskip("websocket", reason="websocket-client is a test dependency")
    module = _benchmark()
    args = module.parse_args(["--workshops", "2", "--phones", "8", "--rate", "0.5",
                              "--before", "3", "--down", "1.5", "--after", "2",
                              "--locks", "7", "--recover", "3", "--tabs", "2",
                              "--backoff-max", "2", "--reconnect", "30", "--drain", "30"])
    result = module.run(args)
    module.report(result, args)          # shown with -s, or under the failure
    return result


def test_every_acknowledged_note_survives_the_kill_exactly_once(faults):
    db = faults["db"]
    assert db["lost"] == [], "acknowledged notes missing from the database"
    assert db["duplicated"] == 0, "two rows for one (participant, client_id)"
    assert db["duplicated_text"] == 0, "two rows with the same text from one phone"
    assert db["acks_with_two_ids"] == 0, "a retried note was answered with another id"
    assert faults["drained"] and faults["still_queued"] == 0, "phones kept unsent notes"
    assert faults["refused"] == []
    assert db["stored"] == faults["produced"] == db["acknowledged"]


def test_notes_in_flight_at_the_kill_are_resent_and_stored_once(faults):
    assert faults["in_flight_at_kill"] >= 1, "the kill caught no note on the wire"
    assert faults["in_flight_stored_once"] == faults["in_flight_at_kill"]
    assert faults["in_flight_acked_later"] == faults["in_flight_at_kill"]
    assert faults["resent"] >= faults["in_flight_at_kill"]


def test_phones_reconnect_by_themselves_and_resume_from_a_snapshot(faults):
    phones = faults["phones"]
    assert faults["reconnected"] == phones, "some phones got no new snapshot"
    assert faults["resumed"] == phones, faults["not_resumed"]
    assert faults["reconnect"][2] < 30


def test_the_phase_deadline_survives_the_restart(faults):
    for workshop_id, run in faults["deadlines"].items():
        assert run["before"]["phase"] == "sharing", workshop_id
        assert run["before"]["deadline"] is not None
        assert run["after"] == run["before"], f"workshop {workshop_id}'s run changed"
    assert faults["snapshots_run_same"] == faults["snapshots_after_kill"] == faults["phones"]


def test_a_locked_database_answers_unavailable_and_the_phones_resend(faults):
    (window,) = faults["locks"]
    assert window["sent"] > 0
    assert window["silent"] == 0, "a note.save got no answer while the database was locked"
    assert set(window["outcomes"]) <= {"ok", "unavailable", "rate_limited"}, window
    assert window["outcomes"].get("unavailable", 0) >= 1, window
    assert window["slowest_answer"] < 10, "an answer came after the phone's 10 s timeout"
    assert window["refused_then_stored"] == window["refused_notes"]
    assert any("busy" in message for message in faults["unavailable_messages"])
    assert faults["timeouts"] == 0


def test_nothing_is_half_written_and_the_server_logs_no_crash(faults):
    db = faults["db"]
    assert db["integrity"] == ["ok"]
    assert db["foreign_key_problems"] == 0
    assert db["half_written"] == []
    log = faults["log"]
    assert log["errors"] == []
    # Only the known exceptions: "database is locked" (answered `unavailable` by design,
    # or the connect bug below) and the duplicate insert of the two-tabs bug below.
    assert [k for k in log["kinds"]
            if "database is locked" not in k and DUPLICATE_INSERT not in k] == []
    assert len(log["crashes"]) <= 2 + 1, log["crashes"]  # 2 two-tabs sends + 1 connect


# Two sends of the same client_id at once (two tabs flushing the shared localStorage queue,
# or a resend after a timeout) both find no note; the second INSERT meets the unique
# constraint and must become an update answered like the first, never silence.
DUPLICATE_INSERT = "UNIQUE constraint failed: note.participant_id, note.client_id"


def test_two_tabs_sending_the_same_note_both_get_an_answer(faults):
    tabs = faults["two_tabs"]
    assert tabs["stored_once"] == tabs["notes"] == 2
    assert tabs["silent"] == 0, tabs["outcomes"]
    assert not [k for k in faults["log"]["kinds"] if DUPLICATE_INSERT in k]


# A phone connecting while the database is locked past the busy timeout still gets its
# snapshot (presence is best effort) or a clear refusal, never a hanging handshake.
def test_a_phone_connecting_while_the_database_is_locked_gets_an_answer(faults):
    (window,) = faults["locks"]
    assert window["connect"]["outcome"] in ("snapshot", "refused"), window["connect"]
    assert faults["log"]["connect_frames"] == 0, "on_connect raised"
