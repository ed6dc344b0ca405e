"""The action plan after a workshop: actions from voted solutions, indicators pre-filled
from the diagnostic, a shareable page without an account, a follow-up import that
re-measures the indicators, and the third PDF with its exports."""
import io
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from pypdf import PdfReader

from facilitator.extensions import db
from facilitator.models import Action, FollowUpImport, Indicator, IndicatorValue, Workshop
from facilitator.services import actionplan, demo_feedback, demo_run
from facilitator.services.demo import _design
from tests.conftest import app_in_context, seeded_database, sign_in

FEEDBACK = Path(__file__).parent.parent / "fixtures" / "feedback"


def _play_the_pilot() -> None:
    """The demo's pilot: played, diagnosed, planned and followed up once."""
    from facilitator.services.accounts import create_or_reset

    owner, _created = create_or_reset("ana@cafe.test", "correct horse", "Ana")
    workshop = _design(owner, "Café pilote", date(2026, 11, 19))
    demo_run.play(workshop)
    db.session.commit()
    demo_feedback.play_loop(workshop)


@pytest.fixture
def app(tmp_path):
    """Every test here starts from the played pilot: played once a session, then copied."""
    yield from app_in_context(tmp_path, seeded_database("pilot-looped", _play_the_pilot))


@pytest.fixture
def looped(facilitator):
    return db.session.scalar(select(Workshop).where(Workshop.title == "Café pilote"))


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_diagnostic_indicators_start_from_the_workshops_figures(looped):
    sources = {s["key"]: s for s in actionplan.sources(looped)}
    indicator = next(i for i in db.session.query(Indicator) if i.source == "theme_nps")
    source = sources[f"theme_nps:{indicator.theme}"]
    assert indicator.baseline == pytest.approx(source["baseline"])
    assert indicator.baseline_margin == pytest.approx(source["margin"]) and source["margin"] > 0
    assert indicator.baseline_date == date(2026, 11, 19)
    assert indicator.name == f"NPS de «\u00a0{indicator.theme}\u00a0»"  # the workshop's words


def test_the_follow_up_gives_every_diagnostic_indicator_a_dated_value(looped):
    measured = [i for i in db.session.query(Indicator) if i.source != "manual"]
    assert measured
    for indicator in measured:
        [value] = indicator.values
        assert value.measured_on == date(2027, 3, 2) and value.followup_id
        assert value.value is not None and value.margin is not None and value.respondents
    manual = next(i for i in db.session.query(Indicator) if i.source == "manual")
    assert all(v.followup_id is None for v in manual.values) and len(manual.values) == 2


def test_the_action_plan_pdf_shows_baseline_target_and_current_value(looped):
    plan = actionplan.report(looped)
    pages = pages_text(actionplan.action_plan_pdf(plan))
    assert all(page.strip() for page in pages), "no page without text"
    text = " ".join(pages)
    assert text.startswith("Atelier World Café · Plan d'action")
    numbers = [int(n) for n in re.findall(r"Action (\d+) ·", text)]
    assert numbers == list(range(1, len(plan.actions) + 1))
    assert "Nouveaux inscrits appelés sous 48 h" in text
    assert "35 %" in text and "90 %" in text and "84 %" in text  # baseline, target, latest
    assert "dans le bruit" in text or "au-delà de la marge d'erreur" in text
    assert "avis-apprenants-fevrier-2027.csv" in text
    assert "en hausse" in text  # the hand-entered indicator's trend


