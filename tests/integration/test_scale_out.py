"""Two server processes on two ports share PostgreSQL and Redis: phones on either one get
a rotation and the notes of their table exactly once, whichever process the facilitator's
command reaches."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import requests
import socketio
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES_URL, REDIS_URL, need_service
from tests.e2e.conftest import DEMO_EMAIL, DEMO_PASSWORD, _free_port, _wait_healthy

pytestmark = [pytest.mark.services, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WAIT = 10


@pytest.fixture
def shared_database():
    need_service("PostgreSQL", "127.0.0.1", 5432)
    need_service("Redis", "127.0.0.1", 6379)
    name = f"facilitator_scale_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def two_servers(tmp_path, shared_database):
    env = {**os.environ, "FACILITATOR_INSTANCE_PATH": str(tmp_path / "instance"),
           "FACILITATOR_DATABASE_URL": shared_database,
           "FACILITATOR_MESSAGE_QUEUE": REDIS_URL,
           "FACILITATOR_SOCKETIO_CHANNEL": f"test-{uuid.uuid4().hex[:8]}",
           "FACILITATOR_SECRET_KEY": "shared-secret", "FACILITATOR_RATELIMIT_ENABLED": "false"}
    env.pop("FACILITATOR_ENV_NAME", None)  # development servers: plain http cookies
    run = lambda *args: subprocess.run([str(BIN / "facilitator"), *args], env=env, check=True,
                                       capture_output=True, text=True, timeout=120, cwd=ROOT)
    run("db", "upgrade")
    seeded = run("demo", "--if-empty").stdout
    code = re.search(r"\(code (\w+)\)", seeded).group(1)
    processes, bases = [], []
    try:
        for index in range(2):
            port = _free_port()
            log = open(tmp_path / f"server{index}.log", "w")
            processes.append(subprocess.Popen(
                [str(BIN / "facilitator"), "run", "--host", "127.0.0.1", "--port", str(port),
                 "--no-reload", "--no-debugger", "--with-threads"],
                env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT))
            bases.append(f"http://127.0.0.1:{port}")
        for base, process in zip(bases, processes):
            _wait_healthy(base, process)
        yield bases, code, shared_database
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def csrf(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', session.get(url).text).group(1)


def sign_in(base: str) -> requests.Session:
    session = requests.Session()
    token = csrf(session, base + "/login")
    session.post(base + "/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD,
                                        "csrf_token": token})
    return session


class Screen:
    """A Socket.IO client that records every event it receives."""

    def __init__(self, base, auth, cookies=""):
        self.events: list[tuple[str, dict]] = []
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", lambda event, data=None: self.events.append((event, data)),
                       namespace="/live")
        self.client.connect(base, namespaces=["/live"], auth=auth, transports=["websocket"],
                            headers={"Cookie": cookies} if cookies else None, wait_timeout=WAIT)

    def call(self, event, payload):
        return self.client.call(event, payload, namespace="/live", timeout=WAIT)

    def named(self, event):
        return [data for name, data in self.events if name == event]

    def wait_for(self, predicate, seconds=WAIT):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.05)
        return False


def query(url, sql, **params):
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        rows = connection.execute(text(sql), params).all()
    engine.dispose()
    return rows


def seats(url, code, round_number):
    return dict(query(url, "SELECT p.display_name, t.number FROM seat s JOIN participant p "
                      "ON p.id = s.participant_id JOIN cafe_table t ON t.id = s.table_id "
                      "JOIN round r ON r.id = s.round_id JOIN workshop w ON w.id = "
                      "s.workshop_id WHERE r.number = :r AND w.join_code = :c",
                      r=round_number, c=code))


def join(base, code, name) -> str:
    session = requests.Session()
    page = session.get(f"{base}/j/{code}").text
    person_id = re.search(r'name="claim" value="(\d+)"[^>]*>\s*<span class="claim-name">' +
                          re.escape(name) + "<", page)
    assert person_id, f"{name} is not on the join page: {page[:3000]}"
    session.post(f"{base}/j/{code}", data={"claim": person_id.group(1),
                                          "csrf_token": csrf(session, f"{base}/j/{code}")})
    return session.cookies.get(f"fp_{code}")


def test_two_processes_deliver_rotations_and_notes_once(two_servers):
    (base_a, base_b), code, url = two_servers
    desk_http = sign_in(base_b)
    workshop_id = query(url, "SELECT id FROM workshop WHERE join_code = :c", c=code)[0][0]
    opened = desk_http.post(f"{base_b}/workshops/{workshop_id}/open", data={
        "csrf_token": csrf(desk_http, f"{base_b}/workshops/{workshop_id}")})
    assert opened.ok and query(url, "SELECT count(*) FROM run WHERE workshop_id = :w",
                               w=workshop_id)[0][0] == 1, opened.text[:2000]
    round1 = seats(url, code, 1)
    host = "Camille Martin"
    mates = sorted(n for n, t in round1.items() if t == round1[host] and n != host)
    others = sorted(n for n, t in round1.items() if t != round1[host])
    names = [host, mates[0], mates[1], others[0], others[1], others[2]]
    phones = {}
    for index, name in enumerate(names):
        base = (base_a, base_b)[index % 2]  # half the phones on each process
        token = join(base, code, name)
        phones[name] = Screen(base, {"workshop": code, "view": "participant", "protocol": 1,
                                     "token": token})
    cookie = "; ".join(f"{k}={v}" for k, v in desk_http.cookies.items())
    desk = Screen(base_a, {"workshop": code, "view": "facilitator", "protocol": 1}, cookie)
    assert desk.named("snapshot"), "the facilitator's console could not connect"

    assert desk.call("command", {"command": "start_round"})["ok"]
    assert desk.call("command", {"command": "skip"})["ok"]
    for screen in phones.values():
        assert screen.wait_for(lambda s=screen: any(r["phase"] == "sharing"
                                                    for r in s.named("run")))

    answer = phones[mates[0]].call("note.save", {"client_id": "scale-note-0001",
                                                 "text": "Across processes", "share": True})
    assert answer["ok"], answer
    host_screen = phones[host]
    assert host_screen.wait_for(lambda: host_screen.named("note"))
    time.sleep(0.5)  # anything duplicated would have arrived by now
    notes = [n["client_id"] for n in host_screen.named("note")]
    assert notes == ["scale-note-0001"]
    for name in others[:3]:
        assert phones[name].named("note") == []

    round2 = seats(url, code, 2)
    assert desk.call("command", {"command": "rotate"})["ok"]
    for name, screen in phones.items():
        assert screen.wait_for(lambda s=screen: any(r["stage"] == "rotation"
                                                    for r in s.named("run")))
    time.sleep(0.5)
    for name, screen in phones.items():
        versions = Counter(r["version"] for r in screen.named("run"))
        assert max(versions.values()) == 1, f"{name} got a run event twice: {versions}"
        seat = [s for s in screen.named("seat") if s.get("next")][-1]
        assert seat["next"]["table"]["number"] == round2[name]
    for screen in [*phones.values(), desk]:
        screen.client.disconnect()
