"""Notes: a participant writes them (idempotent on the phone's client_id), shares them with
the table they sat at in the note's round, deletes them; and who sees one (note_audience),
the one rule behind both the snapshots (live_views) and the broadcasts (realtime.emit)."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from facilitator.domain.run import Stage
from facilitator.domain.workshop import NOTE_MAX_LENGTH
from facilitator.extensions import db
from facilitator.models import Note, Participant, Seat, Workshop
from facilitator.services.live import SHARING_PHASES, LiveError, seat_of, utcnow


def note_audience(workshop: Workshop, author_id: int, table_id: int | None, round_id: int,
                  held: bool = False, seated: set[int] | None = None) -> set[int]:
    """Who sees a note: its author and, once shared, the people seated at its table in its
    round; while held for review, of those only the table's host. `seated` narrows the
    table to the people asked about (a snapshot asks about its viewer only)."""
    people = {author_id}
    if table_id:
        at_table = seated_ids(round_id, table_id) if seated is None else set(seated)
        if held:
            at_table &= hosts_of(workshop, table_id)
        people |= at_table
    return people


def seated_ids(round_id: int, table_id: int) -> set[int]:
    return set(db.session.scalars(select(Seat.participant_id).where(
        Seat.round_id == round_id, Seat.table_id == table_id)))


def hosts_of(workshop: Workshop, table_id: int) -> set[int]:
    return {p.id for p in workshop.participants if p.hosts(table_id)}


def _current_round(workshop: Workshop):
    run = workshop.run
    if run is None or run.stage is not Stage.ROUND:
        raise LiveError("not_now", _("Notes are written during a round."))
    return workshop.rounds[run.round_number - 1]


def _note_round(workshop: Workshop, round_number: int | None):
    """The round a new note belongs to: the one named by the phone (a note typed offline
    may arrive after its round), else the running one, else the last one played."""
    run = workshop.run
    played = run.round_number if run is not None else 0
    if round_number is None:
        round_number = played
    if not played or not 1 <= round_number <= played:
        raise LiveError("not_now", _("Notes are written during a round."))
    return workshop.rounds[round_number - 1]


def save_note(workshop: Workshop, person: Participant, client_id: str, text: str,
              share: bool = False, round_number: int | None = None) -> Note:
    """Create or update the note `client_id`: a retried save never makes a second note."""
    text = text.strip()
    if not text:
        raise LiveError("invalid", _("A note cannot be empty."))
    if len(text) > NOTE_MAX_LENGTH:
        raise LiveError("invalid", _("A note is at most %(limit)s characters.",
                                     limit=NOTE_MAX_LENGTH))
    note = _note(person, client_id)
    if note is None:
        note = _insert_note(workshop, person, client_id, text, round_number)
    if note.text != text:
        _require_editable(note)
        note.text = text
    if share and note.table_id is None:
        _share(workshop, person, note)
    db.session.commit()
    return note


def _insert_note(workshop: Workshop, person: Participant, client_id: str, text: str,
                 round_number: int | None) -> Note:
    """Insert, or, when the same note was saved at the same moment by another request (two
    tabs, a resend), use that one: the unique (participant, client_id) decides."""
    note = Note(workshop_id=workshop.id, round_id=_note_round(workshop, round_number).id,
                participant_id=person.id, client_id=client_id, text=text)
    db.session.add(note)
    try:
        db.session.flush()
    except IntegrityError:
        # Nothing else was written yet in this use case, so rolling back loses nothing.
        db.session.rollback()
        note = _note(person, client_id)
        if note is None:  # pragma: no cover - the constraint names no other row
            raise
    return note


def share_notes(workshop: Workshop, person: Participant, client_ids: list[str]) -> list[Note]:
    notes = [n for n in (_note(person, c) for c in client_ids) if n is not None]
    for note in notes:
        if note.table_id is None:
            _share(workshop, person, note)
    db.session.commit()
    return notes


def delete_note(workshop: Workshop, person: Participant, client_id: str) -> Note | None:
    """Delete one's own note; deleting twice (a retry) is not an error. Returns the deleted
    note (its fields stay readable) so the tables that saw it can be told."""
    note = _note(person, client_id)
    if note is None:
        return None
    _require_editable(note)
    db.session.delete(note)
    db.session.commit()
    return note


def _note(person: Participant, client_id: str) -> Note | None:
    return db.session.scalar(select(Note).where(Note.participant_id == person.id,
                                                Note.client_id == client_id))


def _require_editable(note: Note) -> None:
    if note.consolidated:
        raise LiveError("consolidated", _("The host has consolidated this note: it can no "
                                          "longer be changed."))


def _share(workshop: Workshop, person: Participant, note: Note) -> None:
    """Share with the table the author sat at in the note's round: during that round from
    the sharing phase on, or later (a note that waited offline still reaches its table)."""
    run = workshop.run
    round_number = next(r.number for r in workshop.rounds if r.id == note.round_id)
    running = run.stage is Stage.ROUND and round_number == run.round_number
    if running and run.phase not in SHARING_PHASES:
        raise LiveError("not_now", _("Notes are shared from the sharing phase on."))
    table = seat_of(workshop, person, round_number)
    if table is None:
        raise LiveError("not_now", _("You have no table in this round: ask the facilitator."))
    note.table_id, note.shared_at = table.id, utcnow()
    # A host's own notes need no review: they hold the table's pen anyway.
    note.held = workshop.hold_notes and not person.is_host
