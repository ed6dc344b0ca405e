"""Everything works with the keyboard alone: signing in, opening the doors, starting a
round from the console, joining from a phone and writing a note."""
from __future__ import annotations

import re
import sqlite3

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_EMAIL, DEMO_PASSWORD, DESKTOP, PHONE

TIMEOUT = 15_000


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector` (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_a_facilitator_and_a_participant_need_no_mouse(server, browser, tmp_path):
    base, code = server
    with sqlite3.connect(tmp_path / "instance" / "facilitator.sqlite3") as connection:
        workshop_id = connection.execute("SELECT id FROM workshop WHERE join_code = ?",
                                         (code,)).fetchone()[0]
    desk = browser.new_context(viewport=DESKTOP, locale="en-US").new_page()
    desk.on("dialog", lambda dialog: dialog.accept())
    desk.goto(base + "/login")
    tab_to(desk, "#email")
    desk.keyboard.type(DEMO_EMAIL)
    tab_to(desk, "#password")
    desk.keyboard.type(DEMO_PASSWORD)
    desk.keyboard.press("Enter")
    desk.wait_for_url("**/workshops/**")

    desk.goto(f"{base}/workshops/{workshop_id}")
    tab_to(desk, f"form[action$='/workshops/{workshop_id}/open'] button")
    desk.keyboard.press("Enter")
    desk.wait_for_url("**/live")
    # The console's commands are enabled once its socket is connected.
    expect(desk.locator("[data-command=start_round]")).to_be_enabled(timeout=TIMEOUT)
    tab_to(desk, "[data-command=start_round]")
    desk.keyboard.press("Enter")
    expect(desk.locator("[data-command=pause]")).to_be_enabled(timeout=TIMEOUT)

    phone = browser.new_context(viewport=PHONE, locale="fr-FR").new_page()
    phone.goto(f"{base}/j/{code}")
    tab_to(phone, "input[name=claim]")
    # Arrow keys move within the radio group, as in any form; stop on the right name.
    for _ in range(60):
        label = phone.evaluate("() => document.activeElement.closest('label').textContent")
        if "Léa Dubois" in label:
            break
        phone.keyboard.press("ArrowDown")
    phone.keyboard.press("Space")
    tab_to(phone, "form.claim button[type=submit]")
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r".*/p/" + code))
    expect(phone.locator("#question")).to_contain_text("bonnes pratiques", timeout=TIMEOUT)
    tab_to(phone, "#note-text")
    phone.keyboard.type("Écrit au clavier, sans souris.")
    tab_to(phone, "#save-note")
    phone.keyboard.press("Enter")
    expect(phone.locator("#note-list li").first).to_contain_text("Écrit au clavier",
                                                                   timeout=TIMEOUT)
