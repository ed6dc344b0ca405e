"""The diagnostic's engine at the tables, in real pages: the host asks for suggested groups
and accepts one (its title edited), and the console shows the themes emerging."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import open_doors, screenshot
from tests.e2e.test_hosts_plenary_browser import (
    HOST_1, TABLET, TIMEOUT, open_phone, query, seats, share)


def test_a_host_accepts_a_suggested_group_and_the_console_sees_the_theme(
        server, browser, tmp_path):
    base, code = server
    instance = tmp_path / "instance"
    workshop_id = query(instance, "SELECT id FROM workshop WHERE join_code = ?", code)[0][0]
    desk = open_doors(browser, base, workshop_id)
    round1 = seats(instance, workshop_id, 1)
    guests = sorted(n for n, t in round1.items() if t == 1 and n != HOST_1)[:2]
    host = open_phone(browser, base, code, HOST_1, TABLET)
    phones = [open_phone(browser, base, code, name) for name in guests]
    desk.locator("[data-command=start_round]").click()
    expect(host.locator("#host-tools")).to_be_visible(timeout=TIMEOUT)
    desk.locator("[data-command=skip]").click()
    share(phones[0], "Support never answers our emails")
    share(phones[1], "Slow support, we wait for days")
    share(phones[0], "Too many passwords at sign-up")
    share(phones[1], "Passwords expire every month")
    expect(host.locator(".host-note")).to_have_count(4, timeout=TIMEOUT)

    host.locator(".suggest-box button").first.click()
    groups = host.locator(".suggested-group")
    expect(groups.first).to_be_visible(timeout=TIMEOUT)
    expect(groups).to_have_count(2)
    first = groups.first
    title = first.locator("input[type=text]").input_value()
    assert title and title[0].isupper()
    first.locator("input[type=text]").fill(title + " (table 1)")
    screenshot(host, "host-suggested-groups")
    first.locator(".btn.primary").click()
    cluster = host.locator(".cluster")
    expect(cluster.locator(".cluster-title")).to_have_value(title + " (table 1)", timeout=TIMEOUT)
    expect(cluster.locator(".host-note")).to_have_count(2)
    expect(groups).to_have_count(1)  # the accepted one leaves the list, the other stays
    groups.first.locator(".link-btn").click()  # ignored
    expect(groups).to_have_count(0)

    panel = desk.locator("#live-themes-panel")
    expect(panel).to_be_visible(timeout=TIMEOUT)
    expect(desk.locator("#live-themes li").first).to_be_visible(timeout=30_000)
    screenshot(desk, "console-live-themes")
