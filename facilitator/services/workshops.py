"""Designing a workshop: create, edit, duplicate, tables, rounds, readiness."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from facilitator.domain import synthesizing as synthesizing_rules
from facilitator.domain import workshop as rules
from facilitator.domain.workshop import Mode, Role, Status
from facilitator.extensions import db
from facilitator.models import Participant, Round, Table, User, Workshop
from facilitator.services import NotFound, UserError, of_workshop, seating


def list_for(user: User) -> list[Workshop]:
    return list(db.session.scalars(
        select(Workshop).where(Workshop.owner_id == user.id)
        .order_by(Workshop.date.desc().nulls_last(), Workshop.id.desc())))


def get_owned(user: User, workshop_id: int) -> Workshop:
    """The workshop if `user` owns it; NotFound otherwise, so ids of others stay secret."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.owner_id != user.id:
        raise NotFound(workshop_id)
    return workshop


def by_id(workshop_id: int) -> Workshop | None:
    """For background work with no viewer to check (the live boards' flush)."""
    return db.session.get(Workshop, workshop_id)


def find_open_by_code(code: str) -> Workshop | None:
    """The open workshop a participant's code points to, if any."""
    return db.session.scalar(select(Workshop).where(
        Workshop.join_code == code, Workshop.status.in_(rules.OPEN_STATUSES)))


def _unique_join_code() -> str:
    taken = set(db.session.scalars(select(Workshop.join_code)))
    return rules.new_join_code(taken)


def create(user: User, *, title: str, language: str = "fr", mode: Mode = Mode.QUESTION,
           date_: date | None = None, place: str = "", brief: str = "", etiquette: str = "",
           hold_notes: bool = False, participant_photos: bool = False, tables: int = 0,
           rounds: int = 0, phases: tuple[int, int, int] | None = None,
           starts_at: time | None = None, ends_at: time | None = None,
           rotation_minutes: int = rules.DEFAULT_ROTATION_MINUTES,
           plenary_minutes: int = rules.DEFAULT_PLENARY_MINUTES) -> Workshop:
    """A new draft with its essentials: `tables` numbered tables and `rounds` rounds (their
    questions to write) of the given phase lengths."""
    workshop = Workshop(owner_id=user.id, title=title.strip(), language=language, mode=mode,
                        date=date_, place=place.strip(), brief=brief.strip(),
                        etiquette=etiquette.strip(), hold_notes=hold_notes,
                        participant_photos=participant_photos, join_code=_unique_join_code(),
                        starts_at=starts_at, ends_at=ends_at,
                        rotation_minutes=rotation_minutes, plenary_minutes=plenary_minutes)
    for number in range(1, min(tables, rules.MAX_TABLES) + 1):
        workshop.tables.append(Table(number=number,
                                     name=_("Table %(number)s", number=number)))
    reflection, sharing, discussion = phases or tuple(
        rules.DEFAULT_PHASE_MINUTES[p] for p in rules.Phase)
    for number in range(1, min(rounds, rules.MAX_ROUNDS) + 1):
        workshop.rounds.append(Round(number=number, question="",
                                     reflection_minutes=reflection, sharing_minutes=sharing,
                                     discussion_minutes=discussion))
    db.session.add(workshop)
    db.session.commit()
    return workshop


def update(workshop: Workshop, **fields) -> Workshop:
    for name, value in fields.items():
        # Strip typed text only: str-based enums (Mode, Status) must stay enums.
        setattr(workshop, name, value.strip() if type(value) is str else value)
    _settle_status(workshop)
    db.session.commit()
    return workshop


def delete(workshop: Workshop) -> None:
    db.session.delete(workshop)
    db.session.commit()


@dataclass(frozen=True)
class CopyChoices:
    """What a copy takes from its source; the brief and the craft options always come."""
    tables: bool = True
    rounds: bool = True            # the rounds with their questions and phase lengths
    roster: bool = False           # the people, their hosting and the pair rules
    diagnostic: bool = False       # the imported feedback, its stages and theme edits


def duplicate(workshop: Workshop, choices: CopyChoices = CopyChoices()) -> Workshop:
    """A new draft with what the facilitator chose of this one, as a template."""
    copy = Workshop(owner_id=workshop.owner_id, title=_("%(title)s (copy)", title=workshop.title),
                    language=workshop.language, mode=workshop.mode, place=workshop.place,
                    brief=workshop.brief, etiquette=workshop.etiquette,
                    hold_notes=workshop.hold_notes, participant_photos=workshop.participant_photos,
                    starts_at=workshop.starts_at, ends_at=workshop.ends_at,
                    rotation_minutes=workshop.rotation_minutes,
                    plenary_minutes=workshop.plenary_minutes, join_code=_unique_join_code())
    table_copies = {}
    for table in workshop.tables if choices.tables else ():
        table_copies[table.id] = Table(number=table.number, name=table.name, theme=table.theme,
                                       capacity=table.capacity)
        copy.tables.append(table_copies[table.id])
    for round_ in workshop.rounds if choices.rounds else ():
        copy.rounds.append(Round(number=round_.number, question=round_.question,
                                 kind=round_.kind, synthesizing=round_.synthesizing,
                                 reflection_minutes=round_.reflection_minutes,
                                 sharing_minutes=round_.sharing_minutes,
                                 discussion_minutes=round_.discussion_minutes))
    db.session.add(copy)
    if choices.roster:
        people = {}
        for person in workshop.participants:
            people[person.id] = Participant(
                display_name=person.display_name, email=person.email,
                department=person.department, role=person.role,
                host_table=table_copies.get(person.host_table_id))
            copy.participants.append(people[person.id])
        seating.copy_pair_rules(workshop, copy, people)
        db.session.flush()
        _assign_free_hosts(copy)
    if choices.diagnostic:
        from facilitator.services import diagnostic  # it imports this module
        db.session.flush()
        diagnostic.copy_to(workshop, copy)
    db.session.commit()
    return copy


