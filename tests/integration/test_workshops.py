"""Designing a workshop through the pages, as a facilitator would."""
from datetime import date

import pytest

from facilitator.domain.workshop import JOIN_CODE_ALPHABET, Mode, Role, Status
from facilitator.extensions import db
from facilitator.models import Participant, Table, Workshop
from facilitator.services import workshops as service
from tests.conftest import sign_in


@pytest.fixture
def workshop(facilitator):
    return service.create(facilitator, title="Café client", language="fr",
                          date_=date(2026, 12, 10), place="Lyon")


def test_create_a_workshop_from_the_form(signed_in):
    response = signed_in.post("/workshops/new", data={
        "title": "Café étudiants", "date": "2026-12-01", "place": "Amphi B", "language": "en",
        "mode": "themes", "brief": "Improve the first week."})
    assert response.status_code == 302
    workshop = db.session.scalar(db.select(Workshop))
    assert (workshop.title, workshop.language, workshop.mode) == ("Café étudiants", "en",
                                                                 Mode.THEMES)
    assert workshop.status is Status.DRAFT
    assert len(workshop.join_code) == 6 and set(workshop.join_code) <= set(JOIN_CODE_ALPHABET)
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Café étudiants" in page and workshop.join_code in page


def test_a_title_is_required(signed_in):
    response = signed_in.post("/workshops/new", data={"title": " ", "language": "fr",
                                                       "mode": "question"})
    assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 0


def test_join_codes_are_unique(facilitator):
    codes = {service.create(facilitator, title=f"W{i}").join_code for i in range(50)}
    assert len(codes) == 50


@pytest.mark.parametrize("path", [
    "/workshops/{id}", "/workshops/{id}/edit", "/workshops/{id}/tables", "/workshops/{id}/rounds",
    "/workshops/{id}/roster", "/workshops/{id}/poster", "/workshops/{id}/qr.svg"])
def test_another_facilitator_gets_404_on_every_page(client, workshop, other_facilitator, path):
    sign_in(client, "bob@cafe.test", "battery staple")
    assert client.get(path.format(id=workshop.id)).status_code == 404
    assert client.get(path.format(id=99999)).status_code == 404


@pytest.mark.parametrize("path", [
    "/workshops/{id}/edit", "/workshops/{id}/delete", "/workshops/{id}/duplicate",
    "/workshops/{id}/ready", "/workshops/{id}/tables", "/workshops/{id}/rounds",
    "/workshops/{id}/roster", "/workshops/{id}/tables/count"])
def test_another_facilitator_cannot_change_a_workshop(client, workshop, other_facilitator, path):
    sign_in(client, "bob@cafe.test", "battery staple")
    response = client.post(path.format(id=workshop.id), data={"title": "Hijacked", "count": 3,
                                                             "add-question": "x"})
    assert response.status_code == 404
    db.session.refresh(workshop)
    assert workshop.title == "Café client" and not workshop.tables and not workshop.rounds


def test_another_facilitator_cannot_touch_tables_rounds_or_people(client, workshop,
                                                                  other_facilitator):
    table = service.add_table(workshop, name="A")
    round_ = service.add_round(workshop, question="Q?")
    from facilitator.services import roster
    person = roster.add(workshop, name="Zoé")
    sign_in(client, "bob@cafe.test", "battery staple")
    mine = service.create(other_facilitator, title="Bob's")
    for path in (f"/workshops/{mine.id}/tables/{table.id}",
                 f"/workshops/{mine.id}/tables/{table.id}/delete",
                 f"/workshops/{mine.id}/rounds/{round_.id}",
                 f"/workshops/{mine.id}/rounds/{round_.id}/delete",
                 f"/workshops/{mine.id}/roster/{person.id}",
                 f"/workshops/{mine.id}/roster/{person.id}/delete"):
        assert client.post(path, data={"name": "x", "question": "x"}).status_code == 404, path
    assert db.session.get(Table, table.id).name == "A"
    assert db.session.get(Participant, person.id) is not None


def test_list_shows_only_my_workshops(signed_in, workshop, other_facilitator):
    service.create(other_facilitator, title="Bob's secret café")
    page = signed_in.get("/workshops/").get_data(as_text=True)
    assert "Café client" in page and "Bob's secret café" not in page


