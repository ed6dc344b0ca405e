"""One writer at a time per SQLite file in this process, waited for cooperatively.

SQLite lets one connection write at a time; the others wait in its busy handler, which
sleeps in C. Under gevent that sleep stops the whole hub: if the greenlet holding the write
lock has yielded (an emit, a socket write), it cannot run to commit, so the waiter sleeps
its whole busy_timeout (5 s) with every socket of the process frozen, then fails. Here a
connection takes a per-file lock (gevent's own lock once monkey-patched, a thread lock
otherwise) before its first write statement and gives it back at commit or rollback: a
waiting greenlet yields instead, the writer finishes, and SQLite's busy handler is left to
other processes (the command line, gevent's thread pool in services/blobs.py).
"""
from __future__ import annotations

import re
import threading

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

# What makes Python's sqlite3 open a write transaction (it sends BEGIN before these).
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_HELD = "facilitator_write_lock"

_locks: dict[str, object] = {}
_locks_guard = threading.Lock()


def _lock_for(path: str):
    # threading.Lock is looked up at the first use, after gevent has patched the module.
    with _locks_guard:
        lock = _locks.get(path)
        if lock is None:
            lock = _locks[path] = threading.Lock()
        return lock


def install(engine, timeout: float) -> None:
    """Serialise the writes of `engine` (a SQLite file) within this process. A writer that
    waits longer than `timeout` seconds gets the same error as SQLite's "database is locked"."""
    path = engine.url.database
    if not path or path == ":memory:":
        return
    lock = _lock_for(path)

    @event.listens_for(engine, "before_cursor_execute")
    def _take(conn, _cursor, statement, parameters, _context, _executemany):
        info = conn.info
        if info.get(_HELD) or not _WRITE.match(statement):
            return
        if not lock.acquire(timeout=timeout):
            raise OperationalError(statement, parameters, Exception(
                f"database is locked: another writer of this process held it {timeout:g} s"))
        info[_HELD] = lock

    def _give_back(info) -> None:
        held = info.pop(_HELD, None)
        if held is not None:
            held.release()

    @event.listens_for(engine, "commit")
    def _after_commit(conn):
        _give_back(conn.info)

    @event.listens_for(engine, "rollback")
    def _after_rollback(conn):
        _give_back(conn.info)

    # Whatever path a connection takes back to the pool (closed, invalidated, reset), a lock
    # it holds is released with it.
    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection, record):
        _give_back(record.info)

    @event.listens_for(engine, "reset")
    def _reset(_dbapi_connection, record, _reset_state):
        _give_back(record.info)

    @event.listens_for(engine, "invalidate")
    def _invalidate(_dbapi_connection, record, _exception):
        _give_back(record.info)

    @event.listens_for(engine, "close")
    def _close(_dbapi_connection, record):
        _give_back(record.info)


def held(connection) -> bool:
    """Whether this SQLAlchemy connection holds its file's write lock (for tests)."""
    return bool(connection.info.get(_HELD))
