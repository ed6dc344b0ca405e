"""Pair rules on the seating page: kept apart by every re-plan, shown when the stored plan
breaks one, refused with names when they cannot all hold (the plan left as it was)."""
import pytest
from sqlalchemy import select

from facilitator.domain.workshop import PairKind, Role
from facilitator.extensions import db
from facilitator.models import PairRule, Seat
from facilitator.services import NotFound, UserError, live, roster, seating, workshops as service
from tests.conftest import make_app, sign_in


@pytest.fixture
def workshop(facilitator):
    workshop = service.create(facilitator, title="Café", language="en")
    service.set_table_count(workshop, 3)
    for number in range(3):
        service.add_round(workshop, question=f"Q{number + 1}?")
    departments = ["Sales", "Support", "IT"]
    for i in range(3):
        roster.add(workshop, name=f"Host {i}", department=departments[i], role=Role.HOST)
    for i in range(12):
        roster.add(workshop, name=f"Person {i:02}", department=departments[i % 3])
    return workshop


def person(workshop, name):
    return next(p for p in workshop.participants if p.display_name == name)


def seats_of(workshop):
    rows = db.session.scalars(select(Seat).where(Seat.workshop_id == workshop.id)).all()
    return {(s.round.number, s.participant.display_name): s.table.number for s in rows}


def together_in(workshop, first, second) -> list[int]:
    seats = seats_of(workshop)
    return [r for r in (1, 2, 3) if seats.get((r, first)) == seats.get((r, second)) is not None]


def mates(workshop, round_number=2):
    """Two non-hosts the stored plan seats together in a round."""
    seats = seats_of(workshop)
    for a in range(12):
        for b in range(a + 1, 12):
            first, second = f"Person {a:02}", f"Person {b:02}"
            if seats[(round_number, first)] == seats[(round_number, second)]:
                return first, second
    raise AssertionError("nobody shares a table")


def add(client, workshop, first, second, kind="never", **extra):
    return client.post(f"/workshops/{workshop.id}/seating/pairs", data={
        "first": first, "second": second, "kind": kind, **extra}, follow_redirects=True)


# -- the use cases -----------------------------------------------------------------------

def test_a_rule_is_stored_once_per_pair_in_order_and_adding_again_changes_its_kind(workshop):
    low, high = person(workshop, "Person 00"), person(workshop, "Person 01")
    seating.add_pair_rule(workshop, high, low, PairKind.NEVER)
    seating.add_pair_rule(workshop, low, high, PairKind.APART_FIRST_ROUND)
    rules = db.session.scalars(select(PairRule)).all()
    assert [(r.first_id, r.second_id, r.kind) for r in rules] == [
        (low.id, high.id, PairKind.APART_FIRST_ROUND)]


def test_the_same_person_twice_is_refused(workshop):
    someone = person(workshop, "Person 00")
    with pytest.raises(UserError, match="two different people"):
        seating.add_pair_rule(workshop, someone, someone, PairKind.NEVER)


def test_a_person_of_another_workshop_is_not_found(workshop, other_facilitator):
    other = service.create(other_facilitator, title="Theirs")
    stranger = roster.add(other, name="Stranger", department="IT")
    with pytest.raises(NotFound):
        seating.add_pair_rule(workshop, person(workshop, "Person 00"), stranger, PairKind.NEVER)


def test_re_planning_honours_the_rules_and_the_view_flags_a_plan_that_breaks_one(workshop):
    seating.replan(workshop, time_limit=0.2)
    first, second = mates(workshop)
    seating.add_pair_rule(workshop, person(workshop, first), person(workshop, second),
                          PairKind.NEVER)
    view = seating.view(workshop)
    assert any(first in p and second in p and "Round 2" in p for p in view.problems)
    [rule] = seating.pair_rules(workshop)
    assert 2 in rule.broken_in and not rule.honoured
    seating.replan(workshop, time_limit=0.3)
    assert together_in(workshop, first, second) == []
    assert seating.view(workshop).problems == []
    assert seating.pair_rules(workshop)[0].honoured


def test_apart_in_round_one_lets_them_meet_later(workshop):
    a, b = person(workshop, "Person 00"), person(workshop, "Person 03")
    seating.add_pair_rule(workshop, a, b, PairKind.APART_FIRST_ROUND)
    seating.replan(workshop, time_limit=0.2)
    assert 1 not in together_in(workshop, "Person 00", "Person 03")


