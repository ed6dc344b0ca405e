"""Voting: participants place their dots on the plenary's solutions within the workshop's
rules (VoteRules), the facilitator opens, closes and reveals the votes, sets the rules and
merges duplicates (their dots follow). Tallies, progress ("23 of 36 have voted") and ranking
are read here; the plenary (services.plenary) shows them."""
from __future__ import annotations

import json

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from facilitator.domain import plenary as rules
from facilitator.domain.plenary import Tally, VoteError, VoteRules
from facilitator.domain.run import Stage
from facilitator.extensions import db
from facilitator.models import Participant, Run, Solution, Vote, Workshop
from facilitator.services import of_workshop
from facilitator.services.live import LiveError, utcnow

def _bump(workshop: Workshop) -> None:
    """Count one more plenary change, atomically across processes (in this transaction)."""
    db.session.execute(update(Run).where(Run.workshop_id == workshop.id)
                       .values(plenary_version=Run.plenary_version + 1)
                       .execution_options(synchronize_session=False))


def _version(workshop: Workshop) -> int:
    return db.session.scalar(select(Run.plenary_version).where(
        Run.workshop_id == workshop.id)) or 0


def _run(workshop: Workshop) -> Run:
    run = workshop.run
    if run is None or run.stage not in (Stage.PLENARY, Stage.CLOSED):
        raise LiveError("not_now", _("The plenary has not started."))
    return run


def vote_rules(workshop: Workshop) -> VoteRules:
    return VoteRules(dots=workshop.vote_dots, max_per_solution=workshop.vote_max_per_solution)


def tallies(workshop: Workshop) -> dict[int, int]:
    return dict(db.session.execute(
        select(Vote.solution_id, func.sum(Vote.dots)).where(Vote.workshop_id == workshop.id)
        .group_by(Vote.solution_id)).all())


def vote_progress(workshop: Workshop) -> dict:
    """"23 of 36 have voted": who placed at least one dot, of the people who joined."""
    voters = db.session.scalar(select(func.count(func.distinct(Vote.participant_id))).where(
        Vote.workshop_id == workshop.id, Vote.dots > 0)) or 0
    people = db.session.scalar(select(func.count(Participant.id)).where(
        Participant.workshop_id == workshop.id, Participant.joined_at.is_not(None),
        Participant.leaves_round.is_(None))) or 0
    return {"version": _version(workshop), "voters": voters, "people": max(people, voters)}


def ranking(listed: list[Solution], counts: dict[int, int]) -> list[int]:
    """Solution ids, most voted first (the domain's tie-breaks)."""
    return [t.solution_id for t in rules.ranking(
        [Tally(s.id, s.title, counts.get(s.id, 0), s.table.number) for s in listed])]


def my_votes(workshop: Workshop, person: Participant) -> dict[int, int]:
    return dict(db.session.execute(select(Vote.solution_id, Vote.dots).where(
        Vote.participant_id == person.id, Vote.dots > 0)).all())


def vote(workshop: Workshop, person: Participant, solution_id: int, dots: int) -> dict[int, int]:
    """Set this person's dots on a solution (absolute). Limits hold server-side, even when
    two tabs vote at once: the participant's row is locked first."""
    run = _run(workshop)
    if not run.votes_open:
        raise LiveError("not_now", _("Voting is not open."))
    solution = of_workshop(Solution, workshop, solution_id)
    if solution.merged_into_id:
        raise LiveError("not_found", _("This solution was merged into another one."))
    # Taking the participant's row first serialises that person's votes (SQLite takes the
    # write lock here; PostgreSQL a row lock), so two tabs cannot both pass the check.
    db.session.execute(update(Participant).where(Participant.id == person.id)
                       .values(last_seen_at=utcnow()))
    mine = my_votes(workshop, person)
    try:
        rules.check_vote(vote_rules(workshop), mine, solution_id, dots)
    except VoteError as error:
        db.session.rollback()
        raise LiveError("invalid", vote_error_message(error)) from error
    existing = db.session.scalar(select(Vote).where(Vote.participant_id == person.id,
                                                    Vote.solution_id == solution_id))
    if dots == 0:  # taking every dot back leaves no vote behind
        if existing is not None:
            db.session.delete(existing)
    elif existing is None:
        db.session.add(Vote(workshop_id=workshop.id, participant_id=person.id,
                            solution_id=solution_id, dots=dots))
    else:
        existing.dots = dots
    _bump(workshop)
    db.session.commit()
    # The voter's dots now, from what was read under the lock: no second read after the
    # commit (which would hold a connection again while the answer is sent).
    mine = {k: v for k, v in mine.items() if k != solution_id}
    return {**mine, solution_id: dots} if dots else mine


