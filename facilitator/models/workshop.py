"""The workshop aggregate: the workshop itself, its tables and its rounds."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitator.domain.workshop import (DEFAULT_PHASE_MINUTES, DEFAULT_PLENARY_MINUTES,
                                         DEFAULT_ROTATION_MINUTES, Mode, Phase, Status)
from facilitator.extensions import db
from facilitator.models.user import utcnow


def _enum(cls):
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False,
                validate_strings=True, length=20)


class Workshop(db.Model):
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    date: Mapped[date | None]
    place: Mapped[str] = mapped_column(String(160), default="")
    language: Mapped[str] = mapped_column(String(2), default="fr")
    brief: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[Status] = mapped_column(_enum(Status), default=Status.DRAFT)
    mode: Mapped[Mode] = mapped_column(_enum(Mode), default=Mode.QUESTION)
    join_code: Mapped[str] = mapped_column(String(12), unique=True, index=True)
    vote_dots: Mapped[int] = mapped_column(default=3, server_default="3")
    vote_max_per_solution: Mapped[int] = mapped_column(default=2, server_default="2")
    # Participants' names in the deliverables: off by default, notes stay anonymous.
    show_names: Mapped[bool] = mapped_column(default=False, server_default=false())
    next_steps: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The café etiquette shown before round 1; empty: the default text in the workshop's language.
    etiquette: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Shared notes wait for the host's review before the table sees them (off by default).
    hold_notes: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Participants, not only hosts, may add photos of the tablecloth.
    participant_photos: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The deliverables' shareable link; None when never shared or revoked.
    share_token: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    # People who may join without being on the roster; None: the roster's size plus a margin.
    walk_in_cap: Mapped[int | None]
    # The time slot the café must fit, and the agenda's moves between and after the rounds.
    starts_at: Mapped[time | None]
    ends_at: Mapped[time | None]
    rotation_minutes: Mapped[int] = mapped_column(
        default=DEFAULT_ROTATION_MINUTES, server_default=str(DEFAULT_ROTATION_MINUTES))
    plenary_minutes: Mapped[int] = mapped_column(
        default=DEFAULT_PLENARY_MINUTES, server_default=str(DEFAULT_PLENARY_MINUTES))
    # When the last rehearsal ended (its data is gone; the path shows it was done).
    rehearsed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner = relationship("User")
    tables: Mapped[list["Table"]] = relationship(
        back_populates="workshop", order_by="Table.number", cascade="all, delete-orphan")
    rounds: Mapped[list["Round"]] = relationship(
        back_populates="workshop", order_by="Round.number", cascade="all, delete-orphan")
    participants: Mapped[list["Participant"]] = relationship(  # noqa: F821
        back_populates="workshop", order_by="Participant.display_name",
        cascade="all, delete-orphan")


class Table(db.Model):
    """A café table: a number the room can see, a name, an optional theme."""
    __tablename__ = "cafe_table"
    __table_args__ = (UniqueConstraint("workshop_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(80), default="")
    theme: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None]

    workshop: Mapped[Workshop] = relationship(back_populates="tables")

    @property
    def label(self) -> str:
        return self.name or str(self.number)


class Round(db.Model):
    __tablename__ = "round"
    __table_args__ = (UniqueConstraint("workshop_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    number: Mapped[int]
    question: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str | None] = mapped_column(String(30))  # question-bank kind, if picked there
    # A synthesizing round asks the room to connect what the tables heard: phones show the
    # syntheses of every table their person sat at, and its output leads the plenary.
    synthesizing: Mapped[bool] = mapped_column(default=False, server_default=false())
    reflection_minutes: Mapped[int] = mapped_column(
        default=DEFAULT_PHASE_MINUTES[Phase.REFLECTION])
    sharing_minutes: Mapped[int] = mapped_column(default=DEFAULT_PHASE_MINUTES[Phase.SHARING])
    discussion_minutes: Mapped[int] = mapped_column(
        default=DEFAULT_PHASE_MINUTES[Phase.DISCUSSION])

    workshop: Mapped[Workshop] = relationship(back_populates="rounds")

    def minutes(self, phase: Phase) -> int:
        return getattr(self, f"{phase.value}_minutes")
