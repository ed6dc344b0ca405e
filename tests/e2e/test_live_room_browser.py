"""The phone between rounds and offline (issue 14): a note typed offline in round 1 and
sent after the rotation lands in round 1 at its round-1 table; "I'm there" shows the table
to come and "waiting for round 2", never "no table yet"; a move during a round opens the
full-screen "go to table N"."""
from __future__ import annotations

import sqlite3

from playwright.sync_api import expect

from tests.e2e.conftest import open_doors, screenshot
from tests.e2e.test_live_browser import TIMEOUT, open_phone, seats, workshop_id


def _note(instance, text: str):
    with sqlite3.connect(instance / "facilitator.sqlite3") as connection:
        return connection.execute(
            "SELECT r.number, t.number FROM note n JOIN round r ON r.id = n.round_id "
            "LEFT JOIN cafe_table t ON t.id = n.table_id WHERE n.text = ?", (text,)).fetchone()


def _as_facilitator(base: str, desk, code: str, *events) -> None:
    """Send (event, payload) pairs over the console's own session, each acknowledged."""
    import socketio
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in desk.context.cookies())
    client = socketio.Client(reconnection=False)
    client.connect(base, namespaces=["/live"], transports=["websocket"],
                   headers={"Cookie": cookie},
                   auth={"workshop": code, "view": "facilitator", "protocol": 1})
    try:
        for event, payload in events:
            answer = client.call(event, payload, namespace="/live", timeout=10)
            assert answer["ok"], (event, answer)
    finally:
        client.disconnect()


def _move(base: str, desk, code: str, person: str, table: int, instance) -> None:
    """The facilitator's `move`."""
    with sqlite3.connect(instance / "facilitator.sqlite3") as connection:
        person_id = connection.execute(
            "SELECT p.id FROM participant p JOIN workshop w ON w.id = p.workshop_id "
            "WHERE p.display_name = ? AND w.join_code = ?", (person, code)).fetchone()[0]
    _as_facilitator(base, desk, code, ("move", {"participant_id": person_id, "table": table}))


def test_offline_note_keeps_its_round_and_the_phone_shows_the_table_to_come(
        server, browser, tmp_path):
    base, code = server
    instance = tmp_path / "instance"
    desk = open_doors(browser, base, workshop_id(instance, code))
    round1, round2 = seats(instance, 1), seats(instance, 2)
    host = "Camille Martin"
    name = sorted(n for n, t in round1.items() if t != round1[host] and n != host
                  and round2[n] != round1[n])[0]
    page = open_phone(browser, base, code, name, by_code=False)
    expect(page.locator("#lobby")).to_be_visible(timeout=TIMEOUT)
    desk.locator("[data-command=start_round]").click()
    expect(page.locator("#table-number")).to_have_text(str(round1[name]), timeout=TIMEOUT)
    desk.locator("[data-command=skip]").click()  # the sharing phase
    expect(page.locator("#save-share")).to_be_visible(timeout=TIMEOUT)

    page.context.set_offline(True)
    expect(page.locator("#offline-notes")).to_be_visible(timeout=TIMEOUT)
    text = "Tapé hors ligne au tour 1"
    page.fill("#note-text", text)
    page.click("#save-share")
    page.wait_for_timeout(500)
    assert _note(instance, text) is None  # still in the phone's queue
    desk.locator("[data-command=rotate]").click()
    desk.locator("[data-command=start_round]").click()  # round 2 runs, the phone is away
    page.wait_for_timeout(1500)
    page.context.set_offline(False)
    expect(page.locator("#table-number")).to_have_text(str(round2[name]), timeout=TIMEOUT)
    page.wait_for_function("""() => {
        const key = Object.keys(localStorage).find((k) => k.endsWith(":queue"));
        return !key || Object.keys(JSON.parse(localStorage.getItem(key) || "{}")).length === 0;
    }""", timeout=TIMEOUT)
    assert _note(instance, text) == (1, round1[name])  # its round, its round-1 table

    # Round 2: the facilitator moves this person; the phone says so full screen.
    expect(page.locator("#seat-waiting")).to_be_hidden(timeout=TIMEOUT)
    target = next(t for t in sorted(set(round2.values())) if t != round2[name])
    _move(base, desk, code, name, target, instance)
    expect(page.locator("#rotation")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#rotation-title")).to_contain_text(str(target))
    page.locator("#rotation-ok").click()
    expect(page.locator("#rotation")).to_be_hidden()
    expect(page.locator("#table-number")).to_have_text(str(target))

    # The rotation to round 3: after "I'm there", the table to come, never "no table yet".
    round3 = seats(instance, 3)
    desk.locator("[data-command=rotate]").click()
    expect(page.locator("#rotation")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#rotation-title")).to_contain_text(str(round3[name]))
    page.locator("#rotation-ok").click()
    expect(page.locator("#table-number")).to_have_text(str(round3[name]), timeout=TIMEOUT)
    expect(page.locator("#seat-waiting")).to_be_visible()
    expect(page.locator("#seat-waiting")).to_contain_text("3")
    screenshot(page, "phone-waiting-for-round")
    expect(page.locator("#round-of")).to_contain_text("2")


def test_the_vote_fills_the_phone_and_the_console_counts_voters(server, browser, tmp_path):
    base, code = server
    instance = tmp_path / "instance"
    desk = open_doors(browser, base, workshop_id(instance, code))
    page = open_phone(browser, base, code, "Camille Martin", by_code=False)
    expect(page.locator("#lobby")).to_be_visible(timeout=TIMEOUT)
    _as_facilitator(base, desk, code, ("command", {"command": "plenary"}),
                    ("plenary", {"action": "show_table", "table": 1}),
                    ("plenary", {"action": "open_votes"}))
    expect(page.locator("#vote")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#plenary")).to_be_hidden()  # the vote first, alone on screen
    expect(page.locator("#closing")).to_be_hidden()
    box = page.locator("#vote").bounding_box()
    assert box and box["height"] >= 0.75 * 740  # it fills the phone
    screenshot(page, "phone-vote-first")
    expect(page.locator("#round-of")).to_have_text("")  # no "round 0 of 3" in plenary
    page.locator("#vote-presenting").click()  # the presenting table, one tap away
    expect(page.locator("#plenary")).to_be_visible()
    page.locator("#back-to-vote").click()
    expect(page.locator("#plenary")).to_be_hidden()
    # The console counts the voters live, and says nothing of rounds to come.
    expect(desk.locator("#pl-vote-state")).to_contain_text("0 of 1", timeout=TIMEOUT)
    expect(desk.locator("#next-question")).to_have_text("")
    expect(desk.locator("[data-command=start_round]")).to_be_hidden()
