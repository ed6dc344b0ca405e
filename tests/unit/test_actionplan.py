"""The action plan's rules without an app: figures from a diagnostic, "within the noise",
trends, the exports (CSV safe for spreadsheets, iCalendar folded), typed numbers, and the
re-measurement of a later export with the same theme definitions."""
from __future__ import annotations

import datetime as dt

import pytest

from facilitator.domain import actionplan as plan
from facilitator.domain.diagnostic import Response, default_stages, diagnose

DAY = dt.date(2026, 11, 19)


def indicator(**kw) -> plan.IndicatorItem:
    base = dict(name="NPS support", unit="points", source="theme_nps", theme="support",
                baseline=-40.0, baseline_margin=10.0, target=-10.0)
    return plan.IndicatorItem(**{**base, **kw})


def test_a_change_smaller_than_both_margins_is_within_the_noise():
    result = plan.compare(indicator(), plan.ValuePoint(DAY, -30.0, 8.0))
    assert result.change == 10 and result.within_noise  # sqrt(10² + 8²) ≈ 12.8
    assert result.better and result.progress == pytest.approx(100 / 3)
    beyond = plan.compare(indicator(), plan.ValuePoint(DAY, -15.0, 8.0))
    assert beyond.within_noise is False and beyond.better and not beyond.reached


def test_lower_is_better_for_a_detractor_share_and_a_target_can_be_reached():
    share = indicator(source="theme_detractors", baseline=60.0, target=25.0)
    result = plan.compare(share, plan.ValuePoint(DAY, 20.0, 5.0))
    assert result.better and result.reached
    worse = plan.compare(share, plan.ValuePoint(DAY, 80.0, 5.0))
    assert worse.better is False and worse.within_noise is False


def test_a_hand_entered_figure_has_no_noise_to_speak_of():
    manual = indicator(source="manual", baseline=35.0, baseline_margin=None, target=90.0)
    result = plan.compare(manual, plan.ValuePoint(DAY, 62.0))
    assert result.within_noise is None and result.better


def test_trend_goes_from_the_first_value_to_the_last():
    points = [plan.ValuePoint(DAY, v) for v in (10.0, None, 14.0)]
    assert plan.trend(points) == "up" and plan.trend(points[:1]) == ""
    assert plan.trend([plan.ValuePoint(DAY, 3.0), plan.ValuePoint(DAY, 3.0)]) == "flat"


def responses(pairs) -> list[Response]:
    return [Response(line=i, score=score, comment=comment, content_hash=f"h{i}")
            for i, (score, comment) in enumerate(pairs, start=2)]


def test_figures_of_a_diagnostic_and_of_a_later_export_use_the_same_themes():
    before = responses([(2, "Le support ne répond jamais"), (3, "Support injoignable"),
                        (9, "Formateurs excellents"), (10, "Très bon formateur"),
                        (5, "Support lent")] * 8)
    after = responses([(9, "Le support a répondu vite"), (3, "Support injoignable"),
                       (9, "Formateurs excellents"), (10, "Très bon formateur"),
                       (8, "Support correct")] * 8)
    stages = default_stages("fr")
    baseline = diagnose(before, stages, "fr").to_dict()
    later = plan.remeasure(after, stages, [], "fr")
    old, new = (plan.figure(r, "theme_nps", "support") for r in (baseline, later))
    assert old.value == -100 and new.value > old.value and new.margin > 0
    assert old.respondents == 24
    assert plan.figure(baseline, "theme_volume", "support").value == pytest.approx(60)
    assert plan.figure(baseline, "theme_detractors", "support").value == 100
    assert plan.figure(later, "theme_nps", "absent").value is None
    assert plan.figure(later, "nps").value == later["nps"]


def test_a_theme_edit_that_no_longer_applies_is_skipped():
    later = responses([(9, "Formateurs excellents")] * 5)
    result = plan.remeasure(later, default_stages("fr"),
                            [{"edit": "rename", "old": "support", "new": "SAV"}], "fr")
    assert result["responses"] == 5


def sample_plan(title: str = "Café") -> plan.ActionPlanReport:
    item = indicator(due_date=dt.date(2027, 6, 30),
                     values=(plan.ValuePoint(dt.date(2027, 3, 2), -21.0, 15.0, 88, "",
                                             "export.csv"),))
    return plan.ActionPlanReport(
        title=title, date=DAY, place="Lyon", facilitator_name="Sophie", language="fr",
        actions=(plan.ActionItem(1, "=HYPERLINK(\"x\")", "Ops, support; team",
                                 dt.date(2027, 2, 15), "in_progress", indicators=(item,)),
                 plan.ActionItem(2, "Sans indicateur")))


def test_the_csv_never_hands_a_formula_to_a_spreadsheet():
    text = plan.export_csv(sample_plan())
    lines = text.splitlines()
    assert lines[1].startswith('1,"\'=HYPERLINK')
    assert ",-40," in lines[1]  # a negative number stays a number
    assert lines[2].startswith("2,Sans indicateur")


def test_the_calendar_has_one_all_day_event_per_milestone_folded_and_escaped():
    body = plan.export_ical(sample_plan("Café " + "très long titre " * 10),
                            dt.datetime(2026, 12, 3, 14, 0, tzinfo=dt.timezone.utc))
    assert body.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20270215" in body and "DTEND;VALUE=DATE:20270701" in body
    assert "DESCRIPTION:Ops\\, support\\; team" in body
    lines = body.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the long name was folded
    unfolded = body.replace("\r\n ", "")
    assert "Échéance de l'action : =HYPERLINK" in unfolded


@pytest.mark.parametrize("typed, value", [("12,5", 12.5), (" 40 ", 40.0), ("−3", -3.0),
                                          ("35 %", 35.0), ("", None)])
def test_typed_numbers(typed, value):
    assert plan.parse_number(typed) == value


@pytest.mark.parametrize("typed", ["douze", "1e400", "nan", "12,5,3"])
def test_typed_nonsense_is_refused(typed):
    with pytest.raises(ValueError):
        plan.parse_number(typed)
