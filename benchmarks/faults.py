"""Fault benchmark: phones keep writing while the server is SIGKILLed and the database locked.

Run: .venv/bin/python benchmarks/faults.py [--workshops 3] [--phones 30] [--rate 0.3]
                                           [--locks 3,7] [--quick] [--keep] [--json FILE]

What it does (everything on 127.0.0.1, every process it starts stopped by PID):
1. a temporary instance folder, `facilitator db upgrade`, then a setup subprocess seeds
   W ready workshops of P people (tables of 6 with a host each) through the app's services,
   opens them, claims every name (tokens), starts round 1 and skips to the sharing phase
   (long phases: no phase ends by itself during the run);
2. starts the production server (`gunicorn wsgi:app`, gthread, one worker,
   FACILITATOR_ENV_NAME=production, a random secret key, FACILITATOR_ALLOW_HTTP_COOKIES=1)
   on a free port, and connects W x P `socketio.Client`s (websocket, reconnection on, the
   phone page's backoff: 1 s doubling up to 15 s, `--backoff-max`; python-socketio's
   jitter is +-0.5 s where the browser's is +-50 %);
3. each client behaves like the phone page (static/js/phone.js): it writes a note every
   1/rate seconds (a new UUID client_id, `note.save` with `share: true`) into a local
   queue, sends the queue one note at a time with an acknowledgement; a note is
   "acknowledged" only when its ack says ok; on `unavailable`/`rate_limited` it retries
   later with a backoff, after 10 s without an answer it resends (same client_id), and
   after a reconnection (a new `snapshot`) it sends what is still queued;
4. mid-round it SIGKILLs the gunicorn master and worker, waits `--down` seconds, starts
   the server again on the same port; clients reconnect by themselves;
5. "database locked": for each of `--locks` seconds, another connection (in this process)
   holds `BEGIN EXCLUSIVE` on the SQLite file while the phones keep writing. The app's
   busy_timeout is 5 s: a shorter lock only delays the acks, a longer one must answer
   `{"ok": false, "error": "unavailable", "message": ...}` (never silence), and the phones
   must keep those notes and send them again;
6. stops writing, waits until every queue is empty, and checks the database.

Figures printed:
- produced: notes the phones wrote; acknowledged: those with an ok ack; stored: rows in
  the database for them; duplicated: extra rows for one (participant, client_id) plus extra
  rows with the same text from the same phone; lost: acknowledged but not in the database;
  half-written: rows whose text, author or sharing differs from what the phone sent, plus
  `PRAGMA integrity_check` / `foreign_key_check` problems; still queued: never acknowledged
  by the end (not lost: the phone still has them);
- in flight at the kill: notes sent but not yet acknowledged when the server died (each must
  be stored once after the phones resend them);
- reconnect time: from the SIGKILL to each phone's first new `snapshot` (p50/p95/max);
  server back: from the SIGKILL to /healthz answering again;
- deadline before/after: each run's stage, phase, deadline and version read from the
  database before the kill and after the restart, and the run in the new snapshots;
  resumed: phones whose new snapshot lists every note they had acknowledged before the kill;
- lock windows: the answers to notes sent while the lock was held (ok late, unavailable,
  no answer), the slowest answer, and the notes refused then stored later.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter, OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from _cafe import HOST, children, free_port, seed_open_workshops

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NAMESPACE = "/live"
EMAIL, PASSWORD = "faults@example.org", "faults-password-1"
PEOPLE_PER_TABLE = 6
ACK_TIMEOUT = 10.0                 # as phone.js: no answer in 10 s -> send again
RETRYABLE = ("unavailable", "rate_limited", "timeout", "offline")
TICK = 0.02


# Setup (a subprocess that imports the app) ---------------------------------------------------

def setup(out: Path, workshops: int, phones: int) -> None:
    """Seed ready workshops through the services, open them, claim every name, start round 1
    and skip to the sharing phase. Writes the plan (codes, people, tokens) as JSON."""
    from facilitator import create_app
    from facilitator.services import live
    from facilitator.services.accounts import create_or_reset

    app = create_app()
    with app.app_context():
        user, _ = create_or_reset(EMAIL, PASSWORD, "Faults")
        seeded = seed_open_workshops(user, "Fault café", workshops,
                                     tables=max(2, phones // PEOPLE_PER_TABLE), phones=phones,
                                     rounds=2)
        for workshop, _entry in seeded:
            live.command(workshop, "start_round")
            live.command(workshop, "skip")            # reflection -> sharing
    out.write_text(json.dumps({"workshops": [entry for _workshop, entry in seeded]}))


# The server process -----------------------------------------------------------------------

def server_env(instance: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACILITATOR_")}
    env.update({"FACILITATOR_INSTANCE_PATH": str(instance),
                "FACILITATOR_DATABASE_URL": "sqlite:///" + str(instance / "facilitator.sqlite3"),
                "FACILITATOR_ENV_NAME": "production",
                "FACILITATOR_SECRET_KEY": secrets.token_hex(32),
                "FACILITATOR_ALLOW_HTTP_COOKIES": "1",
                "FACILITATOR_SOCKETIO_ASYNC_MODE": "threading"})
    return env


class Server:
    """gunicorn (gthread, one worker) on a fixed port; SIGKILL and start again."""

    def __init__(self, env: dict, folder: Path, port: int, threads: int):
        self.env, self.folder, self.port, self.threads = env, folder, port, threads
        self.url = f"http://{HOST}:{port}"
        self.process: subprocess.Popen | None = None
        self.worker = 0
        self.starts = 0
        self.logs: list[Path] = []

    def start(self, timeout: float = 60.0) -> float:
        """Start and wait for /healthz; returns the seconds it took."""
        started = time.monotonic()
        self.starts += 1
        log = self.folder / f"server-{self.starts}.log"
        self.logs.append(log)
        with log.open("w") as handle:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--worker-class", "gthread", "--workers", "1",
                 "--threads", str(self.threads), "--bind", f"{HOST}:{self.port}",
                 "--graceful-timeout", "5", "wsgi:app"],
                cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT)
        self.worker = 0
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {log.read_text()[-2000:]}")
            if healthy(self.url):
                workers = children(self.process.pid)
                self.worker = workers[0] if workers else 0
                return time.monotonic() - started
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s")

    def pids(self) -> list[int]:
        if self.process is None or self.process.poll() is not None:
            return []
        return [p for p in (self.worker, self.process.pid) if p]

    def kill(self) -> None:
        """SIGKILL the worker and the master (both started by us), no goodbye to anyone."""
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process is not None:
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        pids = self.pids()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.process.wait(timeout=5)

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.logs if p.exists())


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


# Phones -------------------------------------------------------------------------------------

@dataclass
class NoteRecord:
    client_id: str
    text: str
    written: float
    attempts: list = field(default_factory=list)   # [sent, answered or None, error or "ok"]
    acked_at: float | None = None
    note_ids: set = field(default_factory=set)
    refused: str | None = None                      # a final, non-retryable refusal


@dataclass
class Attempt:
    phone: "Phone"
    client_id: str
    sent: float
    answered: float | None = None
    outcome: str | None = None    # "ok", an error code, "timeout", "cut" (disconnected)
    message: str | None = None    # the refusal's message


class Phone:
    def __init__(self, fleet: "Fleet", workshop: int, code: str, person: dict):
        self.fleet, self.workshop, self.code = fleet, workshop, code
        self.person_id, self.name, self.token = person["id"], person["name"], person["token"]
        self.lock = threading.Lock()
        self.client = None
        self.notes: dict[str, NoteRecord] = {}
        self.queue: OrderedDict[str, NoteRecord] = OrderedDict()
        self.inflight: Attempt | None = None
        self.ready = False
        self.retry_at = 0.0
        self.retry_delay = 0.5
        self.next_note = 0.0
        self.seq = 0
        self.snapshots: list[tuple[float, dict, set]] = []
        self.disconnects: list[float] = []
        self.connect_errors: list[str] = []

    # socket ---------------------------------------------------------------------------
    def connect(self, url: str) -> None:
        import socketio

        client = socketio.Client(reconnection=True, reconnection_delay=1,
                                 reconnection_delay_max=self.fleet.backoff_max,
                                 randomization_factor=0.5, handle_sigint=False)
        self.client = client
        client.on("snapshot", self.on_snapshot, namespace=NAMESPACE)
        client.on("disconnect", self.on_disconnect, namespace=NAMESPACE)
        client.on("connect_error", self.on_connect_error, namespace=NAMESPACE)
        client.connect(url, namespaces=[NAMESPACE], transports=["websocket"], wait_timeout=30,
                       auth={"workshop": self.code, "view": "participant", "protocol": 1,
                             "token": self.token})

    def on_snapshot(self, data) -> None:
        now = time.monotonic()
        mine = {n.get("client_id") for n in (data.get("notes") or [])}
        with self.lock:
            self.snapshots.append((now, data.get("run") or {}, mine))
            self.ready = True
            self.retry_at = now
            self.retry_delay = 0.5

    def on_disconnect(self, *_args) -> None:
        now = time.monotonic()
        with self.lock:
            self.disconnects.append(now)
            self.ready = False
            if self.inflight is not None and self.inflight.outcome is None:
                self.inflight.outcome = "cut"
            self.inflight = None

    def on_connect_error(self, data=None) -> None:
        with self.lock:
            self.connect_errors.append(str(data)[:200])

    # the queue ------------------------------------------------------------------------
    def write(self, now: float) -> None:
        self.seq += 1
        client_id = str(uuid.uuid4())
        record = NoteRecord(client_id, f"{self.name} of {self.code}, note {self.seq} "
                                       f"({client_id[:8]})", now)
        self.notes[client_id] = record
        self.queue[client_id] = record

    def step(self, now: float, writing: bool, rate: float):
        """One scheduler tick: write due notes, time out a silent send, pick the next send.
        Returns (attempt, payload) to emit outside the lock, or None."""
        with self.lock:
            while writing and now >= self.next_note:
                self.write(now)
                self.next_note += 1.0 / rate
            attempt = self.inflight
            if attempt is not None and now - attempt.sent > ACK_TIMEOUT:
                attempt.outcome = "timeout"
                self.inflight = None
                self.retry_at = now
            if self.inflight is not None or not self.ready or not self.queue or \
                    now < self.retry_at:
                return None
            record = next(iter(self.queue.values()))
            attempt = Attempt(self, record.client_id, now)
            record.attempts.append(attempt)
            self.inflight = attempt
            return attempt, {"client_id": record.client_id, "text": record.text, "share": True}

    def send(self, attempt: Attempt, payload: dict) -> None:
        try:
            self.client.emit("note.save", payload, namespace=NAMESPACE,
                             callback=lambda answer=None: self.on_ack(attempt, answer))
        except Exception as error:  # disconnected between the check and the emit
            with self.lock:
                attempt.outcome = f"emit failed: {type(error).__name__}"
                if self.inflight is attempt:
                    self.inflight = None
                self.retry_at = time.monotonic() + 0.2

    def on_ack(self, attempt: Attempt, answer) -> None:
        now = time.monotonic()
        with self.lock:
            record = self.notes[attempt.client_id]
            attempt.answered = now
            if attempt.outcome is None:
                attempt.outcome = "ok" if isinstance(answer, dict) and answer.get("ok") else \
                    (answer.get("error") if isinstance(answer, dict) else f"bad answer {answer!r}")
            if isinstance(answer, dict) and not answer.get("ok"):
                attempt.message = answer.get("message")
            if isinstance(answer, dict) and answer.get("ok"):
                record.acked_at = record.acked_at or now
                if answer.get("note"):
                    record.note_ids.add(answer["note"].get("id"))
                self.queue.pop(record.client_id, None)
                self.retry_delay = 0.5
                self.retry_at = now
            elif isinstance(answer, dict) and answer.get("error") in RETRYABLE:
                self.retry_at = now + self.retry_delay * (1 + random.random())
                self.retry_delay = min(self.retry_delay * 2, 4.0)
            else:  # a refusal the phone would show and not retry
                record.refused = str(answer)[:300]
                self.queue.pop(record.client_id, None)
            if self.inflight is attempt:
                self.inflight = None

    def snapshot_after(self, moment: float):
        return next((s for s in self.snapshots if s[0] > moment), None)


class Fleet:
    def __init__(self, plan: dict, rate: float, backoff_max: float = 15.0):
        self.rate, self.backoff_max = rate, backoff_max
        self.phones = [Phone(self, index, w["code"], person)
                       for index, w in enumerate(plan["workshops"]) for person in w["people"]]
        self.writing = False
        self.closed_at = float("inf")
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def connect(self, url: str, at_once: int = 10) -> list[float]:
        def one(phone):
            started = time.monotonic()
            phone.connect(url)
            deadline = started + 30
            while not phone.snapshots and time.monotonic() < deadline:
                time.sleep(0.01)
            if not phone.snapshots:
                raise RuntimeError(f"{phone.name} got no snapshot")
            return phone.snapshots[0][0] - started

        with ThreadPoolExecutor(at_once) as pool:
            return list(pool.map(one, self.phones))

    def start(self) -> None:
        self.thread = threading.Thread(target=self._loop, name="phones", daemon=True)
        self.thread.start()

    def start_writing(self) -> None:
        now = time.monotonic()
        for phone in self.phones:
            phone.next_note = now + random.random() / self.rate
        self.writing = True

    def _loop(self) -> None:
        while not self.stopping.is_set():
            now = time.monotonic()
            for phone in self.phones:
                todo = phone.step(now, self.writing, self.rate)
                if todo is not None:
                    phone.send(*todo)
            time.sleep(TICK)

    def inflight(self, older_than: float = 0.0) -> set[str]:
        """The notes sent and not answered yet (sent at least `older_than` seconds ago)."""
        found, now = set(), time.monotonic()
        for phone in self.phones:
            with phone.lock:
                if phone.inflight is not None and now - phone.inflight.sent >= older_than:
                    found.add(phone.inflight.client_id)
        return found

    def queued(self) -> int:
        return sum(len(p.queue) for p in self.phones)

    def drained(self) -> bool:
        return all(not p.queue and p.inflight is None for p in self.phones)

    def wait(self, condition, seconds: float, step: float = 0.05) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(step)
        return condition()

    def close(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=5)

        def bye(phone):
            try:
                if phone.client is not None:
                    phone.client.disconnect()
            except Exception:
                pass

        with ThreadPoolExecutor(16) as pool:
            list(pool.map(bye, self.phones))

    def records(self):
        for phone in self.phones:
            for record in phone.notes.values():
                yield phone, record

    def attempts(self):
        for _, record in self.records():
            yield from record.attempts


def two_tabs(url: str, fleet: Fleet, db_path: Path, pairs: int, hold: float = 2.0) -> dict:
    """phone.js keeps its queue in localStorage, shared by the tabs of one browser, and each
    tab flushes it: two tabs can send the same note (client_id) at the same moment; so can a
    resend after a timeout while the first send still waits for the database. Here `pairs`
    phones each get a second socket (same token); while another connection holds the write
    lock, both sockets send one new note with the same client_id. Both must be answered
    (docs/realtime.md: "never silence"), and the note stored once."""
    import socketio

    phones = fleet.phones[1:1 + pairs]
    twins, sends, guard = [], [], threading.Lock()
    try:
        for phone in phones:
            twin = socketio.Client(reconnection=False, handle_sigint=False)
            twin.connect(url, namespaces=[NAMESPACE], transports=["websocket"], wait_timeout=20,
                         auth={"workshop": phone.code, "view": "participant", "protocol": 1,
                               "token": phone.token})
            twins.append(twin)
        time.sleep(0.3)
        lock = Lock(db_path, hold)
        holder = threading.Thread(target=lock.run, daemon=True)
        holder.start()
        while lock.held_at is None and holder.is_alive():
            time.sleep(0.01)
        for phone, twin in zip(phones, twins):
            client_id = str(uuid.uuid4())
            record = NoteRecord(client_id, f"{phone.name} of {phone.code}, two tabs "
                                           f"({client_id[:8]})", time.monotonic())
            with phone.lock:
                phone.notes[client_id] = record
            payload = {"client_id": client_id, "text": record.text, "share": True}
            for client in (phone.client, twin):
                attempt = Attempt(phone, client_id, time.monotonic())
                record.attempts.append(attempt)
                sends.append(attempt)

                def answered(answer=None, attempt=attempt, record=record):
                    with guard:
                        attempt.answered = time.monotonic()
                        attempt.outcome = "ok" if answer and answer.get("ok") else \
                            str((answer or {}).get("error"))
                        if answer and answer.get("ok"):
                            record.acked_at = record.acked_at or attempt.answered
                            record.note_ids.add(answer["note"]["id"])
                client.emit("note.save", payload, namespace=NAMESPACE, callback=answered)
        holder.join(hold + 40)
        deadline = time.monotonic() + 5.0      # the busy timeout (5 s)
        while time.monotonic() < deadline and any(a.answered is None for a in sends):
            time.sleep(0.05)
        for attempt in sends:
            if attempt.answered is None:
                attempt.outcome = "no answer"
        ids = {a.client_id for a in sends}
        return {"pairs": len(phones), "sends": len(sends),
                "answered": sum(1 for a in sends if a.answered is not None),
                "silent": sum(1 for a in sends if a.answered is None),
                "outcomes": dict(Counter(a.outcome for a in sends)),
                "stored_once": len(stored_once(db_path, ids)), "notes": len(ids)}
    finally:
        for twin in twins:
            try:
                twin.disconnect()
            except Exception:
                pass


# The database, read from this process ------------------------------------------------------

def read_runs(db_path: Path) -> dict:
    with sqlite3.connect(db_path, timeout=30) as conn:
        rows = conn.execute("SELECT workshop_id, stage, round_number, phase, deadline, "
                            "paused_remaining, version FROM run ORDER BY workshop_id").fetchall()
    conn.close()
    return {r[0]: {"stage": r[1], "round": r[2], "phase": r[3], "deadline": r[4],
                   "paused": r[5], "version": r[6]} for r in rows}


def deadline_ms(value: str | None) -> int | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(str(value)).replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)


class Lock:
    """Another connection holds the SQLite write lock (`BEGIN EXCLUSIVE`) for a while."""

    def __init__(self, db_path: Path, seconds: float, queued=None):
        self.db_path, self.seconds, self.queued = db_path, seconds, queued
        self.queued_at_release = None
        self.held_at = self.released_at = None
        self.error: str | None = None
        self.probe: dict | None = None
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        conn = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        try:
            conn.execute("BEGIN EXCLUSIVE")
            self.held_at = time.monotonic()
            time.sleep(self.seconds)
            if self.queued is not None:
                self.queued_at_release = self.queued()
            conn.execute("ROLLBACK")
        except sqlite3.Error as error:
            self.error = repr(error)
        finally:
            self.released_at = time.monotonic()
            conn.close()

    def run(self) -> None:
        self.thread.start()
        self.thread.join(self.seconds + 40)

    def start(self) -> None:
        """Take the lock in the background; returns once it is held (or failed)."""
        self.thread.start()
        while self.held_at is None and self.thread.is_alive():
            time.sleep(0.01)

    def join(self) -> None:
        self.thread.join(self.seconds + 40)


def connect_probe(url: str, phone: Phone, wait: float = 12.0) -> dict:
    """A phone (re)connecting now: a second socket with `phone`'s token. The server must
    answer the handshake (a snapshot, or a connect_error naming why) without leaving it
    hanging until the client's own timeout."""
    import socketio

    client = socketio.Client(reconnection=False, handle_sigint=False)
    seen: dict = {}
    started = time.monotonic()
    client.on("snapshot", lambda _d: seen.setdefault("snapshot", time.monotonic() - started),
              namespace=NAMESPACE)
    client.on("connect_error", lambda d=None: seen.setdefault("refused", str(d)[:200]),
              namespace=NAMESPACE)
    try:
        client.connect(url, namespaces=[NAMESPACE], transports=["websocket"], wait_timeout=wait,
                       auth={"workshop": phone.code, "view": "participant", "protocol": 1,
                             "token": phone.token})
        while "snapshot" not in seen and time.monotonic() - started < wait:
            time.sleep(0.02)
    except Exception as error:
        seen.setdefault("error", f"{type(error).__name__}: {error}")
    finally:
        try:
            client.disconnect()
        except Exception:
            pass
    outcome = "snapshot" if "snapshot" in seen else "refused" if "refused" in seen else \
        "no answer"
    return {"outcome": outcome, "seconds": time.monotonic() - started, **seen}


