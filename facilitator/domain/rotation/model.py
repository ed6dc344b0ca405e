"""What the facilitator tells the seating engine: the roster, the tables and rounds, the
rounds already played, the pair rules and the changes made live (arrivals, departures,
pins, new hosts).

Rounds and tables are counted from 0 in code and from 1 in messages, as people count them.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import Literal

Mode = Literal["question", "themes"]
MODES: tuple[str, ...] = ("question", "themes")
PAIR_KINDS: tuple[str, ...] = ("never", "apart_first_round")

SeatingRound = tuple[tuple[str, ...], ...]
"""One round: for each table, the ids of the people seated there."""


class RotationError(ValueError):
    """A workshop the engine cannot seat, said in one human line."""


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    department: str
    host_table: int | None = None

    @property
    def is_host(self) -> bool:
        return self.host_table is not None


@dataclass(frozen=True)
class Pin:
    """The facilitator's hand: this person sits at this table in this round."""

    person_id: str
    round: int
    table: int


@dataclass(frozen=True)
class PairRule:
    """The facilitator's word on two people: "never" at one table, or not at one table in
    the workshop's first round ("apart_first_round"). A hard rule for rounds still to seat;
    rounds already played are history."""

    first: str
    second: str
    kind: str = "never"

    def applies(self, round_: int) -> bool:
        return self.kind == "never" or round_ == 0


@dataclass(frozen=True)
class RotationProblem:
    """A workshop to seat.

    `arrivals[id]` is the first round a late person attends; `departures[id]` the first
    round they miss. Rounds before `len(played)` are history: only `played` says who sat
    where, and nothing else constrains them. Hosts sit at `host_table` in every other round.
    """

    people: tuple[Person, ...]
    tables: int
    rounds: int
    mode: Mode = "question"
    played: tuple[SeatingRound, ...] = ()
    pins: tuple[Pin, ...] = ()
    arrivals: Mapping[str, int] = field(default_factory=dict)
    departures: Mapping[str, int] = field(default_factory=dict)
    capacities: tuple[int, ...] | None = None
    pair_rules: tuple[PairRule, ...] = ()

    def __post_init__(self) -> None:
        # Callers pass lists and dicts; freezing them here keeps the problem a value.
        freeze = object.__setattr__
        freeze(self, "people", tuple(self.people))
        freeze(self, "played", tuple(tuple(tuple(t) for t in rnd) for rnd in self.played))
        freeze(self, "pins", tuple(self.pins))
        freeze(self, "pair_rules", tuple(self.pair_rules))
        freeze(self, "arrivals", MappingProxyType(dict(self.arrivals)))
        freeze(self, "departures", MappingProxyType(dict(self.departures)))
        if self.capacities is not None:
            freeze(self, "capacities", tuple(self.capacities))
        _validate(self)

    # -- reading -------------------------------------------------------------------------

    @property
    def first_free_round(self) -> int:
        return len(self.played)

    @property
    def has_hosts(self) -> bool:
        return any(person.is_host for person in self.people)

    def is_present(self, person_id: str, round_: int) -> bool:
        return person_id in self._attendance[round_]

    def present(self, round_: int) -> tuple[Person, ...]:
        """Who attends a round, in roster order: the seated ones if it was played."""
        attending = self._attendance[round_]
        return tuple(p for p in self.people if p.id in attending)

    @cached_property
    def _attendance(self) -> tuple[frozenset[str], ...]:
        played = [frozenset(pid for table in round_ for pid in table) for round_ in self.played]
        return tuple(played) + tuple(
            frozenset(p.id for p in self.people
                      if self.arrivals.get(p.id, 0) <= r < self.departures.get(p.id, self.rounds))
            for r in range(len(self.played), self.rounds)
        )

    def apart(self, round_: int) -> Mapping[str, frozenset[str]]:
        """Who each person must not share a table with in a round still to seat (only the
        people present that round, and only those with a rule); empty for played rounds."""
        return self._apart[round_]

    @cached_property
    def _apart(self) -> tuple[MappingProxyType[str, frozenset[str]], ...]:
        by_round = []
        for round_, attending in enumerate(self._attendance):
            partners: dict[str, set[str]] = {}
            for rule in self.pair_rules if round_ >= self.first_free_round else ():
                if rule.applies(round_) and rule.first in attending and rule.second in attending:
                    partners.setdefault(rule.first, set()).add(rule.second)
                    partners.setdefault(rule.second, set()).add(rule.first)
            by_round.append(MappingProxyType({pid: frozenset(o) for pid, o in partners.items()}))
        return tuple(by_round)

    def name_of(self, person_id: str) -> str:
        return next((p.name for p in self.people if p.id == person_id), person_id)

    def size_limits(self, round_: int) -> tuple[tuple[int, int], ...]:
        """(smallest, largest) size allowed for each table in a round still to seat."""
        return table_limits(len(self.present(round_)), self.tables, self.capacities)

    # -- live changes: each returns a new problem, the engine re-plans from it ------------

    def with_played(self, played: Sequence[Sequence[Sequence[str]]]) -> RotationProblem:
        """Record the rounds played so far; pins on them become history."""
        pins = tuple(pin for pin in self.pins if pin.round >= len(played))
        return replace(self, played=tuple(played), pins=pins)

    def with_arrival(self, person: Person, from_round: int) -> RotationProblem:
        people = tuple(p for p in self.people if p.id != person.id) + (person,)
        return replace(self, people=people, arrivals={**self.arrivals, person.id: from_round})

    def with_departure(self, person_id: str, from_round: int) -> RotationProblem:
        return replace(self, departures={**self.departures, person_id: from_round})

    def with_pair_rule(self, rule: PairRule) -> RotationProblem:
        """Add a rule; a rule already given for the same two people is replaced."""
        pair = {rule.first, rule.second}
        kept = tuple(r for r in self.pair_rules if {r.first, r.second} != pair)
        return replace(self, pair_rules=kept + (rule,))

    def with_pin(self, person_id: str, round_: int, table: int) -> RotationProblem:
        pins = tuple(p for p in self.pins if (p.person_id, p.round) != (person_id, round_))
        return replace(self, pins=pins + (Pin(person_id, round_, table),))

    def with_host_replaced(self, table: int, new_host: Person, from_round: int) -> RotationProblem:
        """The host of `table` leaves at `from_round`; `new_host` (a newcomer, or a
        participant promoted from the next round) hosts the table from then on."""
        old = [p for p in self.people if p.host_table == table and p.id != new_host.id]
        departures = {**self.departures, **{p.id: from_round for p in old}}
        host = replace(new_host, host_table=table)
        known = any(p.id == host.id for p in self.people)
        if known and from_round != len(self.played):
            raise RotationError("a participant can only become host from the next round")
        people = tuple(host if p.id == host.id else p for p in self.people)
        arrivals = dict(self.arrivals)
        if not known:
            people += (host,)
            arrivals[host.id] = from_round
        return replace(self, people=people, departures=departures, arrivals=arrivals)


