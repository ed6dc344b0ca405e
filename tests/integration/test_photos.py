"""Tablecloth photos: hosts (and participants when allowed) add them from the phone, the
server checks and shrinks them, screens hear about it, and only the right people see or
remove them. Images are drawn in memory."""
from __future__ import annotations

import io

import pytest
from flask import g
from PIL import Image

from facilitator.domain import photos as rules
from facilitator.extensions import db
from facilitator.models import Photo
from facilitator.services import live, photos as service, workshops as workshops_service
from tests.conftest import sign_in
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, desk, forget, join_all, live_app, phone, ready_workshop, received, tokens, workshop)


@pytest.fixture
def app(live_app):
    return live_app


def jpeg(size=(2400, 1800), color=(30, 120, 200), exif=True) -> bytes:
    picture = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    extra = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "PhoneMaker"
        tags[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}
        extra["exif"] = tags
    picture.save(buffer, "JPEG", quality=90, **extra)
    return buffer.getvalue()


def phone_client(app, workshop, token):
    client = app.test_client()
    client.set_cookie(f"fp_{workshop.join_code}", token, domain="cafe.test")
    return client


def upload(client, url, data: bytes, name="cloth.jpg", **fields):
    return client.post(url, data={"photo": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data",
                       headers={"Accept": "application/json"})


def people(workshop):
    return {p.display_name: p for p in workshop.participants}


def mate_of(workshop, host="Host 1", round_number=1):
    table = live.seat_of(workshop, people(workshop)[host], round_number)
    return next(p.display_name for p in live.people_at(workshop, table, round_number)
                if not p.is_host)


def away_from(workshop, host="Host 1", round_number=1):
    table = live.seat_of(workshop, people(workshop)[host], round_number)
    return next(p.display_name for p in workshop.participants
                if not p.is_host and live.seat_of(workshop, p, round_number) != table)


def start_round(workshop):
    live.command(workshop, "start_round")


def host_url(workshop):
    return f"/p/{workshop.join_code}/photos"


def photo_count():
    return db.session.query(Photo).count()


# Adding --------------------------------------------------------------------------------------

def test_a_host_adds_a_photo_resized_with_no_metadata(app, workshop, tokens):
    start_round(workshop)
    host = phone_client(app, workshop, tokens["Host 1"])
    response = upload(host, host_url(workshop), jpeg(), caption="  Our   tablecloth ")
    assert response.status_code == 200, response.get_json()
    photo = response.get_json()["photo"]
    assert (photo["width"], photo["height"]) == (rules.MAX_SIDE, 1200)
    assert photo["caption"] == "Our tablecloth" and photo["table"] == 1 and photo["round"] == 1
    served = host.get(photo["url"])
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert "private" in served.headers["Cache-Control"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(served.data))
    assert image.size == (rules.MAX_SIDE, 1200)
    assert not image.getexif() and b"PhoneMaker" not in served.data
    thumb = Image.open(io.BytesIO(host.get(photo["thumb"]).data))
    assert max(thumb.size) == rules.THUMB_SIDE


def test_the_same_file_sent_twice_is_stored_once(app, workshop, tokens):
    start_round(workshop)
    host = phone_client(app, workshop, tokens["Host 1"])
    data = jpeg((400, 300))
    first = upload(host, host_url(workshop), data).get_json()["photo"]
    again = upload(host, host_url(workshop), data).get_json()["photo"]
    assert first["id"] == again["id"] and photo_count() == 1


def test_a_host_adds_only_once_a_round_has_started(app, workshop, tokens):
    host = phone_client(app, workshop, tokens["Host 1"])
    response = upload(host, host_url(workshop), jpeg((200, 200)))
    assert response.status_code == 409 and "once it has started" in response.get_json()["error"]
    assert photo_count() == 0


def test_a_host_may_add_to_a_round_already_played(app, workshop, tokens):
    start_round(workshop)
    live.command(workshop, "rotate")
    start_round(workshop)
    host = phone_client(app, workshop, tokens["Host 1"])
    response = upload(host, host_url(workshop), jpeg((200, 200)), round="1")
    assert response.status_code == 200 and response.get_json()["photo"]["round"] == 1
    response = upload(host, host_url(workshop), jpeg((200, 100)), round="3")
    assert response.status_code == 409


def test_a_participant_adds_only_when_allowed_and_only_to_their_own_table(app, workshop,
                                                                          tokens):
    start_round(workshop)
    mate = phone_client(app, workshop, tokens[mate_of(workshop)])
    response = upload(mate, host_url(workshop), jpeg((300, 200)))
    assert response.status_code == 403
    assert response.get_json()["error"] == "Only the table's host can add photos."
    workshop.participant_photos = True
    db.session.commit()
    response = upload(mate, host_url(workshop), jpeg((300, 200)))
    assert response.status_code == 200
    host_table = live.seat_of(workshop, people(workshop)["Host 1"], 1).number
    assert response.get_json()["photo"]["table"] == host_table
    # Their own seat decides the table: a round already played is not theirs to change.
    assert upload(mate, host_url(workshop), jpeg((300, 250)), round="2").status_code == 409


def test_a_participant_of_another_workshop_is_refused(app, workshop, tokens, facilitator):
    from facilitator.services.accounts import create_or_reset
    bob, _ = create_or_reset("bob@cafe.test", "battery staple", "Bob")
    theirs = ready_workshop(bob)
    their_tokens = join_all(theirs)
    start_round(workshop)
    intruder = app.test_client()
    intruder.set_cookie(f"fp_{workshop.join_code}", their_tokens["Host 1"], domain="cafe.test")
    response = upload(intruder, host_url(workshop), jpeg((200, 200)))
    assert response.status_code == 401 and photo_count() == 0
    # ...nor can they see this workshop's photos.
    photo = upload(phone_client(app, workshop, tokens["Host 1"]), host_url(workshop),
                   jpeg((200, 200))).get_json()["photo"]
    assert intruder.get(photo["url"]).status_code == 404
    assert app.test_client().get(photo["thumb"]).status_code == 404
    assert phone_client(app, workshop, tokens[away_from(workshop)]).get(
        photo["url"]).status_code == 200  # anyone of this workshop: the plenary shows it


# Refusals ------------------------------------------------------------------------------------

def test_a_non_image_is_refused_with_a_clear_message(app, workshop, tokens):
    start_round(workshop)
    host = phone_client(app, workshop, tokens["Host 1"])
    for fake in (b"<!doctype html><script>alert(1)</script>", b"<svg xmlns='x'/>",
                 b"just some text\n" * 50):
        response = upload(host, host_url(workshop), fake, name="cloth.jpg")
        assert response.status_code == 400
        assert response.get_json() == {
            "ok": False, "code": "not_image",
            "error": "This file is not a photo: send a JPEG, PNG, WebP or GIF image."}
    truncated = jpeg((600, 400))
    response = upload(host, host_url(workshop), truncated[: len(truncated) // 2])
    assert response.status_code == 400 and response.get_json()["code"] == "damaged"
    assert photo_count() == 0


def test_an_oversized_upload_answers_413_in_json(app, workshop, tokens):
    start_round(workshop)
    host = phone_client(app, workshop, tokens["Host 1"])
    limit_mb = rules.MAX_UPLOAD_BYTES // (1024 * 1024)
    # Just over the photo limit, and far over the whole request limit: both 413, in words.
    for size in (rules.MAX_UPLOAD_BYTES + 1, 30 * 1024 * 1024):
        response = upload(host, host_url(workshop), b"\xff\xd8\xff" + b"0" * size)
        assert response.status_code == 413, size
        body = response.get_json()
        assert body["code"] == "too_large"
        assert body["error"] == (f"The photo is larger than {limit_mb} MB: take it again at a "
                                 "lower resolution.")
    assert photo_count() == 0


def test_too_many_photos_for_a_table_and_round_is_refused(app, workshop, tokens, monkeypatch):
    monkeypatch.setattr(rules, "MAX_PHOTOS_PER_TABLE_ROUND", 2)
    start_round(workshop)
    host = phone_client(app, workshop, tokens["Host 1"])
    for shade in range(2):
        picture = jpeg((100, 80), (shade * 80, 40, 40))
        assert upload(host, host_url(workshop), picture).status_code == 200
    response = upload(host, host_url(workshop), jpeg((100, 80), (200, 200, 40)))
    assert response.status_code == 409
    assert response.get_json()["error"] == ("This table already has 2 photos for this round: "
                                            "delete one first.")
    assert photo_count() == 2


def test_phones_uploading_at_the_same_moment_cannot_pass_the_limit(app, workshop, tokens,
                                                                   monkeypatch):
    import threading
    import time
    monkeypatch.setattr(rules, "MAX_PHOTOS_PER_TABLE_ROUND", 2)
    slow = rules.process
    monkeypatch.setattr(rules, "process", lambda data: (time.sleep(0.3), slow(data))[1])
    start_round(workshop)
    url = host_url(workshop)
    assert upload(phone_client(app, workshop, tokens["Host 1"]), url,
                  jpeg((100, 80), (1, 2, 3))).status_code == 200
    db.session.remove()  # the threads' sessions write; this one must not hold a snapshot
    start, codes = threading.Barrier(4), []

    def send(shade):
        client = phone_client(app, workshop, tokens["Host 1"])
        start.wait()
        codes.append(upload(client, url, jpeg((100, 80), (shade, 90, 40))).status_code)

    threads = [threading.Thread(target=send, args=(40 * n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(codes) == [200, 409, 409, 409]
    assert photo_count() == 2


def test_the_real_limit_is_twelve_per_table_and_round():
    assert rules.MAX_PHOTOS_PER_TABLE_ROUND == 12 and rules.MAX_UPLOAD_BYTES == 12 * 1024 * 1024


def test_a_missing_file_or_long_caption_is_refused(app, workshop, tokens):
    start_round(workshop)
    host = phone_client(app, workshop, tokens["Host 1"])
    response = host.post(host_url(workshop), data={"caption": "x"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "Choose a photo to send."
    response = upload(host, host_url(workshop), jpeg((80, 80)), caption="x" * 201)
    assert response.status_code == 400 and "200 characters" in response.get_json()["error"]


# Removing ------------------------------------------------------------------------------------

def test_delete_rules_uploader_host_or_facilitator(app, client, workshop, tokens):
    workshop.participant_photos = True
    db.session.commit()
    start_round(workshop)
    mate_name = mate_of(workshop)
    mate = phone_client(app, workshop, tokens[mate_name])
    host = phone_client(app, workshop, tokens["Host 1"])
    other_host = phone_client(app, workshop, tokens["Host 2"])
    by_host = upload(host, host_url(workshop), jpeg((90, 90), (10, 20, 30))).get_json()["photo"]
    by_mate = upload(mate, host_url(workshop), jpeg((90, 90), (100, 50, 60))).get_json()["photo"]
    by_mate_2 = upload(mate, host_url(workshop),
                       jpeg((90, 90), (170, 180, 90))).get_json()["photo"]

    def remove(who, photo):
        return who.post(f"{host_url(workshop)}/{photo['id']}/delete")

    assert remove(mate, by_host).status_code == 403           # not theirs
    assert remove(other_host, by_mate).status_code == 403     # not their table
    assert remove(mate, by_mate).status_code == 200           # their own
    assert remove(host, by_mate_2).status_code == 200         # the table's host
    assert remove(host, by_mate_2).status_code == 404         # already gone
    sign_in(client)
    assert client.post(f"/workshops/{workshop.id}/photos/{by_host['id']}/delete"
                       ).status_code == 200
    assert photo_count() == 0


def test_the_facilitator_adds_to_any_table_and_round_from_the_console(app, client, workshop,
                                                                      other_facilitator):
    sign_in(client)
    response = upload(client, f"/workshops/{workshop.id}/photos", jpeg((500, 400)),
                      table="2", round="2", caption="Flip chart")
    assert response.status_code == 200
    assert response.get_json()["photo"]["table"] == 2
    assert upload(client, f"/workshops/{workshop.id}/photos", jpeg((50, 40)), table="9",
                  round="1").status_code == 404
    photo_id = response.get_json()["photo"]["id"]
    assert client.get(f"/photos/{photo_id}").status_code == 200
    bob = app.test_client()
    g.pop("_login_user", None)  # one app context for every client: forget Ana on `g`
    sign_in(bob, "bob@cafe.test", "battery staple")
    assert bob.get(f"/photos/{photo_id}").status_code == 404
    g.pop("_login_user", None)
    assert bob.post(f"/workshops/{workshop.id}/photos/{photo_id}/delete").status_code == 404
    assert photo_count() == 1


# Screens -------------------------------------------------------------------------------------

def test_the_host_view_and_the_console_hear_of_an_upload_and_a_delete(app, workshop, tokens,
                                                                       desk):
    start_round(workshop)
    host_socket = phone(app, workshop, tokens["Host 1"])
    away_socket = phone(app, workshop, tokens[away_from(workshop)])
    forget(host_socket), forget(desk), forget(away_socket)
    host = phone_client(app, workshop, tokens["Host 1"])
    photo = upload(host, host_url(workshop), jpeg((300, 200)), caption="Ideas").get_json()["photo"]
    heard = received(host_socket, "photos")
    assert heard and heard[-1]["photos"][0]["id"] == photo["id"]
    assert heard[-1]["photos"][0]["caption"] == "Ideas"
    assert heard[-1]["photos"][0]["thumb"] == f"/photos/{photo['id']}/thumb"
    assert "data" not in heard[-1]["photos"][0]  # paths only, never the image
    assert received(desk, "photos")[-1]["table"] == photo["table"]
    assert received(away_socket, "photos") == []  # another table's phone is not bothered
    host.post(f"{host_url(workshop)}/{photo['id']}/delete")
    assert received(host_socket, "photos")[-1]["photos"] == []


def test_the_host_snapshot_and_the_board_list_the_tables_photos(app, workshop, tokens):
    start_round(workshop)
    host = phone_client(app, workshop, tokens["Host 1"])
    photo = upload(host, host_url(workshop), jpeg((300, 200))).get_json()["photo"]
    listed = host.get(host_url(workshop)).get_json()
    assert [p["id"] for p in listed["photos"]] == [photo["id"]] and listed["may_add"] is True
    from facilitator.services import live_views
    snapshot = live_views.participant_snapshot(workshop, people(workshop)["Host 1"], "x")
    assert [p["id"] for p in snapshot["photos"]["photos"]] == [photo["id"]]
    mate_snapshot = live_views.participant_snapshot(workshop, people(workshop)[mate_of(workshop)],
                                                    "x")
    assert mate_snapshot["photos"] is None  # participants may not add: nothing to show
    board = live_views.board(workshop)
    table = next(t for t in board["tables"] if t["number"] == photo["table"])
    assert [p["id"] for p in table["photos"]] == [photo["id"]]


def test_the_plenary_shows_each_tables_photos(app, workshop, tokens, desk):
    start_round(workshop)
    host = phone_client(app, workshop, tokens["Host 1"])
    photo = upload(host, host_url(workshop), jpeg((300, 200))).get_json()["photo"]
    live.command(workshop, "rotate")
    start_round(workshop)
    live.command(workshop, "rotate")  # after the last round: the plenary
    from facilitator.services import plenary
    payload = plenary.plenary_payload(workshop, facilitator=False)
    table = next(t for t in payload["tables"] if t["number"] == photo["table"])
    assert [p["id"] for p in table["photos"]] == [photo["id"]]
    assert table["photos"][0]["url"] == f"/photos/{photo['id']}"
    forget(desk)
    upload(host, host_url(workshop), jpeg((300, 210)), round="2")
    assert received(desk, "plenary"), "the projector refreshes in plenary"


def test_photo_paths_match_the_routes(app):
    rules_ = {r.rule for r in app.url_map.iter_rules()}
    assert service.IMAGE_PATH.replace("{id}", "<int:photo_id>") in rules_
    assert service.THUMB_PATH.replace("{id}", "<int:photo_id>") in rules_


def test_deleting_a_workshop_deletes_its_photos(app, workshop, tokens):
    start_round(workshop)
    upload(phone_client(app, workshop, tokens["Host 1"]), host_url(workshop), jpeg((80, 60)))
    assert photo_count() == 1
    workshops_service.delete(workshop)
    assert photo_count() == 0


# The detailed report -----------------------------------------------------------------------

def _appendix_pages(pdf: bytes):
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(pdf))
    heading = "tablecloths and flip charts"
    start = next((i for i, page in enumerate(reader.pages)
                  if heading in page.extract_text()), None)
    return reader, start


def test_the_detailed_report_has_a_photo_appendix_with_the_images(app, client, workshop):
    from facilitator.services import deliverables
    reader, start = _appendix_pages(deliverables.detailed_pdf(workshop))
    assert start is None  # no photos, no appendix
    assert sum(len(page.images) for page in reader.pages) == 0
    sign_in(client)
    for table, round_, size in ((1, 1, (2400, 1800)), (2, 1, (600, 900)), (1, 2, (800, 600))):
        assert upload(client, f"/workshops/{workshop.id}/photos", jpeg(size, (table * 90, 60,
                                                                              round_ * 100)),
                      table=str(table), round=str(round_), caption=f"Cloth T{table} R{round_}"
                      ).status_code == 200
    reader, start = _appendix_pages(deliverables.detailed_pdf(workshop))
    assert start is not None
    appendix = reader.pages[start:]
    text = " ".join(page.extract_text() for page in appendix)
    assert text.index("Cloth T1 R1") < text.index("Cloth T2 R1") < text.index("Cloth T1 R2")
    assert sum(len(page.images) for page in appendix) == 3
    assert sum(len(page.images) for page in reader.pages[:start]) == 0
    # The data export lists the photos without their images.
    import json
    listed = json.loads(deliverables.export_json(workshop))["workshop"]["photos"]
    assert [p["caption"] for p in listed] == ["Cloth T1 R1", "Cloth T2 R1", "Cloth T1 R2"]
    assert all(p["image"] is None for p in listed)


def test_the_appendix_is_in_french_for_a_french_workshop(app, client, workshop):
    from facilitator.services import deliverables
    workshops_service.update(workshop, language="fr")
    sign_in(client)
    upload(client, f"/workshops/{workshop.id}/photos", jpeg((300, 200)), table="1", round="1")
    from pypdf import PdfReader
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        deliverables.detailed_pdf(workshop))).pages)
    assert "nappes et paperboards" in text


# Personal data -----------------------------------------------------------------------------

def test_the_export_lists_who_added_which_photo_and_the_erase_unlinks_them(app, workshop,
                                                                            tokens):
    import json
    from facilitator.services import privacy
    start_round(workshop)
    photo = upload(phone_client(app, workshop, tokens["Host 1"]), host_url(workshop),
                   jpeg((120, 90)), caption="Our map").get_json()["photo"]
    people_ = {p["name"]: p for p in json.loads(privacy.export(workshop))["people"]}
    added = people_["Host 1"]["photos_added"]
    assert [(a["id"], a["caption"]) for a in added] == [(photo["id"], "Our map")]
    assert isinstance(added[0]["added_at"], int)
    assert people_["Host 2"]["photos_added"] == []
    privacy.erase(workshop)
    kept = db.session.get(Photo, photo["id"])
    assert kept is not None and kept.participant_id is None and kept.caption == "Our map"
    assert all(p["photos_added"] == [] for p in json.loads(privacy.export(workshop))["people"])


# Rate limit --------------------------------------------------------------------------------

def test_uploads_are_rate_limited_per_phone_not_per_network(tmp_path):
    from tests.conftest import make_app
    from facilitator.services.accounts import create_or_reset
    limited = make_app(tmp_path, TESTING_NO_TICKER=True, RATELIMIT_ENABLED=True)
    with limited.app_context():
        user, _ = create_or_reset("ana@cafe.test", "correct horse", "Ana")
        workshop = ready_workshop(user)
        tokens = join_all(workshop)
        start_round(workshop)
        host = phone_client(limited, workshop, tokens["Host 1"])
        data = jpeg((60, 40))  # the same file: stored once, counted every time
        statuses = [upload(host, host_url(workshop), data).status_code for _ in range(21)]
        assert statuses[:20] == [200] * 20 and statuses[20] == 429
        refused = upload(host, host_url(workshop), data)
        assert refused.get_json()["error"] == ("Too many photos in a minute: wait a moment and "
                                               "try again.")
        # Another phone on the same Wi-Fi (same address) still sends.
        other = phone_client(limited, workshop, tokens["Host 2"])
        assert upload(other, host_url(workshop), data).status_code == 200
        db.session.remove()