def check_database(db_path: Path, fleet: Fleet) -> dict:
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
        rows = conn.execute("SELECT id, participant_id, client_id, text, table_id, shared_at "
                            "FROM note").fetchall()
        seats = dict(((p, r), t) for p, r, t in conn.execute(
            "SELECT s.participant_id, s.round_id, s.table_id FROM seat s"))
        note_round = dict(conn.execute("SELECT id, round_id FROM note").fetchall())
    finally:
        conn.close()
    sent = {r.client_id: (phone, r) for phone, r in fleet.records()}
    per_key = Counter((r[1], r[2]) for r in rows)
    per_text = Counter((r[1], r[3]) for r in rows)
    stored = {r[2] for r in rows if r[2] in sent}
    acked = {c for c, (_, r) in sent.items() if r.acked_at is not None}
    half = []
    for note_id, participant_id, client_id, text, table_id, shared_at in rows:
        if client_id not in sent:
            half.append(f"note {note_id}: unknown client_id {client_id}")
            continue
        phone, record = sent[client_id]
        if participant_id != phone.person_id:
            half.append(f"note {note_id}: author {participant_id} != {phone.person_id}")
        if text != record.text:
            half.append(f"note {note_id}: text {text!r} != {record.text!r}")
        expected_table = seats.get((participant_id, note_round[note_id]))
        if table_id is None or shared_at is None or table_id != expected_table:
            half.append(f"note {note_id}: shared with {table_id} at {shared_at}, "
                        f"expected table {expected_table}")
        if record.note_ids and record.note_ids != {note_id}:
            half.append(f"note {note_id}: acks named {sorted(record.note_ids)}")
    return {
        "rows": len(rows), "stored": len(stored), "acknowledged": len(acked),
        "lost": sorted(acked - stored),
        "duplicated": sum(c - 1 for c in per_key.values() if c > 1),
        "duplicated_text": sum(c - 1 for c in per_text.values() if c > 1),
        "half_written": half[:20], "half_written_count": len(half),
        "integrity": [i[0] for i in integrity], "foreign_key_problems": len(foreign),
        "acks_with_two_ids": sum(1 for _, r in sent.values() if len(r.note_ids) > 1),
    }