def table_limits(people: int, tables: int, capacities: Sequence[int] | None) -> tuple[tuple[int, int], ...]:
    """Sizes differ by at most one, except that a table never exceeds its capacity: tables
    too small for the even share are filled to capacity and the rest share the others."""
    caps = list(capacities) if capacities is not None else [people] * tables
    if sum(caps) < people:
        raise RotationError(f"{people} people but only {sum(caps)} seats at the tables")
    full: set[int] = set()
    share, extra = 0, 0
    while len(full) < tables:
        open_tables = [t for t in range(tables) if t not in full]
        share, extra = divmod(people - sum(caps[t] for t in full), len(open_tables))
        saturated = [t for t in open_tables if caps[t] <= share]
        if not saturated:
            break
        full.update(saturated)
    top = share + (1 if extra else 0)
    return tuple((caps[t], caps[t]) if t in full else (share, top) for t in range(tables))


# -- validation: one function per kind of mistake, each message one line ----------------


def _validate(problem: RotationProblem) -> None:
    _check_shape(problem)
    _check_people(problem)
    _check_played(problem)
    _check_presence(problem)
    _check_pair_rules(problem)
    for pin in problem.pins:
        if not problem.first_free_round <= pin.round < problem.rounds:
            raise RotationError(f"pin of {pin.person_id!r} on round {pin.round + 1}, "
                                "which is not a round still to seat")
    for round_ in range(problem.first_free_round, problem.rounds):
        _check_round(problem, round_)


def _check_shape(problem: RotationProblem) -> None:
    if problem.tables < 1:
        raise RotationError("a workshop needs at least one table")
    if problem.rounds < 1:
        raise RotationError("a workshop needs at least one round")
    if problem.mode not in MODES:
        raise RotationError(f"unknown mode {problem.mode!r}: use 'question' or 'themes'")
    if problem.capacities is not None:
        if len(problem.capacities) != problem.tables:
            raise RotationError(f"{len(problem.capacities)} capacities for {problem.tables} tables")
        if min(problem.capacities) < 1:
            raise RotationError("every table needs room for at least one person")
    if len(problem.played) > problem.rounds:
        raise RotationError(f"{len(problem.played)} rounds played out of {problem.rounds}")


