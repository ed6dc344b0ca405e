"""A facilitator's first workshop, from an empty account to the doors opening, walked through
the path's pages in the browser: the new-workshop form with its essentials, the diagnostic,
the questions, the roster, the seating (a drag and drop), a rehearsal at 120x on the real
console, projector and a phone preview, its reset, then the doors. In French and in English;
the screenshots (artifacts/screenshots/walk-*) illustrate the README's step-by-step."""
from __future__ import annotations

import os
import re
import sqlite3

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, ROOT, _facilitator, screenshot

FEEDBACK = ROOT / "tests" / "fixtures" / "feedback" / "excel_fr_cp1252.csv"
PASSWORD = "first-cafe-2026"
WORDS = {
    "fr": {"title": "Mon premier café", "questions": [
        "Qu'est-ce qui rassure nos clients dès la première semaine ?",
        "Quelles solutions pour répondre plus vite au support ?"],
        "start": "Lancer la répétition", "reset": "Terminer la répétition et remettre à zéro",
        "doors": "Ouvrir les portes", "empty": "Aucun atelier"},
    "en": {"title": "My first café", "questions": [
        "What reassures our customers in their first week?",
        "Which solutions would make support answer faster?"],
        "start": "Start the rehearsal", "reset": "End the rehearsal and reset",
        "doors": "Open the doors", "empty": "No workshop"},
}


