"""SQLite's writers wait for each other without freezing the process (facilitator.sqlite_writes).

Under gevent, SQLite's busy handler sleeps in C and stops every greenlet: a writer that had
yielded while holding the write lock could not finish, and the next writer froze the whole
server for busy_timeout (5 s) before failing. The gevent case runs in a child process, since
gevent must patch the standard library before anything else is imported.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time

from sqlalchemy import text

from facilitator import sqlite_writes
from facilitator.extensions import db

from tests.conftest import make_app

GEVENT_WRITERS = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import json, sys, time
    import gevent
    from sqlalchemy import text
    from facilitator import create_app
    from facilitator.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "TESTING_NO_TICKER": True,
                      "DATABASE_URL": "sqlite:///" + sys.argv[1]})
    with app.app_context():
        engine = db.engine
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
    gaps, results = [], {}

    def ticker():  # how long the hub went without running anyone else
        last = time.monotonic()
        for _ in range(60):
            gevent.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    def writer(name, delay, hold):
        gevent.sleep(delay)
        started = time.monotonic()
        try:
            with engine.connect() as conn:
                conn.execute(text("INSERT INTO t VALUES (1)"))
                gevent.sleep(hold)  # yields while holding the write lock (like an emit)
                conn.commit()
            results[name] = ["ok", time.monotonic() - started]
        except Exception as error:
            results[name] = [str(error)[:80], time.monotonic() - started]

    gevent.joinall([gevent.spawn(ticker), gevent.spawn(writer, "a", 0, 0.2),
                    gevent.spawn(writer, "b", 0.05, 0)])
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM t")).scalar()
    print(json.dumps({"max_gap": max(gaps), "results": results, "rows": rows}))
""")


def test_a_waiting_writer_under_gevent_lets_the_holder_finish(tmp_path):
    done = subprocess.run([sys.executable, "-c", GEVENT_WRITERS, str(tmp_path / "g.sqlite3")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["results"]["a"][0] == "ok"
    assert found["results"]["b"][0] == "ok"
    assert found["rows"] == 2
    # Before: the hub froze 5 s in SQLite's busy handler and "b" failed, database is locked.
    assert found["max_gap"] < 1.0
    assert found["results"]["b"][1] < 1.0


def _table_t(tmp_path, **config):
    """An app's SQLite engine holding an empty table t (x)."""
    app = make_app(tmp_path, TESTING_NO_TICKER=True, **config)
    with app.app_context():
        engine = db.engine
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    return engine


def test_threads_write_one_after_the_other(tmp_path):
    engine = _table_t(tmp_path)
    order = []

    def writer(name, hold):
        with engine.connect() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
            order.append(f"{name} writes")
            time.sleep(hold)
            order.append(f"{name} commits")
            conn.commit()

    first = threading.Thread(target=writer, args=("a", 0.3))
    first.start()
    time.sleep(0.05)
    writer("b", 0)
    first.join()
    assert order == ["a writes", "a commits", "b writes", "b commits"]


def test_the_lock_is_given_back_at_commit_rollback_and_close(tmp_path):
    engine = _table_t(tmp_path)
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM t"))
        assert not sqlite_writes.held(conn)  # reading takes nothing
        conn.execute(text("INSERT INTO t VALUES (1)"))
        assert sqlite_writes.held(conn)
        conn.commit()
        assert not sqlite_writes.held(conn)
        conn.execute(text("UPDATE t SET x = 2"))
        conn.rollback()
        assert not sqlite_writes.held(conn)
        conn.execute(text("DELETE FROM t"))
    # Closed without commit: the pool's reset gives the lock back.
    with engine.connect() as conn:
        conn.execute(text("INSERT INTO t VALUES (3)"))
        conn.commit()
        assert conn.execute(text("SELECT x FROM t")).scalars().all() == [1, 3]


def test_a_writer_that_never_gets_the_lock_is_told_the_database_is_locked(tmp_path):
    from sqlalchemy.exc import OperationalError
    engine = _table_t(tmp_path, SQLITE_BUSY_SECONDS=0.2)
    holder = engine.connect()
    holder.execute(text("INSERT INTO t VALUES (1)"))
    try:
        started = time.monotonic()
        with engine.connect() as conn:
            try:
                conn.execute(text("INSERT INTO t VALUES (2)"))
            except OperationalError as error:
                assert "database is locked" in str(error)
            else:
                raise AssertionError("the second writer should have waited, then failed")
        assert time.monotonic() - started < 2
    finally:
        holder.rollback()
        holder.close()
