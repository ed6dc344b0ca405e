"""A rehearsal: the whole workshop run before the day on the real console, projector and
phones, with the roster's people simulated (notes drawn from the diagnostic's verbatims,
hosts writing key points and a solution), phases sped up; then everything it wrote is
erased and the workshop is ready again, as it was.

`play_step` advances the simulation by what the run's clock says is due; it drives the
same live services the screens use and returns what changed, for the socket layer to emit.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from facilitator.domain import workshop as rules
from facilitator.domain.run import Stage
from facilitator.domain.workshop import Phase, Role, Status
from facilitator.extensions import db
from facilitator.models import (Cluster, FeedbackResponse, KeyPoint, Note, Participant, Photo,
                                Seat, Solution, Vote, Workshop)
from facilitator.services import UserError, live, plenary, synthesis
from facilitator.services import notes as notes_service
from facilitator.services import workshops as workshops_service

# 1: real time; 40: a 20-minute round in 30 seconds.
SPEEDS = (1, 10, 40, 120)
DEFAULT_SPEED = 40
# Real seconds the autopilot waits in the lobby and between rounds before pressing on.
AUTOPILOT_PAUSE = 3.0
KEY_POINTS_PER_TABLE = 2
NOTES_WITHOUT_DIAGNOSTIC = {
    "fr": ["Les nouveaux arrivants ne savent pas à qui s'adresser la première semaine.",
           "On attend trop longtemps une réponse quand on pose une question par mail.",
           "Les informations sont dispersées entre plusieurs outils.",
           "Un interlocuteur unique rendrait les choses plus simples.",
           "Les bonnes idées du terrain remontent rarement jusqu'aux décideurs.",
           "Un point d'étape régulier éviterait les malentendus.",
           "Les délais annoncés ne sont pas toujours tenus.",
           "On gagnerait à partager ce qui marche déjà dans certaines équipes."],
    "en": ["Newcomers do not know whom to ask during their first week.",
           "We wait too long for an answer when we ask a question by email.",
           "Information is scattered across several tools.",
           "A single point of contact would make things simpler.",
           "Good ideas from the field rarely reach the people who decide.",
           "A regular check-in would avoid misunderstandings.",
           "The announced deadlines are not always kept.",
           "We would gain from sharing what already works in some teams."]}


@dataclass
class Changes:
    """What one step changed, for the socket layer to send to the screens."""
    run: bool = False
    notes: list[Note] = field(default_factory=list)
    syntheses: set[tuple[int, int]] = field(default_factory=set)  # (table id, round id)
    plenary: bool = False
    votes: set[int] = field(default_factory=set)  # voters' ids
    reviewed: list[tuple[Note, object]] = field(default_factory=list)  # held notes let through


def is_rehearsing(workshop: Workshop) -> bool:
    return workshop.run is not None and workshop.run.rehearsal


# Start and reset ---------------------------------------------------------------------------

def start(workshop: Workshop, *, speed: int = DEFAULT_SPEED, autopilot: bool = True) -> None:
    """Open the workshop for a rehearsal: the checklist must pass, as for the doors."""
    if speed not in SPEEDS:
        raise UserError(_("Choose one of the offered speeds."))
    if workshop.run is not None:
        raise UserError(_("The doors are open: a workshop is rehearsed before the day."))
    if not workshop.participants:
        raise UserError(_("Add the roster first: the rehearsal plays its people."))
    workshops_service.mark_ready(workshop)
    snapshot = _snapshot(workshop, autopilot)
    run = live.open_workshop(workshop)
    run.rehearsal, run.speed, run.rehearsal_data = True, speed, snapshot
    now = live.utcnow()
    for person in workshop.participants:  # the simulated people are all there
        person.joined_at = now
    db.session.commit()


def _snapshot(workshop: Workshop, autopilot: bool) -> dict:
    """What the reset puts back: seats, who is on the roster and how, the status."""
    seats = db.session.scalars(select(Seat).where(Seat.workshop_id == workshop.id))
    return {"autopilot": autopilot, "status": workshop.status.value,
            "next_steps": workshop.next_steps,
            "people": {str(p.id): {"role": p.role.value, "host_table_id": p.host_table_id}
                       for p in workshop.participants},
            "seats": [[s.round_id, s.table_id, s.participant_id, s.pinned] for s in seats]}


def reset(workshop: Workshop) -> None:
    """End the rehearsal: erase what it wrote, put the roster and seats back, ready again."""
    run = workshop.run
    if run is None or not run.rehearsal:
        raise UserError(_("No rehearsal is running."))
    data = run.rehearsal_data or {}
    for model in (Vote, Solution, KeyPoint, Photo):
        db.session.execute(delete(model).where(model.workshop_id == workshop.id))
    db.session.execute(delete(Note).where(Note.workshop_id == workshop.id))
    db.session.execute(delete(Cluster).where(Cluster.workshop_id == workshop.id))
    db.session.execute(delete(Seat).where(Seat.workshop_id == workshop.id))
    _restore_roster(workshop, data.get("people", {}))
    db.session.flush()
    for round_id, table_id, person_id, pinned in data.get("seats", []):
        db.session.add(Seat(workshop_id=workshop.id, round_id=round_id, table_id=table_id,
                            participant_id=person_id, pinned=pinned))
    workshop.next_steps = data.get("next_steps", workshop.next_steps)
    db.session.delete(run)
    workshop.status = Status.DRAFT
    workshop.rehearsed_at = live.utcnow()
    db.session.flush()
    db.session.expire(workshop, ["run"])
    if rules.is_ready(workshops_service.readiness(workshop)):
        workshop.status = Status.READY
    db.session.commit()


def _restore_roster(workshop: Workshop, people: dict) -> None:
    """Walk-ins of the rehearsal leave; everyone else is as before, on no device."""
    for person in list(workshop.participants):
        before = people.get(str(person.id))
        if before is None:
            workshop.participants.remove(person)
            continue
        person.role = Role(before["role"])
        person.host_table_id = before["host_table_id"]
        person.token_hash = person.joined_at = person.last_seen_at = None
        person.arrives_round = person.leaves_round = None


# The simulation ----------------------------------------------------------------------------

def play_step(workshop: Workshop, now: datetime | None = None) -> Changes:
    """Do what is due by now: notes written, shared, key points and solutions, votes; with
    the autopilot, the console's buttons too. Safe to call again: each act happens once."""
    changes = Changes()
    run = workshop.run
    if run is None or not run.rehearsal:
        return changes
    now = now or live.utcnow()
    autopilot = (run.rehearsal_data or {}).get("autopilot", False)
    waited = (now - run.updated_at).total_seconds() if run.updated_at else 0
    if run.stage in (Stage.LOBBY, Stage.ROTATION):
        if autopilot and waited >= AUTOPILOT_PAUSE:
            live.command(workshop, "start_round")
            changes.run = True
    elif run.stage is Stage.ROUND:
        _play_round(workshop, _progress(workshop, now), changes)
    elif run.stage is Stage.PLENARY:
        _play_plenary(workshop, autopilot, waited, changes)
    return changes


