"""A table's synthesis, by its host or the facilitator: clusters, suggested groups, live
themes, key points and solutions."""
from __future__ import annotations

from flask_babel import gettext as _

from facilitator.realtime import emit as out
from facilitator.realtime.live import FACILITATOR, event
from facilitator.realtime.protocol import Field, Invalid
from facilitator.services import live, note_themes, synthesis
from facilitator.services.live import LiveError

HOSTS_AND_FACILITATOR = ("participant", "facilitator")
OPTIONAL_ID = Field(int, required=False, minimum=1)
WHERE = {"table": Field(int, required=False, minimum=1),
         "round": Field(int, required=False, minimum=1)}


def _actor(workshop, person) -> synthesis.Actor:
    if person is None:
        return synthesis.facilitator_actor(workshop)
    return synthesis.Actor(name=person.display_name, participant=person)


def _where(workshop, person, table=None, round=None):
    """The table and round an edit is about: a host's own table in the running round,
    unless the host or the facilitator names them."""
    run = workshop.run
    if person is not None and not person.is_host:  # the protocol's answer to non-hosts
        raise LiveError("forbidden", _("Only the host of this table can change its synthesis."))
    if person is not None and table is None:
        table = next((t.number for t in workshop.tables if t.id == person.host_table_id), None)
    if round is None and run is not None:
        round = run.round_number
    if table is None or not round:
        raise LiveError("invalid", _("Say which table and round."))
    return synthesis.locate(workshop, table, round)


def _after(workshop, table, round_) -> dict:
    out.synthesis(workshop, table, round_)
    return {"synthesis": synthesis.synthesis_payload(workshop, table, round_)}


@event("cluster", HOSTS_AND_FACILITATOR, {
    "action": Field(str, choices=("create", "rename", "delete")), "id": OPTIONAL_ID,
    "title": Field(str, required=False, max_length=400),
    "note_ids": Field(list, required=False, max_length=200, items=Field(int)), **WHERE})
def on_cluster(workshop, person, action, id=None, title="", note_ids=None, table=None,
               round=None):
    actor = _actor(workshop, person)
    if action == "create":
        table_, round_ = _where(workshop, person, table, round)
        synthesis.create_cluster(workshop, actor, table_, round_, title or "", note_ids or [])
        return _after(workshop, table_, round_)
    if id is None:
        raise Invalid("id", "required")
    cluster = (synthesis.rename_cluster(workshop, actor, id, title or "") if action == "rename"
               else synthesis.delete_cluster(workshop, actor, id))
    return _after(workshop, *_located(workshop, cluster))


def _located(_workshop, obj):
    return live.table_and_round(obj.table_id, obj.round_id)


@event("groups.suggest", HOSTS_AND_FACILITATOR, WHERE)
def on_groups_suggest(workshop, person, table=None, round=None):
    """Groups of the table's loose notes, each with a short title, for the host to accept
    (as a "cluster" create), edit or ignore. A host only ever gets their own table's."""
    if person is not None:
        own = next((t.number for t in workshop.tables if t.id == person.host_table_id), None)
        if own is None or (table is not None and table != own):
            raise LiveError("forbidden", _("You are not allowed to do this."))
    table_, round_ = _where(workshop, person, table, round)
    return {"groups": note_themes.suggest_groups(workshop, table_, round_)}


@event("themes.live", FACILITATOR)
def on_themes_live(workshop, person):
    """The themes emerging across all tables in the running round."""
    return note_themes.live_themes(workshop)


@event("key_point", HOSTS_AND_FACILITATOR, {
    "action": Field(str, choices=("add", "update", "delete")), "id": OPTIONAL_ID,
    "text": Field(str, required=False, max_length=2000), **WHERE})
def on_key_point(workshop, person, action, id=None, text="", table=None, round=None):
    actor = _actor(workshop, person)
    if action == "add":
        table_, round_ = _where(workshop, person, table, round)
        point = synthesis.add_key_point(workshop, actor, table_, round_, text or "")
        return {**_after(workshop, table_, round_), "id": point.id}
    if id is None:
        raise Invalid("id", "required")
    point = (synthesis.update_key_point(workshop, actor, id, text or "") if action == "update"
             else synthesis.delete_key_point(workshop, actor, id))
    return _after(workshop, *_located(workshop, point))


@event("solution", HOSTS_AND_FACILITATOR, {
    "action": Field(str, choices=("add", "update", "delete")), "id": OPTIONAL_ID,
    "field": Field(str, required=False, max_length=20), "value": Field(object, required=False),
    "title": Field(str, required=False, max_length=400),
    "note_ids": Field(list, required=False, max_length=200, items=Field(int)), **WHERE})
def on_solution(workshop, person, action, id=None, field=None, value=None, title="",
                note_ids=None, table=None, round=None):
    actor = _actor(workshop, person)
    if action == "add":
        table_, round_ = _where(workshop, person, table, round)
        solution = synthesis.add_solution(workshop, actor, table_, round_, title or "",
                                          note_ids or [])
        return {**_after(workshop, table_, round_), "id": solution.id}
    if id is None:
        raise Invalid("id", "required")
    if action == "update":
        if field is None:
            raise Invalid("field", "required")
        solution = synthesis.update_solution(workshop, actor, id, field, value)
    else:
        solution = synthesis.delete_solution(workshop, actor, id)
    return _after(workshop, *_located(workshop, solution))
