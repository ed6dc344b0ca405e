"""The action plan after a workshop, as plain data: actions, indicators, dated values.

An indicator's source is a figure typed by hand or one of the diagnostic's figures (the
overall NPS, a theme's NPS, its share of detractors, its volume). A follow-up feedback
import re-measures the diagnostic figures with the same theme definitions
(:func:`remeasure`); :func:`compare` says whether a change is beyond the margin of error.
Exports: CSV, JSON and an iCalendar file of the milestones. No Flask, no database.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from facilitator.domain.diagnostic import (
    Response, Stage, ThemeEditError, apply_edits, edit_from_dict, find_mentions, summarise,
)
from facilitator.domain.i18n import N_, gettext_for

Source = Literal["manual", "nps", "theme_nps", "theme_detractors", "theme_volume"]
SOURCES: tuple[Source, ...] = ("manual", "nps", "theme_nps", "theme_detractors", "theme_volume")
THEME_SOURCES = frozenset({"theme_nps", "theme_detractors", "theme_volume"})
STATUSES = ("planned", "in_progress", "done", "blocked", "dropped")
TITLE_MAX = 200
NAME_MAX = 160
UNIT_MAX = 40
OWNER_MAX = 120
COMMENT_MAX = 500
FIGURE_TEXT_MAX = 40  # a typed figure, such as "12,5" or "-3"
# The same limits for the page's fields (maxlength), by field.
LIMITS = {"title": TITLE_MAX, "name": NAME_MAX, "unit": UNIT_MAX, "owner": OWNER_MAX,
          "comment": COMMENT_MAX, "figure": FIGURE_TEXT_MAX}
VALUE_LIMIT = 1e12  # figures beyond this are typing mistakes, not measurements
Z95 = 1.96


# Plain records --------------------------------------------------------------------------

@dataclass(frozen=True)
class Measure:
    """A figure with its 95 % margin of error (None when it has none) and its sample."""

    value: float | None
    margin: float | None = None
    respondents: int | None = None


@dataclass(frozen=True)
class ValuePoint:
    """A dated value of an indicator; `followup` names the import that measured it."""

    measured_on: dt.date
    value: float | None
    margin: float | None = None
    respondents: int | None = None
    comment: str = ""
    followup: str = ""


@dataclass(frozen=True)
class IndicatorItem:
    name: str
    unit: str = ""
    source: Source = "manual"
    theme: str = ""
    baseline: float | None = None
    baseline_margin: float | None = None
    baseline_date: dt.date | None = None
    target: float | None = None
    due_date: dt.date | None = None
    values: tuple[ValuePoint, ...] = ()

    @property
    def latest(self) -> ValuePoint | None:
        measured = [v for v in self.values if v.value is not None]
        return measured[-1] if measured else None


@dataclass(frozen=True)
class ActionItem:
    number: int
    title: str
    owner: str = ""
    due_date: dt.date | None = None
    status: str = "planned"
    solution: str = ""
    work_stream: str = ""
    irritant: str = ""
    indicators: tuple[IndicatorItem, ...] = ()


@dataclass(frozen=True)
class FollowUpPoint:
    """One follow-up import: when, how many responses, the overall NPS then."""

    filename: str
    measured_on: dt.date
    responses: int
    nps: float
    margin_of_error: float


@dataclass(frozen=True)
class ActionPlanReport:
    """Everything the action plan PDF and its exports show."""

    title: str
    date: dt.date
    place: str
    facilitator_name: str
    language: Literal["fr", "en"]
    actions: tuple[ActionItem, ...] = ()
    followups: tuple[FollowUpPoint, ...] = ()
    baseline_nps: Measure | None = None
    baseline_respondents: int = 0
    generated_at: dt.date | None = None


# Figures of a diagnostic ----------------------------------------------------------------

def _share_margin(part: int, whole: int) -> float:
    """95 % margin, in points, of the share part/whole (normal approximation)."""
    if whole <= 0:
        return 0.0
    p = part / whole
    return Z95 * math.sqrt(p * (1 - p) / whole) * 100


def _nps_margin(promoters: int, detractors: int, n: int) -> float:
    if n <= 0:
        return 0.0
    p, d = promoters / n, detractors / n
    return Z95 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n) * 100


def figure(result: dict[str, Any] | None, source: str, theme: str = "") -> Measure:
    """A diagnostic figure from an analysis dict (``Diagnostic.to_dict()``).

    A theme nobody mentioned has a volume and a detractor share of 0, and no NPS.
    """
    if not result or source == "manual":
        return Measure(None)
    n = int(result.get("responses", 0))
    if source == "nps":
        return Measure(float(result["nps"]), float(result["margin_of_error"]), n)
    found = next((t for t in result.get("themes", []) if t["name"] == theme), None)
    all_detractors = int(result.get("detractors", 0))
    if source == "theme_volume":
        count = found["count"] if found else 0
        return Measure(100 * count / n if n else None, _share_margin(count, n), n)
    if source == "theme_detractors":
        mentioning = found["detractors"] if found else 0
        share = 100 * mentioning / all_detractors if all_detractors else None
        return Measure(share, _share_margin(mentioning, all_detractors), all_detractors)
    if source == "theme_nps":
        if not found or not found["count"]:
            return Measure(None, None, 0)
        return Measure(float(found["nps"]), _nps_margin(found["promoters"], found["detractors"],
                                                          found["count"]), found["count"])
    raise ValueError(f"unknown source {source!r}")


def remeasure(responses: Sequence[Response], stages: list[Stage],
              edits: Iterable[dict[str, Any]], language: str) -> dict[str, Any]:
    """The analysis dict of a later export, with the workshop's stages and theme edits.

    The one place the follow-up asks the diagnostic engine for themes: an edit that no
    longer applies to the new comments is skipped, as the diagnostic page does.
    """
    mentions = find_mentions(responses, stages)
    for payload in edits:
        try:
            mentions = apply_edits(mentions, [edit_from_dict(dict(payload))])
        except ThemeEditError:
            continue
    return summarise(responses, mentions, language,
                     stage_order=[stage.name for stage in stages]).to_dict()


def higher_is_better(source: str, baseline: float | None, target: float | None) -> bool:
    """Which way is progress: toward the target when there is one, else by the figure."""
    if baseline is not None and target is not None and target != baseline:
        return target > baseline
    return source in ("manual", "nps", "theme_nps")


@dataclass(frozen=True)
class Comparison:
    """A value against its baseline and target."""

    change: float | None  # value - baseline
    within_noise: bool | None  # None when neither figure has a margin
    better: bool | None  # None when there is no change to judge
    progress: float | None  # share of the way from baseline to target, in %
    reached: bool | None


def compare(indicator: IndicatorItem, point: ValuePoint | None) -> Comparison:
    """Judge a value: the change is within the noise when it is no larger than the margin
    of the difference (both margins combined in quadrature)."""
    if point is None or point.value is None or indicator.baseline is None:
        return Comparison(None, None, None, None, None)
    change = point.value - indicator.baseline
    margins = [m for m in (point.margin, indicator.baseline_margin) if m is not None]
    noise = abs(change) <= math.sqrt(sum(m * m for m in margins)) if margins else None
    up = higher_is_better(indicator.source, indicator.baseline, indicator.target)
    better = None if change == 0 else (change > 0) == up
    progress = reached = None
    if indicator.target is not None:
        reached = point.value >= indicator.target if up else point.value <= indicator.target
        span = indicator.target - indicator.baseline
        if span:
            progress = 100 * change / span
    return Comparison(change, noise, better, progress, reached)


def trend(values: Sequence[ValuePoint]) -> str:
    """"up", "down", "flat" or "" (fewer than two values), from the first to the last."""
    measured = [v.value for v in values if v.value is not None]
    if len(measured) < 2:
        return ""
    delta = measured[-1] - measured[0]
    return "flat" if abs(delta) < 1e-9 else "up" if delta > 0 else "down"


def is_late(due: dt.date | None, status: str, today: dt.date) -> bool:
    return due is not None and due < today and status not in ("done", "dropped")


# Labels (the caller's gettext: Flask-Babel's, or the catalogue's for the workshop) ---

def status_name(status: str, _: Callable[[str], str]) -> str:
    return {"planned": _("Planned"), "in_progress": _("In progress"), "done": _("Done"),
            "blocked": _("Blocked"), "dropped": _("Dropped")}.get(status, status)


def default_unit(source: str, _: Callable[[str], str]) -> str:
    """The unit a diagnostic figure is measured in: NPS points, or a share in %."""
    if source in ("nps", "theme_nps"):
        return _("points")
    return "%" if source != "manual" else ""


def source_label(source: str, theme: str, _: Callable[[str], str]) -> str:
    """Where an indicator's figure comes from, as a sentence fragment."""
    if source == "nps":
        return _("Overall NPS")
    if source == "theme_nps":
        return _("NPS of \u201c%(theme)s\u201d") % {"theme": theme}
    if source == "theme_detractors":
        return _("Share of detractors mentioning \u201c%(theme)s\u201d") % {"theme": theme}
    if source == "theme_volume":
        return _("Share of respondents mentioning \u201c%(theme)s\u201d") % {"theme": theme}
    return _("Entered by hand")



