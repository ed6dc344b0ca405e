"""The action plan that follows a workshop: actions drawn from retained solutions, their
indicators, the dated values of each indicator, and the follow-up feedback imports that
re-measure the diagnostic-sourced ones."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitator.extensions import db
from facilitator.models.user import utcnow


class ActionPlan(db.Model):
    """One per workshop: the shareable link that lets work-stream owners edit the plan
    without an account (revocable, like the deliverables link)."""
    __tablename__ = "action_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             unique=True)
    share_token: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Action(db.Model):
    """Something someone will do by a date, usually to carry out a retained solution."""
    __tablename__ = "plan_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    solution_id: Mapped[int | None] = mapped_column(
        ForeignKey("solution.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default="planned")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="Indicator.id")


class Indicator(db.Model):
    """How an action's effect is measured. `source` is "manual" or a diagnostic figure
    ("nps", "theme_nps", "theme_detractors", "theme_volume") of `theme`."""
    __tablename__ = "plan_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"),
                                           index=True)
    name: Mapped[str] = mapped_column(String(160), default="")
    unit: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(20), default="manual")
    theme: Mapped[str] = mapped_column(String(200), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    baseline_margin: Mapped[float | None] = mapped_column(Float)  # a diagnostic figure's
    baseline_date: Mapped[date | None]
    target: Mapped[float | None] = mapped_column(Float)
    due_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship(back_populates="indicators")
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan",
        order_by="(IndicatorValue.measured_on, IndicatorValue.id)")


class FollowUpImport(db.Model):
    """A later feedback export imported into the workshop's follow-up: one dated point for
    every diagnostic-sourced indicator. The file itself is not kept, only its figures."""
    __tablename__ = "followup_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    measured_on: Mapped[date]
    responses: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    nps: Mapped[float] = mapped_column(Float, default=0.0)
    margin_of_error: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IndicatorValue(db.Model):
    """A dated value of an indicator: typed by hand, or measured by a follow-up import
    (then with its margin of error and the number of responses behind it)."""
    __tablename__ = "plan_indicator_value"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("plan_indicator.id", ondelete="CASCADE"), index=True)
    followup_id: Mapped[int | None] = mapped_column(
        ForeignKey("followup_import.id", ondelete="CASCADE"), index=True)
    measured_on: Mapped[date]
    value: Mapped[float | None] = mapped_column(Float)  # None: the theme was not mentioned
    margin: Mapped[float | None] = mapped_column(Float)
    respondents: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="values")
