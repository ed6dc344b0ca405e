"""The host's tools: group the table's notes into clusters, star and merge them, and write
the round's synthesis (key points, solutions), field by field. Only the table's host or
the facilitator may change it; every change says who made it."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from facilitator.domain import plenary as rules
from facilitator.domain.plenary import RoundSummary, handover
from facilitator.extensions import db
from facilitator.models import Cluster, KeyPoint, Note, Participant, Round, Solution, Table, Workshop
from facilitator.services import of_workshop
from facilitator.services.live import LiveError, epoch_ms, utcnow

UNSET = object()


@dataclass(frozen=True)
class Actor:
    """Who edits: a participant (a host) or the facilitator (participant is None)."""
    name: str
    participant: Participant | None = None


def facilitator_actor(workshop: Workshop) -> Actor:
    return Actor(name=workshop.owner.name or _("Facilitator"))


def _authorise(actor: Actor, table: Table) -> None:
    person = actor.participant
    if person is None:
        return
    if not person.hosts(table.id):
        raise LiveError("forbidden", _("Only the host of this table can change its synthesis."))


def locate(workshop: Workshop, table_number: int, round_number: int) -> tuple[Table, Round]:
    table = next((t for t in workshop.tables if t.number == table_number), None)
    if table is None or not 1 <= round_number <= len(workshop.rounds):
        raise LiveError("not_found", _("There is no such table or round."))
    return table, workshop.rounds[round_number - 1]


def _table_of(workshop: Workshop, obj) -> Table:
    return next(t for t in workshop.tables if t.id == obj.table_id)


# Clusters and notes ------------------------------------------------------------------------

def create_cluster(workshop: Workshop, actor: Actor, table: Table, round_: Round, title: str,
                   note_ids: list[int]) -> Cluster:
    _authorise(actor, table)
    cluster = Cluster(workshop_id=workshop.id, table_id=table.id, round_id=round_.id,
                      title=_clean(title, rules.CLUSTER_TITLE_MAX))
    db.session.add(cluster)
    db.session.flush()
    for note in _table_notes(workshop, table, round_, note_ids):
        note.cluster_id, note.consolidated = cluster.id, True
    db.session.commit()
    return cluster


def rename_cluster(workshop: Workshop, actor: Actor, cluster_id: int, title: str) -> Cluster:
    cluster = of_workshop(Cluster, workshop, cluster_id)
    _authorise(actor, _table_of(workshop, cluster))
    cluster.title = _clean(title, rules.CLUSTER_TITLE_MAX)
    db.session.commit()
    return cluster


def delete_cluster(workshop: Workshop, actor: Actor, cluster_id: int) -> Cluster:
    """The notes stay, back outside any cluster."""
    cluster = of_workshop(Cluster, workshop, cluster_id)
    _authorise(actor, _table_of(workshop, cluster))
    db.session.delete(cluster)
    db.session.commit()
    return cluster


def review_note(workshop: Workshop, actor: Actor, note_id: int,
                release: bool) -> tuple[Note, Table]:
    """A held note: let it through to the table, or send it back to its author, private
    again (nothing is lost: the author can edit it and share it again). Returns the note
    and the table it was held at."""
    note = of_workshop(Note, workshop, note_id)
    if note.table_id is None or not note.held:
        raise LiveError("not_found", _("This note is not waiting for review."))
    table = _table_of(workshop, note)
    _authorise(actor, table)
    note.held = False
    if not release:
        note.table_id = note.shared_at = None
    db.session.commit()
    return note, table


def _require_released(notes) -> None:
    if any(note.held for note in notes):
        raise LiveError("held", _("Let this note through to the table before organising it."))


def update_note(workshop: Workshop, actor: Actor, note_id: int, cluster_id=UNSET,
                starred=UNSET, duplicate_of=UNSET) -> Note:
    """Group (cluster_id), star, or mark a note as a duplicate of another (merge)."""
    note = of_workshop(Note, workshop, note_id)
    if note.table_id is None:
        raise LiveError("not_found", _("This note has not been shared."))
    table = _table_of(workshop, note)
    _authorise(actor, table)
    _require_released([note])
    if cluster_id is not UNSET:
        if cluster_id is not None:
            cluster = of_workshop(Cluster, workshop, cluster_id)
            if (cluster.table_id, cluster.round_id) != (note.table_id, note.round_id):
                raise LiveError("invalid", _("This cluster belongs to another table or round."))
        note.cluster_id = cluster_id
    if starred is not UNSET:
        note.starred = bool(starred)
    if duplicate_of is not UNSET:
        if duplicate_of is not None:
            original = of_workshop(Note, workshop, duplicate_of)
            if original.id == note.id or (original.table_id, original.round_id) != \
                    (note.table_id, note.round_id):
                raise LiveError("invalid", _("A note can only merge into another note of the "
                                             "same table and round."))
        note.duplicate_of_id = duplicate_of
    note.consolidated = True
    db.session.commit()
    return note


def _table_notes(workshop: Workshop, table: Table, round_: Round, ids: list[int]) -> list[Note]:
    if not ids:
        return []
    notes = db.session.scalars(select(Note).where(Note.id.in_(ids))).all()
    if any((n.workshop_id, n.table_id, n.round_id) != (workshop.id, table.id, round_.id)
           for n in notes) or len(notes) != len(set(ids)):
        raise LiveError("invalid", _("Some notes do not belong to this table and round."))
    _require_released(notes)
    return notes


# Key points --------------------------------------------------------------------------------

def add_key_point(workshop: Workshop, actor: Actor, table: Table, round_: Round,
                  text: str) -> KeyPoint:
    _authorise(actor, table)
    position = _next_position(KeyPoint, table, round_)
    point = KeyPoint(workshop_id=workshop.id, table_id=table.id, round_id=round_.id,
                     position=position, text=_clean(text, rules.KEY_POINT_MAX, keep_lines=True),
                     edited_by=actor.name)
    db.session.add(point)
    db.session.commit()
    return point


def update_key_point(workshop: Workshop, actor: Actor, point_id: int, text: str) -> KeyPoint:
    point = of_workshop(KeyPoint, workshop, point_id)
    _authorise(actor, _table_of(workshop, point))
    point.text = _clean(text, rules.KEY_POINT_MAX, keep_lines=True)
    point.edited_by, point.version = actor.name, point.version + 1
    db.session.commit()
    return point


def delete_key_point(workshop: Workshop, actor: Actor, point_id: int) -> KeyPoint:
    point = of_workshop(KeyPoint, workshop, point_id)
    _authorise(actor, _table_of(workshop, point))
    db.session.delete(point)
    db.session.commit()
    return point


# Solutions ---------------------------------------------------------------------------------

def add_solution(workshop: Workshop, actor: Actor, table: Table, round_: Round,
                 title: str, note_ids: list[int] | None = None) -> Solution:
    _authorise(actor, table)
    _table_notes(workshop, table, round_, note_ids or [])
    solution = Solution(workshop_id=workshop.id, table_id=table.id, round_id=round_.id,
                        position=_next_position(Solution, table, round_),
                        title=_clean(title, rules.SOLUTION_FIELD_MAX["title"]),
                        note_ids_json=json.dumps(sorted(set(note_ids or []))),
                        edits_json=json.dumps({"title": _edit(actor)}))
    db.session.add(solution)
    db.session.commit()
    return solution


def update_solution(workshop: Workshop, actor: Actor, solution_id: int, field: str,
                    value) -> Solution:
    """One field at a time: the last writer of a field wins, other fields are untouched."""
    solution = of_workshop(Solution, workshop, solution_id)
    table = _table_of(workshop, solution)
    _authorise(actor, table)
    if field == "note_ids":
        if not isinstance(value, list) or not all(isinstance(i, int) for i in value):
            raise LiveError("invalid", _("Invalid %(field)s: %(problem)s.", field=field,
                                         problem=_("a list of note ids is expected")))
        round_ = db.session.get(Round, solution.round_id)
        _table_notes(workshop, table, round_, value)
        solution.note_ids_json = json.dumps(sorted(set(value)))
    elif field in rules.SOLUTION_FIELDS:
        if not isinstance(value, str):
            raise LiveError("invalid", _("Invalid %(field)s: %(problem)s.", field=field,
                                         problem=_("text is expected")))
        setattr(solution, field, _clean(value, rules.SOLUTION_FIELD_MAX[field],
                                        keep_lines=field == "description"))
    else:
        raise LiveError("invalid", _("%(field)s is not a field of a solution.", field=field))
    edits = solution.edits
    edits[field] = _edit(actor)
    solution.edits_json = json.dumps(edits)
    solution.version += 1
    db.session.commit()
    return solution


def delete_solution(workshop: Workshop, actor: Actor, solution_id: int) -> Solution:
    solution = of_workshop(Solution, workshop, solution_id)
    _authorise(actor, _table_of(workshop, solution))
    db.session.delete(solution)
    db.session.commit()
    return solution


def _edit(actor: Actor) -> dict:
    return {"by": actor.name, "at": epoch_ms(utcnow())}


def _next_position(model, table: Table, round_: Round) -> int:
    highest = db.session.scalar(select(func.max(model.position)).where(
        model.table_id == table.id, model.round_id == round_.id))
    return (highest or 0) + 1


def _clean(text: str, limit: int, keep_lines: bool = False) -> str:
    if not isinstance(text, str):
        raise LiveError("invalid", _("Text expected."))
    text = text.strip() if keep_lines else " ".join(text.split())
    if len(text) > limit:
        raise LiveError("invalid", _("At most %(limit)s characters.", limit=limit))
    return text


# What screens see --------------------------------------------------------------------------

def synthesis_payload(workshop: Workshop, table: Table, round_: Round,
                      show_authors: bool = False) -> dict:
    """The synthesis as the table's host and the facilitator see it: notes held for review
    included, marked `held` (`without_held` gives the table's view)."""
    notes = db.session.scalars(select(Note).where(
        Note.table_id == table.id, Note.round_id == round_.id).order_by(Note.shared_at, Note.id))
    clusters = db.session.scalars(select(Cluster).where(
        Cluster.table_id == table.id, Cluster.round_id == round_.id).order_by(Cluster.id))
    points = db.session.scalars(select(KeyPoint).where(
        KeyPoint.table_id == table.id, KeyPoint.round_id == round_.id)
        .order_by(KeyPoint.position, KeyPoint.id))
    solutions = db.session.scalars(select(Solution).where(
        Solution.table_id == table.id, Solution.round_id == round_.id,
        Solution.merged_into_id.is_(None)).order_by(Solution.position, Solution.id))
    return {
        "table": table.number, "table_name": table.label, "round": round_.number,
        "question": round_.question,
        # When it was read (µs): two changes in quick succession are emitted from two
        # threads, and the older reading may arrive last; screens keep the newest.
        "built": time.time_ns() // 1000,
        "notes": [{"id": n.id, "text": n.text, "cluster_id": n.cluster_id, "starred": n.starred,
                   "duplicate_of": n.duplicate_of_id, "held": n.held,
                   **({"author": n.participant.display_name} if show_authors else {})}
                  for n in notes],
        "clusters": [{"id": c.id, "title": c.title} for c in clusters],
        "key_points": [{"id": p.id, "text": p.text, "edited_by": p.edited_by,
                        "updated_at": epoch_ms(p.updated_at), "version": p.version}
                       for p in points],
        "solutions": [solution_payload(s) for s in solutions]}


def without_held(payload: dict) -> dict:
    """The synthesis as the table sees it: the notes still held for review taken out."""
    return {**payload, "notes": [n for n in payload["notes"] if not n["held"]]}


def solution_payload(solution: Solution) -> dict:
    return {"id": solution.id, "table": solution.table.number, "round": solution.round.number,
            **{f: getattr(solution, f) for f in rules.SOLUTION_FIELDS},
            "note_ids": solution.note_ids, "edits": solution.edits, "version": solution.version,
            "qualification": {"impact": solution.impact, "effort": solution.effort,
                              "owner": solution.owner, "horizon": solution.horizon}}


def history(workshop: Workshop, table: Table) -> list[RoundSummary]:
    """Every round's synthesis at this table, as plain summaries."""
    found = round_summaries(workshop.rounds, [table.id])
    return [found[(table.id, round_.number)] for round_ in workshop.rounds]


def round_summaries(rounds: list[Round], table_ids: list[int], keep_merged: bool = False
                    ) -> dict[tuple[int, int], RoundSummary]:
    """Key points and solution titles of these tables in these rounds, keyed by (table id,
    round number): two queries, however many tables and rounds (phones ask for 50 people).
    `keep_merged`: a solution merged in plenary stays under the table that proposed it (the
    summary's record), rather than only under the one it joined."""
    if not rounds or not table_ids:
        return {}
    number_of = {r.id: r.number for r in rounds}
    points: dict[tuple[int, int], list[str]] = {}
    titles: dict[tuple[int, int], list[str]] = {}
    for table_id, round_id, text in db.session.execute(
            select(KeyPoint.table_id, KeyPoint.round_id, KeyPoint.text).where(
                KeyPoint.round_id.in_(number_of), KeyPoint.table_id.in_(table_ids))
            .order_by(KeyPoint.position, KeyPoint.id)):
        if text:
            points.setdefault((table_id, number_of[round_id]), []).append(text)
    solutions = select(Solution.table_id, Solution.round_id, Solution.title).where(
        Solution.round_id.in_(number_of), Solution.table_id.in_(table_ids))
    if not keep_merged:
        solutions = solutions.where(Solution.merged_into_id.is_(None))
    for table_id, round_id, title in db.session.execute(
            solutions.order_by(Solution.position, Solution.id)):
        if title:
            titles.setdefault((table_id, number_of[round_id]), []).append(title)
    return {(table_id, r.number): RoundSummary(r.number, r.question,
                                               tuple(points.get((table_id, r.number), ())),
                                               tuple(titles.get((table_id, r.number), ())))
            for table_id in table_ids for r in rounds}


def handover_payload(workshop: Workshop, table: Table, round_number: int) -> dict | None:
    """The card a host restates to newcomers, from the second round on."""
    if round_number < 2:
        return None
    card = handover(workshop.mode.value, table.number, table.theme, round_number,
                    history(workshop, table))
    return {"kind": card.kind.value, "table": card.table_number, "theme": card.theme,
            "empty": card.empty,
            "rounds": [{"round": r.round_number, "question": r.question,
                        "key_points": list(r.key_points), "solutions": list(r.solutions)}
                       for r in card.rounds]}
