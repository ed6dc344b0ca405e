"""axe-core finds no serious or critical WCAG 2.1 A/AA violation on any page, in any stage
of a workshop: sign-in, every design page of a draft and of a ready workshop, the
diagnostic's pages and presentation, a rehearsal, then the day itself (join, a participant's
and a host's phone, the console and the projector in the lobby, a round, the rotation, the
plenary with votes and once closed) and the deliverables. axe is injected by the test (the
app's CSP would refuse it, so the test context bypasses CSP); the app never serves it."""
from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, ROOT, screenshot, sign_in

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Best practices whose findings count whatever axe's impact: a page has a level-one heading,
# landmarks are unique, roles are allowed on their elements.
ALWAYS = {"page-has-heading-one", "landmark-unique", "landmark-no-duplicate-main",
          "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
          "aria-allowed-role", "definition-list", "dlitem", "heading-order"}
FEEDBACK = ROOT / "tests" / "fixtures" / "feedback" / "excel_fr_cp1252.csv"


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations']})""", TAGS)
    return [v for v in result["violations"]
            if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS]


def describe(found: list[dict]) -> str:
    return json.dumps([{"id": v["id"], "impact": v["impact"], "help": v["help"],
                        "nodes": [n["target"] for n in v["nodes"][:5]]} for v in found],
                      indent=1)


class Audit:
    """Checks page after page and reports every failure at the end, not just the first."""

    def __init__(self):
        self.failures: dict[str, str] = {}
        self.pages: list[str] = []

    def check(self, page, name: str) -> None:
        page.wait_for_load_state("networkidle")
        found = violations(page)
        screenshot(page, f"a11y-{name}")
        self.pages.append(name)
        if found:
            self.failures[name] = describe(found)

    def visit(self, page, url: str, name: str) -> None:
        page.goto(url)
        self.check(page, name)

    def assert_clean(self) -> None:
        for name, found in self.failures.items():
            print(f"AXE {name}: {found}")
        assert not self.failures, "\n".join(f"{k}: {v}" for k, v in self.failures.items())


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


def design_pages(audit, desk, base, number, stage):
    """Every design page of one workshop."""
    for path, name in (("", "overview"), ("/edit", "edit"), ("/tables", "tables"),
                       ("/rounds", "rounds"), ("/roster", "roster"), ("/seating", "seating"),
                       ("/rehearsal", "rehearsal"), ("/diagnostic/", "diagnostic"),
                       ("/diagnostic/import", "diagnostic-import"),
                       ("/diagnostic/themes", "diagnostic-themes"),
                       ("/diagnostic/stages", "diagnostic-stages"),
                       ("/diagnostic/questions", "diagnostic-questions"),
                       ("/deliverables", "deliverables"), ("/poster", "poster")):
        audit.visit(desk, f"{base}/workshops/{number}{path}", f"{stage}-{name}")


def test_every_page_in_every_stage_has_no_serious_accessibility_violation(
        server, contexts, tmp_path):
    base, code = server
    audit = Audit()
    anonymous = contexts(DESKTOP)
    audit.visit(anonymous, base + "/login", "sign-in")
    audit.visit(anonymous, base + "/", "home")

    desk = contexts(DESKTOP, "en-US")
    desk.on("dialog", lambda dialog: dialog.accept())
    sign_in(desk, base)
    audit.visit(desk, base + "/workshops/", "workshops")
    audit.visit(desk, base + "/workshops/new", "new-workshop")
    number = workshop_id(tmp_path / "instance", code)

    # A draft: a fresh workshop with its essentials only.
    desk.goto(base + "/workshops/new")
    desk.fill("#title", "Draft café")
    desk.locator("form button.primary[type=submit]").click()
    desk.wait_for_url(re.compile(r".*/workshops/\d+$"))
    draft = int(desk.url.rsplit("/", 1)[1])
    design_pages(audit, desk, base, draft, "draft")

    # The demo's ready workshop, with a diagnostic imported.
    desk.goto(f"{base}/workshops/{number}/diagnostic/import")
    desk.set_input_files("input[type=file]", str(FEEDBACK))
    desk.locator("form button[type=submit]", has_text="Import").first.click()
    desk.wait_for_url(re.compile(r".*/diagnostic/.*"))
    time.sleep(2)
    design_pages(audit, desk, base, number, "ready")
    projector_size = {"width": 1280, "height": 720}
    screen = contexts(projector_size, "en-US")
    sign_in(screen, base)
    audit.visit(screen, f"{base}/workshops/{number}/diagnostic/present", "presentation")

    # A rehearsal: the real console, projector and a phone preview.
    desk.goto(f"{base}/workshops/{number}/rehearsal")
    desk.locator("#autopilot").uncheck()
    desk.get_by_role("button", name="Start the rehearsal").click()
    audit.check(desk, "rehearsal-running")
    audit.visit(desk, f"{base}/workshops/{number}/live", "rehearsal-console")
    desk.goto(f"{base}/workshops/{number}/rehearsal")
    desk.get_by_role("button", name="End the rehearsal and reset").click()
    desk.wait_for_load_state("networkidle")

    # The day: doors, lobby, a round, the rotation, the plenary, closed.
    desk.goto(f"{base}/workshops/{number}")
    desk.get_by_role("button", name="Open the doors").click()
    desk.wait_for_url("**/live")
    phone = contexts(PHONE)
    audit.visit(phone, f"{base}/j/{code}", "join")
    phone.locator("#claim-list label", has_text="Léa Dubois").locator("input").check()
    phone.locator("form.claim button[type=submit]").click()
    phone.wait_for_url(re.compile(r".*/p/" + code))
    host = contexts(PHONE)
    host.goto(f"{base}/j/{code}")
    host.locator("#claim-list label", has_text="Camille Martin").locator("input").check()
    host.locator("form.claim button[type=submit]").click()
    host.wait_for_url(re.compile(r".*/p/" + code))
    projector = contexts(projector_size)
    sign_in(projector, base)
    projector.goto(f"{base}/workshops/{number}/projector")
    for page, name in ((phone, "phone"), (host, "host"), (desk, "console"),
                       (projector, "projector")):
        audit.check(page, f"lobby-{name}")

    desk.locator("[data-command=start_round]").click()
    phone.locator("#question").get_by_text(re.compile("bonnes pratiques")).wait_for()
    desk.locator("[data-command=skip]").click()  # to the sharing phase
    phone.locator("#note-text").fill("Le mail de bienvenue rassure.")
    phone.locator("#composer button[type=submit]").first.click()
    for page, name in ((phone, "phone"), (host, "host"), (desk, "console"),
                       (projector, "projector")):
        audit.check(page, f"round-{name}")

    desk.locator("[data-command=rotate]").click()
    phone.locator("#rotation").wait_for(state="visible")
    for page, name in ((phone, "phone"), (desk, "console"), (projector, "projector")):
        audit.check(page, f"rotation-{name}")

    desk.locator("[data-command=plenary]").click()
    desk.locator("#plenary-panel").wait_for(state="visible")
    for page, name in ((phone, "phone"), (host, "host"), (desk, "console"),
                       (projector, "projector")):
        audit.check(page, f"plenary-{name}")

    desk.locator("[data-command=close]").click()
    phone.locator("#closing").wait_for(state="visible")
    for page, name in ((phone, "phone"), (desk, "console"), (projector, "projector")):
        audit.check(page, f"closed-{name}")
    audit.visit(desk, f"{base}/workshops/{number}/deliverables", "closed-deliverables")
    audit.visit(desk, f"{base}/workshops/{number}", "closed-overview")

    assert len(audit.pages) >= 55
    audit.assert_clean()