# One run ------------------------------------------------------------------------------------

def percentiles(values: list[float]) -> tuple:
    if not values:
        return (float("nan"),) * 3
    ordered = sorted(values)

    def at(q):
        return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered) + 0.5)) - 1))]
    return at(0.50), at(0.95), ordered[-1]


def say(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(args) -> dict:
    """The whole scenario; returns every figure and check (see the module docstring)."""
    folder = Path(tempfile.mkdtemp(prefix="facilitator-faults-"))
    instance = folder / "instance"
    instance.mkdir()
    db_path = instance / "facilitator.sqlite3"
    env = server_env(instance)
    server = fleet = None
    result: dict = {"folder": str(folder)}
    begun = time.monotonic()
    try:
        subprocess.run([str(BIN / "facilitator"), "db", "upgrade"], cwd=ROOT, env=env,
                       check=True, capture_output=True, timeout=120)
        plan_path = folder / "plan.json"
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--role", "setup",
                        "--out", str(plan_path), "--workshops", str(args.workshops),
                        "--phones", str(args.phones)], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=180)
        plan = json.loads(plan_path.read_text())
        say(f"seeded {args.workshops} workshops x {args.phones} people "
            f"({time.monotonic() - begun:.1f} s)")
        server = Server(env, folder, free_port(), threads=max(64, 2 * args.workshops *
                                                                   args.phones + 20))
        result["first_start"] = server.start()
        say(f"server pid {server.process.pid} (worker {server.worker}) on {server.url}")
        fleet = Fleet(plan, args.rate, args.backoff_max)
        result["connect"] = fleet.connect(server.url)
        say(f"{len(fleet.phones)} phones connected")
        fleet.start()
        fleet.start_writing()
        time.sleep(args.before)

        # SIGKILL mid-round ------------------------------------------------------------
        runs_before = read_runs(db_path)
        acked_before_kill = {p: {c for c, r in p.notes.items() if r.acked_at is not None}
                             for p in fleet.phones}
        # Kill while notes are on the wire: some not yet committed, some committed whose
        # acknowledgement dies with the server.
        fleet.wait(lambda: fleet.inflight(older_than=0.004), 5.0, step=0.0005)
        old_pids = server.pids()
        inflight_at_kill = fleet.inflight()
        kill_at = time.monotonic()
        server.kill()
        result["in_flight_committed"] = len(stored_once(db_path, inflight_at_kill))
        say(f"SIGKILL {old_pids}; {len(inflight_at_kill)} notes in flight, "
            f"{sum(len(v) for v in acked_before_kill.values())} acknowledged so far")
        time.sleep(args.down)
        result["restart"] = server.start()
        result["server_back"] = time.monotonic() - kill_at
        say(f"server again: pid {server.process.pid} (worker {server.worker}), "
            f"{result['server_back']:.1f} s after the kill")
        fleet.wait(lambda: all(p.snapshot_after(kill_at) for p in fleet.phones), args.reconnect)
        reconnect = [p.snapshot_after(kill_at)[0] - kill_at for p in fleet.phones
                     if p.snapshot_after(kill_at)]
        say(f"{len(reconnect)}/{len(fleet.phones)} phones have a new snapshot")
        fleet.wait(lambda: not (inflight_at_kill & {c for p in fleet.phones for c in p.queue}),
                   args.reconnect)
        time.sleep(args.after)
        runs_after = read_runs(db_path)

        # The database locked ----------------------------------------------------------
        locks = []
        for seconds in args.locks:
            lock = Lock(db_path, seconds, queued=fleet.queued)
            queued_before = fleet.queued()
            say(f"BEGIN EXCLUSIVE for {seconds:g} s")
            lock.start()
            if lock.held_at is None:
                raise RuntimeError(f"could not take the lock: {lock.error}")
            # a phone coming back during the lock (its Wi-Fi dropped a moment)
            probe = threading.Thread(target=lambda lock=lock: setattr(
                lock, "probe", connect_probe(server.url, fleet.phones[0])), daemon=True)
            probe.start()
            lock.join()
            locks.append((lock, queued_before, lock.queued_at_release))
            time.sleep(args.recover)
            probe.join(15)

        # Two tabs of one phone send the same queued note while the database is busy -----
        if args.tabs:
            say(f"two tabs x {args.tabs}: the same client_id twice under a 2 s lock")
            result["two_tabs"] = two_tabs(server.url, fleet, db_path, args.tabs)

        # Drain --------------------------------------------------------------------------
        fleet.writing = False
        drained = fleet.wait(fleet.drained, args.drain)
        say("queues drained" if drained else f"queues NOT drained: {fleet.queued()} left")
        fleet.closed_at = time.monotonic()
        fleet.close()
        result.update(summarise(fleet, db_path, kill_at, runs_before, runs_after,
                                acked_before_kill, inflight_at_kill, reconnect, locks))
        result["drained"] = drained
        result["old_pids"], result["new_pids"] = old_pids, server.pids()
        server.stop()
        log = server.log_text()
        result["log"] = log_findings(log)
        result["seconds"] = time.monotonic() - begun
        return result
    finally:
        if fleet is not None:
            fleet.close()
        if server is not None:
            server.stop()
        if args.keep:
            say(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(Error|Exception|Exit))(: .*)?$")


