"""The action plan PDF: actions with owner, due date and status, each with its indicators
(baseline, target, latest value against them, margin of error, "within the noise"), then
the follow-up: every dated value of every indicator, and the feedback imports behind them.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from facilitator.domain.actionplan import (
    ActionItem, ActionPlanReport, IndicatorItem, ValuePoint, compare, is_late, source_label,
    status_name, trend,
)

from .bidi import Paragraph
from .cover import slim_header
from .fonts import SANS_BOLD
from .i18n import Gettext, format_date, format_decimal, format_signed
from .layout import (
    ACCENT_SOFT, CONTENT_WIDTH, Styles, data_table, heading, new_table, render_pdf, styles,
)
from .text import label, markup

DASH = "\u2014"


def build_action_plan_pdf(plan: ActionPlanReport, gettext: Gettext) -> bytes:
    """The action plan PDF in the language of ``gettext`` (the workshop's, given by the caller)."""
    _ = gettext
    st = styles()
    name = _("Action plan")
    story = slim_header(plan, name, st, _)  # type: ignore[arg-type]
    story += _figures(plan, st, _)
    story += _overview(plan, st, _)
    for action in plan.actions:
        story += _action_block(plan, action, st, _)
    story += _followup_section(plan, st, _)
    return render_pdf(plan, story, name, _,  # type: ignore[arg-type]
                      subject=_("World Café workshop action plan"))


def number(value: float | None, unit: str, _: Gettext, signed: bool = False) -> str:
    """A figure with its unit; whole numbers without decimals."""
    if value is None:
        return DASH
    digits = 0 if float(value).is_integer() or abs(value) >= 100 else 1
    text = (format_signed(value, _, digits) if signed
            else format_decimal(value, _, digits).replace("-", "\u2212"))
    if signed and value == 0:
        text = "0"
    return f"{text}\u00a0{unit}".strip() if unit else text


def margin_text(margin: float | None, _: Gettext) -> str:
    return "" if margin is None else "\u00b1\u00a0" + format_decimal(margin, _, 1)


def verdict(indicator: IndicatorItem, point: ValuePoint | None, _: Gettext) -> str:
    """A short judgement of the latest value: change, noise, target."""
    result = compare(indicator, point)
    if result.change is None:
        return _("No value yet") if point is None or point.value is None else \
            _("No baseline to compare with")
    parts = [_("%(change)s since the baseline") % {
        "change": number(result.change, indicator.unit, _, signed=True)}]
    if result.within_noise:
        parts.append(_("within the noise (margin of error)"))
    elif result.within_noise is False:
        parts.append(_("beyond the margin of error: a real improvement") if result.better
                     else _("beyond the margin of error: a real deterioration"))
    if result.reached:
        parts.append(_("target reached"))
    elif result.progress is not None and result.progress < 0:
        parts.append(_("moving away from the target"))
    elif result.progress is not None:
        parts.append(_("%(progress)s%% of the way to the target") % {
            "progress": format_decimal(result.progress, _, 0)})
    return "; ".join(parts)


def _figures(plan: ActionPlanReport, st: Styles, _: Gettext) -> list[Flowable]:
    indicators = [i for a in plan.actions for i in a.indicators]
    done = sum(1 for a in plan.actions if a.status == "done")
    today = plan.generated_at or (plan.followups[-1].measured_on if plan.followups else None)
    late = sum(1 for a in plan.actions if today and is_late(a.due_date, a.status, today))
    cells = [(str(len(plan.actions)), _("actions")), (str(len(indicators)), _("indicators")),
             (str(done), _("done")), (str(len(plan.followups)), _("follow-up imports"))]
    if today is not None:
        cells[2] = (f"{done} / {late}", _("done / late"))
    row = [[Paragraph(markup(value), st.figure), Paragraph(markup(text), st.small)]
           for value, text in cells]
    story: list[Flowable] = [new_table([row], [CONTENT_WIDTH / 4] * 4, [
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_SOFT),
        ("LINEAFTER", (0, 0), (-2, -1), 2, "white"),
        ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 10)]), Spacer(1, 3 * mm)]
    if plan.generated_at is not None:
        story.append(Paragraph(label(_("The plan as of %(date)s."),
                                     date=format_date(plan.generated_at, _)), st.small))
    if plan.baseline_nps is not None and plan.baseline_nps.value is not None:
        text = _("Baseline: NPS %(nps)s \u00b1 %(margin)s points from %(count)s respondents "
                 "(the workshop's diagnostic).") % {
            "nps": format_signed(plan.baseline_nps.value, _),
            "margin": format_decimal(plan.baseline_nps.margin or 0, _),
            "count": plan.baseline_respondents}
        if plan.followups:
            last = plan.followups[-1]
            text += " " + _("Latest follow-up (%(date)s): NPS %(nps)s \u00b1 %(margin)s points "
                            "from %(count)s respondents.") % {
                "date": format_date(last.measured_on, _), "nps": format_signed(last.nps, _),
                "margin": format_decimal(last.margin_of_error, _), "count": last.responses}
        story.append(Paragraph(markup(text), st.body))
    return story


