"""Seating: who sits at which table in each round, as planned by the rotation engine or
set by the facilitator's hand (a pinned seat)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitator.domain.workshop import PairKind
from facilitator.extensions import db
from facilitator.models.user import utcnow
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


class PairRule(db.Model):
    """"Never seat these two together", or "keep them apart in round 1": a hard constraint
    for the rotation engine. One rule per pair, stored with first_id < second_id."""
    __tablename__ = "pair_rule"
    __table_args__ = (UniqueConstraint("workshop_id", "first_id", "second_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    kind: Mapped[PairKind] = mapped_column(
        Enum(PairKind, values_callable=lambda e: [m.value for m in e], native_enum=False,
             validate_strings=True, length=20), default=PairKind.NEVER)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    first: Mapped[Participant] = relationship(foreign_keys=[first_id])
    second: Mapped[Participant] = relationship(foreign_keys=[second_id])
