"""Large files (an uploaded feedback export, up to 15 MB) stored as rows of 1 MB chunks and
read back chunk by chunk: the file is never whole in the server's memory, and between two
chunks the gevent hub serves the phones. The chunks live in a table of their own (owner
key, seq, data): SQLite rewrites a whole row on any update, so a file kept inside a row that
changes (an import's status) would be copied again at each change.

Each chunk is a transaction of its own, so no greenlet gives the hub back while it holds
SQLite's write lock (another greenlet waiting on that lock would block the hub in SQLite's
busy handler); under gevent, SQLite's reads and writes of chunks run in a thread of the
hub's pool with a connection of their own, where SQLite works with the GIL released."""
from __future__ import annotations

import hashlib
import sqlite3
import time
from typing import BinaryIO

from sqlalchemy import Table, insert, select

from facilitator.extensions import db

CHUNK = 1024 * 1024


def pause() -> None:
    """Give the hub to the other greenlets (time.sleep is gevent's under the server)."""
    time.sleep(0)


def _sqlite_file() -> str | None:
    """The SQLite database's path, or None (another database, or one in memory)."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return url.database
    return None


def store(table: Table, key: str, owner: int, stream: BinaryIO, size: int) -> str:
    """Write `size` bytes of `stream` as the owner's chunks (rows `key`=owner, seq 0, 1...);
    return their SHA-256 (hex). The session is left committed."""
    path = _sqlite_file()
    if path:
        return _offload(_store_sqlite, path, table.name, key, owner, stream, size)
    digest = hashlib.sha256()
    offset, seq = 0, 0
    while offset < size and (chunk := stream.read(min(CHUNK, size - offset))):
        digest.update(chunk)
        db.session.execute(insert(table).values({key: owner, "seq": seq, "data": chunk}))
        db.session.commit()
        offset, seq = offset + len(chunk), seq + 1
        pause()
    return digest.hexdigest()


def copy(table: Table, key: str, owner: int, handle: BinaryIO) -> None:
    """Write the owner's chunks, in order, into `handle`."""
    path = _sqlite_file()
    if path:
        db.session.commit()  # no read snapshot held here while the thread reads
        _offload(_copy_sqlite, path, table.name, key, owner, handle)
        return
    sequence = list(db.session.scalars(select(table.c.seq).where(table.c[key] == owner)
                                       .order_by(table.c.seq)))
    db.session.commit()
    for seq in sequence:
        chunk = db.session.scalar(select(table.c.data).where(table.c[key] == owner,
                                                             table.c.seq == seq))
        db.session.commit()
        handle.write(chunk)
        pause()


def _offload(function, *args):
    """Run `function` in gevent's thread pool when the server runs under gevent: SQLite
    works with the GIL released, so the hub keeps serving the phones meanwhile. Without
    gevent, here."""
    try:
        from gevent import get_hub
        from gevent.monkey import is_module_patched
    except ImportError:  # pragma: no cover - gevent is a dependency
        return function(*args, between=pause)
    if not is_module_patched("threading"):
        return function(*args, between=pause)
    return get_hub().threadpool.apply(function, args)


def _connect(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=5)
    connection.execute("PRAGMA synchronous=NORMAL")  # as the app's connections
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


def _store_sqlite(path: str, table: str, key: str, owner: int, stream: BinaryIO, size: int,
                  between=None) -> str:
    """One INSERT and commit a chunk, on a connection of its own (it may run in a thread)."""
    digest = hashlib.sha256()
    connection = _connect(path)
    try:
        offset, seq = 0, 0
        while offset < size and (chunk := stream.read(min(CHUNK, size - offset))):
            digest.update(chunk)
            connection.execute(f'INSERT INTO "{table}" ("{key}", seq, data) VALUES (?, ?, ?)',
                               (owner, seq, chunk))
            connection.commit()
            offset, seq = offset + len(chunk), seq + 1
            if between:
                between()
        # Copy the file's WAL frames into the database here, so that the next commit on
        # the hub (a phone's note) does not inherit that checkpoint.
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        connection.close()
    return digest.hexdigest()


def _copy_sqlite(path: str, table: str, key: str, owner: int, handle: BinaryIO,
                 between=None) -> None:
    connection = _connect(path)
    try:
        sequence = [seq for (seq,) in connection.execute(
            f'SELECT seq FROM "{table}" WHERE "{key}" = ? ORDER BY seq', (owner,))]
        for seq in sequence:
            (chunk,) = connection.execute(
                f'SELECT data FROM "{table}" WHERE "{key}" = ? AND seq = ?',
                (owner, seq)).fetchone()
            handle.write(chunk)
            if between:
                between()
    finally:
        connection.close()