def test_impossible_rules_name_the_people_and_leave_the_plan_untouched(workshop):
    seating.replan(workshop, time_limit=0.2)
    before = seats_of(workshop)
    loner = person(workshop, "Person 05")
    for i in range(3):  # kept from every host: no table is left
        seating.add_pair_rule(workshop, loner, person(workshop, f"Host {i}"), PairKind.NEVER)
    assert "Person 05" in seating.view(workshop).rules_conflict
    with pytest.raises(UserError) as caught:
        seating.replan(workshop, time_limit=0.2)
    message = caught.value.message
    assert "Person 05" in message and "Host 0" in message and "Round 1" in message
    db.session.rollback()
    assert seats_of(workshop) == before


def test_a_move_by_hand_next_to_a_kept_apart_host_is_refused_with_names(workshop):
    seating.replan(workshop, time_limit=0.2)
    before = seats_of(workshop)
    mover, host = person(workshop, "Person 02"), person(workshop, "Host 1")
    seating.add_pair_rule(workshop, mover, host, PairKind.NEVER)
    with pytest.raises(UserError, match="Person 02 and Host 1|Host 1 and Person 02"):
        seating.move(workshop, mover, workshop.rounds[2], host.host_table, time_limit=0.2)
    assert seats_of(workshop) == before


def test_a_live_move_during_the_round_is_the_facilitators_call_and_shows(facilitator):
    from tests.integration.live_helpers import ready_workshop
    workshop = ready_workshop(facilitator, tables=2, people_per_table=4, rounds=3)
    live.command(workshop, "start_round")
    seats = seats_of(workshop)
    mover = next(p for p in workshop.participants if not p.is_host)
    host = next(p for p in workshop.participants
                if p.is_host and p.host_table.number != seats[(1, mover.display_name)])
    seating.add_pair_rule(workshop, mover, host, PairKind.NEVER)
    live.move(workshop, mover, host.host_table.number)
    assert seats_of(workshop)[(1, mover.display_name)] == host.host_table.number
    [rule] = seating.pair_rules(workshop)
    assert rule.broken_in == [1]
    # The rounds to come keep the rule: only the running round holds the exception.
    assert seating.view(workshop, played=1).problems == []
    assert together_in(workshop, mover.display_name, host.display_name) == [1]


def test_a_late_arrival_is_seated_away_from_their_partners(facilitator):
    from tests.integration.live_helpers import ready_workshop
    workshop = ready_workshop(facilitator, tables=2, people_per_table=4, rounds=3)
    live.command(workshop, "start_round")
    late = roster.add(workshop, name="Late", department="IT")
    hosts = [p for p in workshop.participants if p.is_host]
    # Smallest table first, unless a partner sits there: keep Late from the host of table 1.
    seating.add_pair_rule(workshop, late, hosts[0], PairKind.NEVER)
    live._seat_newcomer(workshop, late)
    db.session.commit()
    assert together_in(workshop, "Late", hosts[0].display_name) == []


def test_duplicating_with_the_roster_copies_the_rules(workshop):
    seating.add_pair_rule(workshop, person(workshop, "Person 07"), person(workshop, "Host 0"),
                          PairKind.APART_FIRST_ROUND)
    copy = service.duplicate(workshop, service.CopyChoices(roster=True))
    [rule] = seating.pair_rules(copy)
    assert {rule.first.display_name, rule.second.display_name} == {"Person 07", "Host 0"}
    assert rule.first.workshop_id == copy.id and rule.rule.first_id < rule.rule.second_id
    assert rule.rule.kind is PairKind.APART_FIRST_ROUND
    assert seating.pair_rules(service.duplicate(workshop)) == []


def test_removing_a_participant_removes_their_rules(workshop):
    gone = person(workshop, "Person 09")
    seating.add_pair_rule(workshop, gone, person(workshop, "Person 10"), PairKind.NEVER)
    roster.remove(workshop, gone)
    assert seating.pair_rules(workshop) == []


# -- the web page ------------------------------------------------------------------------

def test_the_panel_lists_people_by_name_and_adds_and_removes_a_rule(signed_in, workshop):
    page = signed_in.get(f"/workshops/{workshop.id}/seating").get_data(as_text=True)
    assert "Pair rules" in page and 'name="first"' in page and "Apart in round 1" in page
    assert page.index(">Host 0<") < page.index(">Person 00<") < page.index(">Person 11<")
    first, second = person(workshop, "Person 01"), person(workshop, "Person 04")
    page = add(signed_in, workshop, first.id, second.id).get_data(as_text=True)
    assert "Pair rule saved for Person 01 and Person 04" in page
    assert "Person 01 · Person 04" in page and "Never together" in page
    [rule] = db.session.scalars(select(PairRule)).all()
    response = signed_in.post(f"/workshops/{workshop.id}/seating/pairs/{rule.id}/delete",
                              follow_redirects=True)
    assert "Pair rule removed." in response.get_data(as_text=True)
    assert db.session.scalars(select(PairRule)).all() == []