def _check_people(problem: RotationProblem) -> None:
    doubles = [pid for pid, n in Counter(p.id for p in problem.people).items() if n > 1]
    if doubles:
        raise RotationError(f"person {doubles[0]!r} appears twice in the roster")
    for person in problem.people:
        if person.host_table is not None and not 0 <= person.host_table < problem.tables:
            raise RotationError(f"{person.name} hosts table {person.host_table + 1}, "
                                f"but there are {problem.tables} tables")


def _check_played(problem: RotationProblem) -> None:
    known = {p.id for p in problem.people}
    for number, round_ in enumerate(problem.played, start=1):
        if len(round_) != problem.tables:
            raise RotationError(f"played round {number} has {len(round_)} tables, expected {problem.tables}")
        seated = [pid for table in round_ for pid in table]
        unknown = [pid for pid in seated if pid not in known]
        if unknown:
            raise RotationError(f"played round {number} seats unknown person {unknown[0]!r}")
        doubles = [pid for pid, n in Counter(seated).items() if n > 1]
        if doubles:
            raise RotationError(f"played round {number} seats {doubles[0]!r} twice")


def _check_presence(problem: RotationProblem) -> None:
    known = {p.id for p in problem.people}
    for label, moves in (("arrival", problem.arrivals), ("departure", problem.departures)):
        for pid, round_ in moves.items():
            if pid not in known:
                raise RotationError(f"{label} of unknown person {pid!r}")
            if not 0 <= round_ <= problem.rounds:
                raise RotationError(f"{label} of {pid!r} at round {round_ + 1}, "
                                    f"but the workshop has {problem.rounds} rounds")


def _check_pair_rules(problem: RotationProblem) -> None:
    known = {p.id for p in problem.people}
    for rule in problem.pair_rules:
        if rule.kind not in PAIR_KINDS:
            raise RotationError(f"unknown pair rule {rule.kind!r}: use 'never' or 'apart_first_round'")
        unknown = [pid for pid in (rule.first, rule.second) if pid not in known]
        if unknown:
            raise RotationError(f"pair rule about unknown person {unknown[0]!r}")
        if rule.first == rule.second:
            raise RotationError(f"pair rule about {rule.first!r} and themselves")


def _check_round(problem: RotationProblem, round_: int) -> None:
    present = problem.present(round_)
    label = f"round {round_ + 1}"
    if len(present) < problem.tables:
        raise RotationError(f"{label}: {len(present)} people for {problem.tables} tables")
    seated = _fixed_seats(problem, round_, present)
    limits = table_limits(len(present), problem.tables, problem.capacities)
    counts = Counter(seated.values())
    for table, (low, high) in enumerate(limits):
        if counts[table] > high:
            raise RotationError(f"{label}: {counts[table]} people pinned to table {table + 1}, "
                                f"which seats {high}")
    if sum(max(low, counts[t]) for t, (low, _) in enumerate(limits)) > len(present):
        raise RotationError(f"{label}: the pins leave tables too uneven")


def _fixed_seats(problem: RotationProblem, round_: int, present: tuple[Person, ...]) -> dict[str, int]:
    """Who cannot move in a round still to seat: hosts, then pinned people."""
    label = f"round {round_ + 1}"
    hosts = Counter(p.host_table for p in present if p.is_host)
    if problem.has_hosts:
        for table in range(problem.tables):
            if hosts[table] != 1:
                raise RotationError(f"{label}: table {table + 1} has {hosts[table]} hosts, "
                                    f"it needs exactly one")
    seats = {p.id: p.host_table for p in present if p.is_host}
    present_ids = {p.id for p in present}
    for pin in problem.pins:
        if pin.round != round_:
            continue
        if pin.person_id not in present_ids:
            raise RotationError(f"{label}: {pin.person_id!r} is pinned but not present")
        if not 0 <= pin.table < problem.tables:
            raise RotationError(f"{label}: pin to table {pin.table + 1}, but there are "
                                f"{problem.tables} tables")
        if seats.setdefault(pin.person_id, pin.table) != pin.table:
            raise RotationError(f"{label}: {pin.person_id!r} is pinned to two tables "
                                "(a host stays at their own table)")
    return seats


def fixed_seats(problem: RotationProblem, round_: int) -> dict[str, int]:
    """Hosts and pinned people of a round still to seat, with their table."""
    return _fixed_seats(problem, round_, problem.present(round_))
