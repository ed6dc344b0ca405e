"""The diagnostic's language engine on live notes: a host's suggested groups, and the
themes emerging across all tables in the running round (for the console). Read-only:
accepting a group goes through the usual cluster event."""
from __future__ import annotations

from sqlalchemy import select

from facilitator.domain.diagnostic.notes import live_themes as find_live_themes
from facilitator.domain.diagnostic.notes import suggest_groups as find_groups
from facilitator.extensions import db
from facilitator.models import Note, Round, Table, Workshop

MAX_NOTES = 2000  # a round of 50 people writes a few hundred; bounded all the same


def suggest_groups(workshop: Workshop, table: Table, round_: Round) -> list[dict]:
    """Groups of the table's notes not yet in a group (nor held for review)."""
    notes = db.session.execute(select(Note.id, Note.text).where(
        Note.table_id == table.id, Note.round_id == round_.id, Note.cluster_id.is_(None),
        Note.held.is_(False), Note.shared_at.is_not(None)).order_by(Note.id)
        .limit(MAX_NOTES)).all()
    # The notes' own language, as the diagnostic detects it: people write as they speak.
    return [group.to_dict() for group in find_groups([(i, t) for i, t in notes])]


def live_themes(workshop: Workshop) -> dict:
    """{"round": n, "themes": [{"phrase", "notes", "tables"}]} for the running round."""
    run = workshop.run
    number = run.round_number if run is not None else 0
    round_ = next((r for r in workshop.rounds if r.number == number), None)
    if round_ is None:
        return {"round": number, "themes": []}
    rows = db.session.execute(select(Note.id, Table.number, Note.text)
                              .join(Table, Table.id == Note.table_id)
                              .where(Note.round_id == round_.id, Note.held.is_(False),
                                     Note.shared_at.is_not(None))
                              .order_by(Note.id).limit(MAX_NOTES)).all()
    themes = find_live_themes([(i, n, t) for i, n, t in rows])
    return {"round": number, "themes": [theme.to_dict() for theme in themes]}