# Exports --------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
    if text.lstrip().startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text  # a spreadsheet would run it as a formula
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def export_csv(plan: ActionPlanReport) -> str:
    """One row per indicator value (or per indicator, or per action without one)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("action_number", "action", "owner", "action_due", "status", "solution",
                     "indicator", "unit", "source", "theme", "baseline", "baseline_margin",
                     "target", "indicator_due", "measured_on", "value", "margin",
                     "respondents", "comment"))
    for action in plan.actions:
        head = (action.number, action.title, action.owner, action.due_date, action.status,
                action.solution)
        if not action.indicators:
            writer.writerow([_cell(v) for v in head] + [""] * 13)
        for ind in action.indicators:
            mid = (ind.name, ind.unit, ind.source, ind.theme, ind.baseline, ind.baseline_margin,
                   ind.target, ind.due_date)
            for point in ind.values or (None,):
                tail = ((point.measured_on, point.value, point.margin, point.respondents,
                         point.comment) if point else ("",) * 5)
                writer.writerow([_cell(v) for v in (*head, *mid, *tail)])
    return buffer.getvalue()


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def export_json(plan: ActionPlanReport) -> str:
    document = {"format": "facilitator.action-plan", "version": 1,
                "plan": dataclasses.asdict(plan)}
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _ical_text(text: str) -> str:
    text = " ".join(text.split())
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,"))


def _fold(line: str) -> list[str]:
    """RFC 5545 folding: lines of at most 75 octets, continuations start with a space."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode()) > limit:
            out.append(current)
            current = ""
        current += ch
    return out + [current]


