"""Benchmark of the live rounds over real websockets: W workshops x 50 phones on 127.0.0.1.

Run: .venv/bin/python benchmarks/live.py [--workshops 20] [--phones 50] [--rounds 3]
                                         [--duration 20] [--configs gevent,gthread] [--quick]
                                         [--bare] [--vote-window 30] [--vote-per-workshop 5]
                                         [--clients N] [--budget 330]
     .venv/bin/python benchmarks/live.py --processes 2 [--workshops 10] [--quick]
The gevent configuration needs gevent importable in the environment (see docs/deploy.md).

For each server configuration (`--configs gthread,gevent`, see CONFIGS) it:
1. makes a fresh instance folder in a temporary directory, runs `facilitator db upgrade`,
   and seeds W ready workshops of `--phones` people (8 tables with a host each) through the
   app's own services in a setup subprocess, each person claimed (tokens in tokens.json);
2. starts the production server (`gunicorn ... wsgi:app`, FACILITATOR_ENV_NAME=production, a
   random FACILITATOR_SECRET_KEY, FACILITATOR_ALLOW_HTTP_COOKIES=1 for plain http on
   loopback, SQLite in the temporary instance) as a separate process on a free port;
3. signs the facilitator in over HTTP and connects one console per workshop and every
   phone (asyncio Socket.IO clients, websocket transport only, no thread per client) from
   several client processes (benchmarks/_live_pool.py, forked: one per 250 phones, at most
   one per core and one per workshop; `--clients N` to choose), so that the client is not
   the bottleneck. A workshop's console and its phones share a process; workshops are
   dealt round-robin. Each phase starts in every process at a time given on the machine's
   monotonic clock, and each process reports the CPU seconds / wall seconds it spent per
   phase and over the whole run (printed as "client processes": near 1.0 means the client
   itself may be the bottleneck);
4. drives the rounds and measures, then stops the server and the client processes it
   started (by PID).

The whole invocation is bounded by `--budget` seconds (330 by default: 1,000 phones with
--bare fit in under 6 minutes); each run gets a share of what is left (an app run 3
times a bare one, which plays two rounds and skips the max-rate notes and the storm). A phase that cannot start or finish within its run's share stops that run, and
the report says what completed and why. The report ends with every target of issue 14,
met or NOT met.

Definitions of the figures printed (all times from the machine's monotonic clock, the same
in every client process):
- connect: from `connect()` to the `snapshot` event, per phone, at most 50 phones connecting
  at once; "all" is the wall time until the last phone got its snapshot.
- rotation fan-out: the facilitator's `command` {"command": "rotate"} (the round ends, every
  phone is shown its next table); one sample per workshop and rotation = from just before
  the emit until the LAST of that workshop's phones has received its `seat` event (me.table
  null, me.next set). The workshops rotate one after the other, `--stagger` seconds apart
  (20 workshops within 4 s), except in one "burst" cycle where all W rotate at the same
  instant (the worst case, printed apart). `start_round` (seat with the new me.table) and
  `back` (rotation -> round) are printed apart; "per phone" samples are each phone's own
  receipt. Rounds are played with rotate/back cycles (`--cycles`) for more samples.
- note to host: a participant emits `note.save` {share: true} in the sharing phase; from
  just before the emit until the host of the author's table receives the `note` event.
  First at a fixed total rate (`--note-rate`, notes/s over all phones) for `--duration`
  seconds, then a max-rate phase (`--concurrency` authors in closed loops) whose acknowledged
  notes per second are "notes/s max". About 1 note in 20 is sent twice on purpose (a retry,
  same client_id): it must answer with the same note id and never make a second row.
- lost / duplicated: a note acknowledged {ok: true} that the database (read at the end) or
  its host never got is lost; a client_id in two rows, or a host seeing two different note
  ids for one client_id, is duplicated.
- memory per connection: the gunicorn worker's VmRSS with every phone connected minus its
  VmRSS before any phone connected, divided by the number of phones.
Every phone also sends the `time` heartbeat every 30 s, as the phone page does.

Several processes (`--processes N`, docs/deploy.md "Several processes: PostgreSQL and
Redis"): instead of SQLite, each run creates a throw-away PostgreSQL database (CREATE
DATABASE through `--postgres-url`, trust auth on 127.0.0.1; dropped in a finally block),
runs the migrations and the seeding against it, and starts the servers with
FACILITATOR_MESSAGE_QUEUE and FACILITATOR_RATELIMIT_STORAGE_URI on `--redis-url` and a
FACILITATOR_SOCKETIO_CHANNEL unique to the run. It runs twice, 1 process then N processes
(`--processes 1`: once), both on PostgreSQL + Redis so that only the number of processes
differs. Every process is one gunicorn master with one worker of the configuration, with
`--no-control-socket`, on its own free port of 127.0.0.1; phone i (counted over all the
workshops) connects to process i % N, the facilitator's consoles all to process 0, so a
command reaches the phones of the other processes through Redis. With a message queue
Flask-SocketIO publishes every emit to Redis, and each process (the emitting one too)
delivers it to its own clients from its Redis subscription: even with 1 process every event
goes through Redis. The figures are the same as above; memory per connection is the sum over
the processes' workers of (VmRSS with every phone connected - VmRSS before), divided by the
number of phones, and server CPU is summed over the workers. PostgreSQL or Redis not
reachable on 127.0.0.1: the run stops at once with a one-line message.
The vote storm (`--vote-window 30`, `--vote-per-workshop 5`; 0 skips it), after the
rounds: each host proposes two solutions, every workshop goes to the plenary and opens the
votes; then every phone casts its 3 dots one vote at a time (absolute counts), workshop i
starting at i x (window - per_workshop) / W and all its phones within `per_workshop`
seconds (about 100 votes a second over 1,000 phones), while each facilitator sends a
`plenary` command every 1.5 s (next table, reveal halfway, close the votes at the end).
Printed: votes and commands acknowledged (each waits 30 s at most; "never answered" counts
the timeouts apart from refusals), vote answer and command times, tallies in the database
(per person and solution) and in the server's final plenary (each console's `sync`, per
solution) against the acknowledged dots, bytes and events the room
received per vote (`votes`, `my_votes`; the commands' `plenary` events apart), websockets
dropped, server and client-process CPU.

The bare server (`--bare`): after each app run, the same client drives
benchmarks/_bare_server.py (Flask-SocketIO without database or business logic, the same
gunicorn worker, the same emits: one `seat` per person at a command, a note forwarded to
the host) and the ratios app/bare of the medians are printed, with the issue's 3x targets
for rotation fan-out, note to host and server CPU to connect.
The load average at the start is printed first: quote the figures with it.
Beyond the figures above, each run also counts "repeated events": a `run` event of the same
version received twice by one phone, and a note (not one of the deliberate retries) received
more than once by its host; both must be 0 (an event delivered twice across processes).
"""
from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import random
import re
import secrets
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from _cafe import HOST, children, free_port, seed_open_workshops
from _live_pool import ClientPool, WorkerFailed, client_processes, share

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NAMESPACE = "/live"
EMAIL, PASSWORD = "bench@example.org", "bench-password-1"
TABLES = 8
HEARTBEAT_SECONDS = 30
CONNECT_AT_ONCE = 50
WAIT_SECONDS = 10                      # the longest wait for one fan-out or for notes
CONNECT_NEED = 30                      # the least budget left to start connecting phones
SETTLE_SECONDS = 3                     # after the connects, before measuring memory

# name: (gunicorn arguments, environment). {threads} and {connections} are filled in.
CONFIGS = {
    "gthread": (["--worker-class", "gthread", "--workers", "1", "--threads", "{threads}",
                 "--worker-connections", "{connections}"],
                {"FACILITATOR_SOCKETIO_ASYNC_MODE": "threading"}),
    "gevent": (["--worker-class", "gevent", "--workers", "1",
                "--worker-connections", "{connections}"],
               {"FACILITATOR_SOCKETIO_ASYNC_MODE": "gevent"}),
}
# The bare Flask-SocketIO server (benchmarks/_bare_server.py): the same worker, no database.
BARE_APP = ["--pythonpath", "benchmarks", "_bare_server:app"]


# Setup (a subprocess that imports the app) --------------------------------------------------

def setup(out: Path, workshops: int, phones: int, rounds: int) -> None:
    """Seed `workshops` ready workshops through the services; write every token."""
    from facilitator import create_app
    from facilitator.services.accounts import create_or_reset

    app = create_app()
    with app.app_context():
        user, _ = create_or_reset(EMAIL, PASSWORD, "Bench")
        seeded = seed_open_workshops(user, "Bench café", workshops, tables=TABLES,
                                     phones=phones, rounds=rounds)
    out.write_text(json.dumps({"email": EMAIL, "password": PASSWORD,
                               "workshops": [entry for _workshop, entry in seeded]}))


# Server process ------------------------------------------------------------------------------

