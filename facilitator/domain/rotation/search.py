"""The search that seats people: a greedy construction, then tabu search over swaps and
moves of one person inside one round, scored in O(1) from incremental counters.

People, tables and departments are small integers here; `planner` translates back to ids.
The score is lexicographic, folded into one integer with weights that no lower objective
can outweigh: repeats first, then table revisits (themes mode), then department excess.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass
from math import ceil

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
        biggest = self.n * self.rounds + 1  # no objective can exceed this count
        self.w_dep, self.w_rev, self.w_rep = 1, biggest, biggest * biggest

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
    repeats: int = 0
    revisits: int = 0
    excess: int = 0


class Seating:
    """A complete seating with the counters that make a move's cost O(1).

    pairs[p][q]: rounds p and q share a table. visits[p][t]: rounds p sat at table t.
    depts[r][t][d]: people of department d at table t in round r. For a round r still to
    seat, near[r][p][t] counts the people at table t whom p also meets in *another* round:
    seating p there makes that many repeats.
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

    def _count_round(self, r: int) -> None:
        L, score = self.layout, self.score
        for p in L.present[r]:
            if self.seats[r][p] >= 0:
                self.members[r][self.seats[r][p]].append(p)
        for t, table in enumerate(self.members[r]):
            for i, p in enumerate(table):
                row = self.pairs[p]
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

    @property
    def cost(self) -> int:
        L, s = self.layout, self.score
        return L.w_rep * s.repeats + L.w_rev * s.revisits + L.w_dep * s.excess

    # -- what a move would cost ----------------------------------------------------------

    def leave_cost(self, r: int, p: int, table: int) -> int:
        """Cost removed when p leaves `table` in round r."""
        L = self.layout
        d = L.dept[p]
        return (L.w_rep * self.near[r][p][table]
                + (L.w_rev if L.tracks_visits[p] and self.visits[p][table] >= 2 else 0)
                + (self.depts[r][table][d] > L.share[r][d]))

    def join_cost(self, r: int, p: int, table: int) -> int:
        """Cost added when p, who is elsewhere in round r, joins `table`."""
        L = self.layout
        d = L.dept[p]
        return (L.w_rep * self.near[r][p][table]
                + (L.w_rev if L.tracks_visits[p] and self.visits[p][table] >= 1 else 0)
                + (self.depts[r][table][d] >= L.share[r][d]))

    def swap_delta(self, r: int, p: int, q: int) -> int:
        L, seats = self.layout, self.seats[r]
        a, b = seats[p], seats[q]
        delta = (self.join_cost(r, p, b) - self.leave_cost(r, p, a)
                 + self.join_cost(r, q, a) - self.leave_cost(r, q, b))
        # p and q do not end up together, but each join counted the other.
        if self.pairs[p][q] >= 1:
            delta -= 2 * L.w_rep
        if L.dept[p] == L.dept[q]:
            d, share, depts = L.dept[p], L.share[r][L.dept[p]], self.depts[r]
            delta -= ((depts[b][d] >= share) - (depts[a][d] > share)
                      + (depts[a][d] >= share) - (depts[b][d] > share))
        return delta

    def in_conflict(self, r: int, p: int) -> bool:
        """Does p, where they sit in round r, add to the cost?"""
        L, t = self.layout, self.seats[r][p]
        d = L.dept[p]
        return (self.near[r][p][t] > 0 or self.depts[r][t][d] > L.share[r][d]
                or (L.tracks_visits[p] and self.visits[p][t] >= 2))

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


