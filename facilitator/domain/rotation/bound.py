"""A proven floor under the repeated encounters of any plan, so a plan can be judged.

Write m(p, q) for the number of rounds p and q share a table; the figure is
Σ max(0, m − 1) over pairs. Split it into what the played rounds already cost (known)
and the *repeat events* of the rounds still to seat: a pair together in round r counts one
event if it already met in an earlier round. Two independent floors bound the events; the
larger one holds, added to the past.

1. Pigeonhole between two rounds. Fix a round r still to seat and any earlier round r'.
   r' splits the people into T groups (its tables). A table of round r holding c people
   present at r' draws them from at most T groups, so at least Σ_g C(x_g, 2) of its pairs
   already met, where x is c spread as evenly as possible over T groups: that is the
   minimum of a convex sum. Newcomers (absent at r') break no pair; they are put where
   they save most, the largest tables first (convexity again makes this greedy optimal).
   Every such pair is an event of round r, so events(r) ≥ max over r' < r of that figure.
   (Summing over r' would count a pair met three times twice, so we take the max.)

2. Counting, person by person. In the rounds to seat person p meets k_p table-mates
   (with multiplicity), at least K_p = Σ_r (smallest table p can sit at in r − 1). At
   most a_p of those meetings are first meetings: a_p counts the people p has not met yet
   and can still meet (present together in some round left, and not two hosts, who never
   share a table). So p's side of the events is ≥ k_p − a_p, and
   2 · events ≥ Σ_p max(0, k_p − a_p), with Σ_p k_p = 2F fixed, F being the pairs formed
   by the table sizes of the rounds left (sizes are fixed up to order). Over every k ≥ K
   with that sum, the minimum of the right-hand side is
   Σ_p max(0, K_p − a_p) + max(0, 2F − Σ_p max(K_p, a_p)); halve it, round up.

Both are relaxations (they forget that groups of r' have limited sizes, that hosts of
other tables cannot join, that rounds interact), so they are sound but not always tight.

Department excess has its own floor (`department_floor`). A round's excess is
Σ over tables t and departments d of max(0, n(t, d) − s_d), s_d = ⌈present of d / tables⌉,
and rounds are independent for it, so the floor is the played rounds' excess plus, for each
round still to seat, the least excess of that round alone. Fixed people (hosts, pins) count
where they sit; each movable person is one unit of flow from their department to a table:
the arc d → t is free for max(0, s_d − fixed(t, d)) people, anyone beyond costs 1. Tables
take people up to their smallest size, and only as many tables as the round has spare people
take one more (a shared "extra" node carries those seats). With costs 0 then 1, the least
excess of the round is the fixed people's own excess plus (movable people − the maximum
flow over the free arcs): the people who fit nowhere free pay 1 each, and whoever is left
can always sit in the seats left, since every table takes any department at cost 1. This
is exact for one round, and rounds do not interact for departments, so some plan meets this
floor; but it ignores repeats, so a plan meeting both floors at once need not exist.

Both floors at once. The two floors are each exact for their own objective, but together
they can be loose, and on two of the benchmark's café rosters they are. Suppose the repeat
floor is the pigeonhole floor and is met, at 4 tables for 4 rounds with tables of 6 (24
people) or 7, 7, 7, 6 (27). Then every round r has exactly forced(r) repeat events, each
table its least count, so a table of 6 meets the previous round's groups as 2, 2, 1, 1
(two pairs met before) and one of 7 as 2, 2, 2, 1 (three); and since round r's events
against every earlier round are then one and the same set (the union has the size of
each), the pairs that repeat are the same in every round: fixed couples, together all
along, and everyone else meets nobody twice. Couples and singles are 16 units, 4 per table,
no two units together twice: a 4-net of order 4, which completes to the affine plane of
order 4 (Bruck: a net of deficiency one completes), unique, with the hosts' units on one
line of the missing parallel class. So every plan at the repeat floor is one way of putting
the roster into the 16 units of one fixed schedule, and the least department excess over
those is an integer program small enough to solve exactly:
`benchmarks/rotation_joint_floor.py` (CP-SAT, outside the app) finds 4 for 24/4/4 and 3 for
27/4/4, against a department floor of 0 each: what the search reaches in a tenth of a
second. The engine does not compute that joint floor (it would need the solver); it keeps
searching to its budget there.

When the repeat floor is 0, design theory sometimes proves it unreachable anyway
(`unreachable`): the floor stays what the counting gives, the plan says why it cannot be
met, and the search stops at one repeat instead of spending its budget on the impossible.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from math import comb

from facilitator.domain.rotation.model import RotationProblem, fixed_seats


def lower_bound(problem: RotationProblem) -> int:
    """No plan of `problem` has fewer repeated encounters than this."""
    past, met = _played_meetings(problem)
    free = range(problem.first_free_round, problem.rounds)
    if not free:
        return past
    return past + max(_pigeonhole_floor(problem), _counting_floor(problem, met))


def _played_meetings(problem: RotationProblem) -> tuple[int, set[tuple[str, str]]]:
    meetings = Counter(pair for round_ in problem.played for table in round_
                       for pair in combinations(sorted(table), 2))
    return sum(n - 1 for n in meetings.values()), set(meetings)


def _table_sizes(problem: RotationProblem, round_: int) -> list[int]:
    """The sizes a round will have, as a multiset: extra seats go to the flexible tables."""
    limits = problem.size_limits(round_)
    spare = len(problem.present(round_)) - sum(low for low, _ in limits)
    sizes = []
    for low, high in limits:
        grow = 1 if high > low and spare > 0 else 0
        spare -= grow
        sizes.append(low + grow)
    return sizes


def _forced_pairs(people: int, groups: int) -> int:
    """Fewest pairs sharing a group when `people` are spread over `groups` groups."""
    share, extra = divmod(people, groups)
    return extra * comb(share + 1, 2) + (groups - extra) * comb(share, 2)


def _pigeonhole_floor(problem: RotationProblem) -> int:
    total = 0
    for r in range(problem.first_free_round, problem.rounds):
        sizes = _table_sizes(problem, r)
        here = {p.id for p in problem.present(r)}
        best = 0
        for earlier in range(r):
            newcomers = len(here - {p.id for p in problem.present(earlier)})
            best = max(best, _forced_after_newcomers(sizes, newcomers, problem.tables))
        total += best
    return total


def _forced_after_newcomers(sizes: list[int], newcomers: int, groups: int) -> int:
    counts = sorted(sizes)
    for _ in range(min(newcomers, sum(counts))):
        counts[-1] -= 1
        counts.sort()
    return sum(_forced_pairs(c, groups) for c in counts)


def _counting_floor(problem: RotationProblem, met: set[tuple[str, str]]) -> int:
    free = range(problem.first_free_round, problem.rounds)
    rounds_of = {p.id: {r for r in free if problem.is_present(p.id, r)} for p in problem.people}
    host_of = {p.id: p.host_table for p in problem.people}
    smallest = _smallest_seat(problem)
    pairs_formed = sum(comb(s, 2) for r in free for s in _table_sizes(problem, r))
    floor_sum, capped_sum = 0, 0
    for p in problem.people:
        least = sum(smallest[r].get(p.id, smallest[r][None]) - 1 for r in rounds_of[p.id])
        can_meet = sum(
            1 for q in problem.people
            if q.id != p.id and rounds_of[p.id] & rounds_of[q.id]
            and tuple(sorted((p.id, q.id))) not in met
            and not (host_of[p.id] is not None and host_of[q.id] is not None)
        )
        floor_sum += max(0, least - can_meet)
        capped_sum += max(least, can_meet)
    return -(-(floor_sum + max(0, 2 * pairs_formed - capped_sum)) // 2)


def _smallest_seat(problem: RotationProblem) -> dict[int, dict[str | None, int]]:
    """Per round, the smallest table each fixed person can sit at; key None: anyone else."""
    smallest: dict[int, dict[str | None, int]] = {}
    for r in range(problem.first_free_round, problem.rounds):
        limits = problem.size_limits(r)
        seats = {pid: limits[t][0] for pid, t in fixed_seats(problem, r).items()}
        seats[None] = min(low for low, _ in limits)
        smallest[r] = seats
    return smallest


def department_floor(problem: RotationProblem) -> int:
    """No plan of `problem` has less department excess than this."""
    department = {p.id: p.department for p in problem.people}
    floor = 0
    for round_ in problem.played:
        present = Counter(department[pid] for table in round_ for pid in table)
        for table in round_:
            here = Counter(department[pid] for pid in table)
            floor += sum(max(0, n - _share(present[d], problem.tables)) for d, n in here.items())
    for r in range(problem.first_free_round, problem.rounds):
        floor += _round_excess_floor(problem, r, department)
    return floor


def _share(count: int, tables: int) -> int:
    return -(-count // tables)


def _round_excess_floor(problem: RotationProblem, r: int, department: dict[str, str]) -> int:
    present = problem.present(r)
    share = {d: _share(n, problem.tables) for d, n in Counter(p.department for p in present).items()}
    fixed = fixed_seats(problem, r)
    at = Counter((t, department[pid]) for pid, t in fixed.items())
    fixed_excess = sum(max(0, n - share[d]) for (_, d), n in at.items())
    movable = Counter(p.department for p in present if p.id not in fixed)
    seated = Counter(fixed.values())
    limits = problem.size_limits(r)
    base = [max(low, seated[t]) for t, (low, _) in enumerate(limits)]
    spare = len(present) - sum(base)
    # Nodes: "s", ("d", dept), ("t", table), "extra", "z" (the sink).
    capacity: dict[object, dict[object, int]] = {"s": {}, "extra": {"z": max(0, spare)}, "z": {}}
    for d, n in movable.items():
        capacity["s"][("d", d)] = n
        capacity[("d", d)] = {("t", t): max(0, share[d] - at[(t, d)]) for t in range(problem.tables)}
    for t, (_, high) in enumerate(limits):
        capacity[("t", t)] = {"z": base[t] - seated[t], "extra": max(0, high - base[t])}
    return fixed_excess + sum(movable.values()) - _max_flow(capacity, "s", "z")


def _max_flow(capacity: dict[object, dict[object, int]], source: object, sink: object) -> int:
    """Edmonds–Karp on a small graph given as residual capacities (changed in place)."""
    for u in list(capacity):
        for v in list(capacity[u]):
            capacity.setdefault(v, {}).setdefault(u, 0)
    flow = 0
    while True:
        parent = {source: None}
        queue = [source]
        for u in queue:
            for v, room in capacity[u].items():
                if room > 0 and v not in parent:
                    parent[v] = u
                    queue.append(v)
            if sink in parent:
                break
        if sink not in parent:
            return flow
        path, v = [], sink
        while parent[v] is not None:
            path.append((parent[v], v))
            v = parent[v]
        push = min(capacity[u][v] for u, v in path)
        for u, v in path:
            capacity[u][v] -= push
            capacity[v][u] += push
        flow += push


def N_(message: str) -> str:
    """Marks a sentence for the catalogues; the adapters translate it (the domain has no
    locale): `services.seating` on the pages, the `rotate` command in the terminal."""
    return message


THEOREMS = {  # why 0 repeats is impossible, one sentence per theorem
    "tarry": N_("%(people)s people at %(tables)s tables of %(size)s meet only new people for at "
                "most 3 rounds: a 4th needs two orthogonal Latin squares of order 6, and there "
                "are none (Tarry, 1900)"),
    "bruck_ryser": N_("%(people)s people at %(tables)s tables of %(size)s for %(rounds)s rounds "
                      "with no repeat would be a projective plane of order %(tables)s, which "
                      "cannot exist (Bruck–Ryser 1949; order 10: Lam, Thiel and Swiercz 1989)"),
    "kotzig_rosa": N_("%(people)s people at %(tables)s tables of %(size)s meet only new people "
                      "for at most 4 rounds: 5 would be a nearly Kirkman triple system on 12 "
                      "points, which does not exist (Kotzig and Rosa, 1974)"),
}


@dataclass(frozen=True)
class Unreachable:
    """A theorem proving that no plan reaches 0 repeats; `str()` says it in English, the
    adapters translate `template` and fill it with `values`."""

    theorem: str  # a key of THEOREMS
    people: int
    tables: int
    size: int
    rounds: int

    @property
    def template(self) -> str:
        return THEOREMS[self.theorem]

    @property
    def values(self) -> dict[str, int]:
        return {"people": self.people, "tables": self.tables, "size": self.size,
                "rounds": self.rounds}

    def __str__(self) -> str:
        return self.template % self.values


def unreachable(problem: RotationProblem) -> Unreachable | None:
    """Why no plan of `problem` can reach a floor of 0 repeats, when a theorem says so.

    The theorems are about the Social Golfer Problem: the same people every round at
    tables of one size, nobody meeting twice. Hosts, pins and played rounds only restrict
    the plans, so a plan with them is still a golfer schedule and the theorems hold for
    it too (with hosts, a host is a golfer who happens never to move). None when no
    theorem applies, or when the floor is above 0 anyway."""
    people = len(problem.people)
    size, extra = divmod(people, problem.tables)
    if extra or any(len(problem.present(r)) != people for r in range(problem.rounds)) or any(
            set(problem.size_limits(r)) != {(size, size)}
            for r in range(problem.first_free_round, problem.rounds)) or lower_bound(problem):
        return None
    tables, rounds = problem.tables, problem.rounds
    theorem = None
    if tables == size == 6 and rounds >= 4:
        theorem = "tarry"
    elif tables == size and rounds == tables + 1 and not _projective_plane_possible(tables):
        theorem = "bruck_ryser"
    elif (tables, size, rounds) == (4, 3, 5):
        theorem = "kotzig_rosa"
    return Unreachable(theorem, people, tables, size, rounds) if theorem else None


def _projective_plane_possible(order: int) -> bool:
    if order == 10:
        return False
    if order % 4 in (1, 2):  # Bruck–Ryser: then the order must be a sum of two squares
        return any(round((order - a * a) ** 0.5) ** 2 == order - a * a
                   for a in range(int(order ** 0.5) + 1))
    return True
