"""The synthesizing round: designed in the round form (never round 1, a suggested question),
phones recall the syntheses of exactly the tables their person sat at, its key points open
the plenary and the summary PDF."""
import io
import json
import re

import pdfplumber
import pytest
from sqlalchemy import event, select

from facilitator.domain.synthesizing import suggested_question
from facilitator.extensions import db
from facilitator.models import Round, Seat
from facilitator.services import deliverables, live_views, plenary, synthesis
from facilitator.services import workshops as service
from tests.conftest import sign_in
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, console, forget, join_all, live_app, phone, ready_workshop, received)


@pytest.fixture
def app(live_app):
    return live_app


# Design ------------------------------------------------------------------------------------

def _add_round(client, workshop, **fields):
    data = {"add-question": "", "add-reflection": 3, "add-sharing": 7, "add-discussion": 15}
    data.update({f"add-{k}": v for k, v in fields.items()})
    return client.post(f"/workshops/{workshop.id}/rounds", data=data)


def test_round_1_cannot_be_a_synthesizing_round(client, facilitator):
    workshop = service.create(facilitator, title="Café", language="en")
    sign_in(client)
    response = _add_round(client, workshop, question="What connects?", synthesizing="y")
    assert response.status_code == 200
    assert "Round 1 cannot be a synthesizing round" in response.get_data(as_text=True)
    assert db.session.scalars(select(Round)).all() == []


def test_a_blank_synthesizing_round_gets_the_suggested_question_in_the_workshops_language(
        client, facilitator):
    workshop = service.create(facilitator, title="Café", language="fr")
    service.add_round(workshop, question="Qu'est-ce qui marche ?")
    sign_in(client)
    response = _add_round(client, workshop, synthesizing="y")
    assert response.status_code == 302
    added = workshop.rounds[1]
    assert added.synthesizing and added.question == suggested_question("fr")
    page = client.get(f"/workshops/{workshop.id}/rounds").get_data(as_text=True)
    assert "Synthesizing round" in page  # the badge
    assert 'data-suggestion="' in page  # the script's suggestion for the next one


def test_a_blank_question_is_still_required_for_an_ordinary_round(client, facilitator):
    workshop = service.create(facilitator, title="Café", language="en")
    sign_in(client)
    assert _add_round(client, workshop).status_code == 200
    assert workshop.rounds == []


def test_editing_round_1_into_a_synthesizing_round_is_refused(client, facilitator):
    workshop = service.create(facilitator, title="Café", language="en")
    first = service.add_round(workshop, question="What works?")
    sign_in(client)
    response = client.post(f"/workshops/{workshop.id}/rounds/{first.id}", data={
        "question": "What works?", "synthesizing": "y", "reflection": 3, "sharing": 7,
        "discussion": 15})
    assert response.status_code == 200
    assert "Round 1 cannot be a synthesizing round" in response.get_data(as_text=True)
    db.session.refresh(first)
    assert not first.synthesizing


def test_moving_or_deleting_rounds_never_puts_the_synthesizing_round_first(client,
                                                                         facilitator):
    workshop = service.create(facilitator, title="Café", language="en")
    first = service.add_round(workshop, question="What works?")
    service.add_round(workshop, question="", synthesizing=True)
    sign_in(client)
    second = workshop.rounds[1]
    page = client.post(f"/workshops/{workshop.id}/rounds/{second.id}/move/up",
                       follow_redirects=True).get_data(as_text=True)
    assert "A synthesizing round cannot come first" in page
    page = client.post(f"/workshops/{workshop.id}/rounds/{first.id}/delete",
                       follow_redirects=True).get_data(as_text=True)
    assert "A synthesizing round cannot come first" in page
    assert [(r.number, r.synthesizing) for r in workshop.rounds] == [(1, False), (2, True)]


def test_the_checklist_warns_when_the_synthesizing_round_is_not_last_but_never_blocks(
        facilitator):
    workshop = ready_workshop(facilitator, rounds=3)
    service.update_round(workshop, workshop.rounds[1], question="", reflection=3, sharing=7,
                         discussion=15, synthesizing=True)
    check = next(c for c in service.readiness(workshop) if c.code == "synthesizing_place")
    assert not check.ok and not check.blocking and check.params["not_last"] == [2]
    service.move_round(workshop, workshop.rounds[1], +1)
    check = next(c for c in service.readiness(workshop) if c.code == "synthesizing_place")
    assert check.ok


