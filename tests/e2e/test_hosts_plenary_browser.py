"""Two tables through two rounds in real pages: hosts group notes and write the synthesis
(two devices on one field: "edited by", take theirs), the facilitator helps from the
console, newcomers get the handover card, then the plenary table by table, a dot vote at
the limits, a merge, a qualification and the reveal on the projector."""
from __future__ import annotations

import re
import sqlite3

from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from tests.e2e.conftest import PHONE, open_doors, screenshot

TIMEOUT = 15_000
TABLET = {"width": 820, "height": 1180}
PROJECTOR = {"width": 1280, "height": 720}
HOST_1, HOST_2 = "Camille Martin", "Emma Leroy"  # the demo's hosts of tables 1 and 2


def query(instance, sql: str, *params):
    with sqlite3.connect(instance / "facilitator.sqlite3") as connection:
        return connection.execute(sql, params).fetchall()


def seats(instance, workshop_id: int, round_number: int) -> dict[str, int]:
    return dict(query(instance,
                      "SELECT p.display_name, t.number FROM seat s JOIN participant p "
                      "ON p.id = s.participant_id JOIN cafe_table t ON t.id = s.table_id "
                      "JOIN round r ON r.id = s.round_id WHERE r.number = ? AND r.workshop_id = ?",
                      round_number, workshop_id))


def open_phone(browser, base, code, name, viewport=PHONE):
    context = browser.new_context(viewport=viewport, locale="en-US", has_touch=True,
                                  is_mobile=viewport["width"] < 700)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{base}/j/{code}")
    page.locator("#claim-list label", has_text=name).locator("input[type=radio]").check()
    page.locator("form.claim button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/p/" + code))
    return page


def same_person_on(browser, page, viewport):
    """The same participant on a second device (the join cookie copied)."""
    context = browser.new_context(viewport=viewport, locale="en-US", has_touch=True,
                                  is_mobile=True)
    context.add_cookies(page.context.cookies())
    second = context.new_page()
    second.on("dialog", lambda dialog: dialog.accept())
    second.goto(page.url)
    return second


def share(page, text):
    page.fill("#note-text", text)
    page.click("#save-share")
    expect(page.locator("#note-list li", has_text=text)).to_have_attribute(
        "data-state", "shared", timeout=TIMEOUT)


def close_rotation_card(page):
    """The "go to table N" card may still be up: "I'm there"."""
    button = page.locator("#rotation-ok")
    if button.is_visible():
        try:
            button.click(timeout=3000)
        except PlaywrightTimeout:
            pass  # it closed by itself meanwhile


def says(page, key, **params) -> str:
    """A page's interface string (in the page's language), as text.js `format()` formats it."""
    text = page.evaluate("k => JSON.parse(document.getElementById('strings').textContent)[k]", key)
    return re.sub(r"%\((\w+)\)s", lambda m: str(params[m.group(1)]), text)


def field(page, name, nth=0):
    return page.locator(f".solution [data-field$=':{name}']").nth(nth)


