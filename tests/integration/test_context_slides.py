"""Setting the context: the workshop's café options, the lobby's slides on the projector
(driven from the console), the etiquette on the phones."""
import pytest

from facilitator.domain import context
from facilitator.extensions import db
from facilitator.models import Workshop
from facilitator.services import live_views
from tests.conftest import sign_in
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, console, desk, forget, join_all, live_app, phone, ready_workshop, received, tokens,
    workshop)


@pytest.fixture
def app(live_app):
    return live_app


def test_the_cafe_options_are_saved_from_the_workshop_form(app, client, workshop):
    sign_in(client)
    page = client.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert "Focus on what matters" in page  # the default, ready to edit
    response = client.post(f"/workshops/{workshop.id}/edit", data={
        "title": workshop.title, "language": "en", "mode": "question", "brief": "Why we meet",
        "etiquette": "Phones face down — we listen\nOne voice at a time",
        "hold_notes": "y", "participant_photos": "y"})
    assert response.status_code == 302
    db.session.refresh(workshop)
    assert workshop.etiquette == "Phones face down — we listen\nOne voice at a time"
    assert (workshop.hold_notes, workshop.participant_photos) == (True, True)
    client.post(f"/workshops/{workshop.id}/edit", data={
        "title": workshop.title, "language": "fr", "mode": "question",
        "etiquette": context.default_etiquette("en")})
    db.session.refresh(workshop)
    assert workshop.etiquette == "" and workshop.hold_notes is False
    assert live_views.context_payload(workshop, None)["etiquette"][0]["title"] == \
        "Concentrez-vous sur l'essentiel"  # the default follows the language


def test_a_too_long_etiquette_is_refused_with_a_message(app, client, workshop):
    sign_in(client)
    response = client.post(f"/workshops/{workshop.id}/edit", data={
        "title": workshop.title, "language": "en", "mode": "question",
        "etiquette": "x" * (context.ETIQUETTE_MAX_LENGTH + 1)})
    assert response.status_code == 200
    assert "2000" in response.get_data(as_text=True)


def test_duplicating_a_workshop_keeps_its_cafe_options(app, facilitator):
    from facilitator.services import workshops as service
    original = ready_workshop(facilitator)
    service.update(original, etiquette="Be brief", hold_notes=True, participant_photos=True)
    copy = service.duplicate(original)
    assert (copy.etiquette, copy.hold_notes, copy.participant_photos) == ("Be brief", True, True)


def test_the_console_chooses_the_projectors_slide_and_every_screen_follows(app, workshop,
                                                                           tokens, desk):
    workshop.brief = "Understand why new customers leave in their first month."
    db.session.commit()
    snapshot = call(desk, "sync")["snapshot"]
    assert snapshot["context"]["slides"] == ["join", "purpose", "etiquette"]  # no diagnostic
    assert snapshot["run"]["slide"] == 0
    watcher = phone(app, workshop, tokens["P1"])
    forget(watcher)
    answer = call(desk, "slide", {"index": context.SLIDES.index("etiquette")})
    assert answer["ok"] and answer["run"]["slide"] == 3
    assert received(watcher, "run")[-1]["slide"] == 3
    assert db.session.get(Workshop, workshop.id).run.slide == 3
    assert call(desk, "slide", {"index": 9})["error"] == "invalid"
    call(desk, "command", {"command": "start_round"})
    assert call(desk, "slide", {"index": 1})["error"] == "not_now"


def test_the_projector_page_renders_the_chosen_slide(app, client, workshop, tokens, desk):
    workshop.brief = "Our purpose today"
    workshop.etiquette = "Listen first — then speak"
    db.session.commit()
    call(desk, "slide", {"index": context.SLIDES.index("purpose")})
    sign_in(client)
    page = client.get(f"/workshops/{workshop.id}/projector").get_data(as_text=True)
    assert "Our purpose today" in page
    assert '<section id="scene-lobby" class="p-scene p-lobby"  aria-labelledby="p-title" ' \
        'data-slide="purpose">' in page
    assert "Listen first" in page and "Then speak" in page


def test_phones_show_the_etiquette_in_the_lobby(app, workshop, tokens):
    snapshot = received(phone(app, workshop, tokens["P1"]), "snapshot")[0]
    assert [item["title"] for item in snapshot["etiquette"]][:2] == [
        "Focus on what matters", "Contribute your thinking"]


def test_the_key_figures_slide_shows_the_diagnostic(app, client, workshop, tokens, desk):
    from pathlib import Path
    from facilitator.services import diagnostic
    data = (Path(__file__).parent.parent / "fixtures" / "feedback" /
            "excel_fr_cp1252.csv").read_bytes()
    diagnostic.process_import(diagnostic.start_import(workshop, data, "nps.csv").id)
    figures = diagnostic.key_figures(workshop)
    assert figures is not None
    snapshot = call(desk, "sync")["snapshot"]
    assert "figures" in snapshot["context"]["slides"]
    call(desk, "slide", {"index": context.SLIDES.index("figures")})
    sign_in(client)
    page = client.get(f"/workshops/{workshop.id}/projector").get_data(as_text=True)
    assert f'<p class="p-nps-value">{round(figures["nps"]):+d}</p>' in page
    assert figures["top_irritants"][0]["theme"] in page