def roster_csv(path, language: str):
    hosts = ["Ana Host", "Bruno Host"] if language == "en" else ["Anaïs Hôte", "Bruno Hôte"]
    people = [f"{first} {last}" for first, last in zip(
        ["Chloé", "David", "Emma", "Farid", "Gaëlle", "Hugo", "Inès", "Jules", "Karim", "Lou"],
        ["Martin", "Bernard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
         "Michel", "Garcia"])]
    departments = ["Sales", "Support", "IT", "Finance"]
    lines = ["name,department,role"]
    lines += [f"{name},{departments[i % 4]},host" for i, name in enumerate(hosts)]
    lines += [f"{name},{departments[i % 4]},participant" for i, name in enumerate(people)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def empty_account(server, tmp_path):
    """A facilitator who has never seen the app (the demo belongs to someone else)."""
    env = {**os.environ, "FACILITATOR_INSTANCE_PATH": str(tmp_path / "instance"),
           "FACILITATOR_SECRET_KEY": "e2e-secret"}
    env.pop("FACILITATOR_DATABASE_URL", None)
    _facilitator("create-user", "new@cafe.test", "--name", "Noa", "--password", PASSWORD,
                 env=env)
    return "new@cafe.test"


def stage_of(tmp_path, workshop_id: int) -> tuple[str, int]:
    with sqlite3.connect(tmp_path / "instance" / "facilitator.sqlite3") as connection:
        status = connection.execute("SELECT status FROM workshop WHERE id = ?",
                                    (workshop_id,)).fetchone()[0]
        notes = connection.execute("SELECT count(*) FROM note WHERE workshop_id = ?",
                                   (workshop_id,)).fetchone()[0]
    return status, notes


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_first_workshop_prepared_and_rehearsed_to_the_doors(server, browser, empty_account,
                                                              tmp_path, language):
    base, _code = server
    words = WORDS[language]
    locale = "fr-FR" if language == "fr" else "en-US"
    shot = lambda page, name: screenshot(page, f"walk-{language}-{name}")  # noqa: E731
    context = browser.new_context(viewport=DESKTOP, locale=locale)
    desk = context.new_page()
    desk.on("dialog", lambda dialog: dialog.accept())

    # An empty account.
    desk.goto(base + "/login")
    desk.fill("#email", empty_account)
    desk.fill("#password", PASSWORD)
    desk.click("button.primary[type=submit]")
    desk.wait_for_url("**/workshops/**")
    assert words["empty"] in desk.content()

    # The essentials in one form: tables, rounds, phase lengths, the time slot.
    desk.goto(base + "/workshops/new")
    desk.fill("#title", words["title"])
    desk.fill("#date", "2026-12-15")
    desk.select_option("#language", language)
    desk.fill("#tables", "2")
    desk.fill("#rounds", "2")
    desk.fill("#starts_at", "09:00")
    desk.fill("#ends_at", "10:45")
    desk.fill("#brief", "Improve the first week." if language == "en"
              else "Améliorer la première semaine.")
    shot(desk, "1-new")
    desk.locator("form button.primary[type=submit]").click()
    desk.wait_for_url(re.compile(r".*/workshops/\d+$"))
    number = int(desk.url.rsplit("/", 1)[1])
    path = desk.locator("nav.path")
    assert path.locator("a").count() == 10  # brief ... deliverables, action plan
    shot(desk, "2-path")

    # Step by step, each tab leading to the next: diagnostic, questions, roster, seating.
    desk.locator(".next-step a").click()
    desk.wait_for_url(f"**/workshops/{number}/diagnostic/**")
    desk.goto(f"{base}/workshops/{number}/diagnostic/import")
    desk.set_input_files("input[type=file]", str(FEEDBACK))
    desk.locator("form[data-upload] button[type=submit]").click()
    desk.wait_for_url(re.compile(r".*/diagnostic/imports/\d+.*"))
    for _ in range(60):  # the import runs in the background
        desk.goto(f"{base}/workshops/{number}/diagnostic/")
        if desk.locator(".nps-value").count():
            break
        desk.wait_for_timeout(500)
    desk.locator(".nps-value").wait_for()
    shot(desk, "3-diagnostic")

    desk.goto(f"{base}/workshops/{number}/rounds")
    assert desk.locator(f"a[href='/workshops/{number}/diagnostic/questions']").count() == 1
    for index, question in enumerate(words["questions"]):
        desk.goto(f"{base}/workshops/{number}/rounds")
        desk.locator("ol.rounds li").nth(index).locator("a.btn").first.click()
        desk.fill("#question", question)
        desk.locator("form button.primary[type=submit]").click()
        desk.wait_for_url(f"**/workshops/{number}/rounds")
    shot(desk, "4-questions")

    desk.goto(f"{base}/workshops/{number}/roster")
    desk.set_input_files("#import-file", str(roster_csv(tmp_path / f"roster-{language}.csv",
                                                        language)))
    desk.locator("form[enctype] button[type=submit]").click()
    desk.wait_for_url(f"**/workshops/{number}/roster**")
    assert desk.locator("table.data tbody tr").count() == 12

    desk.goto(f"{base}/workshops/{number}/seating")
    desk.locator(".card.empty form button").click()
    desk.locator("#round-1 [data-person]").first.wait_for()
    person = desk.locator("#round-2 [data-person]").first
    moved = person.get_attribute("data-person")
    target = desk.locator("#round-2 [data-drop-table]").nth(1)
    if target.locator(f'[data-person="{moved}"]').count():
        target = desk.locator("#round-2 [data-drop-table]").nth(0)
    person.drag_to(target)
    target = desk.locator(f"#round-2 [data-drop-table='{target.get_attribute('data-drop-table')}']")
    target.locator(f'[data-person="{moved}"]').wait_for()
    shot(desk, "5-seating")

    # The overview: every blocking item done, the agenda fits the slot.
    desk.goto(f"{base}/workshops/{number}")
    assert desk.locator(".checklist li.blocking").count() == 0
    assert desk.locator(".slot-bar.over").count() == 0
    shot(desk, "6-checklist")

    # The rehearsal: 120x, the autopilot, the real console, projector and a phone preview.
    desk.goto(f"{base}/workshops/{number}/rehearsal")
    desk.select_option("#speed", "120")
    desk.get_by_role("button", name=words["start"]).click()
    desk.locator("#running-title").wait_for()
    console = context.new_page()
    console.goto(f"{base}/workshops/{number}/live")
    projector = context.new_page()
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.goto(f"{base}/workshops/{number}/projector")
    phone_context = browser.new_context(viewport=PHONE, locale=locale)
    # The preview form opens the phone in a new tab; here it opens in the phone's context,
    # signed in as the facilitator, as the facilitator's own phone would be.
    phone = phone_context.new_page()
    phone.goto(base + "/login")
    phone.fill("#email", empty_account)
    phone.fill("#password", PASSWORD)
    phone.click("button.primary[type=submit]")
    phone.wait_for_url("**/workshops/**")
    phone.goto(f"{base}/workshops/{number}/rehearsal")
    phone.locator("#preview-person").select_option(index=3)
    phone.evaluate("document.querySelector('#preview-person').form.removeAttribute('target')")
    phone.locator("#preview-person").evaluate("select => select.form.submit()")
    phone.wait_for_url(re.compile(r".*/p/"))
    console.locator("#run-panel[data-stage=round]").wait_for(timeout=30000)
    phone.locator("#question").get_by_text(words["questions"][0]).wait_for(timeout=30000)
    phone.locator("#tablecloth .tablecloth-note").first.wait_for(timeout=40000)
    phone.locator("#tablecloth").scroll_into_view_if_needed()
    shot(phone, "7-rehearsal-phone")
    shot(projector, "7-rehearsal-projector")
    shot(console, "7-rehearsal-console")
    console.locator("#run-panel[data-stage=plenary]").wait_for(timeout=90000)
    status, notes = stage_of(tmp_path, number)
    assert status == "plenary" and notes >= 8

    desk.goto(f"{base}/workshops/{number}/rehearsal")
    desk.get_by_role("button", name=words["reset"]).click()
    desk.locator(".flash-success").wait_for()
    assert stage_of(tmp_path, number) == ("ready", 0)
    shot(desk, "8-reset")

    # The doors open: the workshop goes live, as on the day.
    desk.goto(f"{base}/workshops/{number}")
    desk.get_by_role("button", name=words["doors"]).click()
    desk.wait_for_url("**/live")
    assert stage_of(tmp_path, number)[0] == "live"
    shot(desk, "9-doors")
    phone_context.close()
    context.close()
