"""Built schedules, the department floor and schedule trades of the seating engine.

Counts are taken again from the definitions; no test here depends on the time budget
(`max_steps` bounds the search), so a loaded machine changes nothing.
"""
from __future__ import annotations

import random
from collections import Counter
from itertools import combinations
from math import ceil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.domain.rotation import Person, RotationProblem, plan
from facilitator.domain.rotation.bound import THEOREMS, department_floor, unreachable
from facilitator.domain.rotation.metrics import Metrics
from facilitator.domain.rotation.designs import no_repeat_schedule
from facilitator.domain.rotation.search import Layout, Seating, construct, trade_schedules

from tests.unit.test_rotation import assert_hard_rules, recount


def golfers(people: int) -> list[Person]:
    return [Person(f"g{i}", f"Golfer {i}", "-") for i in range(people)]


@pytest.mark.parametrize("tables,size,rounds", [
    (5, 3, 7),  # Kirkman's schoolgirls: one-rotational
    (8, 4, 9),  # 8 affine rounds and one split round
    (5, 4, 5), (4, 4, 5), (3, 3, 4), (9, 4, 9), (5, 5, 6),
    (9, 3, 13),  # 9 affine rounds and 4 split rounds: everyone meets everyone
    (16, 4, 21),
])
def test_built_schedules_seat_everyone_and_repeat_no_pair(tables, size, rounds):
    schedule = no_repeat_schedule(tables, size, rounds)
    assert len(schedule) == rounds
    meetings: Counter = Counter()
    for seats in schedule:
        assert Counter(seats) == {t: size for t in range(tables)}
        for t in range(tables):
            meetings.update(combinations([p for p, at in enumerate(seats) if at == t], 2))
    assert max(meetings.values()) == 1


def test_no_construction_gives_an_empty_schedule():
    assert no_repeat_schedule(6, 4, 5) == []  # 6 is no prime power, 23 not a multiple of 3


@pytest.mark.parametrize("people,tables,rounds", [(15, 5, 7), (32, 8, 9), (20, 5, 5), (27, 9, 13)])
def test_social_golfer_instances_start_at_zero_repeats(people, tables, rounds):
    departments = [Person(f"g{i}", f"G{i}", "ABC"[i % 3]) for i in range(people)]
    for roster in (golfers(people), departments):
        problem = RotationProblem(roster, tables, rounds)
        result = plan(problem, seed=3, time_limit=60, max_steps=0)  # the start alone
        assert result.metrics.repeat_encounters == 0
        assert_hard_rules(problem, result.rounds)


def test_the_search_stops_at_both_floors():
    problem = RotationProblem(golfers(32), 8, 9)
    result = plan(problem, time_limit=60)
    assert result.proven_optimal and result.metrics.repeat_encounters == 0
    assert result.seconds < 30  # it stopped on its own, long before its budget


# -- the department floor ----------------------------------------------------------------


@st.composite
def one_round(draw) -> RotationProblem:
    tables = draw(st.integers(2, 3))
    people = draw(st.integers(tables, 9 if tables == 3 else 8))
    hosts = draw(st.booleans())
    departments = draw(st.text("ABCD", min_size=people, max_size=people))
    roster = [Person(f"id{i}", f"P{i}", departments[i], i if hosts and i < tables else None)
              for i in range(people)]
    return RotationProblem(roster, tables, 1)


def least_excess(problem: RotationProblem) -> int:
    """Every seating of the one round, table sizes as the engine allows them."""
    dept = {p.id: p.department for p in problem.people}
    hosts = {p.id: p.host_table for p in problem.people if p.is_host}
    present = Counter(dept.values())
    limits = problem.size_limits(0)
    best = None
    for split in _uneven_splits([p.id for p in problem.people], problem.tables, hosts, limits):
        excess = sum(max(0, n - ceil(present[d] / problem.tables))
                     for table in split for d, n in Counter(dept[p] for p in table).items())
        best = excess if best is None else min(best, excess)
    return best


def _uneven_splits(people, tables, hosts, limits):
    free = [p for p in people if p not in hosts]
    seats = [[h for h, t in hosts.items() if t == table] for table in range(tables)]
    total = len(people)

    def fill(i):
        if i == len(free):
            if all(low <= len(s) <= high for s, (low, high) in zip(seats, limits)):
                yield seats
            return
        for t in range(tables):
            if len(seats[t]) < limits[t][1]:
                seats[t].append(free[i])
                yield from fill(i + 1)
                seats[t].pop()

    assert total == sum(len(s) for s in seats) + len(free)
    yield from fill(0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_round())
def test_department_floor_is_the_least_excess_of_a_round(problem):
    assert department_floor(problem) == least_excess(problem)


def test_department_floor_counts_hosts_over_their_share_and_the_past():
    people = [Person(f"h{t}", f"H{t}", "Sales", t) for t in range(3)] + [
        Person(f"p{i}", f"P{i}", "Sales" if i < 3 else "IT") for i in range(9)]
    problem = RotationProblem(people, 3, 2)
    assert department_floor(problem) == 0  # 6 Sales over 3 tables: 2 each, hosts included
    crowded = (("h0", "p0", "p1", "p2"), ("h1", "p3", "p4", "p5"), ("h2", "p6", "p7", "p8"))
    # Table 1 had 4 Sales (2 over), tables 2 and 3 three IT each (1 over each).
    assert department_floor(problem.with_played([crowded])) == 4