def test_duplicating_a_workshop_keeps_its_synthesizing_round(facilitator):
    workshop = ready_workshop(facilitator, rounds=2)
    service.update_round(workshop, workshop.rounds[1], question="Across tables?", reflection=3,
                         sharing=7, discussion=15, synthesizing=True)
    copy = service.duplicate(workshop)
    assert [r.synthesizing for r in copy.rounds] == [False, True]


# Phones: what each person heard ------------------------------------------------------------

def _seed(workshop, round_number, tables=None, solution=True):
    """Every table (or those numbered) writes a key point and a solution for the round."""
    actor = synthesis.facilitator_actor(workshop)
    round_ = workshop.rounds[round_number - 1]
    for table in workshop.tables:
        if tables is None or table.number in tables:
            synthesis.add_key_point(workshop, actor, table, round_,
                                    f"Point T{table.number} R{round_number}")
            if solution:
                synthesis.add_solution(workshop, actor, table, round_,
                                       f"Idea T{table.number} R{round_number}")


@pytest.fixture
def cafe(app, facilitator):
    """Three tables, three rounds, the last one synthesizing; syntheses of rounds 1-2."""
    workshop = ready_workshop(facilitator, tables=3, people_per_table=4, rounds=3)
    service.update_round(workshop, workshop.rounds[2], question="", reflection=3, sharing=7,
                         discussion=15, synthesizing=True)
    _seed(workshop, 1)
    _seed(workshop, 2)
    return workshop


@pytest.fixture
def desk(app, client, cafe):
    sign_in(client)
    return console(app, cafe, client)


def _play_to_round(desk, number):
    call(desk, "command", {"command": "start_round"})
    for _ in range(number - 1):
        call(desk, "command", {"command": "rotate"})
        call(desk, "command", {"command": "start_round"})


def _expected_heard(workshop, person):
    """From the stored seats: the person's table in rounds 1 and 2, with its synthesis."""
    tables = {t.id: t for t in workshop.tables}
    seats = dict(db.session.execute(select(Seat.round_id, Seat.table_id).where(
        Seat.participant_id == person.id)).all())
    expected = []
    for round_ in workshop.rounds[:2]:
        table = tables[seats[round_.id]]
        expected.append({
            "round": round_.number, "question": round_.question, "table": table.number,
            "table_name": table.label,
            "key_points": [f"Point T{table.number} R{round_.number}"],
            "solutions": [f"Idea T{table.number} R{round_.number}"]})
    return expected


def test_each_phone_hears_exactly_the_tables_its_person_sat_at(app, cafe, desk):
    tokens = join_all(cafe)
    _play_to_round(desk, 3)
    for person in cafe.participants:
        snapshot = received(phone(app, cafe, tokens[person.display_name]), "snapshot")[0]
        assert snapshot["run"]["synthesizing"] is True
        heard = snapshot["me"]["heard"]
        assert heard == _expected_heard(cafe, person)
        visited = {(h["round"], h["table"]) for h in heard}
        text = json.dumps(heard)
        for round_number in (1, 2):
            for table in cafe.tables:
                if (round_number, table.number) not in visited:
                    assert f"T{table.number} R{round_number}" not in text


def test_a_host_hears_only_their_own_tables_earlier_rounds(app, cafe, desk):
    tokens = join_all(cafe)
    _play_to_round(desk, 3)
    snapshot = received(phone(app, cafe, tokens["Host 2"]), "snapshot")[0]
    assert [(h["round"], h["table"]) for h in snapshot["me"]["heard"]] == [(1, 2), (2, 2)]


def test_heard_reaches_phones_when_the_synthesizing_round_starts(app, cafe, desk):
    tokens = join_all(cafe)
    _play_to_round(desk, 2)
    p1 = phone(app, cafe, tokens["P1"])
    forget(p1)
    call(desk, "command", {"command": "rotate"})
    call(desk, "command", {"command": "start_round"})
    person = next(p for p in cafe.participants if p.display_name == "P1")
    assert received(p1, "seat")[-1]["heard"] == _expected_heard(cafe, person)
    assert received(p1, "run")[-1]["synthesizing"] is True


