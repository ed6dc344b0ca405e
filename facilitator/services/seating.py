"""Seating plans: turn the workshop into a rotation problem, store the engine's plan as
seats, let the facilitator move a person by hand (a pin the engine keeps) and keep two
people apart (pair rules, hard constraints for the engine)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask_babel import gettext as _
from sqlalchemy import delete, select

from facilitator.domain import rotation
from facilitator.domain.workshop import PairKind
from facilitator.extensions import db
from facilitator.models import PairRule, Participant, Round, Seat, Table, Workshop
from facilitator.services import NotFound, UserError, of_workshop

DEFAULT_TIME_LIMIT = 1.0


@dataclass
class TableSeating:
    table: Table
    people: list[Participant]
    pinned: set[int] = field(default_factory=set)


@dataclass
class RoundSeating:
    round: Round
    tables: list[TableSeating]
    played: bool = False


@dataclass
class SeatingView:
    rounds: list[RoundSeating]
    metrics: rotation.Metrics | None
    problems: list[str]          # hard rules the stored plan breaks: it needs a re-plan
    error: str | None = None     # why the workshop cannot be seated at all
    rules_conflict: str | None = None  # why the pair rules cannot all hold, found at once
    unreachable: str | None = None  # why no plan reaches the repeat floor (a theorem)

    @property
    def at_floors(self) -> bool:
        """Nothing can do better than this plan (see `Metrics.at_floors`)."""
        return (self.metrics is not None and not self.problems
                and self.metrics.at_floors(self.unreachable is not None))

    @property
    def has_pins(self) -> bool:
        return any(t.pinned for r in self.rounds if not r.played for t in r.tables)


def build_problem(workshop: Workshop, played: int = 0) -> rotation.RotationProblem:
    """The rotation problem of a workshop; the first `played` rounds are history."""
    index = {table.id: i for i, table in enumerate(workshop.tables)}
    people = tuple(
        rotation.Person(id=str(p.id), name=p.display_name, department=p.department or "-",
                        host_table=index.get(p.host_table_id) if p.is_host else None)
        for p in workshop.participants if not p.is_host or p.host_table_id in index)
    known = {person.id for person in people}
    stored = _stored_rounds(workshop)
    capacities = None
    if any(t.capacity for t in workshop.tables):
        capacities = tuple(t.capacity or len(people) for t in workshop.tables)
    return rotation.RotationProblem(
        people=people, tables=len(workshop.tables), rounds=len(workshop.rounds),
        mode=workshop.mode.value, played=stored[:played],
        pins=tuple(rotation.Pin(str(s.participant_id), r, index[s.table_id])
                   for r, seats in enumerate(_seats_by_round(workshop)) if r >= played
                   for s in seats if s.pinned and str(s.participant_id) in known),
        arrivals={str(p.id): p.arrives_round - 1 for p in workshop.participants
                  if p.arrives_round and str(p.id) in known},
        departures={str(p.id): p.leaves_round - 1 for p in workshop.participants
                    if p.leaves_round and str(p.id) in known},
        capacities=capacities,
        pair_rules=tuple(rotation.PairRule(str(r.first_id), str(r.second_id), r.kind.value)
                         for r in _rules(workshop)
                         if str(r.first_id) in known and str(r.second_id) in known))


def _rules(workshop: Workshop) -> list[PairRule]:
    return list(db.session.scalars(select(PairRule).where(PairRule.workshop_id == workshop.id)
                                   .order_by(PairRule.id)))


def _seats_by_round(workshop: Workshop) -> list[list[Seat]]:
    seats = db.session.scalars(select(Seat).where(Seat.workshop_id == workshop.id)
                               .order_by(Seat.id)).all()
    by_round: dict[int, list[Seat]] = {r.id: [] for r in workshop.rounds}
    for seat in seats:
        by_round.setdefault(seat.round_id, []).append(seat)
    return [by_round[r.id] for r in workshop.rounds]


def _stored_rounds(workshop: Workshop) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Seats as the engine reads them: per round, per table, ids with the host first."""
    rounds = []
    for seats in _seats_by_round(workshop):
        tables: dict[int, list[str]] = {t.id: [] for t in workshop.tables}
        for seat in sorted(seats, key=lambda s: (not s.participant.is_host, s.id)):
            tables.setdefault(seat.table_id, []).append(str(seat.participant_id))
        rounds.append(tuple(tuple(tables[t.id]) for t in workshop.tables))
    return tuple(rounds)