def _overview(plan: ActionPlanReport, st: Styles, _: Gettext) -> list[Flowable]:
    # Not kept with the whole table: a long plan would leave page 1 empty under its figures.
    story: list[Flowable] = [CondPageBreak(40 * mm),
                             heading(markup(_("Actions"), SANS_BOLD), st.h1_loose, 0)]
    if not plan.actions:
        return story + [Paragraph(markup(_("No action has been planned yet.")), st.body)]
    header = [markup(_("No.")), markup(_("Action")), markup(_("Owner")), markup(_("Due")),
              markup(_("Status"))]
    rows = [[str(a.number),
             [Paragraph(markup(a.title, SANS_BOLD), st.cell_bold),
              *([Paragraph(label(_("Solution: %(title)s"), title=a.solution), st.small)]
                if a.solution and a.solution != a.title else [])],
             markup(a.owner) or DASH,
             markup(format_date(a.due_date, _)) if a.due_date else DASH,
             markup(status_name(a.status, _))] for a in plan.actions]
    widths = [11 * mm, CONTENT_WIDTH - 11 * mm - 42 * mm - 30 * mm - 24 * mm, 42 * mm, 30 * mm,
              24 * mm]
    return story + [data_table(header, rows, widths, st)]


def _indicator_rows(ind: IndicatorItem, st: Styles, _: Gettext) -> list[list[object]]:
    latest = ind.latest
    baseline = number(ind.baseline, ind.unit, _)
    if ind.baseline_margin is not None and ind.baseline is not None:
        baseline += f" {margin_text(ind.baseline_margin, _)}"
    now = DASH
    if latest is not None:
        now = number(latest.value, ind.unit, _)
        if latest.margin is not None:
            now += f" {margin_text(latest.margin, _)}"
        now += "<br/>" + markup(format_date(latest.measured_on, _))
    name = [Paragraph(markup(ind.name, SANS_BOLD), st.cell_bold)]
    source = source_label(ind.source, ind.theme, _)
    if source != ind.name:
        name.append(Paragraph(markup(source), st.small))
    if ind.due_date:
        name.append(Paragraph(label(_("Due %(date)s"), date=format_date(ind.due_date, _)),
                              st.small))
    return [[name, Paragraph(markup(baseline), st.cell), Paragraph(
        markup(number(ind.target, ind.unit, _)), st.cell), Paragraph(now, st.cell),
        Paragraph(markup(verdict(ind, latest, _)), st.cell)]]