# Tables ---------------------------------------------------------------------------------

def add_table(workshop: Workshop, *, name: str = "", theme: str = "",
              capacity: int | None = None) -> Table:
    number = max((t.number for t in workshop.tables), default=0) + 1
    table = Table(number=number, name=name.strip() or _("Table %(number)s", number=number),
                  theme=theme.strip(), capacity=capacity)
    workshop.tables.append(table)
    settle_design(workshop)
    db.session.commit()
    return table


def set_table_count(workshop: Workshop, count: int) -> None:
    """Add tables up to `count` (never removes one that exists: it may hold a host)."""
    while len(workshop.tables) < count:
        number = max((t.number for t in workshop.tables), default=0) + 1
        workshop.tables.append(Table(number=number, name=_("Table %(number)s", number=number)))
    settle_design(workshop)
    db.session.commit()


def get_table(workshop: Workshop, table_id: int) -> Table:
    return of_workshop(Table, workshop, table_id)


def update_table(table: Table, *, name: str, theme: str, capacity: int | None) -> None:
    table.name, table.theme, table.capacity = name.strip(), theme.strip(), capacity
    db.session.commit()


def delete_table(workshop: Workshop, table: Table) -> None:
    workshop.tables.remove(table)
    db.session.flush()
    _renumber(list(workshop.tables))
    _settle_status(workshop)
    db.session.commit()


# Rounds ---------------------------------------------------------------------------------

def add_round(workshop: Workshop, *, question: str, reflection: int | None = None,
              sharing: int | None = None, discussion: int | None = None,
              synthesizing: bool = False) -> Round:
    defaults = rules.DEFAULT_PHASE_MINUTES
    number = len(workshop.rounds) + 1
    round_ = Round(number=number, synthesizing=synthesizing,
                   question=_round_question(workshop, number, question, synthesizing),
                   reflection_minutes=reflection or defaults[rules.Phase.REFLECTION],
                   sharing_minutes=sharing or defaults[rules.Phase.SHARING],
                   discussion_minutes=discussion or defaults[rules.Phase.DISCUSSION])
    workshop.rounds.append(round_)
    _settle_status(workshop)
    db.session.commit()
    return round_


def get_round(workshop: Workshop, round_id: int) -> Round:
    return of_workshop(Round, workshop, round_id)


def update_round(workshop: Workshop, round_: Round, *, question: str, reflection: int,
                 sharing: int, discussion: int, synthesizing: bool | None = None) -> None:
    flag = round_.synthesizing if synthesizing is None else synthesizing
    round_.question = _round_question(workshop, round_.number, question, flag)
    round_.synthesizing = flag
    round_.reflection_minutes, round_.sharing_minutes = reflection, sharing
    round_.discussion_minutes = discussion
    _settle_status(workshop)
    db.session.commit()


def _round_question(workshop: Workshop, number: int, question: str, synthesizing: bool) -> str:
    """The question as written; a synthesizing round left blank gets the suggested one, in
    the workshop's language. Round 1 cannot synthesize: nothing has been heard yet."""
    if synthesizing and not synthesizing_rules.may_synthesize(number):
        raise UserError(_("Round 1 cannot be a synthesizing round: nothing has been heard "
                          "at the tables yet. Make it round 2 or later."))
    question = question.strip()
    if synthesizing and not question:
        return synthesizing_rules.suggested_question(workshop.language)
    return question


def delete_round(workshop: Workshop, round_: Round) -> None:
    _require_heard_first([r for r in workshop.rounds if r is not round_])
    workshop.rounds.remove(round_)
    db.session.flush()
    _renumber(list(workshop.rounds))
    _settle_status(workshop)
    db.session.commit()


def move_round(workshop: Workshop, round_: Round, offset: int) -> None:
    """Move a round up (-1) or down (+1) in the running order."""
    rounds = list(workshop.rounds)
    index = rounds.index(round_)
    target = index + offset
    if not 0 <= target < len(rounds):
        return
    rounds[index], rounds[target] = rounds[target], rounds[index]
    _require_heard_first(rounds)
    _renumber(rounds)
    db.session.commit()