def my_votes_payload(workshop: Workshop, mine: dict[int, int]) -> dict:
    """A voter's own dots per solution and how many they have left, as screens read it."""
    return {"my_votes": {str(k): v for k, v in mine.items()},
            "left": workshop.vote_dots - sum(mine.values())}


def vote_error_message(error: VoteError) -> str:
    if error.code == "max_per_solution":
        return _("At most %(limit)s dots on one solution.", **error.params)
    if error.code == "no_dots_left":
        return _("You have %(dots)s dots in all: at most %(left)s more can go on this one. "
                 "Take dots back from another solution first.", **error.params)
    return _("A vote cannot be negative.")


def set_voting(workshop: Workshop, *, open_: bool | None = None,
               revealed: bool | None = None) -> Run:
    run = _run(workshop)
    if open_ is not None:
        run.votes_open = open_
    if revealed is not None:
        run.votes_revealed = revealed
    _bump(workshop)
    db.session.commit()
    return run


def set_vote_rules(workshop: Workshop, dots: int, max_per_solution: int) -> None:
    if not 1 <= max_per_solution <= dots <= 20:
        raise LiveError("invalid", _("Give 1 to 20 dots, and at most that many on one "
                                     "solution."))
    if db.session.scalar(select(func.count(Vote.id)).where(Vote.workshop_id == workshop.id)):
        raise LiveError("state", _("Votes have been cast: the rules can no longer change."))
    workshop.vote_dots, workshop.vote_max_per_solution = dots, max_per_solution
    _bump(workshop)
    db.session.commit()


def merge(workshop: Workshop, source_id: int, target_id: int) -> tuple[Solution, set[int]]:
    """Merge a duplicate into the solution kept; its votes follow, within the limit."""
    source = of_workshop(Solution, workshop, source_id)
    target = of_workshop(Solution, workshop, target_id)
    if source.id == target.id or source.merged_into_id or target.merged_into_id:
        raise LiveError("invalid", _("Choose two different solutions that are still open."))
    source_votes = {v.participant_id: v for v in db.session.scalars(
        select(Vote).where(Vote.solution_id == source.id))}
    target_votes = {v.participant_id: v for v in db.session.scalars(
        select(Vote).where(Vote.solution_id == target.id))}
    merged, _refunded = rules.merge_votes({p: v.dots for p, v in target_votes.items()},
                                          {p: v.dots for p, v in source_votes.items()},
                                          workshop.vote_max_per_solution)
    for person, dots in merged.items():
        vote = target_votes.get(person)
        if vote is None:
            db.session.add(Vote(workshop_id=workshop.id, participant_id=person,
                                solution_id=target.id, dots=dots))
        else:
            vote.dots = dots
    for vote in source_votes.values():
        db.session.delete(vote)  # refunded dots are simply free again
    source.merged_into_id = target.id
    target.note_ids_json = json.dumps(sorted(set(target.note_ids) | set(source.note_ids)))
    _bump(workshop)
    db.session.commit()
    return target, set(source_votes)  # the voters whose dots moved
