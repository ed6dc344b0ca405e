"""The seating plan in the web app: planned per round, moved by hand, re-planned."""
import pytest
from sqlalchemy import select

from facilitator.domain.workshop import Role
from facilitator.extensions import db
from facilitator.models import Seat
from facilitator.services import UserError, roster, seating, workshops as service
from tests.conftest import sign_in


@pytest.fixture
def workshop(facilitator):
    workshop = service.create(facilitator, title="Café")
    service.set_table_count(workshop, 3)
    for number in range(3):
        service.add_round(workshop, question=f"Q{number + 1}?")
    departments = ["Sales", "Support", "IT"]
    for i in range(3):
        roster.add(workshop, name=f"Host {i}", department=departments[i], role=Role.HOST)
    for i in range(12):
        roster.add(workshop, name=f"Person {i}", department=departments[i % 3])
    return workshop


def seats_of(workshop):
    rows = db.session.scalars(select(Seat).where(Seat.workshop_id == workshop.id)).all()
    return {(s.round.number, s.participant.display_name): s.table.number for s in rows}


def test_plan_seats_everyone_once_per_round_and_hosts_stay(workshop):
    plan = seating.replan(workshop, time_limit=0.3)
    seats = seats_of(workshop)
    assert len(seats) == 3 * 15
    for round_number in (1, 2, 3):
        for i in range(3):
            assert seats[(round_number, f"Host {i}")] == i + 1
    assert plan.metrics.min_table_size == plan.metrics.max_table_size == 5
    view = seating.view(workshop)
    assert view.problems == [] and view.metrics.repeat_encounters == plan.metrics.repeat_encounters


def test_move_by_hand_is_kept_when_re_planning(workshop):
    seating.replan(workshop, time_limit=0.2)
    person = next(p for p in workshop.participants if p.display_name == "Person 4")
    target = next(t for t in workshop.tables
                  if t.number != seats_of(workshop)[(2, "Person 4")])
    seating.move(workshop, person, workshop.rounds[1], target, time_limit=0.2)
    assert seats_of(workshop)[(2, "Person 4")] == target.number
    seating.replan(workshop, seed=7, time_limit=0.2)
    assert seats_of(workshop)[(2, "Person 4")] == target.number
    assert seating.view(workshop).has_pins


def test_a_host_cannot_be_moved_away_from_their_table(workshop):
    seating.replan(workshop, time_limit=0.2)
    host = next(p for p in workshop.participants if p.display_name == "Host 0")
    with pytest.raises(UserError, match="stays there"):
        seating.move(workshop, host, workshop.rounds[0], workshop.tables[1])


def test_played_rounds_are_never_changed_by_a_re_plan(workshop):
    seating.replan(workshop, time_limit=0.2)
    before = seats_of(workshop)
    late = roster.add(workshop, name="Late", department="IT")
    late.arrives_round = 2
    db.session.commit()
    seating.replan(workshop, played=1, seed=3, time_limit=0.2)
    after = seats_of(workshop)
    assert {k: v for k, v in after.items() if k[0] == 1} == \
        {k: v for k, v in before.items() if k[0] == 1}
    assert (1, "Late") not in after and (2, "Late") in after and (3, "Late") in after


def test_a_roster_change_makes_the_plan_out_of_date(workshop):
    seating.replan(workshop, time_limit=0.2)
    roster.add(workshop, name="Newcomer", department="IT")
    assert seating.view(workshop).problems  # Newcomer is not seated
    seating.replan(workshop, time_limit=0.2)
    assert seating.view(workshop).problems == []