def log_findings(log: str) -> dict:
    """What the server logged: threads that died on an exception (engine.io's websocket
    writer thread, which runs no app code and dies on closing a socket the client already
    closed, is counted apart), [ERROR]/[CRITICAL] lines, and every distinct exception line,
    with "database unavailable during" warnings (a refusal answered `unavailable`, by
    design) counted apart. Robust to tracebacks of two threads interleaved line by line."""
    crashes, noise, errors, kinds = [], [], [], Counter()
    for line in log.splitlines():
        text = line.strip()
        if "Exception in thread" in text:
            (noise if "(writer)" in text else crashes).append(text[:160])
        elif "[ERROR]" in text or "[CRITICAL]" in text:
            errors.append(text[:200])
        else:
            match = EXCEPTION_LINE.match(text)
            if match:
                kinds[text[:160]] += 1
    return {"crashes": crashes, "noise": noise, "errors": errors, "kinds": dict(kinds),
            "unavailable": log.count("database unavailable during"),
            "connect_frames": log.count("in on_connect")}


def summarise(fleet, db_path, kill_at, runs_before, runs_after, acked_before_kill,
              inflight_at_kill, reconnect, locks) -> dict:
    db = check_database(db_path, fleet)
    records = {r.client_id: r for _, r in fleet.records()}
    attempts = list(fleet.attempts())
    # The runs: the database before and after, and every new snapshot.
    deadlines = {}
    for workshop_id, before in runs_before.items():
        after = runs_after.get(workshop_id, {})
        deadlines[workshop_id] = {"before": before, "after": after,
                                  "same": before == after}
    plan_ids = sorted(runs_before)
    snapshot_runs, resumed, not_resumed = [], 0, []
    for phone in fleet.phones:
        snap = phone.snapshot_after(kill_at)
        first = phone.snapshots[0] if phone.snapshots else None
        if snap is None:
            continue
        db_run = runs_before[plan_ids[phone.workshop]]
        snapshot_runs.append(
            snap[1].get("phase") == db_run["phase"] and snap[1].get("stage") == db_run["stage"]
            and snap[1].get("deadline") == deadline_ms(db_run["deadline"])
            and first is not None and first[1].get("deadline") == snap[1].get("deadline"))
        missing = acked_before_kill[phone] - snap[2]
        if missing:
            not_resumed.append(f"{phone.name}@{phone.code}: {len(missing)} acknowledged notes "
                               f"missing from the new snapshot")
        else:
            resumed += 1
    in_flight = {c: records[c] for c in inflight_at_kill}
    window = []
    for lock, queued_before, queued_after in locks:
        during = [a for a in attempts if lock.held_at <= a.sent < lock.released_at]
        outcomes = Counter(a.outcome or "no answer yet" for a in during)
        slowest = max((a.answered - a.sent for a in during if a.answered), default=0.0)
        refused = {a.client_id for a in during if a.outcome in RETRYABLE and a.outcome != "timeout"}
        window.append({
            "seconds": lock.seconds, "sent": len(during), "outcomes": dict(outcomes),
            "slowest_answer": slowest, "silent": outcomes.get("timeout", 0),
            "refused_notes": len(refused),
            "refused_then_stored": sum(1 for c in refused if records[c].acked_at),
            "messages": sorted({str(a.outcome) for a in during}),
            "queued_before": queued_before, "queued_at_release": queued_after,
            "connect": lock.probe or {"outcome": "not measured", "seconds": 0.0}})
    unavailable_messages = {a.message for a in attempts if a.outcome == "unavailable"}
    return {
        "phones": len(fleet.phones),
        "produced": len(records),
        "db": db,
        "still_queued": sum(1 for r in records.values() if r.acked_at is None and not r.refused),
        "refused": [r.refused for r in records.values() if r.refused][:5],
        "resent": sum(1 for r in records.values() if len(r.attempts) > 1),
        "timeouts": sum(1 for a in attempts if a.outcome == "timeout"),
        "in_flight_at_kill": len(in_flight),
        "in_flight_stored_once": len(stored_once(db_path, set(in_flight))),
        "in_flight_acked_later": sum(1 for r in in_flight.values() if r.acked_at),
        "reconnected": len(reconnect), "reconnect": percentiles(reconnect),
        "disconnects": sum(1 for p in fleet.phones for t in p.disconnects
                           if t < fleet.closed_at),
        "connect_errors": sum(len(p.connect_errors) for p in fleet.phones),
        "connect_error_kinds": sorted({e for p in fleet.phones for e in p.connect_errors})[:5],
        "deadlines": deadlines, "deadline_same": all(d["same"] for d in deadlines.values()),
        "snapshots_after_kill": len(snapshot_runs),
        "snapshots_run_same": sum(1 for ok in snapshot_runs if ok),
        "resumed": resumed, "not_resumed": not_resumed[:5],
        "locks": window, "unavailable_messages": sorted(unavailable_messages),
    }


