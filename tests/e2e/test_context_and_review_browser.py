"""In real pages: the console puts the café etiquette on the projector before round 1, and a
note held for review reaches the host's phone, then the table once let through."""
from __future__ import annotations

import sqlite3

from playwright.sync_api import expect

from tests.e2e.conftest import open_doors, screenshot
from tests.e2e.test_live_browser import TIMEOUT, open_phone, seats, workshop_id


def test_etiquette_slide_and_a_held_note_let_through(server, browser, tmp_path):
    base, code = server
    instance = tmp_path / "instance"
    ident = workshop_id(instance, code)
    with sqlite3.connect(instance / "facilitator.sqlite3") as connection:
        connection.execute("UPDATE workshop SET hold_notes = 1 WHERE id = ?", (ident,))
    desk = open_doors(browser, base, ident)
    desk_context = desk.context
    projector = desk_context.new_page()
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.goto(f"{base}/workshops/{ident}/projector")
    expect(projector.locator('.p-slide[data-slide="join"]')).to_be_visible(timeout=TIMEOUT)

    etiquette = desk.locator("#slides [data-slide='3']")
    expect(etiquette).to_be_enabled(timeout=TIMEOUT)
    etiquette.click()
    expect(etiquette).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    slide = projector.locator('.p-slide[data-slide="etiquette"]')
    expect(slide).to_be_visible(timeout=TIMEOUT)
    expect(slide.locator("li")).to_have_count(5)
    expect(projector.locator("#p-foot-join")).to_be_visible()  # the code stays on screen
    screenshot(projector, "projector-etiquette")

    round1 = seats(instance, 1)
    host = "Camille Martin"  # hosts table 1
    mate = sorted(n for n, t in round1.items() if t == round1[host] and n != host)[0]
    phones = {name: open_phone(browser, base, code, name, by_code=False)
              for name in (host, mate)}
    expect(phones[mate].locator("#lobby .etiquette li")).to_have_count(5, timeout=TIMEOUT)
    desk.locator("[data-command=start_round]").click()
    expect(phones[mate].locator("#question")).not_to_be_empty(timeout=TIMEOUT)
    desk.locator("[data-command=skip]").click()  # sharing

    writer = phones[mate]
    writer.fill("#note-text", "Le support répond trop tard le vendredi.")
    writer.click("#save-note")
    share = writer.locator("#note-list li").first.locator("[data-action=share]")
    expect(share).to_be_visible(timeout=TIMEOUT)
    share.click()
    expect(writer.locator("#note-list li").first).to_have_attribute("data-state", "held",
                                                                      timeout=TIMEOUT)
    held = phones[host].locator("#host-tools .held-list .host-note",
                                has_text="trop tard le vendredi")
    expect(held).to_be_visible(timeout=TIMEOUT)
    phones[host].locator("#host-tools .held-group").evaluate(
        "node => { node.scrollIntoView({block: 'start'}); window.scrollBy(0, -90); }")
    screenshot(phones[host], "phone-held-note")
    held.locator("[data-act=release]").click()
    expect(phones[host].locator("#host-tools .held-group")).to_be_hidden(timeout=TIMEOUT)
    expect(phones[host].locator("#host-tools .loose-group .host-note",
                                has_text="trop tard le vendredi")).to_be_visible()
    expect(writer.locator("#note-list li").first).to_have_attribute("data-state", "shared",
                                                                      timeout=TIMEOUT)
    desk_context.close()