def test_tables_suggested_from_roster_and_created(signed_in, workshop):
    from facilitator.services import roster
    for i in range(30):
        roster.add(workshop, name=f"P{i}", department="D")
    page = signed_in.get(f"/workshops/{workshop.id}/tables").get_data(as_text=True)
    assert "5 tables" in page
    signed_in.post(f"/workshops/{workshop.id}/tables/count", data={"count-count": 5})
    assert [t.number for t in workshop.tables] == [1, 2, 3, 4, 5]


def test_rounds_keep_their_order_and_default_phase_durations(signed_in, workshop):
    for question in ("First?", "Second?", "Third?"):
        signed_in.post(f"/workshops/{workshop.id}/rounds", data={
            "add-question": question, "add-reflection": 3, "add-sharing": 7,
            "add-discussion": 15})
    assert [r.question for r in workshop.rounds] == ["First?", "Second?", "Third?"]
    assert (workshop.rounds[0].reflection_minutes, workshop.rounds[0].sharing_minutes,
            workshop.rounds[0].discussion_minutes) == (3, 7, 15)
    third = workshop.rounds[2]
    signed_in.post(f"/workshops/{workshop.id}/rounds/{third.id}/move/up")
    db.session.expire_all()
    assert [r.question for r in workshop.rounds] == ["First?", "Third?", "Second?"]
    signed_in.post(f"/workshops/{workshop.id}/rounds/{workshop.rounds[0].id}/delete")
    db.session.expire_all()
    assert [(r.number, r.question) for r in workshop.rounds] == [(1, "Third?"), (2, "Second?")]


def test_a_long_question_is_accepted_with_a_warning(signed_in, workshop):
    response = signed_in.post(f"/workshops/{workshop.id}/rounds", follow_redirects=True, data={
        "add-question": "Why " * 60, "add-reflection": 3, "add-sharing": 7, "add-discussion": 15})
    assert "longer than 200 characters" in response.get_data(as_text=True)
    assert len(workshop.rounds) == 1


def _copy(signed_in, workshop, **choices):
    response = signed_in.post(f"/workshops/{workshop.id}/duplicate",
                              data={name: "y" for name, on in choices.items() if on})
    return db.session.get(Workshop, int(response.headers["Location"].rsplit("/", 1)[1]))


def test_duplicate_as_template_copies_design_not_people(signed_in, workshop):
    service.add_table(workshop, name="A", theme="Onboarding")
    service.add_round(workshop, question="Q1?")
    from facilitator.services import roster
    roster.add(workshop, name="Host", role=Role.HOST)
    page = signed_in.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert '<input checked id="tables" name="tables"' in page
    assert '<input id="diagnostic" name="diagnostic"' in page
    copy = _copy(signed_in, workshop, tables=True, rounds=True)
    assert copy.id != workshop.id and copy.join_code != workshop.join_code
    assert [t.theme for t in copy.tables] == ["Onboarding"]
    assert [r.question for r in copy.rounds] == ["Q1?"]
    assert copy.participants == [] and copy.status is Status.DRAFT
    copy = _copy(signed_in, workshop, tables=True, roster=True)
    assert [p.display_name for p in copy.participants] == ["Host"]
    assert copy.participants[0].host_table.workshop_id == copy.id
    assert copy.rounds == []


def test_duplicate_copies_only_what_is_chosen(signed_in, workshop):
    service.add_table(workshop, name="A")
    service.add_round(workshop, question="Q1?")
    copy = _copy(signed_in, workshop, rounds=True)
    assert copy.tables == [] and [r.question for r in copy.rounds] == ["Q1?"]
    assert copy.brief == workshop.brief and copy.place == "Lyon"


def test_new_workshop_form_takes_tables_rounds_and_phase_lengths(signed_in):
    response = signed_in.post("/workshops/new", data={
        "title": "Café", "language": "en", "mode": "question", "tables": 5, "rounds": 2,
        "reflection": 2, "sharing": 5, "discussion": 12, "starts_at": "09:00",
        "ends_at": "10:30", "rotation_minutes": 4, "plenary_minutes": 20})
    assert response.status_code == 302
    workshop = db.session.scalar(db.select(Workshop))
    assert [t.label for t in workshop.tables] == [f"Table {n}" for n in range(1, 6)]
    assert [(r.reflection_minutes, r.sharing_minutes, r.discussion_minutes)
            for r in workshop.rounds] == [(2, 5, 12)] * 2
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    # welcome 10 + 19 + rotation 4 + 19 + plenary 20 = 72 of a 90-minute slot
    assert "The café takes 72 min of the 90 min slot (18 min to spare)." in page
    assert "09:52" in page  # the plenary starts at 09:00 + 72 - 20


