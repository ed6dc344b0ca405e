"""The /live namespace: connect with a role, then acknowledged events (docs/realtime.md).

Each handler: validate the payload, authorise the viewer, call one service, emit, answer.
"""
from __future__ import annotations

import functools
import logging
import threading
import time
from dataclasses import dataclass

from flask import current_app, g, request
from flask_babel import gettext as _, refresh
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room, leave_room
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from facilitator.domain.context import SLIDES
from facilitator.domain.run import EXTENSIONS_SECONDS, MAX_EXTENSION_SECONDS, Command
from facilitator.domain.workshop import NOTE_MAX_LENGTH, normalise_join_code
from facilitator.extensions import db, socketio
from facilitator.models import Participant, Workshop
from facilitator.realtime import emit as out
from facilitator.realtime import limits as rate_limits
from facilitator.realtime.protocol import (CLIENT_ID, MAX_SHARE_BATCH, NAMESPACE,
                                           PROTOCOL_VERSION, VIEWS, Field, Invalid, check)
from facilitator.services import NotFound, UserError, live, live_views, plenary, synthesis
from facilitator.services import note_themes
from facilitator.services.live import LiveError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Viewer:
    workshop_id: int
    view: str
    participant_id: int | None = None
    # The token this socket joined with: once the person is released, erased or given to
    # another device, the stored hash differs and the socket's rights end.
    token_hash: str | None = None


VIEWERS: dict[str, Viewer] = {}
_viewers_lock = threading.Lock()

AUTH = {"workshop": Field(str, max_length=20), "view": Field(str, choices=VIEWS),
        "protocol": Field(int, required=False), "token": Field(str, required=False,
                                                              max_length=200)}


def cookie_name(code: str) -> str:
    return f"fp_{code}"


def join_url(workshop: Workshop) -> str:
    base = (current_app.config.get("BASE_URL") or request.host_url).rstrip("/")
    return f"{base}/j/{workshop.join_code}"


# Connection --------------------------------------------------------------------------------

@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    try:
        data = check(auth, AUTH)
    except Invalid:
        raise ConnectionRefusedError("invalid") from None
    if data.get("protocol", PROTOCOL_VERSION) != PROTOCOL_VERSION:
        raise ConnectionRefusedError("protocol")
    workshop = live.find_by_code(normalise_join_code(data["workshop"]))
    if workshop is None:
        raise ConnectionRefusedError("unknown_workshop")
    viewer = _authenticate(workshop, data)
    if viewer.participant_id is not None:
        _mark_present(workshop, viewer.participant_id)
    try:
        snapshot = _snapshot(workshop, viewer)
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("snapshot failed on connect", exc_info=True)
        raise ConnectionRefusedError("unavailable") from None
    with _viewers_lock:
        VIEWERS[request.sid] = viewer
    join_room(out.workshop_room(workshop.id))
    if viewer.participant_id is not None:
        join_room(out.participants_room(workshop.id))
        join_room(out.person_room(workshop.id, viewer.participant_id))
    else:
        join_room(out.facilitator_room(workshop.id))
    _start_ticker()
    emit("snapshot", snapshot)


def _mark_present(workshop: Workshop, participant_id: int) -> None:
    """Presence is best effort: a busy database must not keep a phone from its snapshot."""
    try:
        live.touch(db.session.get(Participant, participant_id))
        out.board_changed(workshop.id)
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("presence not recorded: database busy", exc_info=True)


def _authenticate(workshop: Workshop, data: dict) -> Viewer:
    if data["view"] == "participant":
        token = data.get("token") or request.cookies.get(cookie_name(workshop.join_code))
        person = live.participant_by_token(workshop, token)
        if person is None:
            raise ConnectionRefusedError("not_joined")
        return Viewer(workshop.id, "participant", person.id, person.token_hash)
    # Authenticate from this handshake's session cookie, never from a user cached on `g`.
    g.pop("_login_user", None)
    if not current_user.is_authenticated or current_user.id != workshop.owner_id:
        raise ConnectionRefusedError("forbidden")
    return Viewer(workshop.id, data["view"])


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*_args):
    with _viewers_lock:
        viewer = VIEWERS.pop(request.sid, None)
        still_here = viewer is not None and any(
            v.participant_id == viewer.participant_id for v in VIEWERS.values())
    if viewer is None or viewer.participant_id is None or still_here:
        return
    try:
        person = db.session.get(Participant, viewer.participant_id)
        if person is not None:
            live.touch(person, connected=False)
            out.board_changed(viewer.workshop_id)
    except SQLAlchemyError:
        db.session.rollback()