def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_count(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path
    worker: int = 0

    def stop(self) -> None:
        """SIGTERM the gunicorn master we started, then SIGKILL it and its worker."""
        pids = [self.process.pid] + ([self.worker] if self.worker else [])
        if self.process.poll() is None:
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


def server_env(instance: Path, extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACILITATOR_")}
    env.update({"FACILITATOR_INSTANCE_PATH": str(instance),
                "FACILITATOR_DATABASE_URL": "sqlite:///" + str(instance / "facilitator.sqlite3"),
                "FACILITATOR_ENV_NAME": "production",
                "FACILITATOR_SECRET_KEY": secrets.token_hex(32),
                "FACILITATOR_ALLOW_HTTP_COOKIES": "1"})
    env.update(extra)
    return env


def server_command(config: str, port: int, threads: int, connections: int,
                   extra: str = "", bare: bool = False) -> list[str]:
    args, _ = CONFIGS[config]
    args = [a.format(threads=threads, connections=connections) for a in args]
    return [str(BIN / "gunicorn"), *args, *shlex.split(extra), "--bind", f"{HOST}:{port}",
            *(BARE_APP if bare else ["wsgi:app"])]


def start_server(config: str, env: dict, folder: Path, threads: int, connections: int,
                 extra: str = "", bare: bool = False) -> Server:
    import requests

    port = free_port()
    command = server_command(config, port, threads, connections, extra, bare)
    log = folder / f"server-{port}.log"
    with log.open("w") as handle:
        process = subprocess.Popen(command, cwd=ROOT, env={**env, **CONFIGS[config][1]},
                                   stdout=handle, stderr=subprocess.STDOUT)
    server = Server(process, f"http://{HOST}:{port}", log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()[-2000:]}")
        try:
            if requests.get(server.url + "/login", timeout=2).status_code == 200:
                workers = children(process.pid)
                server.worker = workers[0] if workers else process.pid
                return server
        except requests.RequestException:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError("the server did not answer within 60 s")


def sign_in(url: str) -> str:
    """The facilitator's session cookie, signed in through the login form."""
    import requests

    http = requests.Session()
    page = http.get(url + "/login", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)
    answer = http.post(url + "/login", data={"email": EMAIL, "password": PASSWORD,
                                             "csrf_token": token.group(1)},
                       allow_redirects=False, timeout=10)
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in failed: HTTP {answer.status_code}")
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


# Clients -------------------------------------------------------------------------------------

@dataclass
class Phone:
    workshop: int                       # index in the plan
    person_id: int
    name: str
    token: str
    client: object = None
    me: dict | None = None
    connected_at: float | None = None
    seat_times: list = field(default_factory=list)   # (t, me)
    run_times: list = field(default_factory=list)    # (t, stage)
    run_versions: list = field(default_factory=list)
    disconnects: int = 0

    @property
    def is_host(self) -> bool:
        return bool(self.me) and self.me.get("role") == "host"


@dataclass
class SentNote:
    author: Phone
    host: Phone | None
    sent: float
    acked: float | None = None
    ok: bool | None = None
    note_id: int | None = None
    host_at: float | None = None
    host_ids: set = field(default_factory=set)
    host_receipts: int = 0
    retried: bool = False
    error: str | None = None
    phase: str = "sustained"


def now() -> float:
    """CLOCK_MONOTONIC: one clock for every client process of the machine, so that a time
    taken in one process (a command's emit) and in another can be subtracted."""
    return time.monotonic()


async def sleep_until(at: float) -> None:
    delay = at - now()
    if delay > 0:
        await asyncio.sleep(delay)


def browser_patience(client) -> None:
    """Give up on a silent server when a browser would, not sooner. python-engineio's
    client drops its websocket after max(pingInterval, pingTimeout) + 5 s with nothing to
    send (30 s with the server's 25 s / 20 s), while socket.io's browser client waits
    pingInterval + pingTimeout (45 s) for the server's ping: a harness with the former
    counts as "dropped" phones (and consoles, which send no heartbeat) that a browser keeps
    through a 30-45 s stall. Called once connected, when the server's values are known."""
    eio = client.eio
    eio.ping_timeout = max(eio.ping_timeout, eio.ping_interval + eio.ping_timeout - 5)


class Bench:
    """The clients of one client process: the consoles and phones of the workshops it owns
    (a workshop's console and phones always share a process). The coordinator calls its
    `op_*` methods through benchmarks/_live_pool.py; every answer is plain data."""

    def __init__(self, plan: dict, servers: list[str], cookie: str, args, owned: list[int],
                 processes: int):
        self.plan, self.servers, self.cookie, self.args = plan, servers, cookie, args
        self.owned, self.processes = owned, processes
        self.workshops = len(plan["workshops"])
        self.phones: list[Phone] = []
        self.by_workshop: dict[int, list[Phone]] = defaultdict(list)
        self.consoles: list = []
        self.notes: dict[str, SentNote] = {}
        self.errors: list[str] = []
        self.stop_heartbeat = asyncio.Event()
        self.heartbeats = self.heartbeat_errors = 0
        self.heartbeat_task = None
        self.retries: list[bool] = []
        self.hosts: dict = {}
        self.solutions: dict[int, list[int]] = {}
        self.cpu0, self.wall0 = sum(os.times()[:2]), now()

    # connection ---------------------------------------------------------------------------
    def _client(self):
        import socketio

        return socketio.AsyncClient(reconnection=False, handle_sigint=False)

    async def connect_console(self, index: int) -> None:
        code = self.plan["workshops"][index]["code"]
        client = self._client()
        got = asyncio.Event()
        client.on("snapshot", lambda _data: got.set(), namespace=NAMESPACE)
        # Every console on the first server: with several processes, a command then reaches
        # the phones of the other processes through the message queue.
        await client.connect(self.servers[0], namespaces=[NAMESPACE],
                             transports=["websocket"], headers={"Cookie": self.cookie},
                             auth={"workshop": code, "view": "facilitator", "protocol": 1},
                             wait_timeout=WAIT_SECONDS * 3)
        browser_patience(client)
        await asyncio.wait_for(got.wait(), WAIT_SECONDS * 3)
        self.consoles.append((index, client))

    async def connect_phone(self, phone: Phone, slot: int, gate: asyncio.Semaphore) -> float:
        async with gate:
            client = self._client()
            phone.client = client
            got = asyncio.Event()

            def on_snapshot(data):
                phone.me = data["me"]
                got.set()

            def on_seat(me):
                phone.me = me
                phone.seat_times.append((now(), me))

            def on_run(run):
                phone.run_times.append((now(), run["stage"]))
                phone.run_versions.append(run.get("version"))

            def on_disconnect(*_args):
                phone.disconnects += 1

            client.on("snapshot", on_snapshot, namespace=NAMESPACE)
            client.on("seat", on_seat, namespace=NAMESPACE)
            client.on("run", on_run, namespace=NAMESPACE)
            client.on("note", lambda note: self.on_note(phone, note), namespace=NAMESPACE)
            client.on("disconnect", on_disconnect, namespace=NAMESPACE)
            code = self.plan["workshops"][phone.workshop]["code"]
            started = now()
            await asyncio.wait_for(client.connect(
                self.servers[slot % len(self.servers)], namespaces=[NAMESPACE],
                transports=["websocket"], wait_timeout=WAIT_SECONDS * 3,
                auth={"workshop": code, "view": "participant", "protocol": 1,
                      "token": phone.token}), WAIT_SECONDS * 3)
            browser_patience(client)
            await asyncio.wait_for(got.wait(), WAIT_SECONDS * 3)
            phone.connected_at = now()
            return phone.connected_at - started

    async def op_connect(self, at_once: int) -> dict:
        """This process's consoles, then its phones (`at_once` connecting at a time); the
        heartbeat starts once they are in."""
        started = now()
        for index in self.owned:
            try:
                await self.connect_console(index)
            except Exception as error:  # noqa: BLE001 - counted, the run goes on
                self.errors.append(f"console {index}: {error!r}")
        slot = 0
        slots = []
        for index, workshop in enumerate(self.plan["workshops"]):
            for person in workshop["people"]:
                if index in self.owned:
                    phone = Phone(index, person["id"], person["name"], person["token"])
                    self.phones.append(phone)
                    self.by_workshop[index].append(phone)
                    slots.append(slot)   # phone i over all workshops -> server i % N
                slot += 1
        gate = asyncio.Semaphore(max(1, at_once))
        results = await asyncio.gather(*(self.connect_phone(phone, s, gate)
                                         for phone, s in zip(self.phones, slots)),
                                       return_exceptions=True)
        times = [r for r in results if isinstance(r, float)]
        failures = [r for r in results if not isinstance(r, float)]
        for failure in failures[:3]:
            self.errors.append(f"connect: {failure!r}")
        self.hosts = {(p.workshop, p.name): p for p in self.phones if p.me}
        self.heartbeat_task = asyncio.ensure_future(self.heartbeat())
        return {"times": times, "failed": len(failures), "wall": now() - started,
                "consoles": len(self.consoles)}

    async def close(self) -> None:
        clients = [c for _, c in self.consoles] + [p.client for p in self.phones if p.client]
        for start in range(0, len(clients), 100):
            await asyncio.gather(*(c.disconnect() for c in clients[start:start + 100]),
                                 return_exceptions=True)

    # heartbeat ----------------------------------------------------------------------------
    async def heartbeat(self) -> None:
        """Each phone sends `time` every 30 s (docs/realtime.md), spread evenly."""
        live = [p for p in self.phones if p.client is not None and p.connected_at]
        if not live:
            return
        gap = HEARTBEAT_SECONDS / len(live)
        random.Random(1).shuffle(live)
        index = 0
        while not self.stop_heartbeat.is_set():
            phone = live[index % len(live)]
            index += 1
            if not phone.disconnects:
                asyncio.ensure_future(self._beat(phone))
            try:
                await asyncio.wait_for(self.stop_heartbeat.wait(), gap)
            except asyncio.TimeoutError:
                pass

    async def _beat(self, phone: Phone) -> None:
        try:
            answer = await phone.client.call("time", {"t": int(time.time() * 1000)},
                                             namespace=NAMESPACE, timeout=WAIT_SECONDS * 3)
            self.heartbeats += 1
            if not answer.get("ok"):
                self.heartbeat_errors += 1
        except Exception:
            self.heartbeat_errors += 1

    # commands -----------------------------------------------------------------------------
    def live_phones(self) -> list[Phone]:
        return [p for p in self.phones if p.connected_at and not p.disconnects]

    async def op_command(self, name: str, expect_seat: bool, stagger: float,
                         start_at: float) -> dict:
        """`name` from each console of this process, workshop i (over all processes) at
        `start_at + i * stagger`; then wait for each connected phone's `run` (and `seat`)."""
        phones = self.live_phones()
        marks = {id(p): (len(p.seat_times), len(p.run_times)) for p in phones}

        async def one(index, console):
            await sleep_until(start_at + index * stagger)
            started = now()
            try:
                answer = await console.call("command", {"command": name},
                                            namespace=NAMESPACE, timeout=WAIT_SECONDS * 3)
            except Exception as error:  # noqa: BLE001 - never answered
                answer = {"ok": False, "error": type(error).__name__}
            return index, started, now(), answer

        answers = await asyncio.gather(*(one(i, c) for i, c in self.consoles))
        starts = {index: started for index, started, _, _ in answers}
        acks = [done - started for _, started, done, answer in answers if answer.get("ok")]
        unanswered = 0
        for index, _, _, answer in answers:
            if not answer.get("ok"):
                unanswered += answer.get("error") in ("TimeoutError", "BadNamespaceError")
                self.errors.append(f"{name} in workshop {index}: {answer}")
        deadline = now() + WAIT_SECONDS
        while now() < deadline:
            phones = [p for p in phones if not p.disconnects]
            if all(len(p.run_times) > marks[id(p)][1] and
                   (not expect_seat or len(p.seat_times) > marks[id(p)][0]) for p in phones):
                break
            await asyncio.sleep(0.01)
        per_phone, runs, missing = [], [], 0
        last: dict[int, float] = {}
        for p in phones:
            seat_mark, run_mark = marks[id(p)]
            if p.workshop not in starts:
                continue
            if len(p.run_times) > run_mark:
                runs.append(p.run_times[run_mark][0] - starts[p.workshop])
            if expect_seat:
                if len(p.seat_times) <= seat_mark:
                    missing += 1
                    continue
                at = p.seat_times[seat_mark][0]
                per_phone.append(at - starts[p.workshop])
                last[p.workshop] = max(last.get(p.workshop, 0), at)
        per_workshop = [at - starts[w] for w, at in last.items()]
        return {"per_phone": per_phone, "per_workshop": per_workshop, "run": runs,
                "ack": acks, "missing": missing, "unanswered": unanswered}

    # the vote storm ----------------------------------------------------------------------
    async def op_add_solutions(self) -> int:
        """Every host proposes two solutions (during the last round)."""
        gate = asyncio.Semaphore(20)

        async def propose(phone: Phone, title: str) -> bool:
            async with gate:
                try:
                    answer = await phone.client.call(
                        "solution", {"action": "add", "title": title},
                        namespace=NAMESPACE, timeout=WAIT_SECONDS * 3)
                except Exception as error:  # noqa: BLE001
                    answer = {"ok": False, "error": type(error).__name__}
                if not answer.get("ok"):
                    self.errors.append(f"solution from {phone.name}: {answer}")
                return bool(answer.get("ok"))

        done = await asyncio.gather(*(propose(p, title) for p in self.live_phones()
                                      if p.is_host
                                      for title in ("Welcome call", "Chat support")))
        return sum(done)

    async def op_open_votes(self) -> int:
        """Each console opens the votes; keeps each workshop's solutions."""
        async def one(index, console):
            try:
                answer = await console.call("plenary", {"action": "open_votes"},
                                            namespace=NAMESPACE, timeout=WAIT_SECONDS * 3)
            except Exception as error:  # noqa: BLE001
                answer = {"ok": False, "error": type(error).__name__}
            if answer.get("ok"):
                self.solutions[index] = [s["id"] for s in answer["plenary"]["solutions"]]
            else:
                self.errors.append(f"open_votes in workshop {index}: {answer}")

        await asyncio.gather(*(one(i, c) for i, c in self.consoles))
        return len(self.solutions)

    async def op_vote_storm(self, window: float, per_workshop: float, begin_at: float,
                            dots: int = 3) -> dict:
        """Every phone of this process casts its `dots` one at a time (absolute counts, as
        docs/realtime.md says), workshop i (over all processes) starting at begin_at + i *
        (window - per_workshop) / W and all its phones within `per_workshop` seconds, while
        each facilitator pages through the tables (a `plenary` command every 1.5 s), reveals
        halfway and closes the votes at the end. Then each console asks `sync` for the
        server's final tallies."""
        phones = self.live_phones()
        received = {"bytes": 0, "events": 0, "plenary_bytes": 0, "plenary_events": 0}

        def count(payload) -> None:  # what votes cost the room: `votes` and `my_votes`
            received["bytes"] += len(json.dumps(payload))
            received["events"] += 1

        def count_plenary(payload) -> None:  # what the facilitator's commands cost
            received["plenary_bytes"] += len(json.dumps(payload))
            received["plenary_events"] += 1

        for phone in phones:
            for event in ("votes", "my_votes"):
                phone.client.on(event, count, namespace=NAMESPACE)
            phone.client.on("plenary", count_plenary, namespace=NAMESPACE)
        disconnects0 = sum(p.disconnects for p in phones)
        votes: list[dict] = []
        mine: dict = {}                   # (person, solution) -> dots acknowledged
        spread = max(0.0, window - per_workshop) / max(1, self.workshops)
        rng = random.Random(3 + (self.owned[0] if self.owned else 0))

        async def voter(phone: Phone) -> None:
            await sleep_until(begin_at + phone.workshop * spread + rng.random() * per_workshop)
            choices = self.solutions.get(phone.workshop) or []
            wanted: dict[int, int] = defaultdict(int)
            for _dot in range(dots if choices else 0):
                target = rng.choice(choices)
                if wanted[target] >= 2:   # the default rules: at most 2 on one solution
                    target = next((c for c in choices if wanted[c] < 2), target)
                wanted[target] += 1
                sent = now()
                try:
                    answer = await phone.client.call(
                        "vote", {"solution_id": target, "dots": wanted[target]},
                        namespace=NAMESPACE, timeout=WAIT_SECONDS * 3)
                except Exception as error:  # noqa: BLE001 - a timeout: never answered
                    answer = {"ok": False, "error": type(error).__name__}
                votes.append({"ok": bool(answer.get("ok")), "error": answer.get("error"),
                              "seconds": now() - sent, "workshop": phone.workshop})
                if answer.get("ok"):
                    mine[(phone.person_id, target)] = wanted[target]

        commands: list[dict] = []

        async def facilitator(index: int, console) -> None:
            await sleep_until(begin_at + index * spread)
            # A brisk facilitator: a command every 1.5 s while the room votes.
            plan = ["next_table"] * max(1, int(per_workshop / 2)) + ["reveal"] + \
                ["next_table"] * max(1, int(per_workshop / 2)) + ["close_votes"]
            for action in plan:
                sent = now()
                try:
                    answer = await console.call("plenary", {"action": action},
                                                namespace=NAMESPACE, timeout=WAIT_SECONDS * 3)
                except Exception as error:  # noqa: BLE001
                    answer = {"ok": False, "error": type(error).__name__}
                commands.append({"action": action, "ok": bool(answer.get("ok")),
                                 "error": answer.get("error"), "seconds": now() - sent})
                await asyncio.sleep(1.5)

        await asyncio.gather(*(voter(p) for p in phones),
                             *(facilitator(i, c) for i, c in self.consoles))
        ended = now()
        await asyncio.sleep(1.0)           # the last coalesced `votes` events
        server: dict[str, int] = {}        # solution -> the server's final tally

        async def final(index, console):
            try:
                answer = await console.call("sync", {}, namespace=NAMESPACE,
                                            timeout=WAIT_SECONDS * 3)
                for solution in answer["snapshot"]["plenary"]["solutions"]:
                    server[str(solution["id"])] = solution.get("votes", 0)
            except Exception as error:  # noqa: BLE001
                self.errors.append(f"final sync in workshop {index}: {error!r}")

        await asyncio.gather(*(final(i, c) for i, c in self.consoles))
        return {"votes": votes, "commands": commands, "ended": ended,
                "mine": [[p, s, d] for (p, s), d in mine.items()], "server": server,
                "received": received,
                "disconnects": sum(p.disconnects for p in phones) - disconnects0}

    # notes --------------------------------------------------------------------------------
    def on_note(self, phone: Phone, note: dict) -> None:
        sent = self.notes.get(note.get("client_id"))
        if sent is None or note.get("mine") or sent.host is not phone:
            return
        sent.host_ids.add(note.get("id"))
        sent.host_receipts += 1
        if sent.host_at is None:
            sent.host_at = now()

    def authors(self) -> list[Phone]:
        people = [p for p in self.live_phones() if p.me and not p.is_host
                  and p.me.get("table")]
        random.Random(2 + (self.owned[0] if self.owned else 0)).shuffle(people)
        return people

    def host_of(self, author: Phone) -> Phone | None:
        name = author.me.get("host") if author.me else None
        return self.hosts.get((author.workshop, name)) if name else None

    async def save(self, author: Phone, phase: str, retry: bool) -> None:
        client_id = str(uuid.uuid4())
        text = f"Note {client_id[:8]} from {author.name}"
        record = SentNote(author, self.host_of(author), now(), phase=phase, retried=retry)
        self.notes[client_id] = record
        payload = {"client_id": client_id, "text": text, "share": True}
        try:
            answer = await author.client.call("note.save", payload, namespace=NAMESPACE,
                                              timeout=WAIT_SECONDS * 3)
        except Exception as error:  # noqa: BLE001
            record.error = repr(error)
            return
        record.acked, record.ok = now(), bool(answer.get("ok"))
        if not record.ok:
            record.error = answer.get("error")
            return
        record.note_id = answer["note"]["id"]
        if retry:  # the phone did not hear the answer and sends the same note again
            try:
                again = await author.client.call("note.save", payload, namespace=NAMESPACE,
                                                 timeout=WAIT_SECONDS * 3)
                self.retries.append(again.get("ok") and again["note"]["id"] == record.note_id)
            except Exception:  # noqa: BLE001
                self.retries.append(False)

    def _my_share(self, total: float) -> float:
        return total * len(self.owned) / max(1, self.workshops)

    async def op_notes_at_rate(self, rate: float, seconds: float, start_at: float) -> float:
        """This process's share of `rate` notes a second over all phones, from `start_at`
        for `seconds`; then wait for the hosts. Answers the seconds spent sending."""
        authors, tasks = self.authors(), []
        rate = self._my_share(rate)
        count = int(rate * seconds) if authors else 0
        await sleep_until(start_at)
        for k in range(count):
            await sleep_until(start_at + k / rate)
            tasks.append(asyncio.ensure_future(
                self.save(authors[k % len(authors)], "sustained", k % 20 == 7)))
        sending = now() - start_at
        await asyncio.wait_for(asyncio.gather(*tasks), WAIT_SECONDS * 6)
        await self.wait_for_hosts()
        return sending

    async def op_notes_max(self, concurrency: int, seconds: float, start_at: float) -> dict:
        """This process's share of `concurrency` authors in closed loops for `seconds`."""
        authors = self.authors()
        loops = max(1, round(self._my_share(concurrency))) if authors else 0
        await sleep_until(start_at)
        stop = start_at + seconds
        counter = iter(range(10 ** 9))

        async def loop(offset):
            while now() < stop:
                k = next(counter)
                await self.save(authors[(k + offset) % len(authors)], "max", False)

        await asyncio.wait_for(asyncio.gather(*(loop(i) for i in range(loops))),
                               seconds + WAIT_SECONDS * 6)
        elapsed = now() - start_at
        await self.wait_for_hosts()
        done = sum(1 for n in self.notes.values() if n.phase == "max" and n.ok)
        return {"notes": done, "seconds": elapsed}

    async def wait_for_hosts(self) -> None:
        deadline = now() + WAIT_SECONDS
        while now() < deadline:
            if all(n.host_at is not None for n in self.notes.values()
                   if n.ok and n.host and not n.host.disconnects):
                return
            await asyncio.sleep(0.05)

    # the end ------------------------------------------------------------------------------
    async def op_finish(self) -> dict:
        """Stop the heartbeat, let late duplicates arrive, answer everything measured as
        plain data, and disconnect every client."""
        self.stop_heartbeat.set()
        if self.heartbeat_task is not None:
            await self.heartbeat_task
        await asyncio.sleep(0.5)           # an event delivered twice would have arrived by now
        notes = [{"client_id": c, "phase": n.phase, "sent": n.sent, "acked": n.acked,
                  "ok": n.ok, "error": n.error, "host_at": n.host_at,
                  "host_ids": len(n.host_ids), "host_receipts": n.host_receipts,
                  "retried": n.retried, "has_host": n.host is not None,
                  "host_gone": bool(n.host and n.host.disconnects)}
                 for c, n in self.notes.items()]
        answer = {
            "notes": notes, "retries": self.retries, "errors": self.errors,
            "disconnects": sum(p.disconnects for p in self.phones),
            "heartbeats": [self.heartbeats, self.heartbeat_errors],
            "repeated_runs": sum(len(p.run_versions) - len(set(p.run_versions))
                                 for p in self.phones),
            "repeated_notes": sum(n.host_receipts - 1 for n in self.notes.values()
                                  if not n.retried and n.host_receipts > 1),
            "cpu": sum(os.times()[:2]) - self.cpu0, "wall": now() - self.wall0,
            "pid": os.getpid(), "phones": len(self.phones),
            "threads": thread_count(os.getpid())}   # asyncio clients: no thread per phone
        await self.close()
        return answer


def percentiles(values: list[float], scale: float = 1000.0) -> tuple:
    if not values:
        return (float("nan"),) * 3
    ordered = sorted(values)

    def at(q):
        return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered) + 0.5)) - 1))]
    return tuple(at(q) * scale for q in (0.50, 0.95, 0.99))