def test_two_tables_two_rounds_handover_plenary_and_vote(server, browser, tmp_path):
    base, code = server
    instance = tmp_path / "instance"
    workshop_id = query(instance, "SELECT id FROM workshop WHERE join_code = ?", code)[0][0]
    desk = open_doors(browser, base, workshop_id)

    round1, round2 = seats(instance, workshop_id, 1), seats(instance, workshop_id, 2)
    guest_1 = sorted(n for n, t in round1.items() if t == 1 and n != HOST_1)[0]
    guest_2 = sorted(n for n, t in round1.items() if t == 2 and n != HOST_2)[0]
    newcomer = sorted(n for n, t in round2.items()
                      if t == 1 and round1[n] != 1 and n not in (HOST_1, HOST_2))[0]
    host_1 = open_phone(browser, base, code, HOST_1, TABLET)
    host_2 = open_phone(browser, base, code, HOST_2)
    phones = {name: open_phone(browser, base, code, name)
              for name in dict.fromkeys([guest_1, guest_2, newcomer])}
    projector = desk.context.new_page()
    projector.set_viewport_size(PROJECTOR)
    projector.goto(f"{base}/workshops/{workshop_id}/projector")

    # Round 1, sharing: the host sees the notes arrive and groups them by tap.
    desk.locator("[data-command=start_round]").click()
    expect(host_1.locator("#host-tools")).to_be_visible(timeout=TIMEOUT)
    expect(phones[guest_1].locator("#host-tools")).to_be_hidden()
    desk.locator("[data-command=skip]").click()
    share(phones[guest_1], "Nobody calls back after signing up")
    share(phones[guest_1], "Nobody phones us in the first week")
    share(phones[guest_2], "Too many passwords to start")
    notes = host_1.locator(".host-note")
    expect(notes).to_have_count(2, timeout=TIMEOUT)
    expect(notes.first).to_contain_text(says(host_1, "by_author", name=guest_1))
    notes.nth(0).locator(".note-check").check()
    notes.nth(1).locator(".note-check").check()
    expect(host_1.locator(".sel-count")).to_have_text(says(host_1, "selected_count", count=2))
    host_1.fill(".sel-group input", "No human contact")
    host_1.locator(".sel-group button").click()
    cluster = host_1.locator(".cluster")
    expect(cluster.locator(".cluster-title")).to_have_value("No human contact", timeout=TIMEOUT)
    expect(cluster.locator(".host-note")).to_have_count(2)
    cluster.locator(".host-note").nth(0).locator(".star-btn").click()
    expect(host_1.locator(".host-note.is-starred")).to_have_count(1, timeout=TIMEOUT)
    second = cluster.locator(".host-note").nth(1)
    second.locator(".note-menu-btn").click()
    second.locator("[data-act=duplicate]").select_option(index=1)
    expect(host_1.locator(".host-note.is-duplicate")).to_have_count(1, timeout=TIMEOUT)
    # The author can no longer change a note the host has used.
    expect(phones[guest_1].locator("#note-list li").first).to_have_attribute(
        "data-state", "consolidated", timeout=TIMEOUT)

    # The synthesis, autosaved field by field.
    host_1.fill(".kp-add textarea", "People need a human contact early")
    host_1.locator(".kp-add button").click()
    host_1.fill(".sol-add input", "A welcome call within 48 h")
    host_1.locator(".sol-add button").click()
    expect(host_1.locator(".solution")).to_have_count(1, timeout=TIMEOUT)
    field(host_1, "description").fill("A tutor calls every new learner")
    expect(host_1.locator(".sol-description .save-state")).to_have_text(says(host_1, "save_saved"),
                                                                          timeout=TIMEOUT)
    host_1.locator(".solution select").select_option("service")
    field(host_1, "irritant").fill("Nobody calls back")
    field(host_1, "irritant").blur()
    expect(host_1.locator(".sol-irritant .save-state")).to_have_text(says(host_1, "save_saved"),
                                                                      timeout=TIMEOUT)

    # The same host on a phone edits the stage while the tablet edits it too.
    pocket = same_person_on(browser, host_1, PHONE)
    expect(field(pocket, "description")).to_have_value("A tutor calls every new learner",
                                                       timeout=TIMEOUT)
    expect(pocket.locator(".solution select")).to_have_value("service")
    field(pocket, "stage").click()
    field(pocket, "stage").type("Onboard")
    field(host_1, "stage").fill("First week")
    field(host_1, "stage").blur()
    expect(host_1.locator(".sol-stage .save-state")).to_have_text(says(host_1, "save_saved"),
                                                                  timeout=TIMEOUT)
    conflict = pocket.locator(".sol-stage .conflict")
    expect(conflict).to_be_visible(timeout=TIMEOUT)
    expect(conflict).to_contain_text("First week")
    expect(field(pocket, "stage")).to_have_value("Onboard")  # nothing lost while typing
    expect(conflict).to_contain_text(says(pocket, "edited_elsewhere"))
    conflict.locator("[data-act=theirs]").click()
    expect(field(pocket, "stage")).to_have_value("First week")
    # Fields edited elsewhere update in place on the device not editing them.
    field(pocket, "title").fill("A welcome call within 24 h")
    field(pocket, "title").blur()
    expect(field(host_1, "title")).to_have_value("A welcome call within 24 h", timeout=TIMEOUT)
    pocket.context.close()
    screenshot(host_1, "host-tablet")

    # Table 2's host writes two solutions; the facilitator helps from the console.
    for title in ("A welcome phone call", "Single sign-on"):
        host_2.fill(".sol-add input", title)
        host_2.locator(".sol-add button").click()
    expect(host_2.locator(".solution")).to_have_count(2, timeout=TIMEOUT)
    cards = desk.locator(".syn-card")
    expect(cards.nth(0)).to_contain_text("A welcome call within 24 h", timeout=TIMEOUT)
    expect(cards.nth(1)).to_contain_text("Single sign-on", timeout=TIMEOUT)
    cards.nth(1).locator("button[data-table]").click()
    desk.fill("#syn-editor .kp-add textarea", "Passwords block the first login")
    desk.locator("#syn-editor .kp-add button").click()
    expect(host_2.locator(".kp textarea")).to_have_value("Passwords block the first login",
                                                         timeout=TIMEOUT)

    # Round 2: the host restates, the newcomer reads the handover card.
    desk.locator("[data-command=rotate]").click()
    desk.locator("[data-command=start_round]").click()
    for page in (host_1, phones[newcomer]):
        close_rotation_card(page)
        card = page.locator("#handover")
        expect(card).to_be_visible(timeout=TIMEOUT)
        expect(card).to_contain_text("People need a human contact early")
        expect(card).to_contain_text("A welcome call within 24 h")
    expect(host_1.locator("#handover-title")).to_have_text(says(host_1, "handover_host_title"))
    expect(phones[newcomer].locator("#handover-title")).to_have_text(
        says(phones[newcomer], "handover_guest_title"))
    phones[newcomer].click("#handover-close")
    expect(phones[newcomer].locator("#handover")).to_be_hidden()
    phones[newcomer].click("#handover-open")
    expect(phones[newcomer].locator("#handover")).to_be_visible()
    expect(host_1.locator(".solution")).to_have_count(0, timeout=TIMEOUT)  # a fresh synthesis

    # Plenary, table by table, on the projector.
    desk.locator("[data-command=plenary]").click()
    expect(desk.locator("#plenary-panel")).to_be_visible(timeout=TIMEOUT)
    desk.locator("#pl-tables [data-pl=next]").click()
    expect(projector.locator("#pp-table")).to_be_visible(timeout=TIMEOUT)
    expect(projector.locator("#pp-host")).to_contain_text(HOST_1)
    expect(projector.locator("#pp-rounds")).to_contain_text("A welcome call within 24 h")
    desk.locator("#pl-tables [data-number='2']").click()
    expect(projector.locator("#pp-rounds")).to_contain_text("Single sign-on", timeout=TIMEOUT)
    screenshot(projector, "projector-plenary-table")

    # Votes: 3 dots, at most 2 per solution; limits are the server's.
    desk.fill("#pl-dots", "3")
    desk.fill("#pl-max", "2")
    desk.locator("#pl-rules").get_by_role("button").click()
    expect(desk.locator("#pl-status")).to_have_text(says(desk, "rules_saved"), timeout=TIMEOUT)
    voter = phones[newcomer]
    expect(voter.locator("#vote-state")).to_have_text(says(voter, "votes_not_open"))
    desk.click("#pl-open")
    items = voter.locator(".vote-item")
    expect(items).to_have_count(3, timeout=TIMEOUT)
    welcome = items.filter(has_text="A welcome call within 24 h")
    for _ in range(2):
        welcome.locator("[data-dots='1']").click()
    expect(voter.locator("#dots-left")).to_have_text(says(voter, "dot_left"), timeout=TIMEOUT)
    welcome.locator("[data-dots='1']").click()  # a third dot on one solution: refused
    error = voter.locator("#vote-error")
    expect(error).to_be_visible(timeout=TIMEOUT)
    expect(error).to_contain_text("2")  # the server's own words, in the workshop's language
    expect(welcome.locator(".vote-dots .dot.on")).to_have_count(2)
    items.filter(has_text="A welcome phone call").locator("[data-dots='1']").click()
    expect(voter.locator("#dots-left")).to_have_text(says(voter, "no_dots_left"), timeout=TIMEOUT)
    items.filter(has_text="Single sign-on").locator("[data-dots='1']").click()  # a fourth dot
    expect(error).to_contain_text("3", timeout=TIMEOUT)
    expect(voter.locator(".vote-dots .dot.on")).to_have_count(3)
    phones[guest_2].locator(".vote-item", has_text="Single sign-on") \
        .locator("[data-dots='1']").click()
    expect(phones[guest_2].locator("#dots-left")).to_have_text(
        says(phones[guest_2], "dots_left", count=2), timeout=TIMEOUT)
    # No tallies anywhere but the console before the reveal.
    expect(voter.locator(".vote-tally:visible")).to_have_count(0)
    expect(projector.locator("#pp-results")).to_be_hidden()
    expect(desk.locator("#pl-total")).to_have_text(says(desk, "total_dots", count=4),
                                                   timeout=TIMEOUT)
    screenshot(voter, "phone-vote")

    # Merge table 2's duplicate into table 1's solution: the dots follow (capped at 2).
    rows = desk.locator("#pl-solutions tr")
    kept = rows.filter(has=desk.locator(".sol-title", has_text="A welcome call within 24 h"))
    duplicate = rows.filter(has=desk.locator(".sol-title", has_text="A welcome phone call"))
    duplicate.locator("[data-merge]").select_option(kept.get_attribute("data-key"))
    expect(rows).to_have_count(2, timeout=TIMEOUT)
    expect(kept.locator(".votes")).to_have_text("2")
    expect(items).to_have_count(2, timeout=TIMEOUT)
    expect(voter.locator("#dots-left")).to_have_text(says(voter, "dot_left"), timeout=TIMEOUT)

    # Qualify, then reveal.
    kept.locator("[data-q=impact]").select_option("high")
    kept.locator("[data-q=effort]").select_option("low")
    kept.locator("[data-q=owner]").fill("Head of support")
    kept.locator("[data-q=horizon]").select_option("short")
    expect(desk.locator("#pl-status")).to_have_text(says(desk, "qualified"), timeout=TIMEOUT)
    qualified = query(instance, "SELECT impact, effort, owner, horizon FROM solution "
                      "WHERE title = ?", "A welcome call within 24 h")
    assert qualified == [("high", "low", "Head of support", "short")]
    desk.click("#pl-reveal")
    ranking = projector.locator("#pp-ranking li")
    expect(ranking).to_have_count(2, timeout=TIMEOUT)
    expect(ranking.first).to_contain_text("A welcome call within 24 h")
    expect(ranking.first.locator(".pp-votes")).to_have_text("2")
    expect(voter.locator(".vote-tally").first).to_have_text(says(voter, "votes_count", count=2),
                                                            timeout=TIMEOUT)
    size = projector.evaluate("[document.documentElement.scrollWidth, "
                              "document.documentElement.scrollHeight]")
    assert size == [PROJECTOR["width"], PROJECTOR["height"]], size  # no scrollbars
    screenshot(projector, "projector-ranking")
