"""A facilitator and six phones in real pages: join (by link and by code), one round's
three phases, a shared note reaching the host, and the rotation's "go to table N"."""
from __future__ import annotations

import re
import sqlite3

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, open_doors, screenshot

TIMEOUT = 15_000


def seats(instance, round_number: int) -> dict[str, int]:
    """Who sits at which table in a round, read from the server's database."""
    with sqlite3.connect(instance / "facilitator.sqlite3") as connection:
        rows = connection.execute(
            "SELECT p.display_name, t.number FROM seat s JOIN participant p "
            "ON p.id = s.participant_id JOIN cafe_table t ON t.id = s.table_id "
            "JOIN round r ON r.id = s.round_id WHERE r.number = ?", (round_number,)).fetchall()
    return dict(rows)


def workshop_id(instance, code: str) -> int:
    with sqlite3.connect(instance / "facilitator.sqlite3") as connection:
        return connection.execute("SELECT id FROM workshop WHERE join_code = ?",
                                  (code,)).fetchone()[0]


def open_phone(browser, base, code, name, by_code: bool):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    if by_code:
        page.goto(base + "/join")
        page.fill("#code", code.lower())
        page.click("button.primary[type=submit]")
    else:
        page.goto(f"{base}/j/{code}")
    page.locator("#claim-list label", has_text=name).locator("input[type=radio]").check()
    page.locator("form.claim button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/p/" + code))
    return page


def test_a_round_and_a_rotation_on_six_phones(server, browser, tmp_path):
    base, code = server
    instance = tmp_path / "instance"
    desk = open_doors(browser, base, workshop_id(instance, code))
    desk_context = desk.context

    round1 = seats(instance, 1)
    host = "Camille Martin"  # hosts table 1
    mates = sorted(n for n, t in round1.items() if t == round1[host] and n != host)
    others = sorted(n for n, t in round1.items() if t != round1[host])
    people = [host, mates[0], mates[1], others[0], others[1], others[2]]
    phones = {name: open_phone(browser, base, code, name, by_code=i % 2 == 1)
              for i, name in enumerate(people)}
    for page in phones.values():
        expect(page.locator("#lobby")).to_be_visible(timeout=TIMEOUT)
    expect(desk.locator("#presence-count")).to_contain_text("6", timeout=TIMEOUT)
    screenshot(phones[mates[0]], "phone-lobby")

    desk.locator("[data-command=start_round]").click()
    phase_names = []
    for name, page in phones.items():
        expect(page.locator("#question")).to_contain_text("bonnes pratiques", timeout=TIMEOUT)
        expect(page.locator("#table-number")).to_have_text(str(round1[name]), timeout=TIMEOUT)
        expect(page.locator("#countdown")).to_have_text(re.compile(r"^0[0-3]:\d\d$"))
    phase_names.append(phones[host].locator("#phase-name").inner_text())
    screenshot(phones[mates[0]], "phone-round")
    screenshot(desk, "console-round")

    # Individual reflection: a private note, then the sharing phase.
    writer = phones[mates[0]]
    writer.fill("#note-text", "Le mail de bienvenue rassure : il dit qui contacter.")
    writer.click("#save-note")
    expect(writer.locator("#note-list li").first).to_contain_text("mail de bienvenue",
                                                                   timeout=TIMEOUT)
    desk.locator("[data-command=skip]").click()
    expect(phones[host].locator("#phase-name")).not_to_have_text(phase_names[0],
                                                                timeout=TIMEOUT)
    phase_names.append(phones[host].locator("#phase-name").inner_text())
    share = writer.locator("#note-list li").first.locator("[data-action=share]")
    expect(share).to_be_visible(timeout=TIMEOUT)
    share.click()
    # The host's tools list the table's shared notes; other tables never see them.
    expect(phones[host].locator("#host-tools .host-note", has_text="mail de bienvenue")
           ).to_be_visible(timeout=TIMEOUT)
    for name in others:
        if name in phones:
            expect(phones[name].locator("body")).not_to_contain_text("mail de bienvenue")

    desk.locator("[data-command=skip]").click()
    expect(phones[host].locator("#phase-name")).not_to_have_text(phase_names[1],
                                                                timeout=TIMEOUT)
    assert len(set(phase_names + [phones[host].locator("#phase-name").inner_text()])) == 3

    round2 = seats(instance, 2)
    desk.locator("[data-command=rotate]").click()
    for name, page in phones.items():
        card = page.locator("#rotation")
        expect(card).to_be_visible(timeout=TIMEOUT)
        expect(page.locator("#rotation-title")).to_contain_text(str(round2[name]))
    assert round2[host] == round1[host]  # the host stays
    screenshot(phones[mates[1]], "phone-rotation")
    screenshot(desk, "console-rotation")
    desk_context.close()