def stored_once(db_path: Path, client_ids: set[str]) -> set[str]:
    """The client_ids among these that have exactly one row."""
    if not client_ids:
        return set()
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        marks = ",".join("?" * len(client_ids))
        rows = conn.execute(f"SELECT client_id FROM note WHERE client_id IN ({marks}) "
                            "GROUP BY client_id HAVING count(*) = 1", sorted(client_ids))
        return {r[0] for r in rows}
    finally:
        conn.close()


# Report ---------------------------------------------------------------------------------------

def report(result: dict, args) -> None:
    db = result["db"]
    p50, p95, worst = result["reconnect"]
    print(f"\nFault benchmark: {args.workshops} workshops x {args.phones} phones, one note "
          f"every {1 / args.rate:.1f} s per phone (share: true), gunicorn gthread, SQLite; one "
          f"SIGKILL of the server (down {args.down:g} s + its start), locks "
          f"{', '.join(f'{s:g} s' for s in args.locks)}; {result['seconds']:.0f} s in all.\n")
    print("| produced | acknowledged | stored | duplicated | lost | half-written | still "
          "queued | in flight at kill (stored once) | reconnect p50 / p95 / max (s) | "
          "server back (s) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {result['produced']} | {db['acknowledged']} | {db['stored']} | "
          f"{db['duplicated']} (same text twice: {db['duplicated_text']}) | {len(db['lost'])} | "
          f"{db['half_written_count']} | {result['still_queued']} | "
          f"{result['in_flight_at_kill']}, {result['in_flight_committed']} committed "
          f"({result['in_flight_stored_once']}) | "
          f"{p50:.1f} / {p95:.1f} / {worst:.1f} | {result['server_back']:.1f} |")
    print()
    for workshop_id, d in result["deadlines"].items():
        b, a = d["before"], d["after"]
        print(f"- workshop {workshop_id}: before the kill {b['stage']}/{b['phase']} deadline "
              f"{b['deadline']} v{b['version']}; after {a.get('stage')}/{a.get('phase')} "
              f"deadline {a.get('deadline')} v{a.get('version')}: "
              f"{'same' if d['same'] else 'CHANGED'}")
    print(f"- reconnected {result['reconnected']}/{result['phones']} phones by themselves "
          f"({result['disconnects']} disconnects, {result['connect_errors']} failed attempts "
          f"{result['connect_error_kinds']}); "
          f"new snapshots with the same run (stage, phase, deadline) "
          f"{result['snapshots_run_same']}/{result['snapshots_after_kill']}; resumed (every "
          f"note acknowledged before the kill in the new snapshot) {result['resumed']}"
          + (f"; {result['not_resumed']}" if result["not_resumed"] else ""))
    print(f"- notes sent more than once {result['resent']}; answers never heard (10 s) "
          f"{result['timeouts']}; refused for good {len(result['refused'])} "
          f"{result['refused'] or ''}; acks naming two note ids {db['acks_with_two_ids']}")
    for w in result["locks"]:
        print(f"- lock {w['seconds']:g} s: {w['sent']} notes sent during it -> "
              f"{w['outcomes']}; slowest answer {w['slowest_answer']:.1f} s; no answer "
              f"{w['silent']}; refused then stored later {w['refused_then_stored']}/"
              f"{w['refused_notes']}; queued {w['queued_before']} -> {w['queued_at_release']}; "
              f"a phone connecting during it: {w['connect']['outcome']} after "
              f"{w['connect']['seconds']:.1f} s"
              + (f" ({w['connect'].get('error') or w['connect'].get('refused')})"
                 if w["connect"]["outcome"] != "snapshot" else ""))
    tabs = result.get("two_tabs")
    if tabs:
        print(f"- two tabs sending the same note under a lock: {tabs['sends']} sends for "
              f"{tabs['notes']} notes -> {tabs['outcomes']}; never answered {tabs['silent']}; "
              f"stored once {tabs['stored_once']}/{tabs['notes']}")
    if result["unavailable_messages"]:
        print(f"- the phones were told: {result['unavailable_messages']}")
    print(f"- database: {db['rows']} note rows, integrity {db['integrity']}, foreign key "
          f"problems {db['foreign_key_problems']}"
          + (f"; half-written: {db['half_written']}" if db["half_written"] else ""))
    log = result["log"]
    print(f"- server log: {len(log['crashes'])} threads died on an exception "
          f"{log['crashes'][:3]}, {len(log['errors'])} error lines, "
          f"{log['unavailable']} 'database unavailable' warnings (answered `unavailable`, "
          f"with their traceback); exception lines: {log['kinds']}"
          + (f"; engine.io writer-thread noise: {len(log['noise'])}" if log["noise"] else ""))


