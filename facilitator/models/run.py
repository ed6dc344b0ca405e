"""The live run of a workshop: its stage, round, phase and the server-held deadline."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitator.domain.run import RunState, Stage
from facilitator.domain.workshop import Phase
from facilitator.extensions import db
from facilitator.models.user import utcnow
from facilitator.models.workshop import Workshop


def _enum(cls):
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False,
                validate_strings=True, length=20)


class Run(db.Model):
    __tablename__ = "run"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             primary_key=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage), default=Stage.LOBBY)
    round_number: Mapped[int] = mapped_column(default=0)
    phase: Mapped[Phase | None] = mapped_column(_enum(Phase))
    deadline: Mapped[datetime | None]         # UTC, naive
    paused_remaining: Mapped[float | None]
    # A phase ends by itself at its deadline, or waits for the facilitator.
    auto_advance: Mapped[bool] = mapped_column(default=True)
    # Bumped by every change: a conditional UPDATE on it makes a transition happen once,
    # whichever process (or timer) tries it.
    version: Mapped[int] = mapped_column(default=0)
    # The plenary: which table presents, whether voting is open, whether tallies show.
    plenary_table: Mapped[int | None]
    votes_open: Mapped[bool] = mapped_column(default=False, server_default=false())
    votes_revealed: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Bumped by every plenary change: screens keep the newest plenary they have seen.
    plenary_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # The context slide the lobby shows before round 1 (purpose, key figures, etiquette).
    slide: Mapped[int] = mapped_column(default=0, server_default="0")
    # A rehearsal: simulated people, phases `speed` times faster, erased when it ends.
    rehearsal: Mapped[bool] = mapped_column(default=False, server_default=false())
    speed: Mapped[int] = mapped_column(default=1, server_default="1")
    # What the rehearsal restores (seats, roster, status) and its autopilot setting.
    rehearsal_data: Mapped[dict | None] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(String(280), default="")
    message_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship(backref=db.backref("run", uselist=False,
                                                                 cascade="all, delete-orphan"))

    def state(self) -> RunState:
        return RunState(stage=self.stage, round_number=self.round_number, phase=self.phase,
                        deadline=self.deadline, paused_remaining=self.paused_remaining,
                        version=self.version)
