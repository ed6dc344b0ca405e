"""The action plan of a workshop: retained solutions become actions with an owner, a due
date, a status and indicators; hand-entered values; a revocable link for work-stream
owners; plain data for the action plan PDF and its exports."""
from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from facilitator.domain import actionplan as plan_rules
from facilitator.domain.diagnostic import default_stages, stage_label
from facilitator.extensions import db
from facilitator.models import (Action, ActionPlan, FollowUpImport, Indicator, IndicatorValue,
                                Solution, Workshop, WorkshopDiagnostic)
from facilitator.services import NotFound, UserError, diagnostic, of_workshop, plenary
from facilitator.services.translations import gettext_for


# Reading ----------------------------------------------------------------------------------

def actions(workshop: Workshop) -> list[Action]:
    """The plan's actions in reading order: by due date (undated last), then creation."""
    found = db.session.scalars(select(Action).where(Action.workshop_id == workshop.id)).all()
    return sorted(found, key=lambda a: (a.due_date is None, a.due_date or date.max, a.id))


def has_actions(workshop: Workshop) -> bool:
    return db.session.scalar(select(Action.id).where(Action.workshop_id == workshop.id)
                             .limit(1)) is not None


def followups(workshop: Workshop) -> list[FollowUpImport]:
    return list(db.session.scalars(select(FollowUpImport).where(
        FollowUpImport.workshop_id == workshop.id)
        .order_by(FollowUpImport.measured_on, FollowUpImport.id)))


def candidate_solutions(workshop: Workshop) -> list[tuple[Solution, int]]:
    """Solutions still standing, most voted first, with their votes: what becomes actions."""
    counts = plenary.tallies(workshop)
    standing = [s for s in plenary.solutions(workshop) if s.title]
    return sorted(((s, counts.get(s.id, 0)) for s in standing), key=lambda p: (-p[1], p[0].id))


def baseline_date(workshop: Workshop) -> date:
    return workshop.date or workshop.created_at.date()


def sources(workshop: Workshop) -> list[dict[str, Any]]:
    """Every diagnostic figure an indicator can follow, with its baseline: the overall NPS,
    then each theme's NPS, detractor share and volume. Empty without a diagnostic."""
    result = diagnostic.analysis(workshop)
    if result is None:
        return []
    found = [_source(result, "nps", "", workshop.language)]
    themes = sorted(result["themes"], key=lambda t: (-t["count"], t["name"].casefold()))
    for theme in themes:
        for kind in ("theme_nps", "theme_detractors", "theme_volume"):
            found.append(_source(result, kind, theme["name"], workshop.language))
    return found


def _source(result: dict, kind: str, theme: str, language: str) -> dict[str, Any]:
    measure = plan_rules.figure(result, kind, theme)
    stage = next((t.get("stage", "") for t in result["themes"] if t["name"] == theme), "")
    return {"key": f"{kind}:{theme}", "kind": kind, "theme": theme,
            "stage": stage_label(stage, language) if stage else "",
            "baseline": measure.value, "margin": measure.margin,
            "respondents": measure.respondents}


def themes(workshop: Workshop) -> list[dict[str, Any]]:
    """The diagnostic's themes for pickers: name, stage label, volume, NPS."""
    result = diagnostic.analysis(workshop)
    if result is None:
        return []
    return [{"name": t["name"], "stage": t.get("stage_label", ""), "count": t["count"],
             "nps": t["nps"]}
            for t in sorted(result["themes"], key=lambda t: (-t["count"], t["name"].casefold()))]


def solution_suggestions(workshop: Workshop) -> dict[str, list[str]]:
    """What the solution form's tag fields offer (free text stays allowed): the
    diagnostic's themes as irritants, the journey's stages, the work streams named so far."""
    # Read on every phone page: the stored analysis only, never a recomputation or a write.
    record = db.session.scalar(select(WorkshopDiagnostic).where(
        WorkshopDiagnostic.workshop_id == workshop.id))
    cached = (record.cache or {}).get("themes", []) if record is not None else []
    named = sorted(cached, key=lambda t: (-t["count"], t["name"].casefold()))
    stages = (diagnostic.stages_of(workshop, record) if record is not None
              else default_stages(workshop.language))
    streams = sorted(set(db.session.scalars(select(Solution.work_stream).where(
        Solution.workshop_id == workshop.id, Solution.work_stream != ""))), key=str.casefold)
    return {"irritant": [t["name"] for t in named],
            "stage": [stage_label(stage.name, workshop.language) for stage in stages],
            "work_stream": streams}


# Actions ----------------------------------------------------------------------------------