def problems(result: dict) -> list[str]:
    """Every broken invariant, in words (empty when the run is clean)."""
    db, found = result["db"], []
    if db["lost"]:
        found.append(f"{len(db['lost'])} acknowledged notes lost")
    if db["duplicated"] or db["duplicated_text"] or db["acks_with_two_ids"]:
        found.append(f"duplicates: {db['duplicated']} rows, {db['duplicated_text']} same text, "
                     f"{db['acks_with_two_ids']} acks with two ids")
    if db["half_written_count"] or db["integrity"] != ["ok"] or db["foreign_key_problems"]:
        found.append(f"half-written: {db['half_written'][:3]} {db['integrity']}")
    if result["still_queued"] or not result["drained"]:
        found.append(f"{result['still_queued']} notes never acknowledged")
    if result["refused"]:
        found.append(f"notes refused for good: {result['refused'][:2]}")
    if db["stored"] != result["produced"]:
        found.append(f"stored {db['stored']} of {result['produced']} notes written")
    if result["in_flight_stored_once"] != result["in_flight_at_kill"]:
        found.append("a note in flight at the kill is not stored exactly once")
    if result["reconnected"] != result["phones"]:
        found.append(f"only {result['reconnected']}/{result['phones']} phones reconnected")
    if not result["deadline_same"]:
        found.append("a run's phase or deadline changed across the restart")
    if result["snapshots_run_same"] != result["snapshots_after_kill"]:
        found.append("a new snapshot shows another run than before the kill")
    if result["resumed"] != result["phones"]:
        found.append(f"resumed {result['resumed']}/{result['phones']}")
    if result["timeouts"]:
        found.append(f"{result['timeouts']} sends never answered")
    for w in result["locks"]:
        if w["silent"]:
            found.append(f"lock {w['seconds']} s: {w['silent']} sends never answered")
        odd = set(w["outcomes"]) - {"ok", "unavailable", "rate_limited"}
        if odd:
            found.append(f"lock {w['seconds']} s: unexpected answers {w['outcomes']}")
        if w["connect"]["outcome"] == "no answer":
            found.append(f"lock {w['seconds']} s: a connecting phone got no answer "
                         f"({w['connect'].get('error')})")
        if w["refused_then_stored"] != w["refused_notes"]:
            found.append(f"lock {w['seconds']} s: refused notes not stored later")
    tabs = result.get("two_tabs")
    if tabs and (tabs["silent"] or tabs["stored_once"] != tabs["notes"]):
        found.append(f"two tabs: {tabs['silent']} of {tabs['sends']} sends of one client_id "
                     f"never answered, {tabs['stored_once']}/{tabs['notes']} stored once")
    if result["log"]["crashes"] or result["log"]["errors"]:
        found.append(f"server log: {len(result['log']['crashes'])} threads died on an "
                     f"exception, {result['log']['errors'][:2]}")
    return found


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workshops", type=int, default=3)
    parser.add_argument("--phones", type=int, default=30, help="people per workshop")
    parser.add_argument("--rate", type=float, default=0.3, help="notes per second per phone")
    parser.add_argument("--before", type=float, default=10.0,
                        help="seconds of notes before the SIGKILL")
    parser.add_argument("--down", type=float, default=1.5,
                        help="seconds the server stays dead before it is started again")
    parser.add_argument("--after", type=float, default=5.0,
                        help="seconds of notes after the phones are back")
    parser.add_argument("--locks", default="3,7",
                        help="seconds of each BEGIN EXCLUSIVE window, comma-separated")
    parser.add_argument("--recover", type=float, default=4.0, help="seconds after each lock")
    parser.add_argument("--tabs", type=int, default=3,
                        help="phones that send one note from two tabs at once (0: none)")
    parser.add_argument("--backoff-max", type=float, default=15.0,
                        help="the longest reconnection delay (the phone page's is 15 s)")
    parser.add_argument("--reconnect", type=float, default=45.0,
                        help="the longest wait for the phones to come back")
    parser.add_argument("--drain", type=float, default=40.0,
                        help="the longest wait for the queues to empty at the end")
    parser.add_argument("--quick", action="store_true",
                        help="2 workshops x 12 phones, short windows, one 7 s lock")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--role", default="bench", choices=("bench", "setup"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.workshops, args.phones, args.before, args.after = 2, 12, 4.0, 2.0
        args.locks, args.recover = "7", 3.0
    args.locks = [float(s) for s in str(args.locks).split(",") if s.strip()]
    return args


def main() -> None:
    args = parse_args()
    if args.role == "setup":
        setup(Path(args.out), args.workshops, args.phones)
        return
    result = run(args)
    report(result, args)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str))
    found = problems(result)
    if found:
        print("\nBROKEN: " + "; ".join(found))
        sys.exit(1)
    print("\nAll invariants held.")


if __name__ == "__main__":
    main()