def evict(workshop_id: int, participant_ids) -> None:
    """Released, erased or handed to another device: these people's sockets leave every
    room and are disconnected. Their person rooms close in every process (the message
    queue carries close_room); a socket of another process that lingers in the public
    rooms is refused at its next event, since its token is no longer current."""
    ids = set(participant_ids)
    for person_id in ids:
        room = out.person_room(workshop_id, person_id)
        socketio.emit("revoked", {}, to=room, namespace=NAMESPACE)
        socketio.close_room(room, namespace=NAMESPACE)
    with _viewers_lock:
        sids = [sid for sid, v in VIEWERS.items()
                if v.workshop_id == workshop_id and v.participant_id in ids]
    for sid in sids:
        _drop(sid)


def _drop(sid: str) -> None:
    """Forget a socket, take it out of its rooms and disconnect it."""
    with _viewers_lock:
        viewer = VIEWERS.pop(sid, None)
    if viewer is not None:
        for room in (out.workshop_room(viewer.workshop_id),
                     out.participants_room(viewer.workshop_id),
                     out.person_room(viewer.workshop_id, viewer.participant_id or 0)):
            leave_room(room, sid=sid, namespace=NAMESPACE)
    socketio.server.disconnect(sid, namespace=NAMESPACE)


def _snapshot(workshop: Workshop, viewer: Viewer) -> dict:
    if viewer.participant_id is not None:
        person = db.session.get(Participant, viewer.participant_id)
        return live_views.participant_snapshot(workshop, person, join_url(workshop))
    return live_views.facilitator_snapshot(workshop, join_url(workshop))


# The event decorator -----------------------------------------------------------------------

def event(name: str, who: tuple[str, ...], schema: dict[str, Field] | None = None):
    """Register an acknowledged event: every path answers {"ok": ...}, never silence."""
    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(payload=None):
            viewer = VIEWERS.get(request.sid)
            if viewer is None:
                return _refusal("not_joined", _("This device is no longer joined: scan the code "
                                        "again."))
            try:
                workshop = db.session.get(Workshop, viewer.workshop_id)
                g.workshop_language = workshop.language
                refresh()
                if viewer.view not in who:
                    return _refusal("forbidden", _("You are not allowed to do this."))
                caller = f"p{viewer.participant_id}" if viewer.participant_id else request.sid
                if not rate_limits.allowed(name, caller):
                    return _refusal("rate_limited", _("Too many actions at once: wait a few "
                                                      "seconds, nothing was lost."))
                data = check(payload, schema or {})
                person = (db.session.get(Participant, viewer.participant_id)
                          if viewer.participant_id else None)
                if viewer.participant_id and (person is None or person.token_hash is None
                                              or person.token_hash != viewer.token_hash):
                    _drop(request.sid)
                    return _refusal("not_joined", _("This device is no longer joined: scan "
                                                    "the code again."))
                result = handler(workshop, person, **data)
                return {"ok": True, **(result or {})}
            except Invalid as error:
                return _refusal("invalid", _("Invalid %(field)s: %(problem)s.",
                                             field=error.field, problem=problem_text(error)))
            except LiveError as error:
                return _refusal(error.code, error.message)
            except UserError as error:  # e.g. a re-plan the pair rules cannot allow
                db.session.rollback()
                return _refusal("state", error.message)
            except NotFound:
                db.session.rollback()
                return _refusal("not_found", _("Not found."))
            except (OperationalError, IntegrityError):
                db.session.rollback()
                log.warning("database unavailable during %s", name, exc_info=True)
                return _refusal("unavailable", _("The server is busy: your action was not "
                                                 "saved. It will be retried."))
            except Exception:  # never leave a phone without an answer
                db.session.rollback()
                log.exception("unexpected error in %s", name)
                return _refusal("error", _("Something went wrong on the server: your action "
                                           "was not saved. Try again."))
        socketio.on_event(name, wrapper, namespace=NAMESPACE)
        return handler
    return decorate


