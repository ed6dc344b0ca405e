"""Routes in advance: everyone's route from the stored seats (in a constant number of
queries), the printable PDF behind the seating page, and the phone's `me.route`, which
follows a re-plan or a move without reconnecting."""
from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from sqlalchemy import event

from facilitator.domain.workshop import Role
from facilitator.extensions import db
from facilitator.models import Seat
from facilitator.services import live, live_views, roster, routes, seating
from facilitator.services import workshops as service
from tests.conftest import sign_in
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, desk, forget, join_all, live_app, phone, ready_workshop, received, tokens, workshop)


@pytest.fixture
def app(live_app):
    return live_app


def people_of(workshop) -> dict:
    return {p.display_name: p for p in workshop.participants}


def pdf_pages(data: bytes) -> list[tuple[tuple[int, int], str]]:
    with pdfplumber.open(io.BytesIO(data)) as doc:
        return [((round(p.width), round(p.height)), re.sub(r"\s+", " ", p.extract_text()))
                for p in doc.pages]


class Queries:
    """Counts the SQL statements run inside the block."""

    def __enter__(self):
        self.count = 0
        event.listen(db.engine, "before_cursor_execute", self._one)
        return self

    def _one(self, *args):
        self.count += 1

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._one)


# The service -------------------------------------------------------------------------------

def test_every_route_follows_the_stored_seats(app, workshop):
    found = routes.routes(workshop)
    assert set(found) == {p.id for p in workshop.participants}
    for person in workshop.participants:
        for stop in found[person.id].stops:
            table = live.seat_of(workshop, person, stop.round)
            assert stop.status == "seated" and stop.table_number == table.number
            assert not stop.played and not stop.current
            host = next(p for p in workshop.participants
                        if p.is_host and p.host_table_id == table.id)
            assert stop.host_name == host.display_name
            assert stop.hosting == (person is host)
    host = people_of(workshop)["Host 1"]
    assert found[host.id].host_table == host.host_table.number


def test_late_arrivals_leavers_and_unseated_rounds_are_told(app, workshop):
    people = people_of(workshop)
    people["P1"].arrives_round, people["P2"].leaves_round = 2, 2
    db.session.execute(Seat.__table__.delete().where(
        Seat.participant_id == people["P3"].id, Seat.round_id == workshop.rounds[1].id))
    db.session.commit()
    found = routes.routes(workshop)
    assert [s.status for s in found[people["P1"].id].stops] == ["late", "seated"]
    assert [s.status for s in found[people["P2"].id].stops] == ["seated", "left"]
    assert [s.status for s in found[people["P3"].id].stops] == ["seated", "pending"]
    assert found[people["P1"].id].stops[0].table_number is None


def test_played_and_current_rounds_follow_the_run(app, workshop):
    person = people_of(workshop)["P4"]
    live.command(workshop, "start_round")
    stops = routes.routes(workshop, only=person)[person.id].stops
    assert [(s.current, s.played) for s in stops] == [(True, False), (False, False)]
    live.command(workshop, "rotate")
    stops = routes.routes(workshop, only=person)[person.id].stops
    assert [(s.current, s.played) for s in stops] == [(False, True), (False, False)]


def test_all_routes_and_all_phones_take_a_constant_number_of_queries(app, facilitator):
    small = ready_workshop(facilitator, tables=2, people_per_table=4, rounds=4)
    large = ready_workshop(facilitator, tables=10, people_per_table=5, rounds=4)
    assert len(large.participants) == 50
    counts = []
    for workshop in (small, large):
        join_all(workshop)
        db.session.expire_all()
        with Queries() as routes_queries:
            assert len(routes.routes(workshop)) == len(workshop.participants)
        db.session.expire_all()
        with Queries() as phones:
            payloads = live_views.me_payloads(workshop)
        assert all(len(me["route"]) == 4 for me in payloads.values())
        counts.append((routes_queries.count, phones.count))
    assert counts[0] == counts[1]
    assert counts[1][0] <= 6


# The PDF -----------------------------------------------------------------------------------

def routes_url(workshop, **args) -> str:
    return f"/workshops/{workshop.id}/routes.pdf" + (
        "?" + "&".join(f"{k}={v}" for k, v in args.items()) if args else "")


