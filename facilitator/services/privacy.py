"""A workshop's personal data: what the app holds about each person, exported on request,
and erased (names and emails replaced, tokens revoked) while the ideas stay."""
from __future__ import annotations

import json

from flask_babel import gettext as _
from sqlalchemy import select, update

from facilitator.extensions import db
from facilitator.models import Note, Photo, Vote, Workshop
from facilitator.services.live import epoch_ms


def export(workshop: Workshop) -> str:
    """Everything personal, as JSON: who, contact, department, when they joined, what
    they wrote and how they voted."""
    notes: dict[int, list[str]] = {}
    for note in db.session.scalars(select(Note).where(Note.workshop_id == workshop.id)
                                   .order_by(Note.id)):
        notes.setdefault(note.participant_id, []).append(note.text)
    added: dict[int, list[dict]] = {}
    for photo in db.session.scalars(select(Photo).where(Photo.workshop_id == workshop.id,
                                                        Photo.participant_id.is_not(None))
                                    .order_by(Photo.id)):
        added.setdefault(photo.participant_id, []).append(
            {"id": photo.id, "caption": photo.caption, "added_at": epoch_ms(photo.created_at)})
    votes: dict[int, int] = {}
    for vote in db.session.scalars(select(Vote).where(Vote.workshop_id == workshop.id)):
        votes[vote.participant_id] = votes.get(vote.participant_id, 0) + vote.dots
    people = [{"name": p.display_name, "email": p.email, "department": p.department,
               "role": p.role.value, "joined_at": epoch_ms(p.joined_at),
               "device_joined": p.token_hash is not None,
               "notes": notes.get(p.id, []), "dots_placed": votes.get(p.id, 0),
               "photos_added": added.get(p.id, [])}
              for p in workshop.participants]
    return json.dumps({"workshop": {"title": workshop.title, "code": workshop.join_code,
                                    "date": workshop.date.isoformat() if workshop.date
                                    else None},
                       "people": people}, ensure_ascii=False, indent=2)


def erase(workshop: Workshop) -> int:
    """Replace names and emails by neutral labels and revoke every device. Notes, syntheses,
    votes and the tables' photos stay, anonymous. Returns how many people were erased."""
    for number, person in enumerate(sorted(workshop.participants, key=lambda p: p.id), 1):
        person.display_name = _("Participant %(number)s", number=number)
        person.email = ""
        person.token_hash = None
        person.claim_hash = person.claim_requested_at = None
        person.erased = True
    # The tables' photos stay (they show the ideas, not the people); who added them goes.
    db.session.execute(update(Photo).where(Photo.workshop_id == workshop.id)
                       .values(participant_id=None))
    workshop.show_names = False
    db.session.commit()
    return len(workshop.participants)
