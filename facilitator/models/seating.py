"""Seating: who sits at which table in each round, as planned by the rotation engine or
set by the facilitator's hand (a pinned seat)."""
from __future__ import annotations

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitator.extensions import db
from facilitator.models.roster import Participant
from facilitator.models.workshop import Round, Table


class Seat(db.Model):
    __tablename__ = "seat"
    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("cafe_table.id", ondelete="CASCADE"),
                                          index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    # Set when the facilitator placed this person by hand: re-planning keeps it.
    pinned: Mapped[bool] = mapped_column(default=False)

    round: Mapped[Round] = relationship()
    table: Mapped[Table] = relationship()
    participant: Mapped[Participant] = relationship()
