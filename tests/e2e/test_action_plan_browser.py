"""The action plan in a real browser, CSRF on: the facilitator turns a voted solution into
an action, gives it an indicator that follows the diagnostic's overall NPS (baseline
pre-filled), then imports the next feedback export on the follow-up page and sees the
indicator's new dated value with its margin; the page fits a phone."""
from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from facilitator.services.demo_feedback import _export
from tests.e2e.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.e2e.test_hosts_plenary_browser import query

TIMEOUT = 15_000


def test_the_facilitator_plans_an_action_and_closes_the_loop(server, browser, tmp_path):
    base, _code = server
    instance = tmp_path / "instance"
    pilot = query(instance, "SELECT id FROM workshop WHERE title LIKE ?", "%session pilote%")[0][0]
    page = browser.new_context(viewport=DESKTOP, locale="en-US").new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, base)
    page.goto(f"{base}/workshops/{pilot}/action-plan")
    expect(page.get_by_role("heading", name="New action")).to_be_visible()
    before = page.locator("section.plan-action").count()
    assert before == 3  # the demo's plan

    page.select_option("#new-solution", index=1)  # the most voted solution
    page.fill("#new-owner", "Head of customer care")
    page.fill("#new-due", "2027-04-30")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".flash")).to_contain_text("Action added.", timeout=TIMEOUT)
    expect(page.locator("section.plan-action")).to_have_count(before + 1)

    mine = 'section.plan-action:has(input[name=owner][value="Head of customer care"])'
    added = page.locator(mine)
    added.locator("summary", has_text="Add an indicator").click()
    source = added.locator("select[name=source]")
    overall = source.locator("option", has_text="Overall NPS")
    source.select_option(overall.get_attribute("value"))
    added.locator("input[name=target]").fill("10")
    added.get_by_role("button", name="Add the indicator").click()
    expect(page.locator(".flash")).to_contain_text("Indicator added.", timeout=TIMEOUT)
    added = page.locator(mine)
    row = added.locator("table.plan-indicators tbody tr").first
    expect(row).to_contain_text("Overall NPS")
    expect(row).to_contain_text("±")  # the baseline carries the diagnostic's margin
    screenshot(page, "action-plan")

    page.goto(f"{base}/workshops/{pilot}/follow-up")
    export = tmp_path / "feedback-june-2027.csv"
    export.write_bytes(_export(250, (0.25, 0.45), 0.2, seed=5, start=date(2027, 5, 1)))
    page.set_input_files("input[type=file]", str(export))
    page.fill("input[name=measured_on]", "2027-06-15")
    page.get_by_role("button", name="Import and measure").click()
    expect(page.locator(".flash")).to_contain_text("responses measured", timeout=TIMEOUT)
    expect(page.locator("table.data").first).to_contain_text("feedback-june-2027.csv")
    history = page.locator("table.plan-history").filter(has_text="feedback-june-2027.csv")
    assert history.count() >= 4  # every diagnostic-sourced indicator was measured
    followed = page.locator("h3", has_text="Overall NPS").last.locator(
        "xpath=following-sibling::div[1]")
    expect(followed).to_contain_text("June")
    expect(followed).to_contain_text("since the baseline")
    screenshot(page, "follow-up")

    phone = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    sign_in(phone, base)
    phone.goto(f"{base}/workshops/{pilot}/action-plan")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the action plan overflows a phone by {overflow}px"
    screenshot(phone, "action-plan-phone")


def test_a_refused_figure_keeps_what_was_typed(server, browser, tmp_path):
    base, _code = server
    pilot = query(tmp_path / "instance", "SELECT id FROM workshop WHERE title LIKE ?",
                  "%session pilote%")[0][0]
    page = browser.new_context(viewport=DESKTOP, locale="en-US").new_page()
    sign_in(page, base)
    page.goto(f"{base}/workshops/{pilot}/action-plan")
    first = page.locator("section.plan-action").first
    first.locator("summary", has_text="Add an indicator").click()
    adding = first.locator("details.plan-new-indicator")
    adding.locator("input[name=name]").fill("Callbacks within 4 hours")
    adding.locator("input[name=baseline]").fill("about forty")
    adding.get_by_role("button", name="Add the indicator").click()
    expect(page.locator(".flash")).to_contain_text("type a number", timeout=TIMEOUT)
    adding = page.locator("section.plan-action").first.locator("details.plan-new-indicator")
    expect(adding).to_have_attribute("open", "")  # reopened, with what was typed
    expect(adding.locator("input[name=baseline]")).to_have_value("about forty")
    expect(adding.locator("input[name=name]")).to_have_value("Callbacks within 4 hours")


def test_the_plan_pages_have_no_serious_accessibility_violation(server, browser, tmp_path):
    from tests.e2e.test_accessibility import describe, violations

    base, _code = server
    pilot = query(tmp_path / "instance", "SELECT id FROM workshop WHERE title LIKE ?",
                  "%session pilote%")[0][0]
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    sign_in(page, base)
    for path in ("action-plan", "follow-up"):
        page.goto(f"{base}/workshops/{pilot}/{path}")
        page.wait_for_load_state("networkidle")
        found = violations(page)
        assert not found, f"{path}: {describe(found)}"
    context.close()