def _planned(rounds) -> bool:
    """Whether stored rounds seat anyone at all."""
    return any(ids for round_ in rounds for ids in round_)


def view(workshop: Workshop, played: int = 0) -> SeatingView:
    """The stored plan with its metrics, and what (if anything) makes it out of date."""
    try:
        problem = build_problem(workshop, played)
    except rotation.RotationError as error:
        return SeatingView(rounds=[], metrics=None, problems=[], error=str(error))
    conflicts = rotation.pair_conflicts(problem)
    conflict = _conflicts_message(workshop, conflicts) if conflicts else None
    rounds = _stored_rounds(workshop)
    if not _planned(rounds):
        return SeatingView(rounds=[], metrics=None, problems=[], rules_conflict=conflict)
    # The engine's own lines for the other rules; pair rules said with names, translated.
    others = rotation.violations(replace(problem, pair_rules=()), rounds)
    broken = [_break_message(workshop, b) for b in rotation.pair_breaks(problem, rounds)]
    return SeatingView(rounds=_as_view(workshop, played), metrics=rotation.evaluate(problem, rounds),
                       problems=others + broken, rules_conflict=conflict,
                       unreachable=unreachable_message(rotation.unreachable(problem)))


def unreachable_message(reason: rotation.Unreachable | None) -> str | None:
    """The theorem that puts 0 repeats out of reach, in the page's language."""
    return _(reason.template, **reason.values) if reason else None


def _as_view(workshop: Workshop, played: int) -> list[RoundSeating]:
    people = {p.id: p for p in workshop.participants}
    result = []
    for number, (round_, seats) in enumerate(zip(workshop.rounds, _seats_by_round(workshop))):
        tables = {t.id: TableSeating(t, []) for t in workshop.tables}
        for seat in sorted(seats, key=lambda s: (not people[s.participant_id].is_host,
                                                 people[s.participant_id].display_name)):
            tables[seat.table_id].people.append(people[seat.participant_id])
            if seat.pinned:
                tables[seat.table_id].pinned.add(seat.participant_id)
        result.append(RoundSeating(round_, list(tables.values()), played=number < played))
    return result


def replan(workshop: Workshop, played: int = 0, seed: int = 0,
           time_limit: float = DEFAULT_TIME_LIMIT) -> rotation.Plan:
    """Seat every round not yet played, keeping pins and the rounds already played."""
    try:
        problem = build_problem(workshop, played)
        # Starting from the announced plan keeps everyone else's tables where possible.
        stored = _stored_rounds(workshop)
        hint = stored if _planned(stored) and len(stored) == problem.rounds else None
        plan = rotation.plan(problem, seed=seed, time_limit=time_limit, hint=hint)
    except rotation.PairRuleError as error:
        raise UserError(_conflicts_message(workshop, error.conflicts)) from error
    except rotation.RotationError as error:
        raise UserError(_("The seating cannot be planned: %(reason)s", reason=str(error))) \
            from error
    _store(workshop, plan, problem, played)
    db.session.commit()
    return plan


