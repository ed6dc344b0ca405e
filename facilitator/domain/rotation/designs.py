"""Schedules where nobody meets anyone twice, built rather than searched: the classic
resolvable designs, for workshops without hosts where every table seats the same number.

Two constructions, the one giving more rounds wins (the search seats any rounds left):

1. Affine rounds, then split rounds. With q tables, q a prime power, and tables of g ≤ q,
   person (home h, column c) sits at table h + r·c in round r ∈ GF(q): q rounds, two
   people of different columns meet exactly once, two of one column never (see `affine`).
   So a column's q people may still sit together: when g divides q (both powers of the
   prime p), an additive subgroup W of GF(q) of size g cuts each column into q/g tables
   (the cosets h + W), one more round. Two subgroups meeting only in 0 cut no pair twice,
   so every such subgroup adds a round. 32 people at 8 tables of 4: 8 + 1 rounds;
   27 at 9 tables of 3: 9 + 4 = 13 rounds, everyone meets everyone (a Kirkman system).

2. One-rotational designs. Write n = m·(g − 1) + 1: people are ∞ and (x, i) for x in Z_m,
   i < g − 1. Round t seats the base round shifted by t ((x, i) → (x + t, i), ∞ fixed).
   Shifting keeps the *orbit* of a pair (its two classes and the difference of its x),
   and an orbit holds exactly m pairs, one per shift; so if the base round's pairs lie
   in distinct orbits, nobody meets twice in m rounds. A short depth-first search finds
   such a base round (differences of m/2 within a class are refused: their orbit is short).
   Kirkman's fifteen schoolgirls (5 tables of 3, 7 rounds) come out this way in
   milliseconds, as do 9 people at 3 tables of 3 (4 rounds). The search is cut short
   where it finds nothing quickly (21 people at 7 tables of 3 for 10 rounds, for one):
   the tabu search then seats the rounds the affine schedule leaves.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations

from facilitator.domain.rotation.affine import galois_field

Schedule = list[list[int]]
"""schedule[round][person] = table, people numbered 0..n-1."""

SEARCH_NODES = 1_500  # the base-round search gives up beyond this (about 0.05 s)


def no_repeat_schedule(tables: int, size: int, rounds: int) -> Schedule:
    """Up to `rounds` rounds of tables·size people at `tables` tables of `size` in which
    nobody meets anyone twice; as many as a construction gives (possibly none)."""
    best: Schedule = []
    for build in (_affine_split, _one_rotational):
        schedule = build(tables, size)
        if len(schedule) > len(best):
            best = schedule
        if len(best) >= rounds:
            break
    return [list(round_) for round_ in best[:rounds]]


@lru_cache(maxsize=16)
def _affine_split(q: int, g: int) -> tuple[tuple[int, ...], ...]:
    field = galois_field(q)
    if field is None or g > q:
        return ()
    add, mul = field
    people = [(h, c) for c in range(g) for h in range(q)]  # person c·q + h
    rounds = [tuple(add[h][mul[r][c]] for h, c in people) for r in range(q)]
    per_column = q // g
    for subgroup in _disjoint_subgroups(add, q, g):
        coset_of: dict[int, int] = {}  # smallest element of h + W -> index of that coset
        cosets = [coset_of.setdefault(min(add[h][w] for w in subgroup), len(coset_of))
                  for h in range(q)]
        rounds.append(tuple(c * per_column + cosets[h] for h, c in people))
    return tuple(rounds)


def _disjoint_subgroups(add: list[list[int]], q: int, g: int) -> list[frozenset[int]]:
    """Additive subgroups of GF(q) of size g meeting pairwise only in 0 (greedily)."""
    if g < 2 or q % g:
        return []
    chosen: list[frozenset[int]] = []
    used: set[int] = set()
    seen: set[frozenset[int]] = set()
    for generators in _generator_sets(q, g):
        group = _span(add, generators)
        if group is None or len(group) != g or group in seen:
            continue
        seen.add(group)
        if not (group - {0}) & used:
            chosen.append(group)
            used |= group - {0}
        if len(used) == q - 1:
            break
    return chosen


def _generator_sets(q: int, g: int):
    """Candidate generators: the subgroup a few elements span, enough for small fields."""
    p = next(d for d in range(2, q + 1) if q % d == 0)
    k, rest = 0, g
    while rest % p == 0:
        rest, k = rest // p, k + 1
    if rest != 1:  # g is no power of p: no subgroup of that size
        return
    count = 0
    for generators in combinations(range(1, q), k):
        yield generators
        count += 1
        if count > 5000:
            return


def _span(add: list[list[int]], generators: tuple[int, ...]) -> frozenset[int] | None:
    group = {0}
    for x in generators:
        if x in group:
            return None
        multiples, y = [0], x
        while y != 0:
            multiples.append(y)
            y = add[y][x]
        group = {add[a][b] for a in group for b in multiples}
    return frozenset(group)


@lru_cache(maxsize=16)
def _one_rotational(tables: int, g: int) -> tuple[tuple[int, ...], ...]:
    n = tables * g
    if g < 2 or (n - 1) % (g - 1):
        return ()
    m, classes = (n - 1) // (g - 1), g - 1
    infinity = n - 1
    base = _base_round(m, classes, g)
    if base is None:
        return ()
    rounds = []
    for shift in range(m):
        seats = [0] * n
        for t, block in enumerate(base):
            for point in block:
                if point == infinity:
                    seats[point] = t
                else:
                    i, x = divmod(point, m)
                    seats[i * m + (x + shift) % m] = t
        rounds.append(tuple(seats))
    return tuple(rounds)


def _base_round(m: int, classes: int, g: int) -> list[list[int]] | None:
    """A partition of ∞ and Z_m × classes into blocks of g whose pairs lie in distinct
    orbits under shifting, found depth-first within SEARCH_NODES nodes."""
    infinity = m * classes

    def orbit(a: int, b: int) -> tuple | None:
        if a == infinity or b == infinity:
            return ("inf", (b if a == infinity else a) // m)
        (i, x), (j, y) = divmod(a, m), divmod(b, m)
        if i > j:
            (i, x), (j, y) = (j, y), (i, x)
        d = (y - x) % m
        if i == j:
            if 2 * d == m:
                return None  # a short orbit: the pair would meet twice in m rounds
            d = min(d, m - d)
        return (i, j, d)

    free = set(range(infinity + 1))
    used: set[tuple] = set()
    blocks: list[list[int]] = []
    budget = [SEARCH_NODES]

    def extend(block: list[int]) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            return False
        if len(block) == g:
            blocks.append(block)
            if fill():
                return True
            blocks.pop()
            return False
        after = max((p for p in block if p != infinity), default=-1)
        for point in sorted(p for p in free if p > after):
            new = [orbit(point, other) for other in block]
            if None in new or len(set(new)) < len(new) or used.intersection(new):
                continue
            free.discard(point)
            used.update(new)
            if extend(block + [point]):
                return True
            free.add(point)
            used.difference_update(new)
        return False

    def fill() -> bool:
        if not free:
            return True
        first = max(free) if infinity in free else min(free)  # ∞ first: it is in one block
        free.discard(first)
        if extend([first]):
            return True
        free.add(first)
        return False

    return blocks if fill() else None