def _progress(workshop: Workshop, now: datetime) -> float:
    """How far the current phase is, 0 to 1."""
    run = workshop.run
    round_ = workshop.rounds[run.round_number - 1]
    total = round_.minutes(run.phase) * 60 / live.speed(workshop)
    remaining = run.state().remaining(now)
    if remaining is None or total <= 0:
        return 1.0
    return min(1.0, max(0.0, 1 - remaining / total))


def _simulated(people: list[Participant]) -> list[Participant]:
    """People without a device: a phone the facilitator opened as a preview plays itself."""
    return [p for p in people if p.token_hash is None]


def _play_round(workshop: Workshop, progress: float, changes: Changes) -> None:
    run = workshop.run
    number, round_ = run.round_number, workshop.rounds[run.round_number - 1]
    texts = _verbatims(workshop)
    for table in workshop.tables:
        seated = live.people_at(workshop, table, number)
        writers = [p for p in _simulated(seated) if not p.is_host]
        for index, person in enumerate(writers):
            if progress < (index + 1) / (len(writers) + 1) and run.phase is Phase.REFLECTION:
                continue
            share = run.phase is not Phase.REFLECTION and (
                run.phase is Phase.DISCUSSION or progress >= (index + 1) / (len(writers) + 1))
            note = _write(workshop, person, number, texts, share)
            if note is not None:
                changes.notes.append(note)
        host = next((p for p in _simulated(seated) if p.is_host), None)
        if host is not None and run.phase is not Phase.REFLECTION:
            changes.reviewed.extend(_release_held(workshop, host, table, round_))
        if host is not None and run.phase is Phase.DISCUSSION:
            if _synthesize(workshop, host, table, round_, progress):
                changes.syntheses.add((table.id, round_.id))