def fmt(triple: tuple) -> str:
    return " / ".join(f"{v:.0f}" for v in triple)


def check_database(source: str, notes: list[dict]) -> dict:
    """`source`: an SQLite file's path, or a postgresql:// address."""
    if source.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(source, connect_timeout=10) as conn:
            rows = conn.execute("SELECT client_id, participant_id, table_id FROM note").fetchall()
    else:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as conn:
            rows = conn.execute("SELECT client_id, participant_id, table_id FROM note").fetchall()
    by_client: dict[str, int] = defaultdict(int)
    for client_id, _, _ in rows:
        by_client[client_id] += 1
    acked = {n["client_id"] for n in notes if n["ok"]}
    return {"rows": len(rows), "unshared": sum(1 for r in rows if r[2] is None),
            "missing": len(acked - set(by_client)),
            "duplicated_rows": sum(c - 1 for c in by_client.values() if c > 1)}


def check_votes(source: str, mine: dict) -> dict:
    """The database's dots against the acknowledged ones: (participant, solution) -> dots."""
    query = "SELECT participant_id, solution_id, dots FROM vote WHERE dots > 0"
    if source.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(source, connect_timeout=10) as conn:
            rows = conn.execute(query).fetchall()
    else:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as conn:
            rows = conn.execute(query).fetchall()
    stored = {(p, s): d for p, s, d in rows}
    return {"stored_dots": sum(stored.values()), "acked_dots": sum(mine.values()),
            "mismatches": sum(1 for k in set(stored) | set(mine)
                              if stored.get(k, 0) != mine.get(k, 0))}