def problem_text(error: Invalid) -> str:
    """A payload problem in the page's language (field names stay as the protocol has them)."""
    texts = {
        "required": lambda: _("it is required"),
        "object": lambda: _("an object is expected"),
        "integer": lambda: _("a whole number is expected"),
        "range": lambda: _("the number is out of range"),
        "type": lambda: _("the value has the wrong type"),
        "too_long": lambda: _("it is longer than %(limit)s", **error.params),
        "below": lambda: _("it is below %(limit)s", **error.params),
        "above": lambda: _("it is above %(limit)s", **error.params),
        "form": lambda: _("it has an unexpected form"),
        "choice": lambda: _("it is not one of the allowed values"),
        "nul": lambda: _("it contains a NUL character"),
        "text": lambda: _("it is not valid text"),
    }
    return texts[error.problem]()


def _refusal(code: str, message: str) -> dict:
    return {"ok": False, "error": code, "message": message}


PARTICIPANT = ("participant",)
FACILITATOR = ("facilitator",)
EVERYONE = VIEWS


# Everyone ----------------------------------------------------------------------------------

@event("time", EVERYONE, {"t": Field(int, required=False)})
def on_time(workshop, person, t=None):
    if person is not None and not live.is_connected(person):
        live.touch(person)
        out.board_changed(workshop.id)
    elif person is not None and person.last_seen_at and \
            (live.utcnow() - person.last_seen_at).total_seconds() > 20:
        live.touch(person)
    return {"t": t, "server": live_views.now_ms()}


@event("sync", EVERYONE)
def on_sync(workshop, person):
    viewer = VIEWERS[request.sid]
    return {"snapshot": _snapshot(workshop, viewer)}


# Participants ------------------------------------------------------------------------------

CLIENT = Field(str, pattern=CLIENT_ID)


@event("note.save", PARTICIPANT, {"client_id": CLIENT,
                                  "text": Field(str, max_length=NOTE_MAX_LENGTH * 2),
                                  "share": Field(bool, required=False),
                                  "round": Field(int, required=False, minimum=1)})
def on_note_save(workshop, person, client_id, text, share=False, round=None):
    note = live.save_note(workshop, person, client_id, text, share=bool(share),
                          round_number=round)
    out.note(workshop, note)
    return {"note": live_views.note_payload(note, person)}


@event("note.share", PARTICIPANT, {"client_ids": Field(list, max_length=MAX_SHARE_BATCH,
                                                       items=CLIENT)})
def on_note_share(workshop, person, client_ids):
    notes = live.share_notes(workshop, person, client_ids)
    for note in notes:
        out.note(workshop, note)
    return {"notes": [live_views.note_payload(n, person) for n in notes]}


@event("note.delete", PARTICIPANT, {"client_id": CLIENT})
def on_note_delete(workshop, person, client_id):
    note = live.delete_note(workshop, person, client_id)
    if note is not None:
        out.note_removed(workshop, note.id, note.client_id, note.participant_id,
                         note.table_id, note.round_id)
    return {}


# The facilitator ---------------------------------------------------------------------------

COMMANDS = tuple(c.value for c in Command)


@event("command", FACILITATOR, {"command": Field(str, choices=COMMANDS),
                                "seconds": Field(int, required=False, minimum=1,
                                                 maximum=MAX_EXTENSION_SECONDS),
                                "version": Field(int, required=False, minimum=0)})
def on_command(workshop, _person, command, seconds=None, version=None):
    if command == Command.EXTEND.value and seconds is None:
        seconds = EXTENSIONS_SECONDS[0]
    stage_before = workshop.run.stage if workshop.run else None
    round_before = workshop.run.round_number if workshop.run else 0
    live.command(workshop, command, seconds or 0, expected_version=version)
    out.run(workshop)
    run = workshop.run
    if run.stage != stage_before or run.round_number != round_before:
        out.seats(workshop)
        out.plenary(workshop)
    return {"run": live_views.run_payload(workshop)}


