"""axe-core finds no serious or critical WCAG 2.1 A/AA violation on the pages people use:
sign-in, workshop design, join, a participant's phone, a host's phone, the console and the
projector. axe is injected by the test (the app's CSP would refuse it, so the test context
bypasses CSP); the app never serves it."""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, screenshot, sign_in

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations']})""", TAGS)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(found: list[dict]) -> str:
    return json.dumps([{"id": v["id"], "impact": v["impact"], "help": v["help"],
                        "nodes": [n["target"] for n in v["nodes"][:5]]} for v in found],
                      indent=1)


def check(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    found = violations(page)
    screenshot(page, f"a11y-{name}")
    assert not found, f"{name}: {describe(found)}"


def workshop_id(instance: Path, code: str) -> int:
    with sqlite3.connect(instance / "facilitator.sqlite3") as connection:
        return connection.execute("SELECT id FROM workshop WHERE join_code = ?",
                                  (code,)).fetchone()[0]


@pytest.fixture
def contexts(browser):
    made = []

    def make(viewport, locale="fr-FR"):
        context = browser.new_context(viewport=viewport, locale=locale, bypass_csp=True)
        made.append(context)
        return context.new_page()
    yield make
    for context in made:
        context.close()


def test_pages_have_no_serious_accessibility_violation(server, contexts, tmp_path):
    base, code = server
    anonymous = contexts(DESKTOP)
    anonymous.goto(base + "/login")
    check(anonymous, "sign-in")

    desk = contexts(DESKTOP, "en-US")
    desk.on("dialog", lambda dialog: dialog.accept())
    sign_in(desk, base)
    number = workshop_id(tmp_path / "instance", code)
    for path, name in ((f"/workshops/{number}", "workshop"),
                       (f"/workshops/{number}/roster", "roster"),
                       (f"/workshops/{number}/seating", "seating")):
        desk.goto(base + path)
        check(desk, name)
    desk.goto(f"{base}/workshops/{number}")
    desk.get_by_role("button", name="Open the doors").click()
    desk.wait_for_url("**/live")

    phone = contexts(PHONE)
    phone.goto(f"{base}/j/{code}")
    check(phone, "join")
    phone.locator("#claim-list label", has_text="Léa Dubois").locator("input").check()
    phone.locator("form.claim button[type=submit]").click()
    phone.wait_for_url(re.compile(r".*/p/" + code))
    host = contexts(PHONE)
    host.goto(f"{base}/j/{code}")
    host.locator("#claim-list label", has_text="Camille Martin").locator("input").check()
    host.locator("form.claim button[type=submit]").click()
    host.wait_for_url(re.compile(r".*/p/" + code))

    desk.locator("[data-command=start_round]").click()
    phone.locator("#question").get_by_text(re.compile("bonnes pratiques")).wait_for()
    check(phone, "phone")
    check(host, "host")
    check(desk, "console")
    projector = contexts({"width": 1280, "height": 720})
    sign_in(projector, base)
    projector.goto(f"{base}/workshops/{number}/projector")
    check(projector, "projector")
