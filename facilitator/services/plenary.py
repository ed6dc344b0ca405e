"""The plenary: hosts present table by table, the facilitator qualifies each solution for
the roadmap, and every screen's view of it. Voting itself is services.voting."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from facilitator.domain import plenary as rules
from facilitator.domain import synthesizing as synthesizing_rules
from facilitator.domain.run import Stage
from facilitator.extensions import db
from facilitator.models import Participant, Run, Solution, Workshop
from facilitator.services import of_workshop, photos
from facilitator.services.live import LiveError, rounds_played
from facilitator.services.synthesis import round_summaries, solution_payload
# Voting has its own module; its use cases stay reachable from here for existing callers.
from facilitator.services.voting import (  # noqa: F401
    _bump, _run, merge, my_votes, my_votes_payload, ranking, set_vote_rules, set_voting,
    tallies, vote, vote_error_message, vote_progress, vote_rules)


def solutions(workshop: Workshop) -> list[Solution]:
    """Solutions still standing (not merged into another), table then round order."""
    # Their tables and rounds in the same query: sorting and every payload read them.
    found = db.session.scalars(select(Solution).where(
        Solution.workshop_id == workshop.id, Solution.merged_into_id.is_(None))
        .options(joinedload(Solution.table), joinedload(Solution.round))).all()
    return sorted(found, key=lambda s: (s.table.number, s.round.number, s.position, s.id))


# The facilitator's controls ----------------------------------------------------------------

def show_table(workshop: Workshop, number: int | None) -> Run:
    run = _run(workshop)
    if number is not None and number not in {t.number for t in workshop.tables}:
        raise LiveError("not_found", _("There is no table %(number)s.", number=number))
    run.plenary_table = number
    _bump(workshop)
    db.session.commit()
    return run


def next_table(workshop: Workshop) -> Run:
    numbers = [t.number for t in workshop.tables]
    current = _run(workshop).plenary_table
    following = [n for n in numbers if current is None or n > current]
    return show_table(workshop, following[0] if following else None)


def qualify(workshop: Workshop, solution_id: int, *, impact: str, effort: str, owner: str,
            horizon: str) -> Solution:
    solution = of_workshop(Solution, workshop, solution_id)
    if impact not in ("", *rules.LEVELS) or effort not in ("", *rules.LEVELS) or \
            horizon not in ("", *rules.HORIZONS):
        raise LiveError("invalid", _("Impact and effort are low, medium or high; the horizon "
                                     "is short, medium or long."))
    owner = " ".join(owner.split())
    if len(owner) > 120:
        raise LiveError("invalid", _("At most %(limit)s characters.", limit=120))
    solution.impact, solution.effort, solution.owner, solution.horizon = \
        impact, effort, owner, horizon
    _bump(workshop)
    db.session.commit()
    return solution


# What screens see --------------------------------------------------------------------------

def plenary_payload(workshop: Workshop, *, facilitator: bool,
                    person: Participant | None = None) -> dict | None:
    run = workshop.run
    if run is None or run.stage not in (Stage.PLENARY, Stage.CLOSED):
        return None
    show_tallies = facilitator or run.votes_revealed
    counts = tallies(workshop) if show_tallies else {}
    listed = solutions(workshop)
    pictures = photos.by_table(workshop)  # every round's, in one query
    payload = {
        **vote_progress(workshop),
        "table": run.plenary_table, "votes_open": run.votes_open,
        "revealed": run.votes_revealed,
        "rules": {"dots": workshop.vote_dots, "max_per_solution": workshop.vote_max_per_solution},
        "emerging": emerging(workshop),
        "tables": _table_summaries(workshop, pictures),
        "solutions": [{**solution_payload(s), "emerging": s.round.synthesizing,
                       **({"votes": counts.get(s.id, 0)} if show_tallies else {})}
                      for s in listed]}
    if show_tallies:
        payload["ranking"] = ranking(listed, counts)
    if person is not None:
        payload["my_votes"] = {str(k): v for k, v in my_votes(workshop, person).items()}
    return payload


def plenary_payloads(workshop: Workshop) -> tuple[dict, dict] | None:
    """(participants' copy, facilitator's copy) from one reading: before the reveal the
    participants' copy is the facilitator's without the tallies and the ranking."""
    mine = plenary_payload(workshop, facilitator=True)
    if mine is None:
        return None
    if workshop.run.votes_revealed:
        return mine, mine
    public = {key: value for key, value in mine.items() if key != "ranking"}
    public["solutions"] = [{key: value for key, value in solution.items() if key != "votes"}
                           for solution in mine["solutions"]]
    return public, mine


def emerging(workshop: Workshop) -> list[dict]:
    """What the plenary opens with: each table's key points from the synthesizing round(s)."""
    rounds = [r for r in workshop.rounds if r.synthesizing]
    tables = {t.id: t for t in workshop.tables}
    found = round_summaries(rounds, list(tables))
    return [{"round": e.summary.round_number, "question": e.summary.question,
             "table": tables[e.table].number, "table_name": tables[e.table].label,
             "key_points": list(e.summary.key_points)}
            for e in synthesizing_rules.emerging([r.number for r in rounds], list(tables), found)]


def _table_summaries(workshop: Workshop, pictures: dict[int, list[dict]]) -> list[dict]:
    """Every table's card: the rounds played (one skipped for the plenary has none), read
    in two queries for all tables rather than two per table."""
    played = workshop.rounds[:rounds_played(workshop)]
    found = round_summaries(played, [t.id for t in workshop.tables])
    return [_table_summary(workshop, t, pictures, [found[(t.id, r.number)] for r in played])
            for t in workshop.tables]


def _table_summary(workshop: Workshop, table, pictures: dict[int, list[dict]],
                   summaries: list) -> dict:
    host = next((p for p in workshop.participants if p.hosts(table.id)), None)
    return {"number": table.number, "name": table.label, "theme": table.theme,
            "host": host.display_name if host else None,
            "rounds": [{"round": r.round_number, "question": r.question,
                        "key_points": list(r.key_points), "solutions": list(r.solutions)}
                       for r in summaries],
            "photos": pictures.get(table.id, [])}