@event("auto_advance", FACILITATOR, {"enabled": Field(bool)})
def on_auto_advance(workshop, _person, enabled):
    live.set_auto_advance(workshop, enabled)
    out.run(workshop)
    return {"run": live_views.run_payload(workshop)}


PERSON = Field(int, minimum=1)


@event("move", FACILITATOR, {"participant_id": PERSON, "table": Field(int, minimum=1)})
def on_move(workshop, _person, participant_id, table):
    live.move(workshop, live.get_participant(workshop, participant_id), table)
    out.seats(workshop)
    return {}


@event("absent", FACILITATOR, {"participant_id": PERSON, "absent": Field(bool)})
def on_absent(workshop, _person, participant_id, absent):
    live.set_absent(workshop, live.get_participant(workshop, participant_id), absent)
    out.seats(workshop)
    return {}


@event("host.replace", FACILITATOR, {"table": Field(int, minimum=1), "participant_id": PERSON})
def on_host_replace(workshop, _person, table, participant_id):
    live.replace_host(workshop, table, live.get_participant(workshop, participant_id))
    out.seats(workshop)
    return {}


@event("slide", FACILITATOR, {"index": Field(int, minimum=0, maximum=len(SLIDES) - 1)})
def on_slide(workshop, _person, index):
    live.show_slide(workshop, index)
    out.run(workshop)
    return {"run": live_views.run_payload(workshop)}


@event("broadcast", FACILITATOR, {"text": Field(str, max_length=live.BROADCAST_MAX_LENGTH * 2)})
def on_broadcast(workshop, _person, text):
    live.broadcast(workshop, text)
    out.message(workshop)
    return {}


# The timer ---------------------------------------------------------------------------------

_ticker_started = False
_ticker_lock = threading.Lock()
TICK_SECONDS = 0.5


def _start_ticker() -> None:
    """One background loop per process: phases end on time, boards are sent."""
    global _ticker_started
    with _ticker_lock:
        if _ticker_started or current_app.config.get("TESTING_NO_TICKER"):
            return
        _ticker_started = True
    socketio.start_background_task(_ticker, current_app._get_current_object())


def _ticker(app) -> None:
    while True:
        socketio.sleep(TICK_SECONDS)
        with app.app_context():
            try:
                tick_once()
            except Exception:  # a bad tick must not stop the timers of every workshop
                db.session.rollback()
                log.exception("live ticker failed; continuing")
            finally:
                db.session.remove()


def tick_once() -> None:
    for workshop_id in live.tick():
        workshop = db.session.get(Workshop, workshop_id)
        out.run(workshop)
        out.seats(workshop)
    out.flush_votes()
    out.flush_syntheses()
    refresh_presence()
    out.flush_boards()


PRESENCE_REFRESH_SECONDS = 20.0
_presence_refreshed = 0.0


def refresh_presence(force: bool = False) -> None:
    """Presence from the sockets themselves: every 20 s each process marks the people whose
    socket it holds as seen (one UPDATE), and every board is re-sent, so a phone whose
    process died or whose socket vanished goes grey within PRESENCE_WINDOW + 20 s, while
    an open socket stays green whatever its page sends."""
    global _presence_refreshed
    now = time.monotonic()
    if not force and now - _presence_refreshed < PRESENCE_REFRESH_SECONDS:
        return
    _presence_refreshed = now
    with _viewers_lock:
        viewers = list(VIEWERS.values())
    live.touch_many({v.participant_id for v in viewers if v.participant_id is not None})
    for workshop_id in {v.workshop_id for v in viewers}:
        out.board_changed(workshop_id)


# Hosts: clusters, notes, key points, solutions ---------------------------------------------

HOSTS_AND_FACILITATOR = ("participant", "facilitator")
OPTIONAL_ID = Field(int, required=False, minimum=1)
WHERE = {"table": Field(int, required=False, minimum=1),
         "round": Field(int, required=False, minimum=1)}


