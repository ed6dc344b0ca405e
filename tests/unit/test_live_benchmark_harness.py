"""The live benchmark's harness (benchmarks/live.py, benchmarks/_live_pool.py): how phones
are shared among client processes, the coordinator's calls into them, and the vote storm's
verdicts (a vote never answered, a tally that differs from the acknowledged dots)."""
from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path

import pytest

from tests.benchmarks import load_benchmark



@pytest.fixture(scope="module")
def pool_module():
    return load_benchmark("_live_pool.py", "facilitator_live_pool")


@pytest.fixture(scope="module")
def live():
    pytest.importorskip("socketio", reason="python-socketio[client] is a test dependency")
    return load_benchmark("live.py", "facilitator_live_benchmark")


def test_a_thousand_phones_get_one_client_process_per_core(pool_module):
    assert pool_module.client_processes(1000, 20, cores=2) == 2
    assert pool_module.client_processes(1000, 20, cores=8) == 4      # one per 250 phones
    assert pool_module.client_processes(100, 2, cores=8) == 1
    assert pool_module.client_processes(1000, 3, cores=8) == 3       # one per workshop at most
    assert pool_module.client_processes(1000, 20, requested=6, cores=2) == 6
    assert pool_module.client_processes(100, 2, requested=6, cores=2) == 2


def test_workshops_are_dealt_round_robin_each_to_one_process(pool_module):
    shares = pool_module.share(5, 2)
    assert shares == [[0, 2, 4], [1, 3]]
    assert sorted(w for mine in shares for w in mine) == list(range(5))


class _Worker:
    def __init__(self, tag):
        self.tag = tag

    async def op_whoami(self, extra=0):
        await asyncio.sleep(0.05)
        return {"tag": self.tag, "pid": os.getpid(), "extra": extra}

    async def op_fail(self):
        raise ValueError("on purpose")

    async def op_die(self):
        os._exit(3)


def test_the_pool_runs_an_op_in_every_process_and_reports_failures(pool_module):
    import functools

    pool = pool_module.ClientPool([functools.partial(_Worker, k) for k in range(2)])

    async def scenario():
        pool.attach()
        answers = await pool.call("whoami", each=[{"extra": 1}, {"extra": 2}])
        with pytest.raises(pool_module.WorkerFailed, match="on purpose"):
            await pool.call("fail")
        return answers

    try:
        answers = asyncio.run(scenario())
    finally:
        pool.stop()
    assert [a["tag"] for a in answers] == [0, 1]
    assert [a["extra"] for a in answers] == [1, 2]
    pids = {a["pid"] for a in answers}
    assert len(pids) == 2 and os.getpid() not in pids        # two other processes
    cpu, wall = pool.busy["whoami"][0]
    assert wall >= 0.05 and cpu >= 0
    assert not any(p.is_alive() for p in pool.processes)


def test_a_client_process_that_dies_fails_the_call_instead_of_hanging(pool_module):
    pool = pool_module.ClientPool([lambda: _Worker(0)])

    async def scenario():
        pool.attach()
        await asyncio.wait_for(pool.call("die"), 10)

    try:
        with pytest.raises(pool_module.WorkerFailed, match="exited"):
            asyncio.run(scenario())
    finally:
        pool.stop()


def _votes_db(path: Path, rows) -> str:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE vote (participant_id, solution_id, dots)")
        conn.executemany("INSERT INTO vote VALUES (?, ?, ?)", rows)
    return str(path)


class _Pool:
    busy = {"vote_storm": [[1.0, 10.0], [2.0, 10.0]]}


class _Args:
    database = ""


def _answers(server_tally: int, error=None):
    votes = [{"ok": True, "error": None, "seconds": 0.1, "workshop": 0},
             {"ok": error is None, "error": error, "seconds": 30.0, "workshop": 0}]
    return [{"votes": votes, "commands": [{"action": "reveal", "ok": True, "error": None,
                                           "seconds": 0.05}],
             "ended": 12.0, "mine": [[1, 7, 2]], "server": {"7": server_tally},
             "received": {"bytes": 600, "events": 3}, "disconnects": 0}]


def test_the_storm_flags_tallies_that_differ_from_the_acknowledged_dots(live, tmp_path):
    args = _Args()
    args.database = _votes_db(tmp_path / "a.sqlite3", [(1, 7, 2)])
    storm = live.storm_figures(_answers(server_tally=2), 2.0, 1.0, _Pool(), args)
    verdicts = live.storm_verdicts(storm)
    assert verdicts["tallies_equal"] and verdicts["unanswered"] == 0
    assert storm["seconds"] == 10.0 and storm["bytes_per_vote"] == 300
    assert storm["client_cpu"] == [0.1, 0.2]

    args.database = _votes_db(tmp_path / "b.sqlite3", [(1, 7, 3)])   # applied, never acked
    storm = live.storm_figures(_answers(server_tally=2), 2.0, 1.0, _Pool(), args)
    assert not live.storm_verdicts(storm)["tallies_equal"]

    args.database = _votes_db(tmp_path / "c.sqlite3", [(1, 7, 2)])
    storm = live.storm_figures(_answers(server_tally=3), 2.0, 1.0, _Pool(), args)
    assert storm["tallies"]["server_mismatches"] == 1
    assert not live.storm_verdicts(storm)["tallies_equal"]