def report_ratios(rows: list[dict]) -> None:
    """App against the bare server run right after it: medians, and the 3x targets."""
    pairs = [(a, b) for a, b in zip(rows, rows[1:]) if not a["bare"] and b["bare"]]
    if not pairs:
        return
    print("\n| figure (p50) | app | bare | app / bare | target |")
    print("|---|---|---|---|---|")
    for app, bare in pairs:
        figures = [("rotation fan-out, last phone (ms)", app["rotate"][0], bare["rotate"][0], 3),
                   ("note to host (ms)", app["note_host"][0], bare["note_host"][0], 3),
                   ("server CPU to connect all (s)", app["connect_cpu"], bare["connect_cpu"], 3),
                   ("connect all, wall (s)", app["connect_all"], bare["connect_all"], None),
                   ("worker CPU while notes flow (%)", app["cpu_sustained"] * 100,
                    bare["cpu_sustained"] * 100, None),
                   ("RSS per connection (KiB)", app["rss"]["per_connection"],
                    bare["rss"]["per_connection"], None)]
        for name, a, b, target in figures:
            ratio = a / b if b else float("nan")
            verdict = "" if target is None else (
                f"< {target}x: {'met' if ratio < target else 'NOT met'}")
            print(f"| {name} | {a:.1f} | {b:.1f} | {ratio:.1f} | {verdict} |")


def busy(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values) or "-"


def report_clients(rows: list[dict]) -> None:
    """How busy the client processes were (CPU seconds / wall seconds, per process), and
    where a run stopped early."""
    for r in rows:
        clients = r["clients"]
        phases = "; ".join(f"{op} {busy(v)}" for op, v in clients["phases"].items())
        print(f"- client processes ({r['config']}): {clients['processes']}, phones "
              f"{clients['phones']}, threads {clients.get('threads')}; CPU / wall per "
              f"process over the whole run "
              f"{busy(clients['whole'])}; {phases}"
              + (" (a process near 1.0 is itself a bottleneck)"
                 if max(clients["whole"] + [v for x in clients["phases"].values() for v in x],
                        default=0) > 0.85 else ""))
        if r["cut"]:
            print(f"- cut short ({r['config']}): {r['cut']}")
        if r["stopped"]:
            print(f"- STOPPED EARLY ({r['config']}): {r['stopped']}; completed: "
                  f"{', '.join(r['completed']) or 'nothing'}")


def storm_verdicts(storm: dict) -> dict:
    votes, commands = storm["votes"], storm["commands"]
    acked = [v["seconds"] for v in votes if v["ok"]]
    unanswered = sum(1 for v in votes if v["error"] in ("TimeoutError", "BadNamespaceError"))
    commands_acked = [c["seconds"] for c in commands if c["ok"]]
    commands_unanswered = sum(1 for c in commands
                              if c["error"] in ("TimeoutError", "BadNamespaceError"))
    tallies = storm["tallies"]
    return {"vote_p": percentiles(acked), "command_p": percentiles(commands_acked),
            "unanswered": unanswered, "commands_unanswered": commands_unanswered,
            "acked": len(acked), "commands_acked": len(commands_acked),
            "tallies_equal": tallies["mismatches"] == 0 and tallies["server_mismatches"] == 0}