def _actor(workshop, person) -> synthesis.Actor:
    if person is None:
        return synthesis.facilitator_actor(workshop)
    return synthesis.Actor(name=person.display_name, participant=person)


def _where(workshop, person, table=None, round=None):
    """The table and round an edit is about: a host's own table in the running round,
    unless the host or the facilitator names them."""
    run = workshop.run
    if person is not None and not person.is_host:  # the protocol's answer to non-hosts
        raise LiveError("forbidden", _("Only the host of this table can change its synthesis."))
    if person is not None and table is None:
        table = next((t.number for t in workshop.tables if t.id == person.host_table_id), None)
    if round is None and run is not None:
        round = run.round_number
    if table is None or not round:
        raise LiveError("invalid", _("Say which table and round."))
    return synthesis.locate(workshop, table, round)


def _after(workshop, table, round_) -> dict:
    out.synthesis(workshop, table, round_)
    return {"synthesis": synthesis.synthesis_payload(workshop, table, round_)}


@event("cluster", HOSTS_AND_FACILITATOR, {
    "action": Field(str, choices=("create", "rename", "delete")), "id": OPTIONAL_ID,
    "title": Field(str, required=False, max_length=400),
    "note_ids": Field(list, required=False, max_length=200, items=Field(int)), **WHERE})
def on_cluster(workshop, person, action, id=None, title="", note_ids=None, table=None,
               round=None):
    actor = _actor(workshop, person)
    if action == "create":
        table_, round_ = _where(workshop, person, table, round)
        synthesis.create_cluster(workshop, actor, table_, round_, title or "", note_ids or [])
        return _after(workshop, table_, round_)
    if id is None:
        raise Invalid("id", "required")
    cluster = (synthesis.rename_cluster(workshop, actor, id, title or "") if action == "rename"
               else synthesis.delete_cluster(workshop, actor, id))
    return _after(workshop, *_located(workshop, cluster))


def _located(workshop, obj):
    from facilitator.models import Round, Table
    return db.session.get(Table, obj.table_id), db.session.get(Round, obj.round_id)


@event("groups.suggest", HOSTS_AND_FACILITATOR, WHERE)
def on_groups_suggest(workshop, person, table=None, round=None):
    """Groups of the table's loose notes, each with a short title, for the host to accept
    (as a "cluster" create), edit or ignore. A host only ever gets their own table's."""
    if person is not None:
        own = next((t.number for t in workshop.tables if t.id == person.host_table_id), None)
        if own is None or (table is not None and table != own):
            raise LiveError("forbidden", _("You are not allowed to do this."))
    table_, round_ = _where(workshop, person, table, round)
    return {"groups": note_themes.suggest_groups(workshop, table_, round_)}


@event("themes.live", FACILITATOR)
def on_themes_live(workshop, person):
    """The themes emerging across all tables in the running round."""
    return note_themes.live_themes(workshop)


@event("note.organise", HOSTS_AND_FACILITATOR, {
    "note_id": Field(int, minimum=1), "cluster_id": Field(int, required=False),
    "starred": Field(bool, required=False), "duplicate_of": Field(int, required=False)})
def on_note_organise(workshop, person, note_id, **changes):
    # Only the keys the client sent are in `changes`: a null cluster_id takes a note out.
    note = synthesis.update_note(workshop, _actor(workshop, person), note_id, **changes)
    out.note(workshop, note)
    return _after(workshop, *_located(workshop, note))


@event("note.review", HOSTS_AND_FACILITATOR, {
    "note_id": Field(int, minimum=1), "action": Field(str, choices=("release", "return"))})
def on_note_review(workshop, person, note_id, action):
    note, table = synthesis.review_note(workshop, _actor(workshop, person), note_id,
                                        release=action == "release")
    out.note_reviewed(workshop, note, table)
    return _after(workshop, table, note.round)


@event("key_point", HOSTS_AND_FACILITATOR, {
    "action": Field(str, choices=("add", "update", "delete")), "id": OPTIONAL_ID,
    "text": Field(str, required=False, max_length=2000), **WHERE})