def _action_block(plan: ActionPlanReport, action: ActionItem, st: Styles,
                  _: Gettext) -> list[Flowable]:
    title = label(_("Action %(number)s \u00b7 %(title)s"), SANS_BOLD, number=action.number,
                  title=action.title)
    facts = [label(_("Owner: %(owner)s"), owner=action.owner or DASH),
             label(_("Due: %(date)s"),
                   date=format_date(action.due_date, _) if action.due_date else DASH),
             label(_("Status: %(status)s"), status=status_name(action.status, _))]
    if action.work_stream:
        facts.append(label(_("Work stream: %(stream)s"), stream=action.work_stream))
    parts: list[Flowable] = [heading(title, st.h2, 1, label(
        _("Action %(number)s \u00b7 %(title)s"), number=action.number, title=action.title)),
        Paragraph(" \u00b7 ".join(facts), st.small)]
    if action.irritant:
        parts.append(Paragraph(label(_("Irritant addressed: %(irritant)s"),
                                     irritant=action.irritant), st.small))
    if not action.indicators:
        parts.append(Paragraph(markup(_("No indicator yet.")), st.small))
        return [KeepTogether(parts)]
    header = [markup(_("Indicator")), markup(_("Baseline")), markup(_("Target")),
              markup(_("Latest value")), markup(_("Against baseline and target"))]
    rows = [row for ind in action.indicators for row in _indicator_rows(ind, st, _)]
    widths = [0.28, 0.15, 0.13, 0.16, 0.28]
    table = data_table(header, rows, [w * CONTENT_WIDTH for w in widths], st)
    # The heading stays with the start of its table; the table itself may break (a block
    # kept whole left half of page 1 blank).
    return [CondPageBreak(45 * mm), *parts, Spacer(1, 2 * mm), table, Spacer(1, 2 * mm)]


def _trend_name(values: tuple[ValuePoint, ...], _: Gettext) -> str:
    return {"up": _("rising"), "down": _("falling"), "flat": _("stable"),
            "": ""}[trend(values)]


def _followup_section(plan: ActionPlanReport, st: Styles, _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 6 * mm),
                             heading(markup(_("Follow-up"), SANS_BOLD), st.h1, 0)]
    if plan.followups:
        header = [markup(_("Collected on")), markup(_("File")), markup(_("Respondents")),
                  markup(_("NPS"))]
        rows = [[markup(format_date(f.measured_on, _)), markup(f.filename), str(f.responses),
                 markup(f"{format_signed(f.nps, _)} {margin_text(f.margin_of_error, _)}")]
                for f in plan.followups]
        story += [Paragraph(markup(_("Each later feedback export re-measures the indicators "
                                     "that follow a diagnostic figure, with the same theme "
                                     "definitions.")), st.small), Spacer(1, 2 * mm),
                  data_table(header, rows, [w * CONTENT_WIDTH for w in (0.22, 0.42, 0.16,
                                                                          0.2)], st)]
    else:
        story.append(Paragraph(markup(_("No follow-up feedback has been imported yet: the "
                                        "next export will re-measure the indicators that "
                                        "follow a diagnostic figure.")), st.body))
    for action in plan.actions:
        for ind in action.indicators:
            if ind.values:
                story.append(_history(action, ind, st, _))
    return story


def _history(action: ActionItem, ind: IndicatorItem, st: Styles, _: Gettext) -> Flowable:
    """Every dated value of an indicator, from the baseline on, with its change."""
    head = label(_("%(indicator)s (action %(number)s)"), SANS_BOLD, indicator=ind.name,
                 number=action.number)
    moving = _trend_name(ind.values, _)
    rows: list[list[object]] = []
    if ind.baseline is not None:
        rows.append([markup(format_date(ind.baseline_date, _)) if ind.baseline_date else DASH,
                     markup(f"{number(ind.baseline, ind.unit, _)} "
                            f"{margin_text(ind.baseline_margin, _)}"),
                     markup(_("baseline")), ""])
    for point in ind.values:
        result = compare(ind, point)
        judged = DASH if result.change is None else number(result.change, ind.unit, _, True)
        if result.within_noise:
            judged += " \u00b7 " + _("within the noise")
        elif result.within_noise is False:
            judged += " \u00b7 " + (_("real improvement") if result.better
                                    else _("real deterioration"))
        value = (number(point.value, ind.unit, _) if point.value is not None
                 else _("not mentioned"))
        rows.append([markup(format_date(point.measured_on, _)),
                     markup(f"{value} {margin_text(point.margin, _)}"),
                     markup(point.followup or point.comment or _("entered by hand")),
                     Paragraph(markup(judged), st.cell_bold if result.better and not result.within_noise else st.cell)])
    header = [markup(_("Date")), markup(_("Value")), markup(_("Source")),
              markup(_("Change since the baseline"))]
    table = data_table(header, rows, [w * CONTENT_WIDTH for w in (0.2, 0.22, 0.3, 0.28)], st)
    caption = Paragraph(head + (f" \u2014 {markup(moving)}" if moving else ""), st.h3)
    return KeepTogether([caption, table, Spacer(1, 2 * mm)])
