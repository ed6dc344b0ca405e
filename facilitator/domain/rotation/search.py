"""The search that seats people: a greedy construction, then tabu search over swaps and
moves of one person inside one round, scored in O(1) from incremental counters.

People, tables and departments are small integers here; `planner` translates back to ids.
The score is lexicographic, folded into one integer with weights that no lower objective
can outweigh: broken pair rules first (only ever while repairing a start that breaks some:
no move may break one more), then repeats, table revisits (themes mode), department excess.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass
from math import ceil

from facilitator.domain.rotation.affine import affine_seats
from facilitator.domain.rotation.designs import no_repeat_schedule
from facilitator.domain.rotation.model import RotationProblem, fixed_seats

Seats = list[list[int]]
"""seats[round][person] = table, or -1 when the person is absent that round."""


class Layout:
    """The problem compiled to integers: who is present, who is fixed, what sizes are allowed."""

    def __init__(self, problem: RotationProblem) -> None:
        self.ids = [p.id for p in problem.people]
        index = {pid: i for i, pid in enumerate(self.ids)}
        departments = sorted({p.department for p in problem.people})
        self.n, self.tables, self.rounds = len(self.ids), problem.tables, problem.rounds
        self.first_free = problem.first_free_round
        self.free = range(self.first_free, self.rounds)
        self.dept = [departments.index(p.department) for p in problem.people]
        # Hosts never move, so their returns to their own table are not revisits.
        self.tracks_visits = [problem.mode == "themes" and not p.is_host for p in problem.people]
        self.present = [[index[p.id] for p in problem.present(r)] for r in range(self.rounds)]
        self.played: Seats = [self._seats_of(round_, index) for round_ in problem.played]
        self.fixed = {r: {index[pid]: t for pid, t in fixed_seats(problem, r).items()} for r in self.free}
        self.movable = {r: [p for p in self.present[r] if p not in self.fixed[r]] for r in self.free}
        self.limits = {r: problem.size_limits(r) for r in self.free}
        self.share = {r: self._fair_shares(r, len(departments)) for r in range(self.rounds)}
        # apart[r][p]: whom p must not sit with in round r, for the rounds with pair rules.
        self.apart: dict[int, list[frozenset[int]]] = {}
        for r in self.free:
            if rules := problem.apart(r):
                rows = [frozenset()] * self.n
                for pid, others in rules.items():
                    rows[index[pid]] = frozenset(index[q] for q in others)
                self.apart[r] = rows
        biggest = self.n * self.rounds + 1  # no objective can exceed this count
        self.w_dep, self.w_rev, self.w_rep = 1, biggest, biggest * biggest
        self.w_rule = self.w_rep * (self.n * self.n * self.rounds + 1)

    def _seats_of(self, round_, index) -> list[int]:
        seats = [-1] * self.n
        for t, table in enumerate(round_):
            for pid in table:
                seats[index[pid]] = t
        return seats

    def _fair_shares(self, r: int, departments: int) -> list[int]:
        present = [0] * departments
        for p in self.present[r]:
            present[self.dept[p]] += 1
        return [ceil(c / self.tables) for c in present]


@dataclass
class Score:
    breaks: int = 0
    repeats: int = 0
    revisits: int = 0
    excess: int = 0


class Seating:
    """A complete seating with the counters that make a move's cost O(1).

    pairs[p][q]: rounds p and q share a table. visits[p][t]: rounds p sat at table t.
    depts[r][t][d]: people of department d at table t in round r. For a round r still to
    seat, near[r][p][t] counts the people at table t whom p also meets in *another* round:
    seating p there makes that many repeats. For a round with pair rules, clash[r][p][t]
    counts the people at table t whom p must not sit with.
    """

    def __init__(self, layout: Layout, seats: Seats, *, scoring: bool = True) -> None:
        self.layout, L = layout, layout
        self.seats = [row[:] for row in seats]
        self.members = [[[] for _ in range(L.tables)] for _ in range(L.rounds)]
        self.pairs = [[0] * L.n for _ in range(L.n)]
        self.visits = [[0] * L.tables for _ in range(L.n)]
        self.depts = [[[0] * (max(L.dept, default=0) + 1) for _ in range(L.tables)] for _ in range(L.rounds)]
        self.score = Score()
        for r in range(L.rounds):
            self._count_round(r)
        # The greedy construction reads only the counters; it skips the costly matrices.
        self.near = {r: self._near_matrix(r) for r in L.free} if scoring else {}
        self.clash = {r: self._clash_matrix(r) for r in L.apart} if scoring else {}

    def _count_round(self, r: int) -> None:
        L, score = self.layout, self.score
        for p in L.present[r]:
            if self.seats[r][p] >= 0:
                self.members[r][self.seats[r][p]].append(p)
        apart = L.apart.get(r)
        for t, table in enumerate(self.members[r]):
            for i, p in enumerate(table):
                row = self.pairs[p]
                if apart:
                    score.breaks += sum(1 for q in table[i + 1:] if q in apart[p])
                for q in table[i + 1:]:
                    score.repeats += row[q] >= 1
                    row[q] += 1
                    self.pairs[q][p] += 1
                if L.tracks_visits[p]:
                    score.revisits += self.visits[p][t] >= 1
                    self.visits[p][t] += 1
                d = L.dept[p]
                score.excess += self.depts[r][t][d] >= L.share[r][d]
                self.depts[r][t][d] += 1

    def _near_matrix(self, r: int) -> list[list[int]]:
        seats, present = self.seats[r], self.layout.present[r]
        near = [[0] * self.layout.tables for _ in range(self.layout.n)]
        for p in present:
            row, mine, counts = self.pairs[p], seats[p], near[p]
            for q in present:
                if q != p and row[q] - (seats[q] == mine) >= 1:
                    counts[seats[q]] += 1
        return near

    def _clash_matrix(self, r: int) -> list[list[int]]:
        seats, apart = self.seats[r], self.layout.apart[r]
        clash = [[0] * self.layout.tables for _ in range(self.layout.n)]
        for p in self.layout.present[r]:
            for q in apart[p]:
                if seats[q] >= 0:
                    clash[p][seats[q]] += 1
        return clash

    @property
    def cost(self) -> int:
        L, s = self.layout, self.score
        return L.w_rule * s.breaks + L.w_rep * s.repeats + L.w_rev * s.revisits + L.w_dep * s.excess

    # -- what a move would cost ----------------------------------------------------------

    def leave_cost(self, r: int, p: int, table: int) -> int:
        """Cost removed when p leaves `table` in round r."""
        L, clash = self.layout, self.clash.get(r)
        d = L.dept[p]
        return (L.w_rep * self.near[r][p][table]
                + (L.w_rev if L.tracks_visits[p] and self.visits[p][table] >= 2 else 0)
                + (self.depts[r][table][d] > L.share[r][d])
                + (L.w_rule * clash[p][table] if clash else 0))

    def join_cost(self, r: int, p: int, table: int) -> int:
        """Cost added when p, who is elsewhere in round r, joins `table`."""
        L, clash = self.layout, self.clash.get(r)
        d = L.dept[p]
        return (L.w_rep * self.near[r][p][table]
                + (L.w_rev if L.tracks_visits[p] and self.visits[p][table] >= 1 else 0)
                + (self.depts[r][table][d] >= L.share[r][d])
                + (L.w_rule * clash[p][table] if clash else 0))

    def swap_delta(self, r: int, p: int, q: int) -> int:
        L, seats = self.layout, self.seats[r]
        a, b = seats[p], seats[q]
        delta = (self.join_cost(r, p, b) - self.leave_cost(r, p, a)
                 + self.join_cost(r, q, a) - self.leave_cost(r, q, b))
        # p and q do not end up together, but each join counted the other.
        if self.pairs[p][q] >= 1:
            delta -= 2 * L.w_rep
        if r in L.apart and q in L.apart[r][p]:
            delta -= 2 * L.w_rule
        if L.dept[p] == L.dept[q]:
            d, share, depts = L.dept[p], L.share[r][L.dept[p]], self.depts[r]
            delta -= ((depts[b][d] >= share) - (depts[a][d] > share)
                      + (depts[a][d] >= share) - (depts[b][d] > share))
        return delta

    def breaks_more(self, r: int, p: int, table: int, q: int | None = None) -> bool:
        """Would moving p to `table` (swapping with q, who sits there) break more pair rules?"""
        clash = self.clash.get(r)
        if clash is None:
            return False
        a = self.seats[r][p]
        delta = clash[p][table] - clash[p][a]
        if q is not None:
            delta += clash[q][a] - clash[q][table] - 2 * (q in self.layout.apart[r][p])
        return delta > 0

    def clashes(self, r: int, p: int) -> bool:
        clash = self.clash.get(r)
        return bool(clash and clash[p][self.seats[r][p]])

    def in_conflict(self, r: int, p: int) -> bool:
        """Does p, where they sit in round r, add to the cost?"""
        L, t = self.layout, self.seats[r][p]
        d = L.dept[p]
        return (self.near[r][p][t] > 0 or self.depts[r][t][d] > L.share[r][d]
                or (L.tracks_visits[p] and self.visits[p][t] >= 2) or self.clashes(r, p))

    # -- making a move -------------------------------------------------------------------

    def relocate(self, r: int, p: int, b: int) -> None:
        """Move p to table b in round r, keeping every counter and the score exact."""
        L, seats = self.layout, self.seats[r]
        a = seats[p]
        score = self.score
        d = L.dept[p]
        near_r, row = self.near[r], self.pairs[p]
        score.repeats += near_r[p][b] - near_r[p][a]
        if L.tracks_visits[p]:
            score.revisits += (self.visits[p][b] >= 1) - (self.visits[p][a] >= 2)
            self.visits[p][a] -= 1
            self.visits[p][b] += 1
        depts = self.depts[r]
        score.excess += (depts[b][d] >= L.share[r][d]) - (depts[a][d] > L.share[r][d])
        depts[a][d] -= 1
        depts[b][d] += 1
        if (clash := self.clash.get(r)) is not None:
            score.breaks += clash[p][b] - clash[p][a]
            for y in L.apart[r][p]:
                clash[y][a] -= 1
                clash[y][b] += 1
        # Round r: everyone's view of tables a and b changes by p's weight for them.
        for y in L.present[r]:
            if y != p and row[y] - (seats[y] == a) >= 1:
                near_r[y][a] -= 1
                near_r[y][b] += 1
        old, new = self.members[r][a], self.members[r][b]
        old.remove(p)
        for x in old:
            self._meet(p, x, -1, r)
        for x in new:
            self._meet(p, x, +1, r)
        new.append(p)
        seats[p] = b

    def _meet(self, p: int, x: int, step: int, skip: int) -> None:
        """p and x meet once more (or less); other rounds see their pair change."""
        before = self.pairs[p][x]
        self.pairs[p][x] = self.pairs[x][p] = before + step
        for r, near_r in self.near.items():
            if r == skip:
                continue
            seats = self.seats[r]
            tp, tx = seats[p], seats[x]
            if tp < 0 or tx < 0:
                continue
            others = before - (tp == tx)  # their meetings outside round r
            if step > 0 and others == 0:
                near_r[p][tx] += 1
                near_r[x][tp] += 1
            elif step < 0 and others == 1:
                near_r[p][tx] -= 1
                near_r[x][tp] -= 1

    def swap(self, r: int, p: int, q: int) -> None:
        a, b = self.seats[r][p], self.seats[r][q]
        self.relocate(r, p, b)
        self.relocate(r, q, a)


Preset = dict[int, dict[int, int]]
"""Tables suggested for some people in some free rounds: preset[round][person] = table."""


def construct(layout: Layout, rng: random.Random, preset: Preset | None = None) -> Seats:
    """Seat the free rounds one after the other, each person at the cheapest table left.

    Hosts and pinned people sit first, then the preset suggestions that still fit and break
    no pair rule; the others come in random order (the restarts differ by it), those with
    pair rules first, each to a table holding none of their rule partners if one fits. A
    table takes one more than its minimum only while the round still has spare people for
    it, so every table reaches its minimum. Should the rules still clash (seldom: table
    sizes leave no choice), the search repairs it first.
    """
    L = layout
    seats: Seats = [row[:] for row in L.played] + [[-1] * L.n for _ in L.free]
    seating = Seating(L, seats, scoring=False)
    for r in L.free:
        for p, t in L.fixed[r].items():
            _place(seating, r, p, t)
        limits = L.limits[r]
        spare = len(L.present[r]) - sum(max(low, len(seating.members[r][t]))
                                        for t, (low, _) in enumerate(limits))

        def fits(t: int) -> bool:
            size = len(seating.members[r][t])
            return size < limits[t][0] or (size < limits[t][1] and spare > 0)

        def seat(p: int, t: int) -> None:
            nonlocal spare
            if len(seating.members[r][t]) >= limits[t][0]:
                spare -= 1
            _place(seating, r, p, t)

        apart = L.apart.get(r)

        def clashes(p: int, t: int) -> int:
            return sum(1 for x in seating.members[r][t] if x in apart[p]) if apart else 0

        suggested = (preset or {}).get(r, {})
        for p in L.movable[r]:
            if p in suggested and fits(suggested[p]) and not clashes(p, suggested[p]):
                seat(p, suggested[p])
        order = [p for p in L.movable[r] if seating.seats[r][p] < 0]
        rng.shuffle(order)
        if apart:  # the most constrained first, while every table is still open to them
            order.sort(key=lambda p: -len(apart[p]))
        for p in order:
            seat(p, min((t for t in range(L.tables) if fits(t)),
                        key=lambda t: (clashes(p, t), _greedy_cost(seating, r, p, t),
                                       len(seating.members[r][t]), rng.random())))
    return seating.seats


def freedom_construct(layout: Layout, rng: random.Random, built: Preset | None = None) -> Seats | None:
    """Triska and Musliu's greedy start: fill each table of each round by pairs of people
    who have not met, choosing the pair that leaves the table the most *freedom* (people
    not met yet by anyone at it), so later rounds keep room to seat strangers together.
    Rounds `built` seats whole (a design's) are kept as they are and the rest follow them:
    after the affine rounds, the people of one column, who never met, sit together.
    For the rounds without hosts, pins or pair rules (None otherwise: `construct` serves)."""
    L = layout
    if L.apart or any(L.fixed[r] for r in L.free):
        return None
    everyone = (1 << L.n) - 1
    unmet = [everyone & ~(1 << p) for p in range(L.n)]
    seats: Seats = [row[:] for row in L.played] + [[-1] * L.n for _ in L.free]
    for r in range(L.rounds):
        if r in (built or {}) and len(built[r]) == len(L.present[r]):
            for p, t in built[r].items():
                seats[r][p] = t
        elif r >= L.first_free:
            _fill_by_freedom(L, r, seats[r], unmet, rng)
        for t in range(L.tables):
            table = [p for p in L.present[r] if seats[r][p] == t]
            mask = sum(1 << p for p in table)
            for p in table:
                unmet[p] &= ~mask
    return seats


def _fill_by_freedom(layout: Layout, r: int, seats: list[int], unmet: list[int],
                     rng: random.Random) -> None:
    limits = layout.limits[r]
    spare = len(layout.present[r]) - sum(low for low, _ in limits)
    left = list(layout.present[r])
    rng.shuffle(left)
    for t in sorted(range(layout.tables), key=lambda t: -limits[t][1]):
        low, high = limits[t]
        size = low + (1 if high > low and spare > 0 else 0)
        spare -= size - low
        group, open_ = [], (1 << layout.n) - 1  # open_: not met yet by anyone at the table
        while len(group) < size:
            if size - len(group) >= 2:
                x, y = max(((x, y) for i, x in enumerate(left) for y in left[i + 1:]),
                           key=lambda xy: _freedom(open_, unmet, xy))
                chosen = (x, y)
            else:
                chosen = (max(left, key=lambda x: _freedom(open_, unmet, (x,))),)
            for p in chosen:
                left.remove(p)
                group.append(p)
                seats[p] = t
                open_ &= unmet[p]


def _freedom(open_: int, unmet: list[int], newcomers: tuple[int, ...]) -> tuple[int, int]:
    """(newcomers who are strangers to the table and each other, freedom left after them)."""
    strangers = sum(1 for p in newcomers if open_ >> p & 1)
    if len(newcomers) == 2 and not unmet[newcomers[0]] >> newcomers[1] & 1:
        strangers -= 1
    for p in newcomers:
        open_ &= unmet[p]
    return strangers, open_.bit_count()


def affine_preset(layout: Layout, rng: random.Random) -> Preset | None:
    """The affine-plane schedule for the people who attend every free round; None when
    the table count is no prime power. Before any round is played, columns are filled
    department by department; afterwards the last played round gives the home tables,
    so nobody meets their last table-mates again."""
    L = layout
    free = list(L.free)
    steady = set(L.movable[free[0]]).intersection(*(L.movable[r] for r in free))
    grid = _home_grid(L, steady, rng) if L.first_free else _department_grid(L, steady, rng)
    q = L.tables
    while grid and not all(_room_for(L, r, len(grid)) for r in free):
        grid.pop()
    if not grid:
        return None
    plan = affine_seats(grid, {}, q, len(free), rng, after_home=bool(L.first_free))
    if plan is None:
        return None
    preset = dict(zip(free, plan))
    # Any two people may trade cells; after a played round only people of the same home
    # table may (the same row), or they would meet their old table-mates again.
    trades = [list(row) for row in zip(*grid)] if L.first_free else [[p for c in grid for p in c]]
    _separate_pairs(L, preset, trades, rng)
    _mix_departments(L, preset, trades, rng)
    return preset


def design_preset(layout: Layout, rng: random.Random) -> Preset | None:
    """A built no-repeat schedule (see `designs`) for a workshop without hosts or pins,
    nothing played yet, the same people every round at tables of one size; None otherwise.
    People are dealt to the design's places at random, then trade whole schedules (which
    keeps every pair's meetings) until departments mix."""
    L = layout
    free = list(L.free)
    people = L.present[free[0]]
    size, extra = divmod(len(people), L.tables)
    if L.first_free or extra or size < 2 or any(
            L.fixed[r] or L.present[r] != people or set(L.limits[r]) != {(size, size)} for r in free):
        return None
    schedule = no_repeat_schedule(L.tables, size, len(free))
    if not schedule:
        return None
    order = list(people)
    rng.shuffle(order)
    preset = {r: {order[i]: t for i, t in enumerate(seats)} for r, seats in zip(free, schedule)}
    _separate_pairs(L, preset, [order], rng)
    _mix_departments(L, preset, [order], rng)
    return preset


def _preset_clashes(layout: Layout, preset: Preset, p: int) -> int:
    """Pair rules p breaks across the preset rounds (partners fixed or in the preset)."""
    count = 0
    for r, seats in preset.items():
        apart = layout.apart.get(r)
        if apart and apart[p]:
            fixed, mine = layout.fixed[r], seats[p]
            count += sum(1 for q in apart[p] if seats.get(q, fixed.get(q)) == mine)
    return count


def _separate_pairs(layout: Layout, preset: Preset, trades: list[list[int]], rng: random.Random,
                    tries: int = 500) -> None:
    """Trade affine schedules until the pair rules hold; people of one column never meet,
    so a trade can put two partners in the same column. What is left, `construct` repairs."""
    L = layout
    if not any(r in L.apart for r in preset):
        return
    partners = {p: group for group in trades if len(group) > 1 for p in group}
    broken: list[int] = []
    for attempt in range(tries):
        if attempt % 20 == 0:
            broken = [p for p in partners if _preset_clashes(L, preset, p)]
            if not broken:
                return
        p = rng.choice(broken)
        q = rng.choice(partners[p])
        if q == p:
            continue
        before = _preset_clashes(L, preset, p) + _preset_clashes(L, preset, q)
        for seats in preset.values():
            seats[p], seats[q] = seats[q], seats[p]
        if _preset_clashes(L, preset, p) + _preset_clashes(L, preset, q) >= before:
            for seats in preset.values():
                seats[p], seats[q] = seats[q], seats[p]


def _department_grid(layout: Layout, steady: set[int], rng: random.Random) -> list[list[int]]:
    by_department: dict[int, list[int]] = {}
    for p in sorted(steady):
        by_department.setdefault(layout.dept[p], []).append(p)
    groups = sorted(by_department.values(), key=len, reverse=True)
    for group in groups:
        rng.shuffle(group)
    order = [p for group in groups for p in group]
    q = layout.tables
    return [order[c * q:(c + 1) * q] for c in range(min(len(order) // q, q - 1))]


def _home_grid(layout: Layout, steady: set[int], rng: random.Random) -> list[list[int]]:
    """Columns holding one person from each table of the last played round."""
    homes: list[list[int]] = [[] for _ in range(layout.tables)]
    last = layout.played[-1]
    for p in sorted(steady):
        if last[p] >= 0:
            homes[last[p]].append(p)
    for home in homes:
        rng.shuffle(home)
    depth = min(min(len(h) for h in homes), layout.tables - 1)
    return [[homes[t][c] for t in range(layout.tables)] for c in range(depth)]


def _mix_departments(layout: Layout, preset: Preset, trades: list[list[int]], rng: random.Random,
                     tries: int = 3000) -> None:
    """Trade affine cells between two people until departments mix: people who trade
    cells trade their whole schedule, so nobody meets anyone twice because of it."""
    L = layout
    counts = {r: [[0] * len(L.share[r]) for _ in range(L.tables)] for r in preset}
    for r, seats in preset.items():
        for p, t in list(seats.items()) + list(L.fixed[r].items()):
            counts[r][t][L.dept[p]] += 1
    rows = [(seats, counts[r], L.share[r]) for r, seats in preset.items()]
    partners = {p: group for group in trades if len(group) > 1 for p in group}
    crowded: list[int] = []
    for attempt in range(tries):
        if attempt % 50 == 0:  # who sits where their department is over its share
            crowded = [p for p in partners if any(
                counts[r][seats[p]][L.dept[p]] > L.share[r][L.dept[p]] for r, seats in preset.items())]
            if not crowded:
                return
        p = rng.choice(crowded)
        q = rng.choice(partners[p])
        dp, dq = L.dept[p], L.dept[q]
        if dp == dq:
            continue
        # p of dp goes from a to b, q of dq from b to a: four distinct cells change by one.
        delta = 0
        for seats, count, share in rows:
            a, b = seats[p], seats[q]
            if a != b:
                delta += ((count[b][dp] >= share[dp]) - (count[a][dp] > share[dp])
                          + (count[a][dq] >= share[dq]) - (count[b][dq] > share[dq]))
        if delta <= 0 and _keeps_pairs(L, preset, p, q):
            for seats, count, _ in rows:
                a, b = seats[p], seats[q]
                if a != b:
                    _trade(count, a, b, dp, dq)
                seats[p], seats[q] = b, a


def trade_schedules(layout: Layout, seats: Seats, rng: random.Random, tries: int) -> Seats | None:
    """The seating with departments mixed by trading whole schedules between two people
    who attend every round and are never fixed: each takes the other's tables in every
    round, so every pair meets exactly as often as before and only department excess can
    change (downwards). None when there is nobody to trade, or rounds were played (their
    meetings would no longer match)."""
    L = layout
    free = list(L.free)
    if L.first_free or not free:
        return None
    everywhere = set(L.movable[free[0]]).intersection(*(L.movable[r] for r in free))
    steady = [p for p in L.movable[free[0]] if p in everywhere]
    if len(steady) < 2:
        return None
    preset = {r: {p: seats[r][p] for p in L.movable[r]} for r in free}
    _mix_departments(L, preset, [steady], rng, tries)
    traded = [row[:] for row in seats]
    for r, row in preset.items():
        for p, t in row.items():
            traded[r][p] = t
    return traded


def _keeps_pairs(layout: Layout, preset: Preset, p: int, q: int) -> bool:
    """Would trading p's and q's schedules leave the pair rules no worse?"""
    if not layout.apart:
        return True
    before = _preset_clashes(layout, preset, p) + _preset_clashes(layout, preset, q)
    for seats in preset.values():
        seats[p], seats[q] = seats[q], seats[p]
    after = _preset_clashes(layout, preset, p) + _preset_clashes(layout, preset, q)
    for seats in preset.values():
        seats[p], seats[q] = seats[q], seats[p]
    return after <= before


def _trade(counts: list[list[int]], a: int, b: int, leaves_a: int, leaves_b: int) -> None:
    """One person of department leaves_a moves from table a to b, one of leaves_b back."""
    counts[a][leaves_a] -= 1
    counts[b][leaves_a] += 1
    counts[b][leaves_b] -= 1
    counts[a][leaves_b] += 1


def _room_for(layout: Layout, r: int, columns: int) -> bool:
    """Can every table of round r take `columns` more people beside its fixed ones?"""
    fixed = [0] * layout.tables
    for t in layout.fixed[r].values():
        fixed[t] += 1
    limits = layout.limits[r]
    if any(fixed[t] + columns > high for t, (_, high) in enumerate(limits)):
        return False
    return sum(max(low, fixed[t] + columns) for t, (low, _) in enumerate(limits)) <= len(layout.present[r])


def _greedy_cost(seating: Seating, r: int, p: int, t: int) -> int:
    L, row = seating.layout, seating.pairs[p]
    d = L.dept[p]
    met = sum(1 for x in seating.members[r][t] if row[x] >= 1)
    return (L.w_rep * met
            + (L.w_rev if L.tracks_visits[p] and seating.visits[p][t] >= 1 else 0)
            + (seating.depts[r][t][d] >= L.share[r][d]))


def _place(seating: Seating, r: int, p: int, t: int) -> None:
    """Seat p during construction: only the counters that greedy reads need to follow."""
    L = seating.layout
    for x in seating.members[r][t]:
        seating.pairs[p][x] += 1
        seating.pairs[x][p] += 1
    if L.tracks_visits[p]:
        seating.visits[p][t] += 1
    seating.depts[r][t][L.dept[p]] += 1
    seating.members[r][t].append(p)
    seating.seats[r][p] = t


@dataclass
class Outcome:
    seats: Seats
    cost: int
    steps: int
    restarts: int
    proven_optimal: bool
    found_at: float  # perf_counter time when the returned seating was found


class TabuSearch:
    """Dotú and Van Hentenryck's scheme for social golfers, widened to our objectives:
    in a round, among the swaps and moves of people in conflict, make the best non-tabu
    one (even a worsening one), forbid the way back for a while, perturb the best plan
    when stuck, and start afresh from a new greedy seating now and then."""

    def __init__(self, layout: Layout, floor: int, rng: random.Random, hint: Preset | None = None) -> None:
        self.layout, self.floor, self.rng, self.hint = layout, floor, rng, hint
        self.tabu: dict[int, dict[tuple[int, int], int]] = {r: {} for r in layout.free}
        self.step = 0
        self.trading = 0.0  # seconds spent trading schedules

    def run(self, deadline: float, max_steps: int | None) -> Outcome:
        L, rng = self.layout, self.rng
        started = time.perf_counter()
        seating = self._start(0)
        best_seats, best_cost = [row[:] for row in seating.seats], seating.cost
        found_at = time.perf_counter()
        restarts, kicks, last_gain, last_trade = 0, 0, 0, 0
        stall = int(self.STALL * L.n) + 100
        rounds = list(L.free)
        while best_cost > self.floor:
            if (max_steps is not None and self.step >= max_steps) or (
                    self.step % 8 == 0 and self._out_of_time(deadline, started, best_cost)):
                break
            rng.shuffle(rounds)
            round_, conflicted = next(((r, c) for r in rounds if (c := self._conflicted(seating, r))),
                                      (None, []))
            if round_ is None:  # only fixed people pay: no move can help
                return Outcome(seating.seats, seating.cost, self.step, restarts, True, time.perf_counter())
            self._take_best_move(seating, round_, conflicted, best_cost)
            self.step += 1
            if self._only_departments_left(seating.cost) and (
                    (seating.cost < best_cost and not self._only_departments_left(best_cost))
                    or (self.step - max(last_trade, last_gain) > self.TRADE_EVERY
                        and self.trading < self.TRADE_SHARE * (time.perf_counter() - started))):
                # Trade when repeats first reach their floor, then when the search stalls,
                # as long as trading has not taken more than its share of the time.
                seating, last_trade = self._traded(seating), self.step
            if seating.cost < best_cost:
                best_seats, best_cost = [row[:] for row in seating.seats], seating.cost
                last_gain, kicks, found_at = self.step, 0, time.perf_counter()
            elif self.step - last_gain > stall:
                kicks += 1
                if kicks > 5:
                    restarts += 1
                    seating, kicks = self._start(restarts), 0
                else:
                    seating = self._kick(best_seats)
                last_gain = self.step
                if seating.cost < best_cost:
                    best_seats, best_cost = [row[:] for row in seating.seats], seating.cost
                    found_at = time.perf_counter()
        return Outcome(best_seats, best_cost, self.step, restarts, best_cost <= self.floor, found_at)

    def _out_of_time(self, deadline: float, started: float, best_cost: int) -> bool:
        """Past the deadline, unless the best plan still breaks a pair rule: a busy machine
        must not refuse a seatable workshop, so the repair then runs RULE_STEPS steps, within
        RULE_GRACE times the budget (at least RULE_SECONDS)."""
        now = time.perf_counter()
        if now <= deadline:
            return False
        if best_cost < self.layout.w_rule or self.step >= self.RULE_STEPS:
            return True
        return now > deadline + max(self.RULE_GRACE * (deadline - started), self.RULE_SECONDS)

    def _only_departments_left(self, cost: int) -> bool:
        """Are repeats and revisits at their floor, department excess above its own?"""
        w_rev = self.layout.w_rev
        return cost > self.floor and cost - cost % w_rev == self.floor - self.floor % w_rev

    def _traded(self, seating: Seating) -> Seating:
        """The seating after trading schedules for departments, if that gained anything."""
        began = time.perf_counter()
        traded = trade_schedules(self.layout, seating.seats, self.rng, self.TRADES)
        better = Seating(self.layout, traded) if traded is not None else seating
        self.trading += time.perf_counter() - began
        return better if better.cost < seating.cost else seating

    TRADES = 2000  # schedule trades tried each time only department excess is left
    TRADE_EVERY = 50  # steps without gain before trading (a phase costs a few dozen steps)
    RULE_STEPS = 2000  # a start still breaking a pair rule is repaired this long past the deadline
    RULE_GRACE, RULE_SECONDS = 5, 1.0  # ... within 5 times the budget, or 1 s if more
    TRADE_SHARE = 0.25  # of the time spent so far, at most this much goes to trading

    def _start(self, attempt: int) -> Seating:
        """A fresh seating, its schedules traded at once if only departments are left to gain."""
        seating = self._construct(attempt)
        return self._traded(seating) if self._only_departments_left(seating.cost) else seating

    def _construct(self, attempt: int) -> Seating:
        """The hint first, then the built schedule (designs or affine) and a greedy start in turn."""
        L, rng = self.layout, self.rng
        preset = self.hint if attempt == 0 and self.hint else None
        if preset is None and attempt % 2 == 0:
            preset = design_preset(L, rng)
            if preset is not None and len(preset) < len(L.free):  # the design falls short
                return Seating(L, freedom_construct(L, rng, preset))
            preset = preset or affine_preset(L, rng)
        if preset is None and attempt % 2 == 1 and (seats := freedom_construct(L, rng)):
            return Seating(L, seats)
        return Seating(L, construct(L, rng, preset))

    def _conflicted(self, seating: Seating, r: int) -> list[int]:
        """People of round r who add to the cost where they sit, a handful at most; those
        breaking a pair rule (while a start is repaired) before anyone else."""
        found = [p for p in self.layout.movable[r] if seating.in_conflict(r, p)]
        if seating.score.breaks:
            clashing = [p for p in found if seating.clashes(r, p)]
            if clashing:
                found = clashing
        return found if len(found) <= self.SAMPLE else self.rng.sample(found, self.SAMPLE)

    TENURE_MIN, TENURE_SPREAD, STALL = 3, 0.2, 10
    SAMPLE = 10  # conflicted people examined per step: wider is greedier but slower

    def _take_best_move(self, seating: Seating, r: int, conflicted: list[int], best_cost: int) -> None:
        L, rng = self.layout, self.rng
        seats, tabu, step, movable = seating.seats[r], self.tabu[r], self.step, L.movable[r]
        sizes = [len(m) for m in seating.members[r]]
        tables = range(L.tables)
        stay, depart = self._costs(seating, r)
        cost, apart, w_rule, dept, w_rep = seating.cost, L.apart.get(r), L.w_rule, L.dept, L.w_rep
        best: list[tuple[str, int, int]] = []
        best_delta = None
        for p in conflicted:
            a, pairs_p, d = seats[p], seating.pairs[p], dept[p]
            apart_p = apart[p] if apart else ()
            (join_p, dept_join_p), (leave_p, dept_leave_p) = stay[p], depart[p]
            if sizes[a] > L.limits[r][a][0]:
                for b in tables:
                    if b == a or sizes[b] >= L.limits[r][b][1] or (apart and seating.breaks_more(r, p, b)):
                        continue
                    delta = join_p[b] + dept_join_p[b] - leave_p - dept_leave_p
                    if best_delta is not None and delta > best_delta:
                        continue
                    if tabu.get((p, b), -1) > step and cost + delta >= best_cost:
                        continue
                    if best_delta is None or delta < best_delta:
                        best, best_delta = [], delta
                    best.append(("move", p, b))
            for q in movable:
                b = seats[q]
                if b == a:
                    continue
                (join_q, dept_join_q), (leave_q, dept_leave_q) = stay[q], depart[q]
                delta = join_p[b] - leave_p + join_q[a] - leave_q
                if dept[q] != d:  # the same department trading seats changes no share
                    delta += dept_join_p[b] - dept_leave_p + dept_join_q[a] - dept_leave_q
                if pairs_p[q]:  # each join counted the other, who leaves
                    delta -= 2 * w_rep
                if apart:  # a hard rule: never a move that breaks one more
                    if seating.breaks_more(r, p, b, q):
                        continue
                    if q in apart_p:
                        delta -= 2 * w_rule
                if best_delta is not None and delta > best_delta:
                    continue
                if (tabu.get((p, b), -1) > step or tabu.get((q, a), -1) > step) and cost + delta >= best_cost:
                    continue  # tabu, unless it beats the best plan (aspiration)
                if best_delta is None or delta < best_delta:
                    best, best_delta = [], delta
                best.append(("swap", p, q))
        if not best:
            return
        kind, p, target = rng.choice(best)
        tenure = self.TENURE_MIN + rng.randrange(1 + int(L.n * self.TENURE_SPREAD))
        tabu[(p, seats[p])] = step + tenure
        if kind == "move":
            seating.relocate(r, p, target)
        else:
            tabu[(target, seats[target])] = step + tenure
            seating.swap(r, p, target)

    @staticmethod
    def _costs(seating: Seating, r: int) -> tuple[dict, dict]:
        """For each movable person of round r, what joining each table would cost and what
        leaving their own would save, each as (repeats, revisits and rules; departments):
        the same as `join_cost` and `leave_cost`, computed for the whole round at once."""
        L = seating.layout
        seats, near, depts, share = seating.seats[r], seating.near[r], seating.depts[r], L.share[r]
        clash, visits, tracks = seating.clash.get(r), seating.visits, L.tracks_visits
        w_rep, w_rev, w_rule = L.w_rep, L.w_rev, L.w_rule
        stay, depart = {}, {}
        for q in L.movable[r]:
            a, d, near_q = seats[q], L.dept[q], near[q]
            join = [w_rep * n for n in near_q]
            leave = w_rep * near_q[a]
            if tracks[q]:
                join = [j + (w_rev if v else 0) for j, v in zip(join, visits[q])]
                leave += w_rev if visits[q][a] >= 2 else 0
            if clash:
                join = [j + w_rule * c for j, c in zip(join, clash[q])]
                leave += w_rule * clash[q][a]
            limit = share[d]
            stay[q] = (join, [counts[d] >= limit for counts in depts])
            depart[q] = (leave, depts[a][d] > limit)
        return stay, depart

    def _kick(self, best_seats: Seats) -> Seating:
        """Back to the best plan, shaken by a few random swaps so the search leaves it."""
        L, rng = self.layout, self.rng
        seating = Seating(L, best_seats)
        rounds = [r for r in L.free if len(L.movable[r]) > 1]
        for _ in range(max(2, L.n // 8) if rounds else 0):
            r = rng.choice(rounds)
            p, q = rng.sample(L.movable[r], 2)
            b = seating.seats[r][q]
            if seating.seats[r][p] != b and not seating.breaks_more(r, p, b, q):
                seating.swap(r, p, q)
        return seating