def construct(layout: Layout, rng: random.Random) -> Seats:
    """Seat the free rounds one after the other, each person at the cheapest table left.

    Hosts and pinned people sit first; the others come in random order (the restarts
    differ by it), and a table takes one more than its minimum only while the round still
    has spare people for it, so every table reaches its minimum.
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
        order = L.movable[r][:]
        rng.shuffle(order)
        for p in order:
            open_tables = []
            for t, (low, high) in enumerate(limits):
                size = len(seating.members[r][t])
                if size < low or (size < high and spare > 0):
                    open_tables.append(t)
            best = min(open_tables, key=lambda t: (_greedy_cost(seating, r, p, t),
                                                   len(seating.members[r][t]), rng.random()))
            if len(seating.members[r][best]) >= limits[best][0]:
                spare -= 1
            _place(seating, r, p, best)
    return seating.seats


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


class TabuSearch:
    """Dotú and Van Hentenryck's scheme for social golfers, widened to our objectives:
    pick a person in conflict, make the best non-tabu swap or move in that round (even a
    worsening one), forbid the way back for a while, perturb the best plan when stuck,
    and start afresh from a new greedy seating now and then."""

    def __init__(self, layout: Layout, floor: int, rng: random.Random) -> None:
        self.layout, self.floor, self.rng = layout, floor, rng
        self.tabu = {r: {} for r in layout.free}
        self.step = 0

    def run(self, deadline: float, max_steps: int | None) -> Outcome:
        L, rng = self.layout, self.rng
        seating = Seating(L, construct(L, rng))
        best_seats, best_cost = seating.seats, seating.cost
        restarts, stalled_kicks, last_gain = 0, 0, 0
        stall = 20 * L.n + 200
        while best_cost > self.floor:
            if (max_steps is not None and self.step >= max_steps) or (
                    self.step % 32 == 0 and time.perf_counter() > deadline):
                break
            conflicts = [(r, p) for r in L.free for p in L.movable[r] if seating.in_conflict(r, p)]
            if not conflicts:  # only fixed people pay: no move can help
                return Outcome(seating.seats, seating.cost, self.step, restarts, True)
            self._take_best_move(seating, *rng.choice(conflicts), best_cost)
            self.step += 1
            if seating.cost < best_cost:
                best_seats, best_cost = [row[:] for row in seating.seats], seating.cost
                last_gain, stalled_kicks = self.step, 0
            elif self.step - last_gain > stall:
                stalled_kicks += 1
                if stalled_kicks > 4:
                    seating, stalled_kicks = Seating(L, construct(L, rng)), 0
                    restarts += 1
                else:
                    seating = self._kick(best_seats)
                last_gain = self.step
                if seating.cost < best_cost:
                    best_seats, best_cost = [row[:] for row in seating.seats], seating.cost
        return Outcome(best_seats, best_cost, self.step, restarts, best_cost <= self.floor)

    def _take_best_move(self, seating: Seating, r: int, p: int, best_cost: int) -> None:
        L, rng = self.layout, self.rng
        seats, tabu, step = seating.seats[r], self.tabu[r], self.step
        a = seats[p]
        sizes = [len(m) for m in seating.members[r]]
        limits = L.limits[r]
        cost = seating.cost
        leave_p = seating.leave_cost(r, p, a)
        choice, choice_delta, ties = None, None, 0
        for b in range(L.tables):  # moves: only from a table above its minimum
            if b == a or sizes[a] <= limits[a][0] or sizes[b] >= limits[b][1]:
                continue
            delta = seating.join_cost(r, p, b) - leave_p
            if tabu.get((p, b), -1) > step and cost + delta >= best_cost:
                continue
            if choice_delta is None or delta < choice_delta:
                choice, choice_delta, ties = ("move", b), delta, 1
            elif delta == choice_delta:
                ties += 1
                if rng.randrange(ties) == 0:
                    choice = ("move", b)
        for q in L.movable[r]:
            b = seats[q]
            if b == a:
                continue
            delta = seating.swap_delta(r, p, q)
            if (tabu.get((p, b), -1) > step or tabu.get((q, a), -1) > step) and cost + delta >= best_cost:
                continue
            if choice_delta is None or delta < choice_delta:
                choice, choice_delta, ties = ("swap", q), delta, 1
            elif delta == choice_delta:
                ties += 1
                if rng.randrange(ties) == 0:
                    choice = ("swap", q)
        if choice is None:
            return
        tenure = 3 + rng.randrange(1 + L.n // 5)
        tabu[(p, a)] = step + tenure
        kind, target = choice
        if kind == "move":
            seating.relocate(r, p, target)
        else:
            tabu[(target, seats[target])] = step + tenure
            seating.swap(r, p, target)

    def _kick(self, best_seats: Seats) -> Seating:
        """Back to the best plan, shaken by a few random swaps so the search leaves it."""
        L, rng = self.layout, self.rng
        seating = Seating(L, best_seats)
        rounds = [r for r in L.free if len(L.movable[r]) > 1]
        for _ in range(max(2, L.n // 8) if rounds else 0):
            r = rng.choice(rounds)
            p, q = rng.sample(L.movable[r], 2)
            if seating.seats[r][p] != seating.seats[r][q]:
                seating.swap(r, p, q)
        return seating