def _clip(text: str | None, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def _status(value: str | None) -> str:
    if value not in plan_rules.STATUSES:
        raise UserError(_("Choose one of the statuses."))
    return value


def add_action(workshop: Workshop, *, solution_id: int | None, title: str, owner: str,
               due_date: date | None, status: str = "planned") -> Action:
    """A new action, from a retained solution (its title and owner by default) or not."""
    solution = None
    if solution_id:
        try:
            solution = of_workshop(Solution, workshop, solution_id)
        except NotFound:
            raise UserError(_("This solution no longer exists: reload the page.")) from None
    title = _clip(title, plan_rules.TITLE_MAX) or (solution.title if solution else "")
    if not title:
        raise UserError(_("Give the action a title, or pick a solution."))
    action = Action(workshop_id=workshop.id, solution_id=solution.id if solution else None,
                    title=title[:plan_rules.TITLE_MAX],
                    owner=_clip(owner, plan_rules.OWNER_MAX) or (solution.owner if solution
                                                                  else ""),
                    due_date=due_date, status=_status(status))
    db.session.add(action)
    db.session.commit()
    return action


def update_action(workshop: Workshop, action_id: int, *, title: str, owner: str,
                  due_date: date | None, status: str) -> Action:
    action = of_workshop(Action, workshop, action_id)
    title = _clip(title, plan_rules.TITLE_MAX)
    if not title:
        raise UserError(_("Give the action a title, or pick a solution."))
    action.title, action.owner = title, _clip(owner, plan_rules.OWNER_MAX)
    action.due_date, action.status = due_date, _status(status)
    db.session.commit()
    return action


def delete_action(workshop: Workshop, action_id: int) -> None:
    db.session.delete(of_workshop(Action, workshop, action_id))
    db.session.commit()


# Indicators -------------------------------------------------------------------------------

def _number(text: str | None, what: str) -> float | None:
    try:
        return plan_rules.parse_number(text or "")
    except ValueError:
        raise UserError(_("%(what)s: type a number, such as 42 or 12.5.", what=what)) from None


def source_name(kind: str, theme: str = "") -> str:
    """How a source reads on the page, in the page's language."""
    return plan_rules.source_label(kind, theme, _)


def add_indicator(workshop: Workshop, action_id: int, *, name: str, unit: str, source: str,
                  baseline: str, target: str, due_date: date | None) -> Indicator:
    """An indicator; a diagnostic source pre-fills name, unit and the baseline with its
    margin (a baseline typed by hand wins)."""
    action = of_workshop(Action, workshop, action_id)
    kind, _sep, theme = (source or "manual").partition(":")
    if kind not in plan_rules.SOURCES:
        raise UserError(_("Choose where the figure comes from."))
    found = None
    if kind != "manual":
        found = next((s for s in sources(workshop) if s["key"] == f"{kind}:{theme}"), None)
        if found is None:
            raise UserError(_("This figure is not in the workshop's diagnostic: reload the "
                              "page."))
    indicator = Indicator(workshop_id=workshop.id, action_id=action.id, source=kind, theme="")
    if found is not None:
        indicator.theme = theme[:200]
        indicator.baseline, indicator.baseline_margin = found["baseline"], found["margin"]
        indicator.baseline_date = baseline_date(workshop)
    # Defaults in the workshop's language (the one the PDF speaks), whoever types them.
    words = gettext_for(workshop.language)
    default_name = plan_rules.source_label(kind, theme, words)
    unit_name = plan_rules.default_unit(kind, words)
    indicator.name = _clip(name, plan_rules.NAME_MAX) or default_name[:plan_rules.NAME_MAX]
    if kind == "manual" and not _clip(name, plan_rules.NAME_MAX):
        raise UserError(_("Name the indicator."))
    indicator.unit = _clip(unit, plan_rules.UNIT_MAX) or unit_name
    typed = _number(baseline, _("Baseline"))
    if typed is not None:
        indicator.baseline, indicator.baseline_margin = typed, (
            indicator.baseline_margin if kind != "manual" and typed == indicator.baseline
            else None)
        indicator.baseline_date = indicator.baseline_date or baseline_date(workshop)
    indicator.target = _number(target, _("Target"))
    indicator.due_date = due_date
    db.session.add(indicator)
    db.session.commit()
    return indicator


def update_indicator(workshop: Workshop, indicator_id: int, *, name: str, unit: str,
                     baseline: str, target: str, due_date: date | None) -> Indicator:
    indicator = of_workshop(Indicator, workshop, indicator_id)
    name = _clip(name, plan_rules.NAME_MAX)
    if not name:
        raise UserError(_("Name the indicator."))
    new_baseline = _number(baseline, _("Baseline"))
    if new_baseline != indicator.baseline:
        indicator.baseline_margin = None  # a hand-typed baseline has no sampling margin
    indicator.name, indicator.unit = name, _clip(unit, plan_rules.UNIT_MAX)
    indicator.baseline, indicator.target = new_baseline, _number(target, _("Target"))
    indicator.due_date = due_date
    db.session.commit()
    return indicator


def delete_indicator(workshop: Workshop, indicator_id: int) -> None:
    db.session.delete(of_workshop(Indicator, workshop, indicator_id))
    db.session.commit()


def add_value(workshop: Workshop, indicator_id: int, *, measured_on: date | None, value: str,
              comment: str = "") -> IndicatorValue:
    """A dated value typed by hand (any indicator: a figure from another survey counts)."""
    indicator = of_workshop(Indicator, workshop, indicator_id)
    number = _number(value, _("Value"))
    if number is None:
        raise UserError(_("Type the value."))
    if measured_on is None:
        raise UserError(_("Give the date of the value."))
    point = IndicatorValue(indicator=indicator, measured_on=measured_on, value=number,
                           comment=_clip(comment, plan_rules.COMMENT_MAX))
    db.session.add(point)
    db.session.commit()
    return point


def delete_value(workshop: Workshop, value_id: int) -> None:
    point = db.session.get(IndicatorValue, value_id)
    if point is None or point.indicator.workshop_id != workshop.id:
        raise NotFound(value_id)
    db.session.delete(point)
    db.session.commit()


# The shareable link -----------------------------------------------------------------------

def _record(workshop: Workshop) -> ActionPlan:
    found = db.session.scalar(select(ActionPlan).where(ActionPlan.workshop_id == workshop.id))
    if found is None:
        found = ActionPlan(workshop_id=workshop.id)
        db.session.add(found)
    return found


def share_token(workshop: Workshop) -> str | None:
    found = db.session.scalar(select(ActionPlan.share_token).where(
        ActionPlan.workshop_id == workshop.id))
    return found or None


def share(workshop: Workshop) -> str:
    record = _record(workshop)
    if not record.share_token:
        record.share_token = secrets.token_urlsafe(24)
    db.session.commit()
    return record.share_token


def revoke_share(workshop: Workshop) -> None:
    _record(workshop).share_token = None
    db.session.commit()


def by_share_token(token: str) -> Workshop | None:
    if not token or len(token) > 100:
        return None
    record = db.session.scalar(select(ActionPlan).where(ActionPlan.share_token == token))
    return db.session.get(Workshop, record.workshop_id) if record else None


# Plain data for the PDF, the pages and the exports ----------------------------------------

def _values(indicator: Indicator, names: dict[int, str]) -> tuple[plan_rules.ValuePoint, ...]:
    return tuple(plan_rules.ValuePoint(
        measured_on=v.measured_on, value=v.value, margin=v.margin, respondents=v.respondents,
        comment=v.comment, followup=names.get(v.followup_id or 0, ""))
        for v in indicator.values)


def report(workshop: Workshop) -> plan_rules.ActionPlanReport:
    """The plan as plain data; actions numbered 1..n in reading order."""
    solutions = {s.id: s for s in db.session.scalars(select(Solution).where(
        Solution.workshop_id == workshop.id))}
    imports = followups(workshop)
    names = {f.id: f.filename for f in imports}
    items = []
    for number, action in enumerate(actions(workshop), start=1):
        solution = solutions.get(action.solution_id or 0)
        items.append(plan_rules.ActionItem(
            number=number, title=action.title, owner=action.owner, due_date=action.due_date,
            status=action.status, solution=solution.title if solution else "",
            work_stream=solution.work_stream if solution else "",
            irritant=solution.irritant if solution else "",
            indicators=tuple(plan_rules.IndicatorItem(
                name=i.name, unit=i.unit, source=i.source, theme=i.theme, baseline=i.baseline,
                baseline_margin=i.baseline_margin, baseline_date=i.baseline_date,
                target=i.target, due_date=i.due_date, values=_values(i, names))
                for i in action.indicators)))
    figures = diagnostic.key_figures(workshop)
    return plan_rules.ActionPlanReport(
        title=workshop.title, date=baseline_date(workshop), place=workshop.place,
        facilitator_name=workshop.owner.name or workshop.owner.email,
        language=workshop.language, actions=tuple(items),
        followups=tuple(plan_rules.FollowUpPoint(f.filename, f.measured_on, f.responses,
                                                 f.nps, f.margin_of_error) for f in imports),
        baseline_nps=(plan_rules.Measure(figures["nps"], figures["margin_of_error"],
                                         figures["responses"]) if figures else None),
        baseline_respondents=figures["responses"] if figures else 0,
        generated_at=date.today())  # a living plan: late is judged against today


def action_plan_pdf(plan: plan_rules.ActionPlanReport) -> bytes:
    """The action plan PDF, in the workshop's language."""
    from facilitator.domain.deliverables import build_action_plan_pdf
    return build_action_plan_pdf(plan, gettext_for(plan.language))


def ical(plan: plan_rules.ActionPlanReport, stamp) -> str:
    return plan_rules.export_ical(plan, stamp)
