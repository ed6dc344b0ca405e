"""`plan()`: seat every round still to play within a time budget, and report the figures."""
from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.domain.rotation.bound import Unreachable, department_floor, lower_bound, unreachable
from facilitator.domain.rotation.metrics import Metrics, evaluate, table_revisits, violations
from facilitator.domain.rotation.model import RotationProblem, SeatingRound
from facilitator.domain.rotation.pairs import PairConflict, PairRuleError, check_pair_rules, pair_breaks
from facilitator.domain.rotation.search import Layout, Preset, Seats, TabuSearch


@dataclass(frozen=True)
class Plan:
    """Who sits where: `rounds[r][t]` lists the ids at table t in round r, host first.

    `proven_optimal` says the search stopped because nothing could be better: the repeats
    and the department excess reached their floors (`metrics.lower_bound`,
    `metrics.department_floor`), or only fixed people (hosts, pins, the past) still cost
    anything, or the repeat floor of 0 is `unreachable` and one repeat is left.
    `unreachable` says why, when a theorem proves that no plan meets the repeat floor.
    """

    rounds: tuple[SeatingRound, ...]
    metrics: Metrics
    seconds: float  # the whole call
    found_after: float  # when the plan returned was found: less is left to gain by waiting
    proven_optimal: bool
    steps: int
    unreachable: Unreachable | None = None


def plan(problem: RotationProblem, seed: int = 0, time_limit: float = 1.0,
         *, hint: Sequence[Sequence[Sequence[str]]] | None = None,
         max_steps: int | None = None) -> Plan:
    """Seat the rounds not yet played; played rounds come back exactly as they were.

    When re-planning live, pass the plan announced so far as `hint`: the search starts
    from it (keeping what still fits: departed people leave, arrivals and pins are seated
    around it), so people's next tables change only where the news demands it.

    Pair rules are hard: `PairRuleError` (a `RotationError`) says which cannot all hold,
    at once when a quick check proves it, else after the search found no plan keeping them.

    The same problem, seed and `max_steps` give the same plan. With only a time limit,
    the plan is reproducible when the search ends on its own (a proven optimum), which is
    the common case for small workshops; otherwise a slower machine may stop earlier.
    """
    started = time.perf_counter()
    check_pair_rules(problem)
    layout = Layout(problem)
    impossible = unreachable(problem)
    floor = _floor(problem, layout, lower_bound(problem) + (1 if impossible else 0))
    preset = _preset(layout, hint) if hint else None
    outcome = TabuSearch(layout, floor, random.Random(seed), preset).run(started + time_limit, max_steps)
    rounds = _as_ids(problem, layout, outcome.seats)
    unkept = pair_breaks(problem, rounds)
    if unkept:
        raise PairRuleError(problem, [PairConflict("unsolved", b.round, (b.first, b.second), b.table)
                                      for b in unkept])
    broken = violations(problem, rounds)
    if broken:  # the search keeps every hard rule by construction; this is a bug
        raise AssertionError(f"seating engine broke a hard rule: {broken[0]}")
    return Plan(rounds=rounds, metrics=evaluate(problem, rounds),
                seconds=time.perf_counter() - started, found_after=outcome.found_at - started,
                proven_optimal=outcome.proven_optimal, steps=outcome.steps, unreachable=impossible)


def _floor(problem: RotationProblem, layout: Layout, repeats: int) -> int:
    """The best score the search may hope for: stopping there loses nothing."""
    revisits = table_revisits(problem, problem.played) if problem.mode == "themes" else 0
    return (layout.w_rep * repeats + layout.w_rev * revisits
            + layout.w_dep * department_floor(problem))


def _preset(layout: Layout, hint: Sequence[Sequence[Sequence[str]]]) -> Preset:
    index = {pid: i for i, pid in enumerate(layout.ids)}
    return {r: {index[pid]: t for t, table in enumerate(hint[r]) for pid in table if pid in index}
            for r in layout.free if r < len(hint) and len(hint[r]) == layout.tables}


def _as_ids(problem: RotationProblem, layout: Layout, seats: Seats) -> tuple[SeatingRound, ...]:
    hosts = {i for i, p in enumerate(problem.people) if p.is_host}
    rounds = []
    for r in range(layout.rounds):
        if r < layout.first_free:
            rounds.append(problem.played[r])
            continue
        tables: list[list[int]] = [[] for _ in range(layout.tables)]
        for p in layout.present[r]:
            tables[seats[r][p]].append(p)
        rounds.append(tuple(tuple(layout.ids[p] for p in sorted(t, key=lambda p: (p not in hosts, p)))
                            for t in tables))
    return tuple(rounds)
