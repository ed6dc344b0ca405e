"""The rehearsal's players: one background loop per rehearsing workshop, in the process that
started it, plays the simulated people (services.rehearsal.play_step) and sends what changed
to the screens exactly as the live handlers do."""
from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from flask import current_app

from facilitator.extensions import db, socketio
from facilitator.realtime import emit as out
from facilitator.services import rehearsal, workshops

if TYPE_CHECKING:
    from facilitator.models import Workshop

log = logging.getLogger(__name__)
STEP_SECONDS = 0.5
_playing: set[int] = set()
_lock = threading.Lock()


def ensure_playing(workshop: Workshop) -> None:
    """Start the loop for this workshop unless this process already plays it (a restarted
    server resumes when the facilitator opens the rehearsal page again)."""
    if current_app.config.get("TESTING_NO_TICKER"):
        return
    with _lock:
        if workshop.id in _playing:
            return
        _playing.add(workshop.id)
    socketio.start_background_task(_play, current_app._get_current_object(), workshop.id)


def _play(app, workshop_id: int) -> None:
    try:
        while True:
            socketio.sleep(STEP_SECONDS)
            with app.app_context():
                try:
                    if not step(workshop_id):
                        return
                except Exception:  # one bad step must not end the rehearsal
                    db.session.rollback()
                    log.exception("rehearsal step failed; continuing")
                finally:
                    db.session.remove()
    finally:
        with _lock:
            _playing.discard(workshop_id)


def step(workshop_id: int) -> bool:
    """One step and its emits; False once the rehearsal is over."""
    workshop = workshops.by_id(workshop_id)
    if workshop is None or not rehearsal.is_rehearsing(workshop):
        return False
    changes = rehearsal.play_step(workshop)
    emit(workshop, changes)
    return True


def emit(workshop: Workshop, changes: rehearsal.Changes) -> None:
    if changes.run:
        out.run(workshop)
        out.seats(workshop)
    for note in changes.notes:
        out.note(workshop, note)
    for note, table in changes.reviewed:
        out.note_reviewed(workshop, note, table)
    tables = {t.id: t for t in workshop.tables}
    rounds = {r.id: r for r in workshop.rounds}
    for table_id, round_id in changes.syntheses:
        out.synthesis(workshop, tables[table_id], rounds[round_id])
    if changes.plenary:
        out.plenary(workshop)
    if changes.votes:
        out.my_votes(workshop, changes.votes)
    if changes.run or changes.notes or changes.votes:
        out.board_changed(workshop.id)