def test_heard_is_empty_outside_a_synthesizing_round(app, cafe, desk):
    tokens = join_all(cafe)
    _play_to_round(desk, 2)
    snapshot = received(phone(app, cafe, tokens["P1"]), "snapshot")[0]
    assert snapshot["run"]["synthesizing"] is False
    assert snapshot["me"]["heard"] == []
    call(desk, "command", {"command": "rotate"})  # between rounds: nothing either
    snapshot = received(phone(app, cafe, tokens["P1"]), "snapshot")[0]
    assert snapshot["me"]["heard"] == []


def test_everyones_heard_takes_a_few_queries_whatever_the_room_size(app, cafe, desk):
    join_all(cafe)
    _play_to_round(desk, 3)
    rounds = [(r.id, r.number, r.question, r.synthesizing) for r in cafe.rounds]
    people = [(p.id, p.display_name) for p in cafe.participants]
    assert rounds and people and [t.label for t in cafe.tables]  # loaded before counting
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        heard = live_views.HeardSyntheses(cafe, 3)
        everyone = [heard.of(p) for p in cafe.participants]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert all(len(h) == 2 for h in everyone)
    assert len(statements) <= 3  # seats, key points, solutions: not one per person


# The plenary and the summary ---------------------------------------------------------------

def test_the_plenary_opens_with_what_is_emerging(app, cafe, desk):
    join_all(cafe)
    _play_to_round(desk, 3)
    _seed(cafe, 3, tables={1, 2})  # table 3 wrote nothing in the synthesizing round
    forget(desk)
    assert call(desk, "command", {"command": "rotate"})["run"]["stage"] == "plenary"
    payload = received(desk, "plenary")[-1]
    question = cafe.rounds[2].question
    assert payload["emerging"] == [
        {"round": 3, "question": question, "table": 1, "table_name": cafe.tables[0].label,
         "key_points": ["Point T1 R3"]},
        {"round": 3, "question": question, "table": 2, "table_name": cafe.tables[1].label,
         "key_points": ["Point T2 R3"]}]
    marks = {s["title"]: s["emerging"] for s in payload["solutions"]}
    assert marks["Idea T1 R3"] and marks["Idea T2 R3"]
    assert not marks["Idea T1 R1"] and not marks["Idea T3 R2"]


def test_no_synthesizing_round_means_nothing_emerging(app, facilitator):
    workshop = ready_workshop(facilitator, rounds=1)
    assert plenary.emerging(workshop) == []


def _pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


@pytest.mark.parametrize("language, title, label", [  # printed once (issue 16): no second
    ("en", "What is emerging", "Synthesizing round 3:"),  # copy under its own round
    ("fr", "Ce qui émerge", "Tour de synthèse 3 :"),
])
def test_the_summary_pdf_puts_what_is_emerging_right_after_the_cover(cafe, language, title,
                                                                     label):
    cafe.language = language
    _seed(cafe, 3, tables={1, 3})
    db.session.commit()
    text = " ".join(_pdf_text(deliverables.summary_pdf(cafe)).split())
    assert title in text
    emerging = text.index(title)
    first_round = re.search(r"(Round|Tour) 1\b", text[emerging:])
    section = text[emerging:emerging + first_round.start()]
    assert "Point T1 R3" in section and "Point T3 R3" in section
    assert "Point T1 R1" not in section  # only the synthesizing round's key points
    assert label.replace("\u00a0", " ") in text.replace("\u00a0", " ")
    assert text.count("Point T1 R3") == 2  # page 1 at a glance and what is emerging, once


def test_the_demo_ends_with_a_synthesizing_round_that_opens_its_plenary(facilitator):
    from facilitator.services import demo_run
    from facilitator.services.demo import _design
    workshop = _design(facilitator, "Café pilote", None)
    demo_run.play(workshop)
    assert [r.synthesizing for r in workshop.rounds] == [False, False, True]
    assert {e["table"] for e in plenary.emerging(workshop)} == {t.number for t in workshop.tables}
    assert "Ce qui émerge" in _pdf_text(deliverables.summary_pdf(workshop))
