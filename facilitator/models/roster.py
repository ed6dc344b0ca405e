"""The roster: the people expected at a workshop, hosts and participants."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitator.domain.workshop import Role
from facilitator.extensions import db
from facilitator.models.user import utcnow
from facilitator.models.workshop import Table, Workshop


class Participant(db.Model):
    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    display_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(254), default="")
    department: Mapped[str] = mapped_column(String(80), default="")
    role: Mapped[Role] = mapped_column(
        Enum(Role, values_callable=lambda e: [m.value for m in e], native_enum=False,
             validate_strings=True, length=20), default=Role.PARTICIPANT)
    # Hosts never move: the table they host, set for hosts only.
    host_table_id: Mapped[int | None] = mapped_column(
        ForeignKey("cafe_table.id", ondelete="SET NULL"), index=True)
    # Live changes, as round numbers (1-based): a late arrival's first round, and the
    # first round missed by someone who left. None: there from the start / to the end.
    arrives_round: Mapped[int | None]
    leaves_round: Mapped[int | None]
    # The phone's resumable token, stored hashed; None until the person joins.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    joined_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    # A second device asking for a name already joined: its token waits here, hashed,
    # until the facilitator approves (it becomes token_hash) or refuses.
    claim_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    claim_requested_at: Mapped[datetime | None]
    # Personal data erased: the label "Participant 12" can never be claimed.
    erased: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Joined from a phone without being on the roster: counts against the walk-in cap.
    walked_in: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")
    host_table: Mapped[Table | None] = relationship()

    @property
    def is_host(self) -> bool:
        return self.role is Role.HOST

    def hosts(self, table_id: int | None) -> bool:
        """Whether this person is the host of that table."""
        return self.is_host and table_id is not None and self.host_table_id == table_id