def test_the_owner_downloads_the_plan_as_pdf_csv_json_and_calendar(looped, client):
    sign_in(client)
    base = f"/workshops/{looped.id}/action-plan"
    pdf = client.get(f"{base}/action-plan.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    csv_text = client.get(f"{base}/action-plan.csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("action_number,action,owner")
    assert "Tableau de bord des conseillers" in csv_text
    data = client.get(f"{base}/action-plan.json").get_json()
    assert data["format"] == "facilitator.action-plan" and len(data["plan"]["actions"]) == 3
    ics = client.get(f"{base}/action-plan.ics")
    assert ics.mimetype == "text/calendar"
    body = ics.data.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.count("BEGIN:VEVENT") >= 3
    assert "DTSTART;VALUE=DATE:20270131" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get(f"{base}/secret.txt").status_code == 404


def test_an_action_comes_from_a_solution_and_a_bad_figure_loses_nothing(looped, client):
    sign_in(client)
    url = f"/workshops/{looped.id}/action-plan"
    solution, _votes = actionplan.candidate_solutions(looped)[0]
    response = client.post(url, data={"op": "add_action", "solution_id": solution.id,
                                      "title": "", "owner": "", "status": "planned"})
    assert response.status_code == 302
    action = db.session.query(Action).order_by(Action.id.desc()).first()
    assert action.title == solution.title and action.solution_id == solution.id
    response = client.post(url, data={"op": "add_indicator", "action_id": action.id,
                                      "source": "manual", "name": "Délai de rappel moyen",
                                      "unit": "h", "baseline": "douze", "target": "4"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Délai de rappel moyen" in page and "douze" in page  # what was typed stays
    assert not db.session.query(Indicator).filter_by(name="Délai de rappel moyen").count()
    client.post(url, data={"op": "add_indicator", "action_id": action.id, "source": "manual",
                           "name": "Délai de rappel moyen", "unit": "h", "baseline": "12,5",
                           "target": "4"})
    indicator = db.session.query(Indicator).filter_by(name="Délai de rappel moyen").one()
    assert indicator.baseline == 12.5 and indicator.target == 4


def test_the_shared_link_lets_an_owner_update_the_plan_without_an_account(looped, client):
    token = actionplan.share(looped)
    page = client.get(f"/plan/{token}")
    assert page.status_code == 200 and "Rappel téléphonique" in page.get_data(as_text=True)
    manual = next(i for i in db.session.query(Indicator) if i.source == "manual")
    response = client.post(f"/plan/{token}", data={"op": "add_value", "indicator_id": manual.id,
                                                 "measured_on": "2027-03-31", "value": "91"})
    assert response.status_code == 302
    assert [v.value for v in manual.values][-1] == 91
    assert client.get(f"/plan/{token}/action-plan.pdf").data.startswith(b"%PDF")
    actionplan.revoke_share(looped)
    assert client.get(f"/plan/{token}").status_code == 404
    assert client.post(f"/plan/{token}", data={"op": "delete_action", "action_id": 1}
                       ).status_code == 404


def test_another_facilitator_sees_nothing(looped, client, other_facilitator):
    sign_in(client, "bob@cafe.test", "battery staple")
    assert client.get(f"/workshops/{looped.id}/action-plan").status_code == 404
    assert client.get(f"/workshops/{looped.id}/follow-up").status_code == 404
    response = client.post(f"/workshops/{looped.id}/action-plan",
                           data={"op": "delete_action", "action_id": 1})
    assert response.status_code == 404 and db.session.get(Action, 1)


def test_a_second_follow_up_import_makes_a_trend(looped, client):
    sign_in(client)
    url = f"/workshops/{looped.id}/follow-up"
    data = (FEEDBACK / "surveymonkey.csv").read_bytes()
    response = client.post(url, data={"file": (io.BytesIO(data), "surveymonkey.csv"),
                                      "measured_on": "2027-06-15"},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    nps = next(i for i in db.session.query(Indicator) if i.source == "nps")
    assert [v.measured_on for v in nps.values] == [date(2027, 3, 2), date(2027, 6, 15)]
    page = client.get(url).get_data(as_text=True)
    assert "surveymonkey.csv" in page and "2027" in page


def test_an_unreadable_follow_up_file_is_refused_with_a_reason(looped, client):
    sign_in(client)
    url = f"/workshops/{looped.id}/follow-up"
    before = db.session.query(IndicatorValue).count()
    response = client.post(url, data={"file": (io.BytesIO(b"\x00\x01garbage\xff" * 50),
                                               "export.csv"), "measured_on": "2027-06-15"},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert db.session.query(IndicatorValue).count() == before
    assert db.session.query(FollowUpImport).count() == 1
    response = client.post(url, data={"file": (io.BytesIO(b"x"), "a.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400  # no date


def test_removing_a_follow_up_removes_the_values_it_measured(looped, client):
    sign_in(client)
    record = db.session.query(FollowUpImport).one()
    client.post(f"/workshops/{looped.id}/follow-up/{record.id}/delete")
    assert not db.session.query(FollowUpImport).count()
    assert all(v.followup_id is None for v in db.session.query(IndicatorValue))


def test_the_demo_pilots_summary_fits_in_three_pages_with_its_diagnostic(looped):
    from facilitator.services import deliverables

    pages = pages_text(deliverables.summary_pdf(looped))
    assert len(pages) <= 3
    assert "Diagnostic client : NPS" in pages[0] and "Ce que les tables ont dit" in pages[0]
    detailed = " ".join(pages_text(deliverables.detailed_pdf(looped)))
    assert "Thème du diagnostic : Support" in detailed  # a solution linked to its theme
    assert "Impact et effort" in detailed


def test_the_solution_form_suggestions_are_themes_stages_and_streams(looped):
    suggestions = actionplan.solution_suggestions(looped)
    assert "support" in suggestions["irritant"]
    assert any("accueil" in theme for theme in suggestions["irritant"])
    assert "Prise en main" in suggestions["stage"]
    assert "Qualité du support" in suggestions["work_stream"]


def test_the_suggestions_reach_the_consoles_synthesis_editor(looped, client):
    # The phone's host tools get the same lists: tests/e2e/test_solution_themes_browser.py.
    sign_in(client)
    page = client.get(f"/workshops/{looped.id}/live").get_data(as_text=True)
    assert '<datalist id="suggest-irritant">' in page and '<option value="support">' in page
    assert '<datalist id="suggest-stage">' in page and '<option value="Prise en main">' in page
    assert '<option value="Qualité du support">' in page