def report_storm(rows: list[dict]) -> None:
    """The vote storm's figures, one line per run, against the issue's targets."""
    for r in rows:
        storm = r.get("storm")
        if not storm:
            continue
        votes, commands = storm["votes"], storm["commands"]
        v = storm_verdicts(storm)
        refused = defaultdict(int)
        for vote in votes:
            if not vote["ok"]:
                refused[vote["error"]] += 1
        tallies = storm["tallies"]
        print(f"- vote storm ({r['config']}): {len(votes)} votes in {storm['seconds']:.1f} s "
              f"({len(votes) / storm['seconds']:.0f}/s), {v['acked']} acknowledged, "
              f"{v['unanswered']} never answered (30 s), refused {dict(refused)}; vote answer "
              f"{fmt(v['vote_p'])} ms; facilitator commands {v['commands_acked']}/"
              f"{len(commands)} acknowledged ({v['commands_unanswered']} never answered), "
              f"{fmt(v['command_p'])} ms; tallies: {tallies['stored_dots']} dots in the "
              f"database, {tallies['server_dots']} in the server's final plenary, "
              f"{tallies['acked_dots']} acknowledged, mismatches {tallies['mismatches']} "
              f"(database, per person and solution) and {tallies['server_mismatches']} (final "
              f"plenary, per solution); the room received per vote "
              f"{storm['bytes_per_vote']:.0f} B in {storm['events_per_vote']:.2f} events (all "
              f"phones together; the facilitator's {len(commands)} commands added "
              f"{storm['plenary_events']} plenary events, "
              f"{storm['plenary_bytes'] / 1024:.0f} KiB); websockets dropped "
              f"{storm['disconnects']}; server CPU {storm['server_cpu'] * 100:.0f}%, client "
              f"processes CPU / wall {busy(storm['client_cpu'])}")


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report_targets(rows: list[dict], args, wall: float) -> None:
    """Every target of issue 14, met or NOT met, for each app run (and its bare pair)."""
    print(f"\nTargets (load average at the start {START_LOAD}; whole invocation "
          f"{wall:.0f} s):")
    for k, r in enumerate(rows):
        if r["bare"]:
            continue
        print(f"- {r['config']}, {r['phones']} phones connected of "
              f"{r['phones'] + r['failed']}:")
        lines = []
        if r["stopped"]:
            lines.append(("the run completed", False, r["stopped"]))
        storm = r.get("storm")
        if storm:
            v = storm_verdicts(storm)
            lines += [
                ("every vote acknowledged", v["unanswered"] == 0,
                 f"{v['unanswered']} of {len(storm['votes'])} never answered"),
                ("every facilitator command acknowledged",
                 v["commands_unanswered"] == 0 and r["command_unanswered"] == 0,
                 f"{v['commands_unanswered']} in the storm, {r['command_unanswered']} in the "
                 f"rounds never answered"),
                ("vote answer p95 < 300 ms", v["vote_p"][1] < 300, f"{v['vote_p'][1]:.0f} ms"),
                ("facilitator command p95 < 200 ms during the storm", v["command_p"][1] < 200,
                 f"{v['command_p'][1]:.0f} ms"),
                ("tallies equal the acknowledged votes", v["tallies_equal"],
                 f"{storm['tallies']['acked_dots']} acknowledged dots, "
                 f"{storm['tallies']['stored_dots']} stored, "
                 f"{storm['tallies']['server_dots']} in the final plenary"),
                ("no websocket dropped", r["disconnects"] == 0,
                 f"{r['disconnects']} over the run, {storm['disconnects']} in the storm")]
        elif args.vote_window > 0:
            lines.append(("vote storm played", False, "not reached"))
        lines += [("rotation fan-out p95 < 100 ms", r["rotate"][1] < 100,
                   f"{r['rotate'][1]:.0f} ms"),
                  ("note to host p95 < 50 ms", r["note_host"][1] < 50,
                   f"{r['note_host'][1]:.0f} ms"),
                  ("no note lost or duplicated", r["lost"] == 0 and r["duplicated"] == 0,
                   f"{r['lost']} / {r['duplicated']}")]
        bare = rows[k + 1] if k + 1 < len(rows) and rows[k + 1]["bare"] else None
        if bare:
            for name, a, b in (("rotation fan-out p50", r["rotate"][0], bare["rotate"][0]),
                               ("note to host p50", r["note_host"][0], bare["note_host"][0]),
                               ("server CPU to connect", r["connect_cpu"],
                                bare["connect_cpu"])):
                ratio = a / b if b else float("nan")
                lines.append((f"{name} within 3x of the bare server", ratio < 3,
                              f"{ratio:.1f}x"))
        if args.workshops * args.phones >= 1000:
            lines.append(("the invocation took under 6 minutes", wall < 360, f"{wall:.0f} s"))
        for name, ok, figure in lines:
            print(f"  - {name}: {verdict(ok)} ({figure})")


# PostgreSQL and Redis (--processes) ----------------------------------------------------------

def _loopback_only(url: str, what: str) -> None:
    from urllib.parse import urlsplit

    if urlsplit(url).hostname != HOST:
        sys.exit(f"live.py: {what} must be on {HOST} (got {url})")


def check_services(args) -> None:
    """Exit with one line when PostgreSQL or Redis does not answer on 127.0.0.1."""
    _loopback_only(args.postgres_url, "PostgreSQL")
    _loopback_only(args.redis_url, "Redis")
    try:
        import psycopg

        with psycopg.connect(args.postgres_url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means: not usable
        reason = (str(error).strip() or type(error).__name__).splitlines()[0]
        sys.exit(f"live.py: PostgreSQL is not reachable at {args.postgres_url} ({reason}); "
                 f"start it or run without --processes")
    try:
        import redis

        client = redis.Redis.from_url(args.redis_url, socket_connect_timeout=5, socket_timeout=5)
        client.ping()
        client.close()
    except Exception as error:  # noqa: BLE001
        reason = (str(error).strip() or type(error).__name__).splitlines()[0]
        sys.exit(f"live.py: Redis is not reachable at {args.redis_url} ({reason}); "
                 f"start it or run without --processes")


def create_database(admin_url: str) -> tuple[str, str]:
    """A new, empty database next to `admin_url`'s: (name, its postgresql:// address)."""
    import psycopg

    name = f"facilitator_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, admin_url.rsplit("/", 1)[0] + "/" + name


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# One configuration ---------------------------------------------------------------------------

class Stopped(Exception):
    """A phase that could not start or finish within the run's budget."""


def _merge(answers: list[dict]) -> dict:
    """Lists concatenated, numbers summed, over the client processes' answers."""
    merged: dict = {}
    for figures in answers:
        for key, value in figures.items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, (int, float)):
                merged[key] = merged.get(key, 0) + value
    return merged


