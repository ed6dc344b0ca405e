"""The physical limit for benchmarks/live.py: a bare Flask-SocketIO server with no database
and no business logic, making the same emits as the app for what the benchmark measures
(one `seat` per person at a command that changes the stage or round, a shared note
forwarded to its author and to the host of the author's table, acknowledgements for `time`
and `note.save`). Served like the app (gunicorn, one gevent worker):

    BARE_PLAN=plan.json gunicorn --worker-class gevent --workers 1 \
        --pythonpath benchmarks _bare_server:app

`plan.json` is what `live.py` writes: {"workshops": [{"code", "people": [{"id", "name",
"token"}]}]}. Seating is arithmetic: "Host k" hosts table k, the others move one table a
round. Not a benchmark itself (`make bench` skips files starting with an underscore):
`live.py --bare` starts it beside the app.
"""
from __future__ import annotations

import itertools
import json
import os
import threading

from flask import Flask, request
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room

NAMESPACE = "/live"
TABLES = 8

app = Flask(__name__)
app.config["SECRET_KEY"] = "bare"
socketio = SocketIO(app, async_mode=os.environ.get("BARE_ASYNC_MODE", "gevent"))

PLAN = json.loads(open(os.environ["BARE_PLAN"]).read()) if os.environ.get("BARE_PLAN") \
    else {"workshops": []}
BY_CODE = {w["code"]: i for i, w in enumerate(PLAN["workshops"])}
BY_TOKEN = {p["token"]: (i, p) for i, w in enumerate(PLAN["workshops"]) for p in w["people"]}
STATE = [{"stage": "lobby", "round": 0, "version": 0} for _ in PLAN["workshops"]]
VIEWERS: dict[str, tuple[int, dict | None]] = {}
NOTE_IDS: dict[str, int] = {}
_ids = itertools.count(1)
_lock = threading.Lock()


def table_of(index: int, person: dict, round_number: int) -> int:
    name = person["name"]
    if name.startswith("Host "):
        return int(name.split()[1])
    ordinal = PLAN["workshops"][index]["people"].index(person)
    return (ordinal + round_number) % TABLES + 1


def me(index: int, person: dict) -> dict:
    state = STATE[index]
    host = person["name"].startswith("Host ")
    seated = state["stage"] == "round"
    table = table_of(index, person, state["round"]) if seated else None
    upcoming = table_of(index, person, state["round"] + 1)
    return {"id": person["id"], "name": person["name"], "role": "host" if host else "participant",
            "table": {"number": table} if table else None,
            "host": f"Host {table}" if table else None,
            "next": {"round": state["round"] + 1, "table": {"number": upcoming},
                     "host": f"Host {upcoming}"}}


@app.get("/login")
def login_page():
    return '<input type="hidden" name="csrf_token" value="bare">'


@app.post("/login")
def login():
    return "", 302, {"Location": "/", "Set-Cookie": "session=bare; Path=/"}


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    auth = auth or {}
    index = BY_CODE.get(auth.get("workshop"))
    if index is None:
        raise ConnectionRefusedError("unknown_workshop")
    person = None
    if auth.get("view") == "participant":
        found = BY_TOKEN.get(auth.get("token"))
        if found is None:
            raise ConnectionRefusedError("not_joined")
        person = found[1]
        join_room(f"p:{index}:{person['id']}")
    else:
        join_room(f"f:{index}")
    join_room(f"w:{index}")
    VIEWERS[request.sid] = (index, person)
    emit("snapshot", {"me": me(index, person) if person else None, "run": STATE[index]})


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*_args):
    VIEWERS.pop(request.sid, None)


@socketio.on("time", namespace=NAMESPACE)
def on_time(payload=None):
    return {"ok": True, "t": (payload or {}).get("t"), "server": 0}


@socketio.on("command", namespace=NAMESPACE)
def on_command(payload=None):
    index, _ = VIEWERS[request.sid]
    state = STATE[index]
    before = (state["stage"], state["round"])
    command = (payload or {}).get("command")
    if command == "start_round":
        state.update(stage="round", round=state["round"] + 1)
    elif command == "rotate":
        state["stage"] = "rotation"
    elif command == "back":
        state["stage"] = "round"
    elif command in ("plenary", "close"):
        state["stage"] = command if command == "plenary" else "closed"
    state["version"] += 1
    socketio.emit("run", dict(state), to=f"w:{index}", namespace=NAMESPACE)
    if (state["stage"], state["round"]) != before:
        for person in PLAN["workshops"][index]["people"]:
            socketio.emit("seat", me(index, person), to=f"p:{index}:{person['id']}",
                          namespace=NAMESPACE)
    return {"ok": True, "run": dict(state)}


@socketio.on("note.save", namespace=NAMESPACE)
def on_note_save(payload=None):
    index, person = VIEWERS[request.sid]
    payload = payload or {}
    with _lock:
        note_id = NOTE_IDS.setdefault(payload.get("client_id"), next(_ids))
    note = {"id": note_id, "client_id": payload.get("client_id"), "text": payload.get("text"),
            "state": "shared", "round": STATE[index]["round"]}
    table = table_of(index, person, STATE[index]["round"])
    host = next(p for p in PLAN["workshops"][index]["people"] if p["name"] == f"Host {table}")
    socketio.emit("note", {**note, "mine": True}, to=f"p:{index}:{person['id']}",
                  namespace=NAMESPACE)
    socketio.emit("note", {**note, "mine": False}, to=f"p:{index}:{host['id']}",
                  namespace=NAMESPACE)
    return {"ok": True, "note": note}


@socketio.on("sync", namespace=NAMESPACE)
def on_sync(payload=None):
    index, person = VIEWERS[request.sid]
    return {"ok": True, "snapshot": {"me": me(index, person) if person else None}}
