"""Tablecloth photos in real pages, CSRF on: the host takes a photo from the phone (the
canvas shrinks it), the thumbnail appears on the phone and on the console's board, a
non-image is refused in words, the host deletes a photo; a guest sees no button."""
from __future__ import annotations

import io
import sqlite3

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, open_doors, screenshot
from tests.e2e.test_hosts_plenary_browser import HOST_1, open_phone, query, seats

TIMEOUT = 15_000


def photo_file(size=(3000, 2000), color=(230, 225, 205)) -> dict:
    picture = Image.new("RGB", size, color)
    for x in range(0, size[0], 200):  # something drawn on the tablecloth
        picture.paste((40, 90, 160), (x, size[1] // 3, x + 90, size[1] // 3 + 60))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return {"name": "tablecloth.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_a_host_adds_and_removes_tablecloth_photos(server, browser, tmp_path):
    base, code = server
    instance = tmp_path / "instance"
    workshop_id = query(instance, "SELECT id FROM workshop WHERE join_code = ?", code)[0][0]
    desk = open_doors(browser, base, workshop_id)
    with sqlite3.connect(instance / "facilitator.sqlite3") as connection:  # English pages
        connection.execute("UPDATE workshop SET language = 'en' WHERE id = ?", (workshop_id,))
    guest = sorted(n for n, t in seats(instance, workshop_id, 1).items()
                   if t == 1 and n != HOST_1)[0]
    host = open_phone(browser, base, code, HOST_1, {"width": 390, "height": 844})
    other = open_phone(browser, base, code, guest, PHONE)
    desk.locator("[data-command=start_round]").click()

    tray = host.locator("#photos")
    expect(tray).to_be_visible(timeout=TIMEOUT)
    expect(other.locator("#photos")).to_be_hidden()
    expect(tray.locator("input[type=file]")).to_have_attribute("capture", "environment")
    tray.locator("input[type=text]").fill("Our tablecloth, round 1")
    tray.locator("input[type=file]").set_input_files(photo_file())
    expect(tray.locator(".photo-thumb")).to_have_count(1, timeout=TIMEOUT)
    expect(tray.locator(".photo-caption")).to_have_text("Our tablecloth, round 1")
    expect(tray.locator(".photo-status")).to_have_text("Photo added.")
    # Stored resized by the server, whatever the phone sent.
    width, height = query(instance, "SELECT width, height FROM photo")[0]
    assert max(width, height) == 1600
    # The console's board shows the thumbnail (boards refresh at most once a second).
    expect(desk.locator(".board-table[data-number='1'] .board-photos img")).to_have_count(
        1, timeout=TIMEOUT)

    tray.locator("input[type=file]").set_input_files(
        {"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"<html>not a photo</html>"})
    expect(tray.locator(".photo-status")).to_contain_text("This file is not a photo",
                                                          timeout=TIMEOUT)
    expect(tray.locator(".photo-status + button")).to_be_hidden()  # no retry for a refusal
    tray.locator("input[type=file]").set_input_files(photo_file((1200, 1600), (250, 250, 245)))
    expect(tray.locator(".photo-thumb")).to_have_count(2, timeout=TIMEOUT)
    host.locator("#photos .photo-status").scroll_into_view_if_needed()
    tray.scroll_into_view_if_needed()
    screenshot(host, "photos")

    tray.locator(".photo-delete").first.click()
    expect(tray.locator(".photo-thumb")).to_have_count(1, timeout=TIMEOUT)
    assert query(instance, "SELECT count(*) FROM photo")[0][0] == 1
