"""Running a workshop live: open it, join, drive the rounds, seat and move people, presence.
Notes are services.notes.

Every use case commits once and returns plain data for the socket layer to emit. The run
row's `version` makes each transition happen once, whichever process or timer tries it.
"""
from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime, timedelta, timezone

from flask_babel import gettext as _
from sqlalchemy import select, update

from facilitator.domain import context
from facilitator.domain import run as machine
from facilitator.domain.run import Command, RunError, Stage
from facilitator.domain.workshop import (DEPARTMENT_MAX_LENGTH, NAME_MAX_LENGTH,
                                         Phase, Role, Status)
from facilitator.extensions import db
from facilitator.models import Participant, Round, Run, Seat, Table, Workshop
from facilitator.services import UserError, of_workshop, seating

PRESENCE_WINDOW = timedelta(seconds=75)
SHARING_PHASES = (Phase.SHARING, Phase.DISCUSSION)
BROADCAST_MAX_LENGTH = 280


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def epoch_ms(moment: datetime | None) -> int | None:
    """UTC milliseconds since the epoch, as the protocol carries times."""
    if moment is None:
        return None
    return int(moment.replace(tzinfo=timezone.utc).timestamp() * 1000)


class LiveError(UserError):
    """A refusal with a protocol error code (docs/realtime.md) and a translated message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# Opening and joining -----------------------------------------------------------------------

def open_workshop(workshop: Workshop) -> Run:
    """Ready -> live: the lobby opens, phones can join, the seating is planned if needed."""
    if workshop.run is not None:
        return workshop.run
    if workshop.status is not Status.READY:
        raise LiveError("state", _("Only a ready workshop can be opened: finish the checklist."))
    view = seating.view(workshop)
    if not view.rounds or view.problems:
        seating.replan(workshop)
    workshop.status = Status.LIVE
    workshop.run = Run(stage=Stage.LOBBY)
    db.session.commit()
    return workshop.run


def find_by_code(code: str) -> Workshop | None:
    from facilitator.services.workshops import find_open_by_code
    return find_open_by_code(code)


def find_closed_by_code(code: str) -> Workshop | None:
    """A workshop that is over, for the join page to say so (its code stays reserved)."""
    return db.session.scalar(select(Workshop).where(Workshop.join_code == code,
                                                    Workshop.status == Status.CLOSED))


def joinable(workshop: Workshop) -> bool:
    return workshop.run is not None and workshop.run.stage is not Stage.CLOSED


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def participant_by_token(workshop: Workshop, token: str | None) -> Participant | None:
    if not token or len(token) > 200:
        return None
    person = db.session.scalar(select(Participant).where(
        Participant.token_hash == hash_token(token), Participant.workshop_id == workshop.id))
    return person


def unclaimed(workshop: Workshop) -> list[Participant]:
    return [p for p in workshop.participants
            if p.token_hash is None and p.leaves_round is None and not p.erased]


def _issue_token(person: Participant) -> str:
    token = secrets.token_urlsafe(32)
    person.token_hash = hash_token(token)
    person.joined_at = person.joined_at or utcnow()
    return token


# A seat belongs to one device until the facilitator says otherwise -----------------------

CLAIM_WAIT = timedelta(minutes=15)
WALK_IN_MARGIN = 0.25  # the default cap: a quarter of the roster, at least MIN_WALK_INS
MIN_WALK_INS = 5


def _claimable(workshop: Workshop, participant_id: int) -> Participant:
    _require_joinable(workshop)
    person = db.session.get(Participant, participant_id)
    if person is None or person.workshop_id != workshop.id or person.erased:
        raise LiveError("not_found", _("This name is not on the roster."))
    return person


def claim(workshop: Workshop, participant_id: int) -> tuple[Participant, str]:
    """A roster member takes their name on this phone; a name already joined on another
    device is refused with the code "claimed" (see request_claim)."""
    person = _claimable(workshop, participant_id)
    if person.token_hash is not None:
        raise LiveError("claimed", _("%(name)s has already joined on another device.",
                                     name=person.display_name))
    token = _issue_token(person)
    db.session.commit()
    return person, token


def request_claim(workshop: Workshop, participant_id: int) -> tuple[Participant, str]:
    """A second device asks for a name already joined: it gets a token that works only once
    the facilitator approves. A newer request replaces an older one."""
    person = _claimable(workshop, participant_id)
    if person.token_hash is None:
        return claim(workshop, participant_id)
    token = secrets.token_urlsafe(32)
    person.claim_hash, person.claim_requested_at = hash_token(token), utcnow()
    db.session.commit()
    return person, token


def pending_claim(workshop: Workshop, token: str | None) -> Participant | None:
    """The person this device asked to become, while the facilitator has not answered."""
    if not token or len(token) > 200:
        return None
    person = db.session.scalar(select(Participant).where(
        Participant.claim_hash == hash_token(token), Participant.workshop_id == workshop.id))
    if person is None or person.claim_requested_at < utcnow() - CLAIM_WAIT:
        return None
    return person


def joined_elsewhere(workshop: Workshop) -> list[Participant]:
    """Names already joined on a device, which a second device may ask for."""
    return [p for p in workshop.participants if p.token_hash is not None and not p.erased]


def has_pending_claim(person: Participant) -> bool:
    return (person.claim_hash is not None and person.claim_requested_at is not None
            and person.claim_requested_at >= utcnow() - CLAIM_WAIT)


def answer_claim(workshop: Workshop, person: Participant, approve: bool) -> bool:
    """The facilitator gives the seat to the device that asked (the first device loses it),
    or refuses. Returns whether a request was approved."""
    if not has_pending_claim(person):
        person.claim_hash = person.claim_requested_at = None
        db.session.commit()
        raise LiveError("state", _("%(name)s has no request from a new device (or it "
                                   "expired).", name=person.display_name))
    if approve:
        person.token_hash = person.claim_hash
    person.claim_hash = person.claim_requested_at = None
    db.session.commit()
    return approve


def walk_in_cap(workshop: Workshop) -> int:
    """How many people may join who are not on the roster."""
    if workshop.walk_in_cap is not None:
        return workshop.walk_in_cap
    roster = sum(1 for p in workshop.participants if not p.walked_in)
    return max(MIN_WALK_INS, math.ceil(roster * WALK_IN_MARGIN))


def walk_ins(workshop: Workshop) -> int:
    return sum(1 for p in workshop.participants if p.walked_in)


def set_walk_in_cap(workshop: Workshop, cap: int | None) -> None:
    if cap is not None and not 0 <= cap <= MAX_WALK_IN_CAP:
        raise LiveError("invalid", _("Walk-ins: a number from 0 to %(limit)s.",
                                     limit=MAX_WALK_IN_CAP))
    workshop.walk_in_cap = cap
    db.session.commit()


MAX_WALK_IN_CAP = 200


def walk_in(workshop: Workshop, name: str, department: str) -> tuple[Participant, str]:
    """Someone not on the roster: added, then given a seat at the smallest table of each
    round to come (a late arrival). A name already on the roster makes a new person, with
    a number after the name: the seat of the roster member is never taken this way."""
    _require_joinable(workshop)
    name, department = " ".join(name.split()), " ".join(department.split())
    if not name:
        raise LiveError("invalid", _("Please give your name."))
    if len(name) > NAME_MAX_LENGTH or len(department) > DEPARTMENT_MAX_LENGTH:
        raise LiveError("invalid", _("Name and department must be at most %(limit)s characters.",
                                     limit=NAME_MAX_LENGTH))
    if walk_ins(workshop) >= walk_in_cap(workshop):
        raise LiveError("full", _("No more places for people who are not on the list: ask the "
                                  "facilitator."))
    run = workshop.run
    person = Participant(display_name=_distinct_name(workshop, name), department=department,
                         role=Role.PARTICIPANT, walked_in=True,
                         arrives_round=_first_open_round(run) if run.round_number else None)
    workshop.participants.append(person)
    db.session.flush()
    token = _issue_token(person)
    _seat_newcomer(workshop, person)
    db.session.commit()
    return person, token


def _distinct_name(workshop: Workshop, name: str) -> str:
    """`name`, or `name (2)`, `name (3)`... when someone already bears it."""
    taken = {p.display_name.casefold() for p in workshop.participants}
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[:NAME_MAX_LENGTH - len(suffix)] + suffix
    return candidate


def _require_joinable(workshop: Workshop) -> None:
    if not joinable(workshop):
        raise LiveError("state", _("This workshop is not open for joining."))


def revoke(workshop: Workshop, person: Participant) -> None:
    """The facilitator releases a name: the old phone's token stops working (the socket
    layer disconnects it), and so does a pending request from another device."""
    person.token_hash = None
    person.claim_hash = person.claim_requested_at = None
    db.session.commit()


# Rounds and seats ------------------------------------------------------------------------

def rounds_played(workshop: Workshop) -> int:
    """Rounds whose seating is history: none before the doors open."""
    return _played(workshop.run)


def _played(run: Run | None) -> int:
    """Rounds whose seating is history for the engine: the current one is in the room."""
    if run is None:
        return 0
    return min(run.round_number, len(run.workshop.rounds))


def _first_open_round(run: Run) -> int:
    """The first round (1-based) that the engine may still change."""
    return _played(run) + 1


def _seat_newcomer(workshop: Workshop, person: Participant) -> None:
    """Seat a late arrival at the smallest table of the running round and of each round to
    come: a few inserts, not a re-plan (sixty walk-ins must not cost a minute of engine
    time while phones wait). Before a round starts, a plan that breaks a rule is re-planned
    anyway (_check_seating_before)."""
    run = workshop.run
    first = run.round_number if run.stage is Stage.ROUND else _first_open_round(run)
    if run.stage is Stage.ROUND:
        person.arrives_round = run.round_number
    if first < 1:
        first = 1
    rounds = workshop.rounds[first - 1:]
    if not rounds or not workshop.tables:
        return
    sizes = {(r, t.id): 0 for r in (x.id for x in rounds) for t in workshop.tables}
    for round_id, table_id in db.session.execute(select(Seat.round_id, Seat.table_id).where(
            Seat.round_id.in_([r.id for r in rounds]))):
        sizes[(round_id, table_id)] = sizes.get((round_id, table_id), 0) + 1
    visited: set[int] = set()
    for round_ in rounds:
        # Away from anyone a pair rule keeps them from, then a table not yet visited.
        kept_from = seating.partners_at(workshop, person, round_.number)
        table = min(workshop.tables, key=lambda t: (t.id in kept_from,
                                                    sizes[(round_.id, t.id)],
                                                    t.id in visited, t.number))
        visited.add(table.id)
        db.session.add(Seat(workshop_id=workshop.id, round_id=round_.id, table_id=table.id,
                            participant_id=person.id))
    db.session.flush()


def seat_of(workshop: Workshop, person: Participant, round_number: int) -> Table | None:
    if not 1 <= round_number <= len(workshop.rounds):
        return None
    round_ = workshop.rounds[round_number - 1]
    seat = db.session.scalar(select(Seat).where(Seat.round_id == round_.id,
                                                Seat.participant_id == person.id))
    return seat.table if seat else None


def people_at(workshop: Workshop, table: Table, round_number: int) -> list[Participant]:
    round_ = workshop.rounds[round_number - 1]
    seats = db.session.scalars(select(Seat).where(Seat.round_id == round_.id,
                                                  Seat.table_id == table.id)).all()
    people = [s.participant for s in seats]
    return sorted(people, key=lambda p: (not p.is_host, p.display_name.casefold()))


def move(workshop: Workshop, person: Participant, table_number: int) -> None:
    """The facilitator moves someone: now if a round runs, else in the round to come."""
    table = _table(workshop, table_number)
    run = workshop.run
    if person.is_host:
        raise LiveError("state", _("%(name)s hosts a table and stays there: replace the host "
                                   "first.", name=person.display_name))
    if run is not None and run.stage is Stage.ROUND:
        seating.pin(workshop, person, workshop.rounds[run.round_number - 1], table)
        if _played(run) < len(workshop.rounds):
            seating.replan(workshop, played=_played(run), time_limit=0.5)
        db.session.commit()
        return
    upcoming = workshop.rounds[_played(run)] if _played(run) < len(workshop.rounds) else None
    if upcoming is None:
        raise LiveError("state", _("There is no round left to seat."))
    seating.move(workshop, person, upcoming, table, played=_played(run), time_limit=0.5)


def set_absent(workshop: Workshop, person: Participant, absent: bool) -> None:
    """Someone leaves (or comes back): the rounds to come are re-planned without (with) them."""
    if person.is_host and absent:
        raise LiveError("state", _("%(name)s hosts a table: replace the host first.",
                                   name=person.display_name))
    first_open = _first_open_round(workshop.run)
    if absent:
        person.leaves_round = first_open
    else:
        person.leaves_round = None
        if workshop.run is not None and workshop.run.round_number:
            person.arrives_round = max(person.arrives_round or 0, first_open)
    db.session.flush()
    if first_open <= len(workshop.rounds):
        seating.replan(workshop, played=_played(workshop.run), time_limit=0.5)
    db.session.commit()


def replace_host(workshop: Workshop, table_number: int, person: Participant) -> None:
    """`person` hosts the table from the next round on; the former host becomes a participant."""
    table = _table(workshop, table_number)
    if person.is_host:
        raise LiveError("state", _("%(name)s already hosts a table.", name=person.display_name))
    for former in workshop.participants:
        if former.hosts(table.id):
            former.role, former.host_table = Role.PARTICIPANT, None
    person.role, person.host_table = Role.HOST, table
    person.leaves_round = None
    db.session.flush()
    run = workshop.run
    if _played(run) < len(workshop.rounds):
        seating.replan(workshop, played=_played(run), time_limit=0.5)
    db.session.commit()


def _table(workshop: Workshop, number: int) -> Table:
    for table in workshop.tables:
        if table.number == number:
            return table
    raise LiveError("not_found", _("There is no table %(number)s.", number=number))


# The run -----------------------------------------------------------------------------------

def speed(workshop: Workshop) -> int:
    """How many times faster than planned the phases run: 1, except in a rehearsal."""
    run = workshop.run
    return max(1, run.speed) if run is not None and run.rehearsal else 1


def _timing(workshop: Workshop) -> machine.Timing:
    factor = speed(workshop)
    return machine.Timing(rounds=len(workshop.rounds), minutes=tuple(
        {phase: r.minutes(phase) / factor for phase in machine.PHASES}
        for r in workshop.rounds))


def command(workshop: Workshop, name: str, seconds: int = 0,
            expected_version: int | None = None) -> Run:
    """Apply a facilitator's command to the run, once. With `expected_version`, a command
    sent for a state that has moved on (a retry, a second console) is refused."""
    run = _require_run(workshop)
    if expected_version is not None and expected_version != run.version:
        raise LiveError("state", _("The run changed meanwhile: look at the screen and try "
                                   "again."))
    try:
        cmd = Command(name)
    except ValueError:
        raise LiveError("invalid", _("Unknown command.")) from None
    if cmd is Command.START_ROUND:
        _check_seating_before(workshop, run.round_number + 1)
    try:
        # "+1 min" in a rehearsal is one rehearsed minute: sped up like the phases.
        new = machine.apply(run.state(), cmd, utcnow(), _timing(workshop),
                            seconds / speed(workshop))
    except RunError as error:
        raise LiveError("state", run_error_message(error)) from error
    _save_state(workshop, run, new)
    return run


def _check_seating_before(workshop: Workshop, round_number: int) -> None:
    """Before a round starts, everyone present must have a seat: re-plan if not."""
    view = seating.view(workshop, played=round_number - 1)
    if view.problems or not view.rounds:
        seating.replan(workshop, played=round_number - 1, time_limit=0.5)


def _save_state(workshop: Workshop, run: Run, new: machine.RunState) -> None:
    result = db.session.execute(
        update(Run).where(Run.workshop_id == workshop.id, Run.version == run.version)
        .values(stage=new.stage, round_number=new.round_number, phase=new.phase,
                deadline=new.deadline, paused_remaining=new.paused_remaining,
                version=new.version, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise LiveError("state", _("Someone else changed the run at the same moment: look at "
                                   "the screen and try again."))
    if new.stage is Stage.PLENARY:
        workshop.status = Status.PLENARY
    elif new.stage is Stage.CLOSED:
        workshop.status = Status.CLOSED
    db.session.commit()
    db.session.refresh(run)


def set_auto_advance(workshop: Workshop, enabled: bool) -> Run:
    run = _require_run(workshop)
    run.auto_advance = enabled
    run.version += 1
    db.session.commit()
    return run


def tick(now: datetime | None = None) -> list[int]:
    """End every expired phase whose run advances on time. Returns the workshops changed."""
    now = now or utcnow()
    due = db.session.scalars(select(Run).where(
        Run.stage == Stage.ROUND, Run.auto_advance.is_(True), Run.paused_remaining.is_(None),
        Run.deadline <= now)).all()
    changed = []
    for run in due:
        new = machine.advance_on_time(run.state(), now, _timing(run.workshop))
        if new is None:
            continue
        try:
            _save_state(run.workshop, run, new)
            changed.append(run.workshop_id)
        except LiveError:  # another process got there first
            continue
    return changed


def show_slide(workshop: Workshop, index: int) -> Run:
    """Put one of the context slides on the projector, in the lobby before round 1."""
    run = _require_run(workshop)
    if run.stage is not Stage.LOBBY:
        raise LiveError("not_now", _("The context slides are shown in the lobby, before "
                                     "round 1."))
    if not 0 <= index < len(context.SLIDES):
        raise LiveError("invalid", _("There is no such slide."))
    run.slide = index
    run.version += 1
    db.session.commit()
    return run


def broadcast(workshop: Workshop, text: str) -> Run:
    run = _require_run(workshop)
    text = " ".join(text.split())
    if len(text) > BROADCAST_MAX_LENGTH:
        raise LiveError("invalid", _("A message is at most %(limit)s characters.",
                                     limit=BROADCAST_MAX_LENGTH))
    run.message, run.message_at = text, utcnow() if text else None
    db.session.commit()
    return run


def _require_run(workshop: Workshop) -> Run:
    if workshop.run is None:
        raise LiveError("state", _("The workshop is not open yet."))
    return workshop.run


def run_error_message(error: RunError) -> str:
    messages = {
        "not_between_rounds": _("A round is already running: end it first."),
        "no_more_rounds": _("All rounds have been played: go to the plenary."),
        "no_round_running": _("No round is running."),
        "already_paused": _("The timer is already paused."),
        "not_paused": _("The timer is not paused."),
        "bad_extension": _("Extend by 1 to %(limit)s minutes.", **error.params),
        "first_phase": _("This is the first phase of the round."),
        "already_in_plenary": _("The plenary has already started."),
        "already_closed": _("The workshop is already closed."),
    }
    return messages[error.code]


# Presence ----------------------------------------------------------------------------------

def touch(person: Participant, connected: bool = True) -> None:
    person.last_seen_at = utcnow() if connected else utcnow() - PRESENCE_WINDOW * 2
    db.session.commit()


def touch_many(participant_ids: set[int]) -> None:
    """Mark everyone whose socket is open as seen now, in one statement."""
    if not participant_ids:
        return
    db.session.execute(update(Participant).where(Participant.id.in_(participant_ids))
                       .values(last_seen_at=utcnow()))
    db.session.commit()


def is_connected(person: Participant, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return person.last_seen_at is not None and now - person.last_seen_at < PRESENCE_WINDOW


def person_by_id(participant_id: int) -> Participant | None:
    """The person a socket joined as (its workshop is checked by the caller's viewer)."""
    return db.session.get(Participant, participant_id)


def table_and_round(table_id: int, round_id: int) -> tuple[Table | None, Round | None]:
    return db.session.get(Table, table_id), db.session.get(Round, round_id)


def get_participant(workshop: Workshop, participant_id: int) -> Participant:
    return of_workshop(Participant, workshop, participant_id)
