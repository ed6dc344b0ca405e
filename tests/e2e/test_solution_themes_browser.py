"""A host links a solution to the diagnostic: the irritant field offers the diagnostic's
themes (the stage and work-stream fields the workshop's lists), the host picks one, it is
saved, and the detailed PDF shows that theme's stage, mentions and NPS under the solution."""
from __future__ import annotations

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import DESKTOP, sign_in
from tests.e2e.test_full_workshop import FEEDBACK, FEEDBACK_FILE
from tests.e2e.test_hosts_plenary_browser import (
    HOST_1, TABLET, TIMEOUT, field, open_phone, query, says,
)


def test_a_host_picks_a_diagnostic_theme_and_the_detailed_pdf_links_it(server, browser,
                                                                         tmp_path):
    base, code = server
    instance = tmp_path / "instance"
    workshop_id = query(instance, "SELECT id FROM workshop WHERE join_code = ?", code)[0][0]
    desk = browser.new_context(viewport=DESKTOP, locale="en-US").new_page()
    desk.on("dialog", lambda dialog: dialog.accept())
    sign_in(desk, base)

    # The workshop's feedback export, then its diagnostic read once (the themes kept).
    desk.goto(f"{base}/workshops/{workshop_id}/diagnostic/")
    desk.set_input_files("form[data-upload] input[type=file]", str(FEEDBACK / FEEDBACK_FILE))
    desk.locator("form[data-upload] button[type=submit]").click()
    desk.wait_for_url(re.compile(r".*/diagnostic/imports/\d+(/mapping)?$"), timeout=TIMEOUT)
    if desk.url.endswith("/mapping"):
        desk.locator("form.mapping-form button[type=submit]").click()
        desk.wait_for_url(re.compile(r".*/diagnostic/imports/\d+$"), timeout=TIMEOUT)
    desk.goto(f"{base}/workshops/{workshop_id}/diagnostic/")
    expect(desk.locator(".nps-value")).to_be_visible()

    desk.goto(f"{base}/workshops/{workshop_id}")
    desk.get_by_role("button", name="Open the doors").click()
    desk.wait_for_url("**/live")
    desk.locator("[data-command=start_round]").click()
    host = open_phone(browser, base, code, HOST_1, TABLET)
    expect(host.locator("#host-tools")).to_be_visible(timeout=TIMEOUT)
    # The tools are drawn from the page; adding a solution needs the socket (seen in the
    # full suite: a click before it connected was refused, the title put back).
    expect(host.locator("html")).to_have_attribute("data-connection", "connected",
                                                   timeout=TIMEOUT)
    host.fill(".sol-add input", "A tutor calls in the first week")
    host.locator(".sol-add button").click()
    expect(host.locator(".solution")).to_have_count(1, timeout=TIMEOUT)

    # The fields offer the workshop's lists; free text stays allowed.
    irritant = field(host, "irritant")
    assert irritant.get_attribute("list") == "suggest-irritant"
    themes = host.locator("#suggest-irritant option").evaluate_all(
        "options => options.map(o => o.value)")
    stages = host.locator("#suggest-stage option").evaluate_all(
        "options => options.map(o => o.value)")
    assert len(themes) >= 3 and len(stages) >= 3
    assert field(host, "stage").get_attribute("list") == "suggest-stage"
    theme = themes[0]  # the most mentioned
    # Picking a suggestion sets the value with an input event, as typing does.
    irritant.click()
    irritant.fill(theme)
    irritant.blur()
    expect(host.locator(".sol-irritant .save-state")).to_have_text(says(host, "save_saved"),
                                                                    timeout=TIMEOUT)
    assert query(instance, "SELECT irritant FROM solution WHERE workshop_id = ? AND title = ?",
                 workshop_id, "A tutor calls in the first week") == [(theme,)]
    stage = field(host, "stage")
    stage.fill("My own stage")  # not in the list: kept as typed
    stage.blur()
    expect(host.locator(".sol-stage .save-state")).to_have_text(says(host, "save_saved"),
                                                                timeout=TIMEOUT)

    pdf = desk.request.get(f"{base}/workshops/{workshop_id}/deliverables/detailed.pdf")
    assert pdf.ok, pdf.status
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    flat = " ".join(text.split())
    # "Thème du diagnostic : <stage> · <n> mentions · NPS <±n>" under the solution's irritant.
    linked = re.search(re.escape(theme) + r" Th\S+me du diagnostic : (.+?) · (\d+) mentions · "
                       r"NPS ([+\u2212-]?\d+)", flat)
    assert linked, flat[:3000]
    assert linked.group(1) in stages or linked.group(1) == "\u2014"
    assert "My own stage" in flat
