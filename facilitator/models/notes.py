"""Notes: what participants write, privately first, then shared with their table."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitator.extensions import db
from facilitator.models.roster import Participant
from facilitator.models.user import utcnow
from facilitator.models.workshop import Round, Table


class Note(db.Model):
    __tablename__ = "note"
    # The phone names each note (client_id): a retry updates, never duplicates.
    __table_args__ = (UniqueConstraint("participant_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    # The table it was shared with; None while private.
    table_id: Mapped[int | None] = mapped_column(ForeignKey("cafe_table.id", ondelete="SET NULL"),
                                                 index=True)
    shared_at: Mapped[datetime | None]
    # Shared but held for the host's review (workshops with hold_notes): only the author
    # and the host see it until the host lets it through.
    held: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Set once the host has grouped, starred or merged it: the author can no longer edit it.
    consolidated: Mapped[bool] = mapped_column(default=False)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey(
        "cluster.id", ondelete="SET NULL", name="fk_note_cluster_id_cluster"))
    starred: Mapped[bool] = mapped_column(default=False, server_default=false())
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey(
        "note.id", ondelete="SET NULL", name="fk_note_duplicate_of_id_note"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    round: Mapped[Round] = relationship()
    table: Mapped[Table | None] = relationship()
    participant: Mapped[Participant] = relationship()

    @property
    def shared(self) -> bool:
        return self.table_id is not None
