"""Designing a workshop: create, edit, duplicate, tables, rounds, readiness."""
from __future__ import annotations

from datetime import date

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
           hold_notes: bool = False, participant_photos: bool = False) -> Workshop:
    workshop = Workshop(owner_id=user.id, title=title.strip(), language=language, mode=mode,
                        date=date_, place=place.strip(), brief=brief.strip(),
                        etiquette=etiquette.strip(), hold_notes=hold_notes,
                        participant_photos=participant_photos, join_code=_unique_join_code())
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


def duplicate(workshop: Workshop, *, include_roster: bool = False) -> Workshop:
    """A new draft with the same design, as a template for the next session."""
    copy = Workshop(owner_id=workshop.owner_id, title=_("%(title)s (copy)", title=workshop.title),
                    language=workshop.language, mode=workshop.mode, place=workshop.place,
                    brief=workshop.brief, etiquette=workshop.etiquette,
                    hold_notes=workshop.hold_notes, participant_photos=workshop.participant_photos,
                    join_code=_unique_join_code())
    table_copies = {}
    for table in workshop.tables:
        table_copies[table.id] = Table(number=table.number, name=table.name, theme=table.theme,
                                       capacity=table.capacity)
        copy.tables.append(table_copies[table.id])
    for round_ in workshop.rounds:
        copy.rounds.append(Round(number=round_.number, question=round_.question,
                                 synthesizing=round_.synthesizing,
                                 reflection_minutes=round_.reflection_minutes,
                                 sharing_minutes=round_.sharing_minutes,
                                 discussion_minutes=round_.discussion_minutes))
    db.session.add(copy)
    if include_roster:
        people = {}
        for person in workshop.participants:
            people[person.id] = Participant(
                display_name=person.display_name, email=person.email,
                department=person.department, role=person.role,
                host_table=table_copies.get(person.host_table_id))
            copy.participants.append(people[person.id])
        seating.copy_pair_rules(workshop, copy, people)
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
        tables=tuple(rules.TableFacts(t.number, t.label, tuple(hosts_by_table.get(t.id, ())))
                     for t in workshop.tables),
        rounds=tuple(rules.RoundFacts(r.number, r.question, r.synthesizing)
                     for r in workshop.rounds),
        unseated_hosts=tuple(unseated))


def readiness(workshop: Workshop) -> list[rules.Check]:
    return rules.checklist(design_facts(workshop))


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