async def drive(pool: ClientPool, servers: list[Server], args, deadline: float) -> dict:
    """The coordinator: every phase runs in all the client processes at once, at a time
    given on the machine's monotonic clock; a phase that cannot start or finish before
    `deadline` stops the run, and what completed is still reported with the reason."""
    pool.attach()
    result: dict = {"stopped": None, "completed": []}
    workers = [s.worker for s in servers]

    def cpu() -> float:
        return sum(cpu_seconds(pid) for pid in workers)

    async def phase(name: str, make, need: float = 5.0):
        remaining = deadline - now()
        if remaining < need:
            raise Stopped(f"{name} not started: {max(remaining, 0):.0f} s of the run's "
                          f"budget left, it needs about {need:.0f} s")
        try:
            value = await asyncio.wait_for(make(), remaining)
        except asyncio.TimeoutError:
            raise Stopped(f"{name} did not finish before the run's budget ran out") from None
        result["completed"].append(name)
        return value

    samples = defaultdict(lambda: defaultdict(list))
    figures_per_command = WAIT_SECONDS + args.stagger * args.workshops

    async def command(kind: str, name: str, expect_seat: bool, stagger: float) -> None:
        start_at = now() + 0.1
        answers = await phase(kind, lambda: pool.call(
            "command", name=name, expect_seat=expect_seat, stagger=stagger,
            start_at=start_at), need=min(figures_per_command, 15))
        for key, value in _merge(answers).items():
            if isinstance(value, list):
                samples[kind][key].extend(value)
            else:
                samples[kind][key].append(value)
        await asyncio.sleep(args.gap)

    idle = [rss_kib(pid) for pid in workers]
    cpu0 = cpu()
    try:
        started = now()
        at_once = max(1, CONNECT_AT_ONCE // len(pool))
        answers = await phase("connect", lambda: pool.call("connect", at_once=at_once),
                              need=CONNECT_NEED)
        merged = _merge(answers)
        result["connect"] = {"wall": now() - started, "times": merged.get("times", []),
                             "failed": merged.get("failed", 0)}
        await asyncio.sleep(SETTLE_SECONDS)  # the boards and presence writes settle
        busy = [rss_kib(pid) for pid in workers]
        connected = len(result["connect"]["times"])
        result["rss"] = {"idle": sum(idle), "busy": sum(busy), "phones": connected,
                         "per_connection": (sum(busy) - sum(idle)) / max(connected, 1),
                         "threads": sum(thread_count(pid) for pid in workers),
                         "per_process": list(zip(idle, busy))}
        result["server_cpu_connect"] = cpu() - cpu0

        await command("start_round", "start_round", True, args.stagger)
        await command("skip", "skip", False, args.stagger)          # -> sharing
        storm_need = args.vote_window + 40 if args.vote_window > 0 and not pool.bare else 0
        cuts = []
        if storm_need and deadline - now() < storm_need + args.duration + 20:
            cuts.append("notes at a steady rate skipped")
        else:
            cpu1, start_at = cpu(), now() + 0.1
            sending = max(await phase("notes at a steady rate", lambda: pool.call(
                "notes_at_rate", rate=args.note_rate, seconds=args.duration,
                start_at=start_at), need=args.duration + 5))
            result["sustained_seconds"] = sending
            result["server_cpu_sustained"] = (cpu() - cpu1) / max(sending, 1e-6)
        if storm_need and deadline - now() < storm_need + args.max_seconds + 15:
            if "notes at a steady rate skipped" not in cuts:
                cuts.append("notes at the maximum rate skipped")
        elif not pool.bare:  # the bare server's maximum says nothing about the app
            cpu2, start_at = cpu(), now() + 0.1
            answers = await phase("notes at the maximum rate", lambda: pool.call(
                "notes_max", concurrency=args.concurrency, seconds=args.max_seconds,
                start_at=start_at), need=args.max_seconds + 5)
            elapsed = max(a["seconds"] for a in answers)
            result["max"] = {"notes": sum(a["notes"] for a in answers), "seconds": elapsed,
                             "server_cpu": (cpu() - cpu2) / elapsed}
        # The bare server plays two rounds: enough rotations for the ratios' medians.
        for round_number in range(1, min(args.rounds, 2) if pool.bare else args.rounds):
            commands_left = 2 * args.cycles + 2
            if storm_need and deadline - now() < storm_need + commands_left * \
                    figures_per_command:
                cuts.append(f"rounds {round_number + 1} to {args.rounds} not played")
                break
            for cycle in range(args.cycles):
                # The first cycle rotates every workshop at the same instant (the worst case),
                # the others one workshop every --stagger seconds.
                burst = round_number == 1 and cycle == 0
                suffix, stagger = ("_burst", 0.0) if burst else ("", args.stagger)
                await command("rotate" + suffix, "rotate", True, stagger)
                await command("back" + suffix, "back", True, stagger)
            await command("rotate", "rotate", True, args.stagger)
            await command("start_round", "start_round", True, args.stagger)
        if cuts:  # what was left out to leave the vote storm its time
            result["cut"] = ", ".join(cuts) + ", to leave the vote storm its time"
            print(f"  {result['cut']}", file=sys.stderr)
        if storm_need:
            need = storm_need
            await phase("solutions", lambda: pool.call("add_solutions"), need=need)
            await command("plenary", "plenary", False, args.stagger)
            await phase("votes open", lambda: pool.call("open_votes"), need=need)
            cpu3, begin_at = cpu(), now() + 0.5
            answers = await phase("vote storm", lambda: pool.call(
                "vote_storm", window=args.vote_window, per_workshop=args.vote_per_workshop,
                begin_at=begin_at), need=need)
            result["storm"] = storm_figures(answers, begin_at, cpu() - cpu3, pool, args)
    except Stopped as stop:
        result["stopped"] = str(stop)
        print(f"  stopped: {stop}", file=sys.stderr)
    except WorkerFailed as error:
        result["stopped"] = f"a client process failed: {str(error)[:300]}"
        print(f"  stopped: {error}", file=sys.stderr)
    finally:
        try:
            finals = await asyncio.wait_for(pool.call("finish"), 60)
        except Exception as error:  # noqa: BLE001 - report what there is
            print(f"  the client processes did not finish: {error!r}", file=sys.stderr)
            finals = []
    result["samples"] = samples
    notes = [n for final in finals for n in final["notes"]]
    result["notes"] = notes
    result["db"] = check_database(args.database, notes) if args.database else {
        "rows": sum(1 for n in notes if n["ok"]), "unshared": 0, "missing": 0,
        "duplicated_rows": 0}  # the bare server keeps no rows
    result["retries"] = [r for final in finals for r in final["retries"]]
    result["errors"] = [e for final in finals for e in final["errors"]]
    result["disconnects"] = sum(final["disconnects"] for final in finals)
    result["heartbeats"] = (sum(final["heartbeats"][0] for final in finals),
                            sum(final["heartbeats"][1] for final in finals))
    result["repeated_runs"] = sum(final["repeated_runs"] for final in finals)
    result["repeated_notes"] = sum(final["repeated_notes"] for final in finals)
    result["clients"] = {
        "processes": len(pool), "phones": [final["phones"] for final in finals],
        "threads": [final["threads"] for final in finals],
        "whole": [final["cpu"] / max(final["wall"], 1e-6) for final in finals],
        "phases": {op: [c / max(w, 1e-6) for c, w in per] for op, per in pool.busy.items()
                   if op in ("connect", "notes_at_rate", "notes_max", "vote_storm")}}
    sustained = pool.busy.get("notes_at_rate")
    result["client_cpu_sustained"] = max((c / max(w, 1e-6) for c, w in sustained),
                                         default=0.0) if sustained else 0.0
    result.setdefault("connect", {"wall": float("nan"), "times": [], "failed": 0})
    result.setdefault("rss", {"idle": 0, "busy": 0, "phones": 0, "per_connection": 0,
                              "threads": 0, "per_process": []})
    result.setdefault("server_cpu_connect", float("nan"))
    result.setdefault("sustained_seconds", float("nan"))
    result.setdefault("server_cpu_sustained", float("nan"))
    result.setdefault("max", {"notes": 0, "seconds": float("nan"), "server_cpu": float("nan")})
    return result


def storm_figures(answers: list[dict], begin_at: float, server_cpu: float,
                  pool: ClientPool, args) -> dict:
    """The vote storm's answers of every client process, merged; the tallies checked
    against the database and against the server's final plenary (the consoles' `sync`)."""
    votes = [v for a in answers for v in a["votes"]]
    commands = [c for a in answers for c in a["commands"]]
    mine = {(p, s): d for a in answers for p, s, d in a["mine"]}
    server = {int(k): v for a in answers for k, v in a["server"].items()}
    received = _merge([a["received"] for a in answers])
    seconds = max(a["ended"] for a in answers) - begin_at
    acked = sum(1 for v in votes if v["ok"])
    by_solution: dict[int, int] = defaultdict(int)
    for (_person, solution), dots in mine.items():
        by_solution[solution] += dots
    tallies = check_votes(args.database, mine)
    tallies["server_dots"] = sum(server.values())
    tallies["server_mismatches"] = sum(1 for s in set(server) | set(by_solution)
                                       if server.get(s, 0) != by_solution.get(s, 0))
    return {"votes": votes, "commands": commands, "seconds": seconds, "tallies": tallies,
            "bytes_per_vote": received.get("bytes", 0) / max(acked, 1),
            "events_per_vote": received.get("events", 0) / max(acked, 1),
            "plenary_bytes": received.get("plenary_bytes", 0),
            "plenary_events": received.get("plenary_events", 0),
            "server_cpu": server_cpu / max(seconds, 1e-6),
            "client_cpu": [c / max(w, 1e-6) for c, w in pool.busy["vote_storm"]],
            "disconnects": sum(a["disconnects"] for a in answers)}


def bare_plan(workshops: int, phones: int) -> dict:
    """The people of the bare server (benchmarks/_bare_server.py), shaped like setup()'s."""
    counter = iter(range(1, 10 ** 9))
    return {"workshops": [{"id": w + 1, "code": f"BARE{w:02d}", "people": [
        {"id": next(counter), "name": f"Host {i + 1}" if i < TABLES else f"P{i - TABLES + 1}",
         "token": secrets.token_urlsafe(16)} for i in range(phones)]}
        for w in range(workshops)]}


def run_config(config: str, args, deadline: float, processes: int = 0,
               bare: bool = False) -> dict:
    """One run: SQLite and one server (processes 0, the default), or `processes` servers
    sharing a throw-away PostgreSQL database and Redis; `bare`: the bare server instead of
    the app (no database)."""
    label = config if not processes else \
        f"{config}, {processes} process{'es' if processes > 1 else ''}"
    label = f"bare {label}" if bare else label
    folder = Path(tempfile.mkdtemp(prefix="facilitator-live-bench-"))
    instance = folder / "instance"
    instance.mkdir()
    args.instance = str(instance)
    extra = dict(item.split("=", 1) for item in args.env)
    database = None
    servers: list[Server] = []
    server_args = args.server_args
    try:
        if bare:  # the bare server: no database, a plan made here
            args.database = ""
            tokens = folder / "tokens.json"
            tokens.write_text(json.dumps(bare_plan(args.workshops, args.phones)))
            plan = json.loads(tokens.read_text())
            env = {**server_env(instance, extra), "BARE_PLAN": str(tokens),
                   "BARE_ASYNC_MODE": CONFIGS[config][1]["FACILITATOR_SOCKETIO_ASYNC_MODE"]}
        else:
            if processes:
                database, url = create_database(args.postgres_url)
                channel = f"facilitator-bench-{uuid.uuid4().hex[:12]}"
                extra = {"FACILITATOR_DATABASE_URL": url,
                         "FACILITATOR_MESSAGE_QUEUE": args.redis_url,
                         "FACILITATOR_SOCKETIO_CHANNEL": channel,
                         "FACILITATOR_RATELIMIT_STORAGE_URI": args.redis_url, **extra}
                server_args = (server_args + " --no-control-socket").strip()
                args.database = url
                print(f"[{label}] database {database}, channel {channel}", file=sys.stderr)
            else:
                args.database = str(instance / "facilitator.sqlite3")
            env = server_env(instance, extra)
            started = time.perf_counter()
            subprocess.run([str(BIN / "facilitator"), "db", "upgrade"], cwd=ROOT, env=env,
                           check=True, capture_output=True, timeout=300)
            tokens = folder / "tokens.json"
            subprocess.run([sys.executable, __file__, "--role", "setup", "--out", str(tokens),
                            "--workshops", str(args.workshops), "--phones", str(args.phones),
                            "--rounds", str(args.rounds)], cwd=ROOT, env=env, check=True,
                           timeout=max(deadline - now(), 1))
            plan = json.loads(tokens.read_text())
            print(f"[{label}] seeded {args.workshops} workshops x {args.phones} people in "
                  f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        connections = args.workshops * args.phones
        for _ in range(max(processes, 1)):
            servers.append(start_server(config, env, folder, args.threads, args.connections,
                                        server_args, bare))
            print(f"[{label}] server pid {servers[-1].process.pid} (worker "
                  f"{servers[-1].worker}) at {servers[-1].url}", file=sys.stderr)
        print(f"[{label}] {' '.join(server_command(config, 0, args.threads, args.connections, server_args, bare))}",
              file=sys.stderr)
        if connections > args.threads and config == "gthread":
            print(f"[{label}] warning: {connections} phones > {args.threads} threads",
                  file=sys.stderr)
        cookie = sign_in(servers[0].url)
        urls = [s.url for s in servers]
        count = client_processes(args.workshops * args.phones, args.workshops, args.clients)
        owned = share(args.workshops, count)
        pool = ClientPool([functools.partial(Bench, plan, urls, cookie, args, mine, count)
                           for mine in owned])
        pool.bare = bare
        print(f"[{label}] {count} client process(es): "
              f"{', '.join(str(p.pid) for p in pool.processes)}", file=sys.stderr)
        try:
            result = asyncio.run(drive(pool, servers, args, deadline))
        finally:
            pool.stop()
        if args.dump:
            with open(args.dump, "a") as out:
                for n in result["notes"]:
                    out.write(json.dumps({"config": label, "phase": n["phase"],
                                          "sent": n["sent"],
                                          "ack": n["acked"] and n["acked"] - n["sent"],
                                          "host": n["host_at"] and n["host_at"] - n["sent"]})
                              + "\n")
        logs = [s.log.read_text(errors="replace") for s in servers]
        result["log_locked"] = sum(log.count("database is locked") for log in logs)
        result["log_errors"] = sum(len(re.findall(r"Traceback|\[ERROR\]|\[CRITICAL\]", log))
                                   for log in logs)
        result["log_lines"] = [line for log in logs for line in log.splitlines()
                               if re.search(r"Error|ERROR|CRITICAL|Traceback", line)][:5]
        result["config"] = label
        result["processes"] = max(processes, 1)
        result["backend"] = "PostgreSQL + Redis" if processes else "SQLite"
        result["command"] = " ".join(["gunicorn"] + server_command(
            config, 8000, args.threads, args.connections, server_args, bare)[1:])
        result["bare"] = bare
        return result
    finally:
        for server in servers:
            try:
                server.stop()
            except Exception as error:  # noqa: BLE001 - stop the others all the same
                print(f"[{label}] stopping {server.process.pid}: {error!r}", file=sys.stderr)
        if database is not None:
            try:
                drop_database(args.postgres_url, database)
            except Exception as error:  # noqa: BLE001
                print(f"[{label}] could not drop database {database}: {error!r}",
                      file=sys.stderr)
        if args.keep:
            print(f"[{label}] kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


# Report --------------------------------------------------------------------------------------

def summarise(result: dict) -> dict:
    notes = result["notes"]
    sustained = [n for n in notes if n["phase"] == "sustained"]
    at_max = [n for n in notes if n["phase"] == "max"]
    # A host whose websocket dropped gets the note in its next snapshot, not as an event:
    # counted apart, not as lost.
    lost_host = sum(1 for n in notes if n["ok"] and n["has_host"] and n["host_at"] is None
                    and not n["host_gone"])
    host_gone = sum(1 for n in notes if n["ok"] and n["has_host"] and n["host_at"] is None
                    and n["host_gone"])
    dup_host = sum(1 for n in notes if n["host_ids"] > 1)
    samples = result["samples"]
    empty = {"per_workshop": [], "per_phone": [], "run": [], "ack": [], "missing": []}
    samples = {kind: samples.get(kind, empty) for kind in
               ("rotate", "rotate_burst", "start_round", "back", "skip")} | dict(samples)
    return {
        "config": result["config"], "command": result["command"],
        "phones": result["rss"]["phones"], "failed": result["connect"]["failed"],
        "connect_all": result["connect"]["wall"],
        "connect": percentiles(result["connect"]["times"]),
        "rotate": percentiles(samples["rotate"]["per_workshop"]),
        "rotate_phone": percentiles(samples["rotate"]["per_phone"]),
        "rotate_n": len(samples["rotate"]["per_workshop"]),
        "burst": percentiles(samples["rotate_burst"]["per_workshop"]),
        "burst_n": len(samples["rotate_burst"]["per_workshop"]),
        "start": percentiles(samples["start_round"]["per_workshop"]),
        "back": percentiles(samples["back"]["per_workshop"]),
        "run_skip": percentiles(samples["skip"]["run"]),
        "ack": percentiles(samples["rotate"]["ack"]),
        "missing_seats": sum(sum(s["missing"]) for s in samples.values()),
        "note_host": percentiles([n["host_at"] - n["sent"] for n in sustained if n["host_at"]]),
        "note_ack": percentiles([n["acked"] - n["sent"] for n in sustained if n["acked"]]),
        "note_host_max": percentiles([n["host_at"] - n["sent"] for n in at_max if n["host_at"]]),
        "sustained_n": len(sustained),
        "sustained_rate": len(sustained) / result["sustained_seconds"],
        "notes_per_s": result["max"]["notes"] / result["max"]["seconds"],
        "refused": sum(1 for n in notes if n["ok"] is False or n["error"]),
        "refusals": sorted({str(n["error"]) for n in notes if n["error"]})[:5],
        "lost": result["db"]["missing"] + lost_host, "host_gone": host_gone,
        "duplicated": result["db"]["duplicated_rows"] + dup_host,
        "retries": (sum(1 for r in result["retries"] if r), len(result["retries"])),
        "rows": result["db"]["rows"], "acked": sum(1 for n in notes if n["ok"]),
        "rss": result["rss"], "cpu_sustained": result["server_cpu_sustained"],
        "cpu_max": result["max"]["server_cpu"],
        "client_cpu": result["client_cpu_sustained"], "disconnects": result["disconnects"],
        "heartbeats": result["heartbeats"], "locked": result["log_locked"],
        "log_errors": result["log_errors"], "errors": result["errors"][:5],
        "log_lines": result.get("log_lines", []),
        "processes": result.get("processes", 1), "backend": result.get("backend", "SQLite"),
        "repeated_runs": result.get("repeated_runs", 0),
        "repeated_notes": result.get("repeated_notes", 0),
        "connect_cpu": result.get("server_cpu_connect", 0.0),
        "storm": result.get("storm"), "bare": result.get("bare", False),
        "clients": result["clients"], "stopped": result["stopped"],
        "completed": result["completed"], "wall": result.get("wall", float("nan")),
        "cut": result.get("cut"),
        "command_unanswered": sum(sum(s.get("unanswered", [])) for s in samples.values()),
    }


def machine() -> str:
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = int(line.split()[1]) // 1024 // 1024
    return f"{os.cpu_count()} cores, {memory} GiB, Python {sys.version.split()[0]}"


def report(rows: list[dict], args) -> None:
    print(f"\nload average at the start: {START_LOAD}")
    if args.processes:
        report_processes(rows, args)
        report_clients(rows)
        report_storm(rows)
        return
    print(f"\nLive benchmark: {args.workshops} workshops x {args.phones} phones "
          f"({TABLES} tables, {args.rounds} rounds), SQLite, one gunicorn worker; clients in "
          f"{rows[0]['clients']['processes']} asyncio process(es) on the same machine "
          f"({machine()}). Times in ms, p50 / p95 / p99; figures are per run (see the "
          f"definitions in benchmarks/live.py).\n")
    print("| configuration | phones | connect all (s) | connect per phone | rotation fan-out "
          "(last phone) | rotation per phone | start_round (last phone) | note to host "
          f"@{args.note_rate:g}/s | notes/s max | note to host @max | lost / duplicated "
          "| RSS per connection | rotation, all workshops at once (last phone) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['config']} | {r['phones']} ({r['failed']} failed) | {r['connect_all']:.1f} "
              f"| {fmt(r['connect'])} | {fmt(r['rotate'])} | {fmt(r['rotate_phone'])} "
              f"| {fmt(r['start'])} | {fmt(r['note_host'])} | {r['notes_per_s']:.0f} "
              f"| {fmt(r['note_host_max'])} | {r['lost']} / {r['duplicated']} "
              f"| {r['rss']['per_connection']:.0f} KiB | {fmt(r['burst'])} |")
    print()
    for r in rows:
        print(f"- {r['config']}: `{r['command']}`; worker RSS {r['rss']['idle'] // 1024} MiB "
              f"idle, {r['rss']['busy'] // 1024} MiB with {r['rss']['phones']} phones "
              f"({r['rss']['threads']} threads); {r['rotate_n']} rotation samples, `back` "
              f"{fmt(r['back'])}, `run` only (skip) per phone {fmt(r['run_skip'])}, command "
              f"ack {fmt(r['ack'])}; seats never received {r['missing_seats']}; notes: "
              f"{r['sustained_n']} at {r['sustained_rate']:.0f}/s (ack {fmt(r['note_ack'])}), "
              f"{r['acked']} acknowledged, {r['rows']} rows, {r['refused']} refused "
              f"{r['refusals']}, {r['host_gone']} not heard by a host whose websocket "
              f"dropped, retries answered with the same id {r['retries'][0]}/"
              f"{r['retries'][1]}; server CPU {r['cpu_sustained'] * 100:.0f}% sustained, "
              f"{r['cpu_max'] * 100:.0f}% at max (clients {r['client_cpu'] * 100:.0f}% sustained); "
              f"disconnects {r['disconnects']}; heartbeats "
              f"{r['heartbeats'][0]} ({r['heartbeats'][1]} failed); 'database is locked' "
              f"{r['locked']}, server log errors {r['log_errors']}"
              + (f" {r['log_lines'][:3]}" if r["log_errors"] else "")
              + (f"; errors: {r['errors']}" if r["errors"] else ""))
    report_clients(rows)
    report_storm(rows)
    report_ratios(rows)


def report_processes(rows: list[dict], args) -> None:
    """1 process vs N processes, both on PostgreSQL + Redis: one markdown table."""
    print(f"\nLive benchmark, several processes: {args.workshops} workshops x {args.phones} "
          f"phones ({TABLES} tables, {args.rounds} rounds), PostgreSQL + Redis on {HOST}, one "
          f"gunicorn master with one {rows[0]['config'].split(',')[0]} worker per process, phone "
          f"i on process i % N, every console on process 0; clients in "
          f"{rows[0]['clients']['processes']} asyncio process(es) on the same machine "
          f"({machine()}). Times in ms, p50 / p95 / p99 (see the "
          f"definitions in benchmarks/live.py).\n")
    print("| processes | phones connected | connect all (s) | connect per phone | rotation "
          "fan-out (last phone) | rotation, all workshops at once (last phone) | note to host "
          f"@{args.note_rate:g}/s | notes/s max | note to host @max | lost / duplicated "
          "| repeated events | memory per connection (sum of the processes) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['processes']} | {r['phones']} / {r['phones'] + r['failed']} "
              f"| {r['connect_all']:.1f} | {fmt(r['connect'])} | {fmt(r['rotate'])} "
              f"| {fmt(r['burst'])} | {fmt(r['note_host'])} | {r['notes_per_s']:.0f} "
              f"| {fmt(r['note_host_max'])} | {r['lost']} / {r['duplicated']} "
              f"| {r['repeated_runs'] + r['repeated_notes']} "
              f"| {r['rss']['per_connection']:.0f} KiB |")
    print()
    for r in rows:
        per_process = ", ".join(f"{idle // 1024}->{busy // 1024}"
                                for idle, busy in r["rss"].get("per_process", []))
        print(f"- {r['processes']} process(es): `{r['command']}` each; worker RSS MiB idle->"
              f"with phones {per_process}; {r['rotate_n']} rotation samples, per phone "
              f"{fmt(r['rotate_phone'])}, start_round {fmt(r['start'])}, `back` "
              f"{fmt(r['back'])}, command ack {fmt(r['ack'])}; seats never received "
              f"{r['missing_seats']}; notes: {r['sustained_n']} at {r['sustained_rate']:.0f}/s "
              f"(ack {fmt(r['note_ack'])}), {r['acked']} acknowledged, {r['rows']} rows, "
              f"{r['refused']} refused {r['refusals']}, retries answered with the same id "
              f"{r['retries'][0]}/{r['retries'][1]}; repeated run events {r['repeated_runs']}, "
              f"notes {r['repeated_notes']}; server CPU (all workers) "
              f"{r['connect_cpu']:.1f} s for the connects, {r['cpu_sustained'] * 100:.0f}% "
              f"sustained, {r['cpu_max'] * 100:.0f}% at max (clients "
              f"{r['client_cpu'] * 100:.0f}% sustained); disconnects {r['disconnects']}; "
              f"heartbeats {r['heartbeats'][0]} ({r['heartbeats'][1]} failed); server log "
              f"errors {r['log_errors']}"
              + (f" {r['log_lines']}" if r["log_lines"] else "")
              + (f"; errors: {r['errors']}" if r["errors"] else ""))


def default_config() -> str:
    """The production configuration (docs/deploy.md), or gthread where gevent is missing."""
    try:
        import gevent  # noqa: F401
    except ImportError:
        print("gevent is not installed: benchmarking the gthread configuration",
              file=sys.stderr)
        return "gthread"
    return "gevent"


START_LOAD = " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workshops", type=int, default=20)
    parser.add_argument("--phones", type=int, default=50, help="people per workshop")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=20.0,
                        help="seconds of notes at --note-rate")
    parser.add_argument("--note-rate", type=float, default=20.0,
                        help="notes per second over all phones (1,000 people sharing 3 notes "
                             "each in a 7-minute sharing phase make about 7 a second)")
    parser.add_argument("--max-seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=50,
                        help="authors in closed loops in the max-rate phase")
    parser.add_argument("--cycles", type=int, default=1,
                        help="rotate/back cycles per round before the next round")
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between commands")
    parser.add_argument("--stagger", type=float, default=0.2,
                        help="seconds between two workshops' commands (but in the burst cycle)")
    parser.add_argument("--configs", default=default_config(),
                        help="comma-separated, among " + ", ".join(CONFIGS))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1500, help="gthread's --threads")
    parser.add_argument("--connections", type=int, default=2000,
                        help="gevent's --worker-connections")
    parser.add_argument("--server-args", default="", help="more gunicorn arguments")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="an environment variable for the server (repeatable)")
    parser.add_argument("--budget", type=float, default=330.0,
                        help="seconds for the whole invocation (every run, seeding included); "
                             "a phase that does not fit stops its run, and what completed is "
                             "printed with the reason")
    parser.add_argument("--clients", type=int, metavar="N",
                        help="client processes (default: one per 250 phones, at most one per "
                             "core and one per workshop)")
    parser.add_argument("--processes", type=int, metavar="N",
                        help="PostgreSQL + Redis: run 1 process, then N processes (phone i on "
                             "process i %% N); without it, SQLite and one process")
    parser.add_argument("--postgres-url", default=f"postgresql://postgres@{HOST}:5432/postgres",
                        help="where --processes creates (and drops) its throw-away databases")
    parser.add_argument("--redis-url", default=f"redis://{HOST}:6379/0",
                        help="the message queue and rate-limit storage of --processes")
    parser.add_argument("--vote-window", type=float, default=30.0,
                        help="seconds in which every phone casts its dots (0: no storm)")
    parser.add_argument("--vote-per-workshop", type=float, default=5.0,
                        help="seconds in which one workshop's phones all vote")
    parser.add_argument("--bare", action="store_true",
                        help="also run the bare Flask-SocketIO server after each app run and "
                             "print the ratios app/bare")
    parser.add_argument("--quick", action="store_true", help="2 workshops, short phases")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", help="also write the summaries to this file")
    parser.add_argument("--dump", help="write every note's timings to this file (JSON lines)")
    parser.add_argument("--role", default="bench", choices=("bench", "setup"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "setup":
        setup(Path(args.out), args.workshops, args.phones, args.rounds)
        return
    if args.quick:
        args.workshops, args.duration, args.max_seconds, args.cycles = 2, 4.0, 3.0, 1
        args.vote_window = min(args.vote_window, 8.0)
        args.note_rate = min(args.note_rate, 20.0)
    if args.phones <= TABLES:
        parser.error(f"--phones must be more than {TABLES} (one host per table)")
    if args.processes is not None:
        if args.processes < 1:
            parser.error("--processes must be 1 or more")
        check_services(args)
    counts = ([0] if not args.processes else
              [1] if args.processes == 1 else [1, args.processes])
    print(f"load average at the start: {START_LOAD}", flush=True)
    started = now()
    deadline = started + args.budget
    # Each run gets its share of what is left of the budget: the app's runs weigh more than
    # the bare server's (seeding, the vote storm).
    plan = [(config.strip(), count, False) for _ in range(args.repeat)
            for config in args.configs.split(",")
            for count in counts + (["bare"] if args.bare else [])]
    plan = [(config, 0, True) if count == "bare" else (config, count, False)
            for config, count, _bare in plan]
    weights = [1.0 if bare else 3.0 for _config, _count, bare in plan]
    rows = []
    for k, (config, count, bare) in enumerate(plan):
        share_left = weights[k] / sum(weights[k:])
        run_deadline = now() + (deadline - now()) * share_left
        try:
            result = run_config(config, args, run_deadline, count, bare=bare)
        except (RuntimeError, subprocess.SubprocessError) as error:
            print(f"[{config}] the run could not start: {error}", file=sys.stderr)
            continue
        result["wall"] = now() - started
        rows.append(summarise(result))
        report(rows[-1:], args)
    wall = now() - started
    if len(rows) > 1:
        report(rows, args)
    report_targets(rows, args, wall)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, default=str))


if __name__ == "__main__":
    main()
