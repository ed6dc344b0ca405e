"""What a table makes of its notes: clusters, key points and proposed solutions, then the
plenary's dot votes. Each key point and each solution field is saved on its own, so two
devices editing one synthesis never overwrite each other's fields."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitator.extensions import db
from facilitator.models.roster import Participant
from facilitator.models.user import utcnow
from facilitator.models.workshop import Round, Table


class AtTableInRound:
    """What one table makes in one round (a cluster, a key point, a solution): its place."""
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("cafe_table.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))


class Cluster(AtTableInRound, db.Model):
    """A group of a table's notes, with a title the host writes."""
    __tablename__ = "cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KeyPoint(AtTableInRound, db.Model):
    __tablename__ = "key_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    edited_by: Mapped[str] = mapped_column(String(80), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)


class Solution(AtTableInRound, db.Model):
    __tablename__ = "solution"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(160), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    irritant: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[str] = mapped_column(String(80), default="")
    work_stream: Mapped[str] = mapped_column(String(80), default="")
    channel: Mapped[str] = mapped_column(String(80), default="")
    note_ids_json: Mapped[str] = mapped_column(Text, default="[]")
    # Who last wrote each field: {"title": {"by": "Ana", "at": ms}, ...}
    edits_json: Mapped[str] = mapped_column(Text, default="{}")
    version: Mapped[int] = mapped_column(default=1)
    # A duplicate merged by the facilitator points to the solution kept.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("solution.id", ondelete="SET NULL"))
    impact: Mapped[str] = mapped_column(String(10), default="")
    effort: Mapped[str] = mapped_column(String(10), default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    horizon: Mapped[str] = mapped_column(String(10), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    table: Mapped[Table] = relationship()
    round: Mapped[Round] = relationship()

    @property
    def note_ids(self) -> list[int]:
        return json.loads(self.note_ids_json or "[]")

    @property
    def edits(self) -> dict:
        return json.loads(self.edits_json or "{}")


class Vote(db.Model):
    """A participant's dots on one solution (an absolute count: retries are harmless)."""
    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("participant_id", "solution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solution.id", ondelete="CASCADE"),
                                             index=True)
    dots: Mapped[int] = mapped_column(default=1)

    participant: Mapped[Participant] = relationship()
