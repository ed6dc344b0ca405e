"""Pair rules as hard constraints: which rules a plan breaks, and the quick proofs that
some rules cannot all hold, so the facilitator reads a reason instead of waiting.

Seating the rounds with "never together" rules is colouring a graph with one colour per
table, under table sizes, with hosts and pins coloured in advance. The checks here are
necessary conditions (exact for the small groups people actually write rules for): two
fixed people at one table, someone kept from every table, someone kept from so many people
that no table can be filled, a group that must sit pairwise apart with too few tables.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from facilitator.domain.rotation.model import RotationError, RotationProblem, fixed_seats

Rounds = Sequence[Sequence[Sequence[str]]]

EXACT_GROUP = 16  # groups up to this size get an exact colouring check
SEARCH_BUDGET = 20_000  # nodes per exact check: beyond it, the search decides


@dataclass(frozen=True)
class PairBreak:
    """Two people with a rule seated at one table in a round."""

    first: str
    second: str
    round: int
    table: int
    kind: str


@dataclass(frozen=True)
class PairConflict:
    """Why some pair rules cannot all hold in a round, as plain data.

    reason: "together" (both fixed at `table`: hosts or pinned by hand), "no_table" (the
    first person is kept from every table by the others, fixed there), "crowded" (the first
    person is kept from too many of those present to fill a table), "too_many" (all must
    sit pairwise apart, with `tables` tables), "apart" (a group the tables cannot split, the
    hosts and pins as they are), "unsolved" (the search found no plan keeping these two apart).
    """

    reason: str
    round: int
    people: tuple[str, ...]
    table: int | None = None
    tables: int = 0

    def describe(self, problem: RotationProblem) -> str:
        names = [problem.name_of(pid) for pid in self.people]
        label = f"round {self.round + 1}"
        if self.reason == "together":
            return f"{label}: {names[0]} and {names[1]} are both fixed at table {self.table + 1}"
        if self.reason == "no_table":
            return f"{label}: {names[0]} is kept from every table by {', '.join(names[1:])}"
        if self.reason == "crowded":
            return f"{label}: {names[0]} is kept from too many people to fill a table"
        if self.reason == "too_many":
            return f"{label}: {', '.join(names)} must sit apart, with only {self.tables} tables"
        if self.reason == "apart":
            return f"{label}: the tables cannot keep {', '.join(names)} apart"
        return f"{label}: {names[0]} and {names[1]} could not be kept apart"


class PairRuleError(RotationError):
    """Pair rules that cannot all hold, each conflict as data for a translated message."""

    def __init__(self, problem: RotationProblem, conflicts: Sequence[PairConflict]) -> None:
        self.conflicts = tuple(conflicts)
        super().__init__("pair rules cannot all hold: "
                         + "; ".join(c.describe(problem) for c in self.conflicts))


def pair_breaks(problem: RotationProblem, rounds: Rounds, *, history: bool = False) -> list[PairBreak]:
    """The rules a plan breaks in the rounds still to seat (with `history`, also in the
    rounds played, where they were the facilitator's call and bind nothing)."""
    found = []
    start = 0 if history else problem.first_free_round
    for r in range(start, min(len(rounds), problem.rounds)):
        table_of = {pid: t for t, table in enumerate(rounds[r]) for pid in table}
        for rule in problem.pair_rules:
            t = table_of.get(rule.first)
            if rule.applies(r) and t is not None and table_of.get(rule.second) == t:
                found.append(PairBreak(rule.first, rule.second, r, t, rule.kind))
    return found


def pair_conflicts(problem: RotationProblem) -> list[PairConflict]:
    """Proofs that the rules cannot all hold, a rule that holds in every round said once."""
    found: dict[tuple, PairConflict] = {}
    for r in range(problem.first_free_round, problem.rounds):
        apart = problem.apart(r)
        if not apart:
            continue
        for conflict in _round_conflicts(problem, r, apart):
            found.setdefault((conflict.reason, frozenset(conflict.people), conflict.table), conflict)
    return list(found.values())


def check_pair_rules(problem: RotationProblem) -> None:
    conflicts = pair_conflicts(problem)
    if conflicts:
        raise PairRuleError(problem, conflicts)


def _round_conflicts(problem: RotationProblem, r: int,
                     apart: Mapping[str, frozenset[str]]) -> list[PairConflict]:
    fixed = fixed_seats(problem, r)
    together = [PairConflict("together", r, tuple(sorted((p, q))), fixed[p])
                for p in sorted(apart) for q in sorted(apart[p])
                if p < q and p in fixed and fixed.get(q) == fixed[p]]
    if together:
        return together
    present = [p.id for p in problem.present(r)]
    limits = problem.size_limits(r)
    found = [c for pid in sorted(apart) if (c := _seat_conflict(problem, r, pid, apart, fixed,
                                                                 present, limits))]
    if found:
        return found
    return _group_conflicts(problem, r, apart, fixed)


def _seat_conflict(problem: RotationProblem, r: int, pid: str, apart: Mapping[str, frozenset[str]],
                   fixed: dict[str, int], present: list[str],
                   limits: tuple[tuple[int, int], ...]) -> PairConflict | None:
    """Can `pid` sit at some table with no partner fixed there and enough allowed company?"""
    partners = apart[pid]
    fixed_count = [0] * problem.tables
    for t in fixed.values():
        fixed_count[t] += 1
    blocked = {fixed[q] for q in partners if q in fixed}
    tables = [fixed[pid]] if pid in fixed else [
        t for t in range(problem.tables) if t not in blocked and fixed_count[t] < limits[t][1]]
    others = tuple(sorted(partners))
    if not tables:
        return PairConflict("no_table", r, (pid,) + tuple(q for q in others if q in fixed))
    free_company = sum(1 for q in present if q != pid and q not in partners and q not in fixed)
    for t in tables:
        fixed_company = sum(1 for q, at in fixed.items() if at == t and q != pid and q not in partners)
        if free_company + fixed_company >= limits[t][0] - 1:
            return None
    return PairConflict("crowded", r, (pid,) + others)


def _group_conflicts(problem: RotationProblem, r: int, apart: Mapping[str, frozenset[str]],
                     fixed: dict[str, int]) -> list[PairConflict]:
    """Groups linked by rules that the tables cannot split (table sizes aside)."""
    found = []
    for group in _components(apart):
        clique = _largest_clique(group, apart)
        if len(clique) > problem.tables:
            found.append(PairConflict("too_many", r, tuple(sorted(clique)), tables=problem.tables))
        elif len(group) <= EXACT_GROUP and _colouring(group, apart, fixed, problem.tables) is False:
            found.append(PairConflict("apart", r, tuple(sorted(group)), tables=problem.tables))
    return found


def _components(apart: Mapping[str, frozenset[str]]) -> list[list[str]]:
    seen: set[str] = set()
    groups = []
    for start in sorted(apart):
        if start in seen:
            continue
        seen.add(start)
        group, stack = [], [start]
        while stack:
            p = stack.pop()
            group.append(p)
            for q in apart[p]:
                if q not in seen:
                    seen.add(q)
                    stack.append(q)
        groups.append(group)
    return groups


def _largest_clique(group: list[str], apart: Mapping[str, frozenset[str]]) -> set[str]:
    """Bron–Kerbosch with pivoting, stopped after a budget (rule graphs are small)."""
    best: set[str] = set()
    budget = [SEARCH_BUDGET]

    def expand(chosen: set[str], candidates: set[str], excluded: set[str]) -> None:
        nonlocal best
        budget[0] -= 1
        if not candidates and not excluded:
            if len(chosen) > len(best):
                best = set(chosen)
            return
        if budget[0] <= 0 or len(chosen) + len(candidates) <= len(best):
            return
        pivot = max(candidates | excluded, key=lambda v: len(apart[v] & candidates))
        for v in sorted(candidates - apart[pivot]):
            expand(chosen | {v}, candidates & apart[v], excluded & apart[v])
            candidates = candidates - {v}
            excluded = excluded | {v}

    expand(set(), set(group), set())
    return best


def _colouring(group: list[str], apart: Mapping[str, frozenset[str]], fixed: dict[str, int],
               tables: int) -> bool | None:
    """Can the group sit at `tables` tables, partners apart, fixed people where they are?
    None when the search ran out of budget."""
    colour = {p: fixed[p] for p in group if p in fixed}
    order = sorted((p for p in group if p not in fixed), key=lambda p: -len(apart[p]))
    budget = [SEARCH_BUDGET]

    def place(i: int) -> bool | None:
        if i == len(order):
            return True
        budget[0] -= 1
        if budget[0] <= 0:
            return None
        p = order[i]
        taken = {colour[q] for q in apart[p] if q in colour}
        # Tables nobody of the group sits at yet are alike: trying one of them is enough.
        used = set(colour.values())
        fresh_tried = False
        for t in range(tables):
            if t in taken or (t not in used and fresh_tried):
                continue
            fresh_tried = fresh_tried or t not in used
            colour[p] = t
            outcome = place(i + 1)
            del colour[p]
            if outcome is not False:
                return outcome
        return False

    return place(0)
