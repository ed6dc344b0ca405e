"""A phone's "My route" on a 360 px screen, and the same route a moment after the
facilitator moves that person on the seating page: no reload, no reconnection."""
from __future__ import annotations

import re
import sqlite3

from tests.e2e.conftest import PHONE, open_doors, screenshot

NAME = "Léa Dubois"


def workshop_id(instance, code: str) -> int:
    with sqlite3.connect(instance / "facilitator.sqlite3") as connection:
        return connection.execute("SELECT id FROM workshop WHERE join_code = ?",
                                  (code,)).fetchone()[0]


def route_table(phone, round_number: int) -> str:
    stop = phone.locator("#route-list li").nth(round_number - 1)
    return stop.locator(".route-table").inner_text()


def test_my_route_follows_a_move_on_the_seating_page(server, browser, tmp_path):
    base, code = server
    ident = workshop_id(tmp_path / "instance", code)
    seating_url = f"{base}/workshops/{ident}/seating"
    desk = open_doors(browser, base, ident)

    phone = browser.new_context(viewport=PHONE, locale="fr-FR").new_page()
    phone.goto(f"{base}/j/{code}")
    phone.locator("#claim-list label", has_text=NAME).locator("input").check()
    phone.locator("form.claim button[type=submit]").click()
    phone.wait_for_selector("#route-list li")
    route = phone.locator("#route")
    assert route.is_visible() and route.get_attribute("open") is not None  # open in the lobby
    stops = phone.locator("#route-list li")
    assert stops.count() >= 2
    assert re.fullmatch(r"Table \d+.*", route_table(phone, 2))
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    route.scroll_into_view_if_needed()
    screenshot(phone, "phone-route")
    before = int(re.match(r"Table (\d+)", route_table(phone, 2)).group(1))

    desk.goto(seating_url)
    person = desk.locator("#round-2 li", has=desk.locator("summary", has_text=NAME))
    person.locator("summary").click()
    options = person.locator("select option")
    target = next(options.nth(i).get_attribute("value") for i in range(options.count())
                  if options.nth(i).inner_text() != f"Table {before}")
    target_label = person.locator(f"select option[value='{target}']").inner_text()
    person.locator("select").select_option(target)
    person.locator("button[type=submit]").click()
    desk.wait_for_load_state("load")

    phone.wait_for_function(
        "label => document.querySelectorAll('#route-list li')[1]"
        ".querySelector('.route-table').textContent.startsWith(label)", arg=target_label)
    assert route_table(phone, 2).startswith(target_label)
    assert phone.locator("#route-list li[aria-current]").count() == 0  # no round runs yet

    desk.goto(seating_url.replace("/seating", "/live"))
    desk.locator("[data-command=start_round]").click()
    phone.wait_for_selector("#route-list li.is-current[aria-current=step]", state="attached")
    assert phone.locator("#route-list li").first.get_attribute("aria-current") == "step"
    assert route.get_attribute("open") is None  # folded once the round starts