def test_new_workshop_form_refuses_a_table_count_out_of_range(signed_in):
    response = signed_in.post("/workshops/new", data={
        "title": "Café", "language": "en", "mode": "question", "tables": 0, "rounds": 99})
    assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 0


def test_delete_removes_the_workshop_and_its_roster(signed_in, workshop):
    from facilitator.services import roster
    roster.add(workshop, name="Zoé")
    signed_in.post(f"/workshops/{workshop.id}/delete")
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id) is None
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 0


def test_qr_code_and_poster_point_to_the_join_link(signed_in, workshop):
    svg = signed_in.get(f"/workshops/{workshop.id}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.data.startswith(b"<svg")
    assert b"xmlns=\"http://www.w3.org/2000/svg\"" in svg.data  # renders in an <img>
    poster = signed_in.get(f"/workshops/{workshop.id}/poster").get_data(as_text=True)
    assert workshop.join_code in poster and f"/j/{workshop.join_code}" in poster
    assert "Scannez" in poster  # the poster speaks the workshop's language (fr)


def test_join_link_shows_the_open_workshop(client, workshop):
    page = client.get(f"/j/{workshop.join_code.lower()}")
    assert page.status_code == 200 and "Café client" in page.get_data(as_text=True)
    assert client.get("/j/ZZZZZZ").status_code == 404
    response = client.post("/join", data={"code": f" {workshop.join_code[:3]}-"
                                                  f"{workshop.join_code[3:]} "})
    assert response.headers["Location"].endswith(f"/j/{workshop.join_code}")


def test_duplicate_copies_the_diagnostic_when_chosen(signed_in, workshop):
    from facilitator.models import FeedbackImport, FeedbackResponse
    from facilitator.services import diagnostic
    record = FeedbackImport(workshop_id=workshop.id, filename="nps.csv", status="done",
                            accepted=1, data=b"score,comment\n9,Great\n")
    db.session.add(record)
    db.session.flush()
    db.session.add(FeedbackResponse(workshop_id=workshop.id, import_id=record.id, line=2,
                                    score=9, comment="Great", content_hash="h"))
    diagnostic.state(workshop).stages_text = "Before\nDuring"
    db.session.commit()
    without = _copy(signed_in, workshop, tables=True)
    assert diagnostic.response_count(without) == 0
    copy = _copy(signed_in, workshop, diagnostic=True)
    assert diagnostic.response_count(copy) == 1
    assert [i.filename for i in diagnostic.imports(copy)] == ["nps.csv"]
    assert diagnostic.state(copy).stages_text == "Before\nDuring"
    assert diagnostic.response_count(workshop) == 1


def test_checklist_items_link_to_where_they_are_fixed(signed_in, workshop):
    page = signed_in.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert f'href="/workshops/{workshop.id}/tables">Add at least one table.</a>' in page
    assert "Questions are short" not in page
    assert "Mark as ready" not in page


def test_opening_the_doors_makes_a_draft_ready_and_live(signed_in, facilitator):
    from facilitator.services import roster
    workshop = service.create(facilitator, title="Café", language="en", tables=1, rounds=1)
    service.update_round(workshop, workshop.rounds[0], question="Why?", reflection=3,
                         sharing=7, discussion=15)
    roster.add(workshop, name="Host", role=Role.HOST)
    assert workshop.status is Status.DRAFT
    page = signed_in.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Open the doors" in page
    signed_in.post(f"/workshops/{workshop.id}/open")
    assert db.session.get(Workshop, workshop.id).status is Status.LIVE


def test_a_question_from_the_bank_fills_the_first_unwritten_round(facilitator):
    from facilitator.services import diagnostic
    workshop = service.create(facilitator, title="Café", language="en", rounds=2)
    assert diagnostic.add_question(workshop, "Why?", None).number == 1
    assert len(workshop.rounds) == 2
    diagnostic.add_question(workshop, "How?", None)
    diagnostic.add_question(workshop, "What next?", None)
    assert [r.question for r in workshop.rounds] == ["Why?", "How?", "What next?"]
