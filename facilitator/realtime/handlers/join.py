"""Joining the live room: the socket's connection (a role, a token or the facilitator's
session), its snapshot, presence (`time`, the heartbeat) and `sync`."""
from __future__ import annotations

from flask import g, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room
from sqlalchemy.exc import SQLAlchemyError

from facilitator.domain.workshop import normalise_join_code
from facilitator.extensions import db, socketio
from facilitator.realtime import emit as out
from facilitator.realtime.live import (AUTH, EVERYONE, VIEWERS, Viewer, _snapshot,
                                       _start_ticker, _viewers_lock, cookie_name, event, log)
from facilitator.realtime.protocol import NAMESPACE, PROTOCOL_VERSION, Field, Invalid, check
from facilitator.services import live, live_views

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


def _mark_present(workshop, participant_id: int) -> None:
    """Presence is best effort: a busy database must not keep a phone from its snapshot."""
    try:
        live.touch(live.person_by_id(participant_id))
        out.board_changed(workshop.id)
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("presence not recorded: database busy", exc_info=True)


def _authenticate(workshop, data: dict) -> Viewer:
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
        person = live.person_by_id(viewer.participant_id)
        if person is not None:
            live.touch(person, connected=False)
            out.board_changed(viewer.workshop_id)
    except SQLAlchemyError:
        db.session.rollback()


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