def test_the_facilitator_prints_everyones_badge(app, client, workshop):
    sign_in(client)
    response = client.get(routes_url(workshop, format="a6"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert re.search(r'filename="[\w-]+-routes-a6\.pdf"', response.headers["Content-Disposition"])
    assert workshop.join_code in response.headers["Content-Disposition"]
    found = pdf_pages(response.data)
    assert len(found) == len(workshop.participants)
    assert {size for size, _ in found} == {(298, 420)}  # A6 in points
    p1 = people_of(workshop)["P1"]
    text = next(t for _, t in found if "P1 " in t)
    for number in (1, 2):
        table = live.seat_of(workshop, p1, number)
        assert re.search(rf"Round {number} Table {table.number}\b", text)
    assert f"Code: {workshop.join_code}" in text and f"/j/{workshop.join_code}" in text


def test_one_persons_a4_sheet_in_french(app, client, workshop):
    service.update(workshop, language="fr")
    sign_in(client)
    host = people_of(workshop)["Host 2"]
    response = client.get(routes_url(workshop, format="a4", person=host.id))
    assert response.status_code == 200
    assert f"route-{host.id}-a4.pdf" in response.headers["Content-Disposition"]
    (size, text), = pdf_pages(response.data)
    assert size == (595, 842)
    assert "Host 2" in text and "Tour 1 Table 2" in text and "Tour 2 Table 2" in text
    assert "vous y restez" in text and "Question 1?" in text


def test_without_a_seating_plan_the_facilitator_is_sent_to_plan_it(app, client, facilitator):
    workshop = service.create(facilitator, title="Unplanned", language="en")
    service.set_table_count(workshop, 2)
    service.add_round(workshop, question="Why?")
    roster.add(workshop, name="Solo", department="IT", role=Role.PARTICIPANT)
    sign_in(client)
    response = client.get(routes_url(workshop, format="a4"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/workshops/{workshop.id}/seating")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "There is no seating plan yet: plan the seating, then print the routes." in page


def test_bad_format_or_foreign_person_is_not_found(app, client, workshop, facilitator):
    other = ready_workshop(facilitator)
    sign_in(client)
    assert client.get(routes_url(workshop, format="letter")).status_code == 404
    assert client.get(routes_url(workshop, format="a6", person="abc")).status_code == 400
    stranger = other.participants[0]
    assert client.get(routes_url(workshop, format="a6", person=stranger.id)).status_code == 404
    assert client.get(routes_url(workshop)).status_code == 200  # A6 by default


def test_seating_and_roster_pages_link_to_the_routes(app, client, workshop):
    sign_in(client)
    seating_page = client.get(f"/workshops/{workshop.id}/seating").get_data(as_text=True)
    assert f"/workshops/{workshop.id}/routes.pdf?format=a6" in seating_page
    assert f"/workshops/{workshop.id}/routes.pdf?format=a4" in seating_page
    roster_page = client.get(f"/workshops/{workshop.id}/roster").get_data(as_text=True)
    p1 = people_of(workshop)["P1"]
    assert re.search(rf"routes\.pdf\?format=a6&amp;person={p1.id}\b", roster_page)


# The phone ---------------------------------------------------------------------------------

def route_tables(me) -> list[int | None]:
    return [s["table"]["number"] if s["table"] else None for s in me["route"]]


def test_a_phone_gets_its_route_and_the_new_one_after_a_move(app, client, workshop, tokens):
    person = people_of(workshop)["P3"]
    handset = phone(app, workshop, tokens["P3"])
    me = received(handset, "snapshot")[0]["me"]
    before = route_tables(me)
    assert before == [live.seat_of(workshop, person, n).number for n in (1, 2)]
    assert [s["round"] for s in me["route"]] == [1, 2]
    assert all(s["status"] == "seated" and not s["hosting"] for s in me["route"])
    target = next(t for t in workshop.tables if t.number != before[1])
    forget(handset)
    sign_in(client)
    response = client.post(f"/workshops/{workshop.id}/seating/move", data={
        "person": person.id, "round": workshop.rounds[1].id, "table": target.id})
    assert response.status_code == 302
    after = received(handset, "seat")[-1]
    assert route_tables(after)[1] == target.number != before[1]
    assert handset.is_connected(namespace="/live")


def test_a_replan_reaches_every_joined_phone(app, client, workshop, tokens):
    handsets = {name: phone(app, workshop, tokens[name]) for name in ("P1", "Host 1")}
    for handset in handsets.values():
        forget(handset)
    # Someone else moved the plan behind the page's back: the re-plan puts things right.
    db.session.execute(Seat.__table__.delete().where(Seat.round_id == workshop.rounds[1].id))
    db.session.commit()
    sign_in(client)
    assert client.post(f"/workshops/{workshop.id}/seating/plan").status_code == 302
    people = people_of(workshop)
    for name, handset in handsets.items():
        me = received(handset, "seat")[-1]
        assert route_tables(me)[1] == live.seat_of(workshop, people[name], 2).number
    host_route = received(handsets["Host 1"], "seat")[-1]["route"]
    assert all(s["hosting"] for s in host_route)


def test_a_live_move_updates_the_route_of_the_round_to_come(app, workshop, tokens, desk):
    person = people_of(workshop)["P5"]
    handset = phone(app, workshop, tokens["P5"])
    upcoming = live.seat_of(workshop, person, 1).number
    target = 1 if upcoming == 2 else 2
    assert call(desk, "move", {"participant_id": person.id, "table": target})["ok"]
    route = received(handset, "seat")[-1]["route"]
    assert route[0]["table"]["number"] == target
    assert call(desk, "command", {"command": "start_round"})["ok"]
    route = received(handset, "seat")[-1]["route"]
    assert route[0]["current"] and not route[1]["current"]


def test_a_participant_marked_absent_sees_the_rounds_they_miss(app, workshop, tokens, desk):
    person = people_of(workshop)["P6"]
    handset = phone(app, workshop, tokens["P6"])
    assert call(desk, "command", {"command": "start_round"})["ok"]
    assert call(desk, "absent", {"participant_id": person.id, "absent": True})["ok"]
    route = received(handset, "seat")[-1]["route"]
    assert [s["status"] for s in route] == ["seated", "left"]
    assert route[1]["table"] is None
    seating.view(workshop)  # the stored plan is still readable
