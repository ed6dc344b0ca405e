"""The /live namespace's core: who each socket is (VIEWERS), the acknowledged-event
decorator, eviction, and the ticker. The handlers themselves live by feature in
realtime/handlers/ (join, run, notes, synthesis, votes); docs/realtime.md is the protocol.

Each handler: validate the payload, authorise the viewer, call one service, emit, answer.
"""
from __future__ import annotations

import functools
import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app, g, request
from flask_babel import gettext as _, refresh
from flask_socketio import leave_room
from sqlalchemy.exc import IntegrityError, OperationalError

from facilitator.extensions import db, socketio
from facilitator.realtime import emit as out
from facilitator.realtime import limits as rate_limits
from facilitator.realtime.protocol import NAMESPACE, VIEWS, Field, Invalid, check
from facilitator.services import NotFound, UserError, live, live_views, workshops
from facilitator.services.live import LiveError

if TYPE_CHECKING:
    from facilitator.models import Workshop

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
        person = live.person_by_id(viewer.participant_id)
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
                workshop = workshops.by_id(viewer.workshop_id)
                g.workshop_language = workshop.language
                refresh()
                if viewer.view not in who:
                    return _refusal("forbidden", _("You are not allowed to do this."))
                caller = f"p{viewer.participant_id}" if viewer.participant_id else request.sid
                if not rate_limits.allowed(name, caller):
                    return _refusal("rate_limited", _("Too many actions at once: wait a few "
                                                      "seconds, nothing was lost."))
                data = check(payload, schema or {})
                person = (live.person_by_id(viewer.participant_id)
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
        workshop = workshops.by_id(workshop_id)
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