def test_the_panel_marks_a_rule_the_plan_breaks_and_re_planning_keeps_it(signed_in, workshop):
    seating.replan(workshop, time_limit=0.2)
    first, second = mates(workshop)
    add(signed_in, workshop, person(workshop, first).id, person(workshop, second).id)
    page = signed_in.get(f"/workshops/{workshop.id}/seating").get_data(as_text=True)
    assert "broken in round" in page and "but a pair rule keeps them apart" in page
    page = signed_in.post(f"/workshops/{workshop.id}/seating/plan",
                          follow_redirects=True).get_data(as_text=True)
    assert "Seating planned" in page and "broken in round" not in page
    assert together_in(workshop, first, second) == []


@pytest.mark.parametrize("form", [
    {"first": "same", "second": "same"},
    {"first": "x", "second": "1"},
    {"first": ""},  # the select's first option: nobody chosen yet
    {"kind": "sometimes"},
])
def test_bad_forms_get_a_clear_message_and_store_nothing(signed_in, workshop, form):
    someone = person(workshop, "Person 00").id
    data = {"first": someone, "second": person(workshop, "Person 01").id, "kind": "never"}
    data.update({k: (someone if v == "same" else v) for k, v in form.items()})
    response = add(signed_in, workshop, data.pop("first"), data.pop("second"), **data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose two different people." in page or "Choose two people and a rule." in page
    assert db.session.scalars(select(PairRule)).all() == []


def test_a_person_of_another_workshop_answers_404(signed_in, workshop, other_facilitator):
    other = service.create(other_facilitator, title="Theirs")
    stranger = roster.add(other, name="Stranger", department="IT")
    response = signed_in.post(f"/workshops/{workshop.id}/seating/pairs", data={
        "first": person(workshop, "Person 00").id, "second": stranger.id, "kind": "never"})
    assert response.status_code == 404
    assert db.session.scalars(select(PairRule)).all() == []


def test_impossible_rules_show_a_clear_message_and_keep_the_plan(signed_in, workshop):
    seating.replan(workshop, time_limit=0.2)
    before = seats_of(workshop)
    group = [person(workshop, f"Person {i:02}") for i in range(4)]
    for i, a in enumerate(group):
        for b in group[i + 1:]:
            add(signed_in, workshop, a.id, b.id)
    page = signed_in.post(f"/workshops/{workshop.id}/seating/plan",
                          follow_redirects=True).get_data(as_text=True)
    assert "The pair rules cannot all hold." in page
    assert "Person 00, Person 01, Person 02, Person 03 must all sit apart" in page
    assert "only 3 tables" in page
    db.session.expire_all()
    assert seats_of(workshop) == before


def test_the_form_needs_its_csrf_token(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        from facilitator.services.accounts import create_or_reset
        user, _ = create_or_reset("ana@cafe.test", "correct horse", "Ana")
        workshop = service.create(user, title="Café")
        a = roster.add(workshop, name="A", department="IT")
        b = roster.add(workshop, name="B", department="IT")
        client = app.test_client()
        login = client.get("/login").get_data(as_text=True)
        token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/login", data={"email": "ana@cafe.test", "password": "correct horse",
                                    "csrf_token": token})
        client.post(f"/workshops/{workshop.id}/seating/pairs",
                    data={"first": a.id, "second": b.id, "kind": "never"})
        assert db.session.scalars(select(PairRule)).all() == []
        page = client.get(f"/workshops/{workshop.id}/seating").get_data(as_text=True)
        assert 'id="pair-rules"' in page and 'name="csrf_token"' in page


def test_the_console_move_that_a_rule_forbids_is_refused_with_names(app, client, facilitator):
    from tests.integration.live_helpers import call, console, ready_workshop
    workshop = ready_workshop(facilitator, tables=2, people_per_table=4, rounds=3)
    sign_in(client)
    desk = console(app, workshop, client)
    mover = next(p for p in workshop.participants if not p.is_host)
    host = next(p for p in workshop.participants if p.is_host
                and p.host_table_id != live.seat_of(workshop, mover, 1).id)
    seating.add_pair_rule(workshop, mover, host, PairKind.NEVER)
    before = seats_of(workshop)
    answer = call(desk, "move", {"participant_id": mover.id, "table": host.host_table.number})
    assert answer["error"] == "state"
    assert mover.display_name in answer["message"] and host.display_name in answer["message"]
    db.session.expire_all()
    assert seats_of(workshop) == before