def _require_heard_first(rounds: list[Round]) -> None:
    """A synthesizing round connects what the tables heard: it can never be the first."""
    if rounds and rounds[0].synthesizing:
        raise UserError(_("A synthesizing round cannot come first: nothing has been heard at "
                          "the tables yet."))


def _renumber(items) -> None:
    # Two passes: the (workshop, number) unique constraint must hold after each UPDATE.
    ordered = list(items)
    for offset, item in enumerate(ordered, start=1):
        item.number = -offset
    db.session.flush()
    for offset, item in enumerate(ordered, start=1):
        item.number = offset
    db.session.flush()


# Hosts and readiness --------------------------------------------------------------------

def settle_design(workshop: Workshop) -> None:
    """After the tables or the roster changed: hosts without a table take a free one, and a
    ready workshop whose design broke goes back to draft. The caller commits."""
    db.session.flush()
    _assign_free_hosts(workshop)
    _settle_status(workshop)


def _assign_free_hosts(workshop: Workshop) -> None:
    """Seat each host without a table at the first table without a host."""
    hosted = {p.host_table_id for p in workshop.participants if p.is_host and p.host_table_id}
    free = [t for t in workshop.tables if t.id not in hosted]
    for person in workshop.participants:
        if person.is_host and person.host_table_id is None and free:
            person.host_table = free.pop(0)
            person.host_table_id = person.host_table.id


def design_facts(workshop: Workshop) -> rules.DesignFacts:
    hosts_by_table: dict[int, list[str]] = {}
    unseated = []
    for person in workshop.participants:
        if person.role is Role.HOST:
            if person.host_table_id is None:
                unseated.append(person.display_name)
            else:
                hosts_by_table.setdefault(person.host_table_id, []).append(person.display_name)
    return rules.DesignFacts(
        title=workshop.title, mode=workshop.mode, people=len(workshop.participants),
        tables=tuple(rules.TableFacts(t.number, _own_name(t), tuple(hosts_by_table.get(t.id, ())))
                     for t in workshop.tables),
        rounds=tuple(rules.RoundFacts(r.number, r.question, r.synthesizing)
                     for r in workshop.rounds),
        unseated_hosts=tuple(unseated))


def _own_name(table: Table) -> str:
    """The table's name when the facilitator gave one: "Table 1 (Table 1)" says nothing."""
    defaults = {str(table.number), _("Table %(number)s", number=table.number),
                f"Table {table.number}"}
    return "" if table.name.strip() in defaults else table.name


def readiness(workshop: Workshop) -> list[rules.Check]:
    return rules.checklist(design_facts(workshop))


def path(workshop: Workshop, checks: list[rules.Check] | None = None) -> list[rules.Step]:
    """The preparation path, each step with its state."""
    from facilitator.services import actionplan, diagnostic  # they import this module
    checks = readiness(workshop) if checks is None else checks
    run = workshop.run
    planned = seating.view(workshop, played=0) if workshop.tables and workshop.rounds else None
    facts = rules.PathFacts(
        brief=bool(workshop.brief.strip()) and workshop.date is not None,
        diagnostic=diagnostic.response_count(workshop) > 0,
        seating_planned=bool(planned and planned.rounds),
        seating_problems=bool(planned and planned.rounds and planned.problems),
        rehearsed=workshop.rehearsed_at is not None,
        doors_open=run is not None and not run.rehearsal,
        closed=workshop.status is Status.CLOSED,
        actions=actionplan.has_actions(workshop))
    return rules.path(checks, facts)


def agenda(workshop: Workshop) -> rules.Agenda:
    """The café's timing end to end, against the time slot when there is one."""
    def hm(moment: time | None):
        return (moment.hour, moment.minute) if moment else None
    return rules.agenda(
        [(r.reflection_minutes, r.sharing_minutes, r.discussion_minutes)
         for r in workshop.rounds],
        rotation=workshop.rotation_minutes, plenary=workshop.plenary_minutes,
        slot=rules.slot_minutes(hm(workshop.starts_at), hm(workshop.ends_at)))


def clock(workshop: Workshop, minutes: int) -> time | None:
    """The time of day `minutes` after the slot's start; None without a start time."""
    if workshop.starts_at is None:
        return None
    start = datetime.combine(date(2000, 1, 1), workshop.starts_at)
    return (start + timedelta(minutes=minutes)).time()


def mark_ready(workshop: Workshop) -> None:
    if workshop.status is not Status.DRAFT:
        return
    if not rules.is_ready(readiness(workshop)):
        raise UserError(_("The workshop is not ready yet: fix the items marked in the checklist."))
    workshop.status = Status.READY
    db.session.commit()


def _settle_status(workshop: Workshop) -> None:
    """A ready workshop whose design was broken by an edit goes back to draft."""
    db.session.flush()
    if workshop.status is Status.READY and not rules.is_ready(readiness(workshop)):
        workshop.status = Status.DRAFT