def _write(workshop: Workshop, person: Participant, number: int, texts: list[str],
           share: bool) -> Note | None:
    """This person's note of the round, once; shared when it is time. None: no change."""
    client_id = f"rehearsal-r{number}-p{person.id}"
    existing = db.session.scalar(select(Note).where(Note.participant_id == person.id,
                                                    Note.client_id == client_id))
    if existing is not None and (existing.shared or not share):
        return None
    text = existing.text if existing else texts[(person.id * 7 + number * 3) % len(texts)]
    return notes_service.save_note(workshop, person, client_id, text, share=share)


def _release_held(workshop: Workshop, host: Participant, table, round_) -> list:
    """In a workshop that holds notes for review, the simulated host lets them through."""
    actor = synthesis.Actor(name=host.display_name, participant=host)
    held = db.session.scalars(select(Note.id).where(
        Note.table_id == table.id, Note.round_id == round_.id, Note.held.is_(True))).all()
    return [synthesis.review_note(workshop, actor, note_id, release=True) for note_id in held]


def _synthesize(workshop: Workshop, host: Participant, table, round_, progress: float) -> bool:
    """The host writes a key point at a third and two thirds of the discussion, and turns
    the table's first shared note into a solution near its end."""
    actor = synthesis.Actor(name=host.display_name, participant=host)
    notes = list(db.session.scalars(select(Note).where(
        Note.table_id == table.id, Note.round_id == round_.id, Note.held.is_(False))
        .order_by(Note.id)))
    points = db.session.scalars(select(KeyPoint).where(
        KeyPoint.table_id == table.id, KeyPoint.round_id == round_.id)).all()
    due = min(KEY_POINTS_PER_TABLE, int(progress * (KEY_POINTS_PER_TABLE + 1)))
    if len(points) < due and len(notes) > len(points):
        synthesis.add_key_point(workshop, actor, table, round_,
                                _shorten(notes[len(points)].text, 140))
        return True
    has_solution = db.session.scalar(select(Solution.id).where(
        Solution.table_id == table.id, Solution.round_id == round_.id))
    if progress >= 0.8 and notes and not has_solution:
        synthesis.add_solution(workshop, actor, table, round_,
                               _shorten(notes[0].text, 70), [notes[0].id])
        return True
    return False


def _play_plenary(workshop: Workshop, autopilot: bool, waited: float,
                  changes: Changes) -> None:
    """Voting opens (autopilot), each simulated participant places their dots, then the
    tallies are revealed."""
    run = workshop.run
    standing = plenary.solutions(workshop)
    if not standing:
        return
    if not run.votes_open and not run.votes_revealed:
        if autopilot and waited >= AUTOPILOT_PAUSE:
            plenary.set_voting(workshop, open_=True)
            changes.plenary = True
        return
    if not run.votes_open:
        return
    voters = [p for p in _simulated(workshop.participants) if not p.is_host]
    voted = set(db.session.scalars(select(Vote.participant_id).where(
        Vote.workshop_id == workshop.id)))
    pending = [p for p in voters if p.id not in voted]
    for person in pending[:3]:  # a few at a time: the tallies grow on screen
        choice = standing[(person.id * 5) % len(standing)]
        plenary.vote(workshop, person, choice.id, min(workshop.vote_dots,
                                                      workshop.vote_max_per_solution))
        changes.votes.add(person.id)
        changes.plenary = True
    if not pending and autopilot:
        plenary.set_voting(workshop, open_=False, revealed=True)
        changes.plenary = True


def _verbatims(workshop: Workshop) -> list[str]:
    """Plausible notes: the diagnostic's comments of a readable length, else a few in the
    workshop's language."""
    comments = [c.strip() for c in db.session.scalars(
        select(FeedbackResponse.comment).where(FeedbackResponse.workshop_id == workshop.id,
                                               FeedbackResponse.comment != "")
        .order_by(FeedbackResponse.id).limit(400))
        if 20 <= len(c.strip()) <= rules.NOTE_MAX_LENGTH]
    if not comments:
        return NOTES_WITHOUT_DIAGNOSTIC.get(workshop.language, NOTES_WITHOUT_DIAGNOSTIC["en"])
    random.Random(workshop.id).shuffle(comments)
    return comments


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0] + "…"