def test_a_vote_never_answered_is_counted_apart_from_a_refusal(live, tmp_path):
    args = _Args()
    args.database = _votes_db(tmp_path / "v.sqlite3", [(1, 7, 2)])
    timed_out = live.storm_verdicts(live.storm_figures(
        _answers(2, error="TimeoutError"), 2.0, 1.0, _Pool(), args))
    refused = live.storm_verdicts(live.storm_figures(
        _answers(2, error="not_now"), 2.0, 1.0, _Pool(), args))
    assert (timed_out["unanswered"], timed_out["acked"]) == (1, 1)
    assert (refused["unanswered"], refused["acked"]) == (0, 1)


def test_a_client_waits_for_a_silent_server_as_long_as_a_browser(live):
    """python-engineio's write loop gives up after max(interval, timeout) + 5 s with nothing
    to send; a browser waits interval + timeout for the server's ping."""
    import socketio

    client = socketio.AsyncClient(reconnection=False)
    client.eio.ping_interval, client.eio.ping_timeout = 25, 20   # the server's defaults
    live.browser_patience(client)
    write_loop_gives_up = max(client.eio.ping_interval, client.eio.ping_timeout) + 5
    assert write_loop_gives_up == 25 + 20


class _FakePool:
    """Answers like two client processes; the rounds' commands take `slow` seconds."""
    bare = False

    def __init__(self, slow=0.0):
        self.slow, self.calls, self.busy = slow, [], {}

    def __len__(self):
        return 2

    def attach(self):
        pass

    async def call(self, op, each=None, **kwargs):
        self.calls.append(op)
        if op == "command":
            await asyncio.sleep(self.slow)
            return [{"per_phone": [0.01], "per_workshop": [0.02], "run": [0.01],
                     "ack": [0.01], "missing": 0, "unanswered": 0}] * 2
        if op == "connect":
            return [{"times": [0.1, 0.2], "failed": 0, "wall": 1.0, "consoles": 1}] * 2
        if op == "finish":
            return [{"notes": [], "retries": [], "errors": [], "disconnects": 0,
                     "heartbeats": [3, 0], "repeated_runs": 0, "repeated_notes": 0,
                     "cpu": 0.1, "wall": 1.0, "pid": 1, "phones": 2, "threads": 1}] * 2
        raise AssertionError(f"unexpected {op}")


def _drive_args(live, **changes):
    import argparse

    args = argparse.Namespace(stagger=0.0, workshops=2, gap=0.0, duration=1.0, note_rate=1.0,
                              max_seconds=1.0, concurrency=2, rounds=3, cycles=1,
                              vote_window=30.0, vote_per_workshop=5.0, database="")
    vars(args).update(changes)
    return args


@pytest.fixture
def quick(live, monkeypatch):
    monkeypatch.setattr(live, "CONNECT_NEED", 1)
    monkeypatch.setattr(live, "SETTLE_SECONDS", 0)
    monkeypatch.setattr(live, "WAIT_SECONDS", 1)
    return live


def test_a_run_over_its_budget_stops_and_says_what_completed(quick, capsys):
    live, pool = quick, _FakePool(slow=2.0)
    server = live.Server(process=None, url="", log=Path("/dev/null"), worker=os.getpid())
    deadline = live.now() + 3.0          # connect, then one 2 s command; the next needs 1 s
    result = asyncio.run(live.drive(pool, [server], _drive_args(live), deadline))
    assert result["completed"] == ["connect", "start_round"]
    assert result["stopped"].startswith("skip ")
    assert pool.calls[-1] == "finish"     # the clients are always told to finish
    summary = live.summarise({**result, "config": "app", "command": "", "bare": False,
                              "log_locked": 0, "log_errors": 0})
    live.report_clients([summary])
    printed = capsys.readouterr().out
    assert "STOPPED EARLY (app): skip not started" in printed
    assert "completed: connect, start_round" in printed


def test_the_storm_keeps_its_time_when_the_budget_is_short(quick):
    live, pool = quick, _FakePool()
    server = live.Server(process=None, url="", log=Path("/dev/null"), worker=os.getpid())
    deadline = live.now() + 60           # less than the storm's 70 s and the steady notes
    result = asyncio.run(live.drive(pool, [server], _drive_args(live), deadline))
    assert "notes at a steady rate skipped" in result["cut"]
    assert "notes_at_rate" not in pool.calls and "command" in pool.calls
