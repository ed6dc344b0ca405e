"""Large binary columns (an uploaded feedback export, up to 15 MB) written and read in
chunks: the file is never whole in the server's memory, and between two chunks the gevent
hub serves the phones. Each chunk is a transaction of its own, so no greenlet gives the hub
back while it holds SQLite's write lock (another greenlet waiting on that lock would block
the hub in SQLite's busy handler); under gevent, SQLite's writes run in a thread of the
hub's pool with a connection of their own."""
from __future__ import annotations

import hashlib
import sqlite3
import time
from typing import BinaryIO

from sqlalchemy import Table, func, select, update

from facilitator.extensions import db

CHUNK = 1024 * 1024


def pause() -> None:
    """Give the hub to the other greenlets (time.sleep is gevent's under the server)."""
    time.sleep(0)


def _sqlite() -> bool:
    return db.engine.url.get_backend_name() == "sqlite"


def store(table: Table, column: str, row_id: int, stream: BinaryIO, size: int) -> str:
    """Write `size` bytes of `stream` into the row's column; return their SHA-256 (hex).
    The caller has committed the row; the session is left committed."""
    where = table.c.id == row_id
    if _sqlite():
        path = db.engine.url.database
        if path and path != ":memory:":
            return _offload(_store_sqlite, path, table.name, column, row_id, stream, size)
    digest = hashlib.sha256()
    first = True
    while chunk := stream.read(CHUNK):  # other databases: appended chunk by chunk
        digest.update(chunk)
        value = chunk if first else table.c[column].op("||")(chunk)
        db.session.execute(update(table).where(where).values({column: value}))
        db.session.commit()
        first = False
        pause()
    return digest.hexdigest()


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


def _store_sqlite(path: str, table: str, column: str, row_id: int, stream: BinaryIO,
                  size: int, between=None) -> str:
    """A zero-filled blob of the full size, then filled in place 1 MB at a time, each step
    a transaction of its own on a connection of its own (it may run in another thread)."""
    digest = hashlib.sha256()
    connection = sqlite3.connect(path, timeout=5)
    connection.execute("PRAGMA synchronous=NORMAL")  # as the app's connections
    try:
        connection.execute(f'UPDATE "{table}" SET "{column}" = zeroblob(?) WHERE id = ?',
                           (size, row_id))
        connection.commit()
        offset = 0
        while offset < size and (chunk := stream.read(min(CHUNK, size - offset))):
            digest.update(chunk)
            with connection.blobopen(table, column, row_id) as blob:
                blob.seek(offset)
                blob.write(chunk)
            connection.commit()
            offset += len(chunk)
            if between:
                between()
        # Copy the ~2x size of WAL frames into the database here, so that the next commit
        # on the hub (a phone's note) does not inherit that checkpoint.
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        connection.close()
    return digest.hexdigest()


def copy(table: Table, column: str, row_id: int, size: int, handle: BinaryIO) -> None:
    """Write the row's column into `handle`, chunk by chunk."""
    offset = 0
    while offset < size:
        length = min(CHUNK, size - offset)
        if _sqlite():
            raw = db.session.connection().connection.driver_connection
            with raw.blobopen(table.name, column, row_id, readonly=True) as blob:
                blob.seek(offset)
                chunk = blob.read(length)
        else:
            chunk = db.session.scalar(select(func.substr(table.c[column], offset + 1, length))
                                      .where(table.c.id == row_id))
        db.session.commit()
        if not chunk:
            break
        handle.write(chunk)
        offset += len(chunk)
        pause()