def on_key_point(workshop, person, action, id=None, text="", table=None, round=None):
    actor = _actor(workshop, person)
    if action == "add":
        table_, round_ = _where(workshop, person, table, round)
        point = synthesis.add_key_point(workshop, actor, table_, round_, text or "")
        return {**_after(workshop, table_, round_), "id": point.id}
    if id is None:
        raise Invalid("id", "required")
    point = (synthesis.update_key_point(workshop, actor, id, text or "") if action == "update"
             else synthesis.delete_key_point(workshop, actor, id))
    return _after(workshop, *_located(workshop, point))


@event("solution", HOSTS_AND_FACILITATOR, {
    "action": Field(str, choices=("add", "update", "delete")), "id": OPTIONAL_ID,
    "field": Field(str, required=False, max_length=20), "value": Field(object, required=False),
    "title": Field(str, required=False, max_length=400),
    "note_ids": Field(list, required=False, max_length=200, items=Field(int)), **WHERE})
def on_solution(workshop, person, action, id=None, field=None, value=None, title="",
                note_ids=None, table=None, round=None):
    actor = _actor(workshop, person)
    if action == "add":
        table_, round_ = _where(workshop, person, table, round)
        solution = synthesis.add_solution(workshop, actor, table_, round_, title or "",
                                          note_ids or [])
        return {**_after(workshop, table_, round_), "id": solution.id}
    if id is None:
        raise Invalid("id", "required")
    if action == "update":
        if field is None:
            raise Invalid("field", "required")
        solution = synthesis.update_solution(workshop, actor, id, field, value)
    else:
        solution = synthesis.delete_solution(workshop, actor, id)
    return _after(workshop, *_located(workshop, solution))


# Plenary -----------------------------------------------------------------------------------

@event("plenary", FACILITATOR, {
    "action": Field(str, choices=("show_table", "next_table", "open_votes", "close_votes",
                                  "reveal", "hide")),
    "table": Field(int, required=False, minimum=1)})
def on_plenary(workshop, _person, action, table=None):
    if action == "show_table":
        plenary.show_table(workshop, table)
    elif action == "next_table":
        plenary.next_table(workshop)
    elif action in ("open_votes", "close_votes"):
        plenary.set_voting(workshop, open_=action == "open_votes")
    else:
        plenary.set_voting(workshop, revealed=action == "reveal")
    return {"plenary": out.plenary(workshop)}


@event("vote", PARTICIPANT, {"solution_id": Field(int, minimum=1),
                             "dots": Field(int, minimum=0, maximum=20)})
def on_vote(workshop, person, solution_id, dots):
    mine = plenary.vote(workshop, person, solution_id, dots)
    answer = plenary.my_votes_payload(workshop, mine)
    # The voter's other devices only; the room hears a coalesced count (out.flush_votes).
    socketio.emit("my_votes", answer, to=out.person_room(workshop.id, person.id),
                  namespace=NAMESPACE, skip_sid=request.sid)
    out.votes_changed(workshop.id)
    return answer


@event("vote.rules", FACILITATOR, {"dots": Field(int, minimum=1, maximum=20),
                                   "max_per_solution": Field(int, minimum=1, maximum=20)})
def on_vote_rules(workshop, _person, dots, max_per_solution):
    plenary.set_vote_rules(workshop, dots, max_per_solution)
    out.plenary(workshop)
    return {}


@event("solution.merge", FACILITATOR, {"source": Field(int, minimum=1),
                                       "target": Field(int, minimum=1)})
def on_solution_merge(workshop, _person, source, target):
    _kept, voters = plenary.merge(workshop, source, target)
    out.plenary(workshop)
    out.my_votes(workshop, voters)
    return {"plenary": plenary.plenary_payload(workshop, facilitator=True)}


@event("solution.qualify", FACILITATOR, {
    "id": Field(int, minimum=1), "impact": Field(str, max_length=10),
    "effort": Field(str, max_length=10), "owner": Field(str, max_length=400),
    "horizon": Field(str, max_length=10)})
def on_solution_qualify(workshop, _person, id, impact, effort, owner, horizon):
    plenary.qualify(workshop, id, impact=impact, effort=effort, owner=owner, horizon=horizon)
    out.plenary(workshop)
    return {}