def milestones(plan: ActionPlanReport) -> list[tuple[dt.date, str, str, str]]:
    """(date, uid seed, summary, description) of every dated action and indicator."""
    found = []
    for action in plan.actions:
        if action.due_date:
            found.append((action.due_date, f"a{action.number}", action.title,
                          action.owner))
        for index, ind in enumerate(action.indicators, start=1):
            if ind.due_date:
                found.append((ind.due_date, f"a{action.number}i{index}", ind.name,
                              action.title))
    return sorted(found, key=lambda m: (m[0], m[1]))


# The calendar's two labels, in English; the workshop's language comes from the catalogue.
ICAL_LABELS = {"action": N_("Action due: %(title)s"),
               "indicator": N_("Indicator due: %(title)s")}


def export_ical(plan: ActionPlanReport, stamp: dt.datetime) -> str:
    """An iCalendar file: one all-day event per dated action and indicator."""
    _ = gettext_for(plan.language)
    seed = hashlib.sha256(f"{plan.title}|{plan.date}".encode()).hexdigest()[:16]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//facilitator//action plan//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_ical_text(plan.title)}"]
    for day, key, title, detail in milestones(plan):
        kind = "indicator" if "i" in key[1:] else "action"
        lines += ["BEGIN:VEVENT", f"UID:{seed}-{key}@facilitator",
                  f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
                  f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{_ical_text(_(ICAL_LABELS[kind]) % {'title': title})}"]
        if detail:
            lines.append(f"DESCRIPTION:{_ical_text(detail)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


# Input checks ---------------------------------------------------------------------------

def parse_number(text: str) -> float | None:
    """A figure typed by a person: "12,5", " 40 ", "-3" or "" (None); ValueError else."""
    cleaned = (text or "").strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    cleaned = cleaned.rstrip("%").replace("\u2212", "-")
    if not cleaned:
        return None
    value = float(cleaned)
    if not math.isfinite(value) or abs(value) > VALUE_LIMIT:
        raise ValueError(text)
    return value