def test_seating_page_plans_and_moves(signed_in, workshop):
    page = signed_in.get(f"/workshops/{workshop.id}/seating", headers={"Accept-Language": "en"})
    assert "No seating yet" in page.get_data(as_text=True)
    response = signed_in.post(f"/workshops/{workshop.id}/seating/plan", follow_redirects=True,
                              headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert "Repeated encounters" in page and "Person 11" in page
    person = next(p for p in workshop.participants if p.display_name == "Person 0")
    table = workshop.tables[2]
    response = signed_in.post(f"/workshops/{workshop.id}/seating/move", data={
        "person": person.id, "round": workshop.rounds[2].id, "table": table.id},
        follow_redirects=True, headers={"Accept-Language": "en"})
    assert "Person 0 sits at table 3 in round 3" in response.get_data(as_text=True)
    assert seats_of(workshop)[(3, "Person 0")] == 3


def test_another_facilitator_cannot_see_or_change_the_seating(client, workshop,
                                                                other_facilitator):
    seating.replan(workshop, time_limit=0.2)
    before = seats_of(workshop)
    sign_in(client, "bob@cafe.test", "battery staple")
    assert client.get(f"/workshops/{workshop.id}/seating").status_code == 404
    assert client.post(f"/workshops/{workshop.id}/seating/plan").status_code == 404
    person = workshop.participants[0]
    assert client.post(f"/workshops/{workshop.id}/seating/move", data={
        "person": person.id, "round": workshop.rounds[0].id,
        "table": workshop.tables[0].id}).status_code == 404
    assert seats_of(workshop) == before


def test_a_drag_and_drop_move_answers_in_json_and_the_page_labels_cleanly(signed_in, workshop):
    seating.replan(workshop, time_limit=0.2)
    person = next(p for p in workshop.participants if p.display_name == "Person 0")
    headers = {"Accept": "application/json", "Accept-Language": "en"}
    response = signed_in.post(f"/workshops/{workshop.id}/seating/move", headers=headers, data={
        "person": person.id, "round": workshop.rounds[1].id, "table": workshop.tables[1].id})
    assert response.status_code == 200 and response.json["ok"]
    assert "Person 0 sits at table 2 in round 2" in response.json["message"]
    assert seats_of(workshop)[(2, "Person 0")] == 2
    host = next(p for p in workshop.participants if p.is_host)
    refused = signed_in.post(f"/workshops/{workshop.id}/seating/move", headers=headers, data={
        "person": host.id, "round": workshop.rounds[1].id, "table": workshop.tables[2].id})
    assert refused.status_code == 400 and not refused.json["ok"] and refused.json["message"]
    page = signed_in.get(f"/workshops/{workshop.id}/seating",
                         headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Table 1 Table 1" not in page and "Table 1 · Table 1" not in page
    assert 'class="dept-name"' in page and "people</span>" in page
    assert 'draggable="true"' in page and "js/seating.js" in page


@pytest.fixture
def square_workshop(facilitator):
    """36 people, 6 hosts, 6 tables of 6, 4 rounds: Tarry's theorem puts 0 repeats out of reach."""
    workshop = service.create(facilitator, title="Carré")
    service.set_table_count(workshop, 6)
    for number in range(4):
        service.add_round(workshop, question=f"Q{number + 1}?")
    for i in range(6):
        roster.add(workshop, name=f"Host {i}", department="AB"[i % 2], role=Role.HOST)
    for i in range(30):
        roster.add(workshop, name=f"Person {i}", department="AB"[i % 2])
    return workshop


@pytest.mark.parametrize("language,departments,floor,reason", [
    ("en", "Department excess", "at least 0 unavoidable",
     "No plan has only 0 repeated encounters: 36 people at 6 tables"),
    ("fr", "Excédent par service", "dont au moins 0 inévitables",
     "a seulement 0 rencontres répétées : 36 personnes"),
])
def test_seating_page_gives_both_floors_and_the_theorem(signed_in, square_workshop, language,
                                                        departments, floor, reason):
    headers = {"Accept-Language": language}
    response = signed_in.post(f"/workshops/{square_workshop.id}/seating/plan",
                              follow_redirects=True, headers=headers)
    page = response.get_data(as_text=True)
    assert page.count(reason) == 2  # the flash after planning, and the figures
    assert "Tarry, 1900" in page
    figure = page[page.index(f"<dt>{departments}</dt>"):]
    assert floor in figure[:figure.index("</dd>")]  # the department floor, beside its figure


def test_seating_page_says_when_both_floors_are_reached(signed_in, workshop):
    workshop_id = workshop.id
    seating.replan(workshop, time_limit=1.0)
    view = seating.view(workshop)
    page = signed_in.get(f"/workshops/{workshop_id}/seating",
                         headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert view.unreachable is None and "No plan has only" not in page
    assert view.at_floors == ("Both floors are reached" in page)
    assert view.at_floors  # 15 people, 3 tables, 3 rounds: the engine reaches both floors
