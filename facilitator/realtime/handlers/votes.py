"""Voting in the plenary: the facilitator pages through the tables, opens, closes and
reveals the votes, sets the rules, merges and qualifies solutions; participants place their
dots (services.voting). The room hears votes coalesced (emit.flush_votes)."""
from __future__ import annotations

from flask import request

from facilitator.extensions import socketio
from facilitator.realtime import emit as out
from facilitator.realtime.live import FACILITATOR, PARTICIPANT, event
from facilitator.realtime.protocol import NAMESPACE, Field
from facilitator.services import plenary, voting

@event("plenary", FACILITATOR, {
    "action": Field(str, choices=("show_table", "next_table", "open_votes", "close_votes",
                                  "reveal", "hide")),
    "table": Field(int, required=False, minimum=1)})
def on_plenary(workshop, _person, action, table=None):
    if action == "show_table":
        plenary.show_table(workshop, table)
    elif action == "next_table":
        plenary.next_table(workshop)
    elif action in ("open_votes", "close_votes"):
        voting.set_voting(workshop, open_=action == "open_votes")
    else:
        voting.set_voting(workshop, revealed=action == "reveal")
    return {"plenary": out.plenary(workshop)}


@event("vote", PARTICIPANT, {"solution_id": Field(int, minimum=1),
                             "dots": Field(int, minimum=0, maximum=20)})
def on_vote(workshop, person, solution_id, dots):
    mine = voting.vote(workshop, person, solution_id, dots)
    answer = voting.my_votes_payload(workshop, mine)
    # The voter's other devices only; the room hears a coalesced count (out.flush_votes).
    socketio.emit("my_votes", answer, to=out.person_room(workshop.id, person.id),
                  namespace=NAMESPACE, skip_sid=request.sid)
    out.votes_changed(workshop.id)
    return answer


@event("vote.rules", FACILITATOR, {"dots": Field(int, minimum=1, maximum=20),
                                   "max_per_solution": Field(int, minimum=1, maximum=20)})
def on_vote_rules(workshop, _person, dots, max_per_solution):
    voting.set_vote_rules(workshop, dots, max_per_solution)
    out.plenary(workshop)
    return {}


@event("solution.merge", FACILITATOR, {"source": Field(int, minimum=1),
                                       "target": Field(int, minimum=1)})
def on_solution_merge(workshop, _person, source, target):
    _kept, voters = voting.merge(workshop, source, target)
    out.plenary(workshop)
    out.my_votes(workshop, voters)
    return {"plenary": plenary.plenary_payload(workshop, facilitator=True)}


@event("solution.qualify", FACILITATOR, {
    "id": Field(int, minimum=1), "impact": Field(str, max_length=10),
    "effort": Field(str, max_length=10), "owner": Field(str, max_length=400),
    "horizon": Field(str, max_length=10)})
def on_solution_qualify(workshop, _person, id, impact, effort, owner, horizon):
    plenary.qualify(workshop, id, impact=impact, effort=effort, owner=owner, horizon=horizon)
    out.plenary(workshop)
    return {}