def test_department_floor_is_reached_with_repeats_at_their_bound():
    # The benchmark's sign-up sheet: Sales, Ops, IT, Finance, HR, Legal, interleaved.
    people = [Person(f"p{i}", f"P{i}", d, i if i < 4 else None)
              for i, d in enumerate("SOISFHOISOLSIOSFHIOS")]
    problem = RotationProblem(people, 4, 4)
    result = plan(problem, seed=0, time_limit=60, max_steps=20_000)
    assert result.metrics.repeat_encounters == result.metrics.lower_bound
    assert result.metrics.department_excess == result.metrics.department_floor
    assert result.proven_optimal


# -- schedule trades ----------------------------------------------------------------------


def test_schedule_trades_keep_every_meeting_and_lower_excess():
    people = [Person(f"p{i}", f"P{i}", "SSSSSSSSIIIIIOOOOOOOFFFHHHL"[i], i if i < 4 else None)
              for i in range(27)]
    problem = RotationProblem(people, 4, 4, mode="themes")
    layout = Layout(problem)
    seats = construct(layout, random.Random(1))
    traded = trade_schedules(layout, seats, random.Random(2), tries=3000)
    before, after = Seating(layout, seats).score, Seating(layout, traded).score
    assert (after.repeats, after.revisits) == (before.repeats, before.revisits)
    assert after.excess < before.excess
    for r in range(4):  # hosts stay, everyone seated once
        assert all(traded[r][h] == h for h in range(4))
        assert sorted(traded[r]) == sorted(seats[r])


def test_no_trades_once_rounds_were_played():
    problem = RotationProblem(golfers(8), 2, 3)
    first = plan(problem, max_steps=0)
    layout = Layout(problem.with_played(first.rounds[:1]))
    assert trade_schedules(layout, construct(layout, random.Random(0)), random.Random(0), 100) is None


# -- a floor proven out of reach ----------------------------------------------------------


@pytest.mark.parametrize("people,tables,rounds,cause", [
    (36, 6, 4, "Tarry"), (12, 4, 5, "Kotzig"), (36, 6, 7, "Tarry"),
])
def test_unreachable_floors_are_said(people, tables, rounds, cause):
    problem = RotationProblem(golfers(people), tables, rounds)
    assert cause in str(unreachable(problem))
    result = plan(problem, max_steps=200)
    assert cause in str(result.unreachable)
    assert result.metrics.repeat_encounters >= 1 + result.metrics.lower_bound


def test_the_reason_is_a_catalogue_sentence_filled_with_the_sizes():
    reason = unreachable(RotationProblem(golfers(12), 4, 5))
    assert reason.theorem == "kotzig_rosa" and reason.template == THEOREMS["kotzig_rosa"]
    assert str(reason).startswith("12 people at 4 tables of 3 meet only new people")
    assert "%(" not in str(reason)


@pytest.mark.parametrize("repeats,excess,revisits,unreachable_,expected", [
    (2, 1, 0, False, True), (3, 1, 0, False, False), (2, 2, 0, False, False),
    (2, 1, 1, False, False), (3, 1, 0, True, True), (4, 1, 0, True, False),
])
def test_at_floors_allows_one_repeat_only_above_an_unreachable_floor(
        repeats, excess, revisits, unreachable_, expected):
    metrics = Metrics(repeat_encounters=repeats, lower_bound=2, table_revisits=revisits,
                      department_excess=excess, min_table_size=3, max_table_size=3,
                      department_floor=1)
    assert metrics.at_floors(unreachable_) is expected


def test_hosts_do_not_escape_the_theorems():
    # 6 hosts and 30 participants at 6 tables of 6: with the hosts as constant routes,
    # 4 rounds without a repeat would still be two orthogonal Latin squares of order 6.
    roster = [Person(f"p{i}", f"P{i}", "AB"[i % 2], i if i < 6 else None) for i in range(36)]
    problem = RotationProblem(roster, 6, 4)
    assert "Tarry" in str(unreachable(problem))
    assert unreachable(problem.with_departure("p20", 3)) is None  # 35 people in round 4


@pytest.mark.parametrize("people,tables,rounds,hosts", [
    (36, 6, 3, False), (12, 4, 4, False), (16, 4, 5, False), (36, 6, 3, True), (35, 6, 4, True),
])
def test_no_claim_where_no_theorem_applies(people, tables, rounds, hosts):
    roster = [Person(f"p{i}", f"P{i}", "-", i if hosts and i < tables else None) for i in range(people)]
    assert unreachable(RotationProblem(roster, tables, rounds)) is None


def test_recount_agrees_on_a_built_plan():
    problem = RotationProblem([Person(f"g{i}", f"G{i}", "AB"[i % 2]) for i in range(15)], 5, 7)
    result = plan(problem, max_steps=0)
    figures = recount(problem, result.rounds)
    assert {k: getattr(result.metrics, k) for k in figures} == figures

