"""How good a seating plan is, recounted from the seats alone, and which hard rules it breaks.

This recount shares no code with the search's incremental bookkeeping, so each checks the other.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from math import ceil

from facilitator.domain.rotation.bound import department_floor, lower_bound
from facilitator.domain.rotation.model import RotationProblem, fixed_seats
from facilitator.domain.rotation.pairs import pair_breaks

Rounds = Sequence[Sequence[Sequence[str]]]


@dataclass(frozen=True)
class Metrics:
    """The figures a facilitator reads, most important first."""

    repeat_encounters: int
    lower_bound: int
    table_revisits: int
    department_excess: int
    min_table_size: int
    max_table_size: int
    broken_pair_rules: int = 0  # in the rounds still to seat: a plan from `plan` has none
    department_floor: int = 0  # no plan has less department excess (see `bound`)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def at_floors(self, unreachable: bool = False) -> bool:
        """No plan does better: repeats at their floor (one above it when a theorem puts the
        floor out of reach) and department excess at its own, with no revisit to weigh."""
        repeats = self.lower_bound + (1 if unreachable else 0)
        return (self.repeat_encounters <= repeats and self.table_revisits == 0
                and self.department_excess <= self.department_floor)


def evaluate(problem: RotationProblem, rounds: Rounds) -> Metrics:
    sizes = [len(table) for round_ in rounds for table in round_]
    return Metrics(
        repeat_encounters=repeat_encounters(rounds),
        lower_bound=lower_bound(problem),
        table_revisits=table_revisits(problem, rounds) if problem.mode == "themes" else 0,
        department_excess=department_excess(problem, rounds),
        min_table_size=min(sizes, default=0),
        max_table_size=max(sizes, default=0),
        broken_pair_rules=len(pair_breaks(problem, rounds)),
        department_floor=department_floor(problem),
    )


def repeat_encounters(rounds: Rounds) -> int:
    """Each meeting of a pair after their first counts once."""
    meetings = Counter(pair for round_ in rounds for table in round_
                       for pair in combinations(sorted(table), 2))
    return sum(n - 1 for n in meetings.values())


def table_revisits(problem: RotationProblem, rounds: Rounds) -> int:
    """Each return of a participant to a table (a theme) already visited; hosts stay put."""
    hosts = {p.id for p in problem.people if p.is_host}
    visits = Counter((pid, t) for round_ in rounds for t, table in enumerate(round_)
                     for pid in table if pid not in hosts)
    return sum(n - 1 for n in visits.values())


def department_excess(problem: RotationProblem, rounds: Rounds) -> int:
    """People of one department beyond ceil(department present / tables), per table and round."""
    department = {p.id: p.department for p in problem.people}
    excess = 0
    for round_ in rounds:
        present = Counter(department[pid] for table in round_ for pid in table)
        for table in round_:
            here = Counter(department[pid] for pid in table)
            excess += sum(max(0, n - ceil(present[d] / problem.tables)) for d, n in here.items())
    return excess


def violations(problem: RotationProblem, rounds: Rounds) -> list[str]:
    """The hard rules a plan breaks, one line each; an empty list means it is seatable."""
    if len(rounds) != problem.rounds:
        return [f"{len(rounds)} rounds planned, expected {problem.rounds}"]
    found: list[str] = []
    for r, round_ in enumerate(rounds):
        if r < problem.first_free_round:
            if [list(t) for t in round_] != [list(t) for t in problem.played[r]]:
                found.append(f"round {r + 1} differs from what was played")
            continue
        found += _round_violations(problem, r, round_)
    for b in pair_breaks(problem, rounds):
        rule = "never together" if b.kind == "never" else "apart in round 1"
        found.append(f"round {b.round + 1}: {problem.name_of(b.first)} and "
                     f"{problem.name_of(b.second)} sit together at table {b.table + 1} ({rule})")
    return found


def _round_violations(problem: RotationProblem, r: int, round_: Sequence[Sequence[str]]) -> list[str]:
    label = f"round {r + 1}"
    if len(round_) != problem.tables:
        return [f"{label}: {len(round_)} tables, expected {problem.tables}"]
    found = []
    seated = Counter(pid for table in round_ for pid in table)
    present = {p.id for p in problem.present(r)}
    if set(seated) != present or max(seated.values(), default=1) > 1:
        found.append(f"{label}: not everyone present is seated exactly once")
    table_of = {pid: t for t, table in enumerate(round_) for pid in table}
    for pid, table in fixed_seats(problem, r).items():
        if table_of.get(pid) != table:
            found.append(f"{label}: {pid!r} should sit at table {table + 1}")
    for t, ((low, high), table) in enumerate(zip(problem.size_limits(r), round_)):
        if not low <= len(table) <= high:
            found.append(f"{label}: table {t + 1} seats {len(table)}, allowed {low}-{high}")
    return found