def _store(workshop: Workshop, plan: rotation.Plan, problem: rotation.RotationProblem,
           played: int) -> None:
    future_round_ids = [r.id for r in workshop.rounds[played:]]
    pins = {(p.person_id, p.round) for p in problem.pins}
    if future_round_ids:
        db.session.execute(delete(Seat).where(Seat.round_id.in_(future_round_ids)))
    for number in range(played, len(workshop.rounds)):
        round_ = workshop.rounds[number]
        for table, ids in zip(workshop.tables, plan.rounds[number]):
            for person_id in ids:
                db.session.add(Seat(workshop_id=workshop.id, round_id=round_.id,
                                    table_id=table.id, participant_id=int(person_id),
                                    pinned=(person_id, number) in pins))
    db.session.flush()


def move(workshop: Workshop, person: Participant, round_: Round, table: Table,
         played: int = 0, time_limit: float = DEFAULT_TIME_LIMIT) -> rotation.Plan:
    """Put `person` at `table` in `round_` by hand, then re-plan around it."""
    number = workshop.rounds.index(round_)
    if number < played:
        raise UserError(_("Round %(number)s has already been played.", number=round_.number))
    if person.is_host and person.host_table_id != table.id:
        raise UserError(_("%(name)s hosts table %(table)s and stays there: replace the host "
                          "first.", name=person.display_name, table=person.host_table.number))
    pin(workshop, person, round_, table)
    try:
        return replan(workshop, played=played, time_limit=time_limit)
    except UserError:
        db.session.rollback()  # the hand move cannot hold: keep the plan as it was
        raise


def pin(workshop: Workshop, person: Participant, round_: Round, table: Table) -> None:
    """Seat `person` at `table` in `round_` by hand; re-planning keeps a pinned seat."""
    seat = db.session.scalar(select(Seat).where(Seat.round_id == round_.id,
                                                Seat.participant_id == person.id))
    if seat is None:
        seat = Seat(workshop_id=workshop.id, round_id=round_.id, participant_id=person.id,
                    table_id=table.id)
        db.session.add(seat)
    seat.table_id, seat.pinned = table.id, True
    db.session.flush()


def unpin_all(workshop: Workshop, played: int = 0) -> None:
    future = [r.id for r in workshop.rounds[played:]]
    for seat in db.session.scalars(select(Seat).where(Seat.round_id.in_(future), Seat.pinned)):
        seat.pinned = False
    db.session.commit()


# Pair rules -------------------------------------------------------------------------------

@dataclass
class PairRuleView:
    rule: PairRule
    first: Participant
    second: Participant
    broken_in: list[int]  # round numbers where the stored plan seats them together

    @property
    def honoured(self) -> bool:
        return not self.broken_in


def pair_rules(workshop: Workshop) -> list[PairRuleView]:
    """The workshop's rules, by name, each with the rounds where the stored plan breaks it
    (played rounds included: a move made by hand during a round is the facilitator's call)."""
    rounds = _stored_rounds(workshop)
    views = []
    for rule in _rules(workshop):
        problem_rule = rotation.PairRule(str(rule.first_id), str(rule.second_id), rule.kind.value)
        broken = [r + 1 for r, round_ in enumerate(rounds) if problem_rule.applies(r) and any(
            problem_rule.first in table and problem_rule.second in table for table in round_)]
        views.append(PairRuleView(rule, rule.first, rule.second, broken))
    return sorted(views, key=lambda v: (v.first.display_name.casefold(),
                                        v.second.display_name.casefold()))


def add_pair_rule(workshop: Workshop, first: Participant, second: Participant,
                  kind: PairKind) -> PairRule:
    """Keep two people of the workshop apart; a rule already given for them changes kind.
    The stored plan is left as it is: the seating page shows whether it needs a re-plan."""
    if first.workshop_id != workshop.id or second.workshop_id != workshop.id:
        raise NotFound(first.id if first.workshop_id != workshop.id else second.id)
    if first.id == second.id:
        raise UserError(_("Choose two different people."))
    low, high = sorted((first.id, second.id))
    rule = db.session.scalar(select(PairRule).where(
        PairRule.workshop_id == workshop.id, PairRule.first_id == low, PairRule.second_id == high))
    if rule is None:
        rule = PairRule(workshop_id=workshop.id, first_id=low, second_id=high)
        db.session.add(rule)
    rule.kind = kind
    db.session.commit()
    return rule


def remove_pair_rule(workshop: Workshop, rule_id: int) -> None:
    db.session.delete(of_workshop(PairRule, workshop, rule_id))
    db.session.commit()


def copy_pair_rules(source: Workshop, copy: Workshop, people: dict[int, Participant]) -> None:
    """Give a copied roster the source's rules; `people` maps source ids to the copies.
    Flushes, as the rules need the copies' ids (kept in order, first below second)."""
    rules = _rules(source)
    if not rules:
        return
    db.session.flush()
    for rule in rules:
        if rule.first_id in people and rule.second_id in people:
            low, high = sorted((people[rule.first_id].id, people[rule.second_id].id))
            db.session.add(PairRule(workshop_id=copy.id, first_id=low, second_id=high,
                                    kind=rule.kind))


def partners_at(workshop: Workshop, person: Participant, round_number: int) -> set[int]:
    """Ids of the tables where someone `person` must be kept apart from sits in a round."""
    others = set()
    for rule in _rules(workshop):
        if rule.kind is PairKind.NEVER or round_number == 1:
            if rule.first_id == person.id:
                others.add(rule.second_id)
            elif rule.second_id == person.id:
                others.add(rule.first_id)
    if not others:
        return set()
    round_ = workshop.rounds[round_number - 1]
    return set(db.session.scalars(select(Seat.table_id).where(
        Seat.round_id == round_.id, Seat.participant_id.in_(others))))


def _names(workshop: Workshop, ids) -> list[str]:
    people = {str(p.id): p.display_name for p in workshop.participants}
    return [people.get(pid, pid) for pid in ids]


def _break_message(workshop: Workshop, broken: rotation.PairBreak) -> str:
    first, second = _names(workshop, (broken.first, broken.second))
    return _("Round %(round)s: %(first)s and %(second)s sit together at table %(table)s, "
             "but a pair rule keeps them apart.", round=broken.round + 1, first=first,
             second=second, table=broken.table + 1)


def _conflicts_message(workshop: Workshop, conflicts) -> str:
    reasons = " ".join(_conflict_message(workshop, c) for c in conflicts[:5])
    return _("The pair rules cannot all hold. %(reasons)s Remove or change a rule, release "
             "the hand placements, or add a table.", reasons=reasons)


def _conflict_message(workshop: Workshop, conflict: rotation.PairConflict) -> str:
    names = _names(workshop, conflict.people)
    number = conflict.round + 1
    if conflict.reason == "together":
        return _("Round %(round)s: %(first)s and %(second)s are both placed at table %(table)s "
                 "(a host, or placed by hand).", round=number, first=names[0], second=names[1],
                 table=conflict.table + 1)
    if conflict.reason == "no_table":
        return _("Round %(round)s: %(name)s cannot sit at any table: every table holds "
                 "someone they must be kept apart from (%(others)s).", round=number,
                 name=names[0], others=", ".join(names[1:]))
    if conflict.reason == "crowded":
        return _("Round %(round)s: %(name)s must be kept apart from so many people "
                 "(%(others)s) that no table can be filled around them.", round=number,
                 name=names[0], others=", ".join(names[1:]))
    if conflict.reason == "too_many":
        return _("Round %(round)s: %(names)s must all sit apart from each other, but there "
                 "are only %(tables)s tables.", round=number, names=", ".join(names),
                 tables=conflict.tables)
    if conflict.reason == "apart":
        return _("Round %(round)s: the tables cannot keep %(names)s apart from each other.",
                 round=number, names=", ".join(names))
    return _("Round %(round)s: %(first)s and %(second)s could not be kept apart.",
             round=number, first=names[0], second=names[1])
