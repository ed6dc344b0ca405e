"""Notes: a participant saves, shares and deletes their own; the table's host (or the
facilitator) organises them and reviews the held ones. Who hears of a note is
services.notes.note_audience, the same rule as the snapshots'."""
from __future__ import annotations

from facilitator.domain.workshop import NOTE_MAX_LENGTH
from facilitator.realtime import emit as out
from facilitator.realtime.handlers.synthesis import (HOSTS_AND_FACILITATOR, _actor, _after,
                                                     _located)
from facilitator.realtime.live import PARTICIPANT, event
from facilitator.realtime.protocol import CLIENT_ID, MAX_SHARE_BATCH, Field
from facilitator.services import live_views, notes, synthesis

CLIENT = Field(str, pattern=CLIENT_ID)


@event("note.save", PARTICIPANT, {"client_id": CLIENT,
                                  "text": Field(str, max_length=NOTE_MAX_LENGTH * 2),
                                  "share": Field(bool, required=False),
                                  "round": Field(int, required=False, minimum=1)})
def on_note_save(workshop, person, client_id, text, share=False, round=None):
    note = notes.save_note(workshop, person, client_id, text, share=bool(share),
                          round_number=round)
    out.note(workshop, note)
    return {"note": live_views.note_payload(note, person)}


@event("note.share", PARTICIPANT, {"client_ids": Field(list, max_length=MAX_SHARE_BATCH,
                                                       items=CLIENT)})
def on_note_share(workshop, person, client_ids):
    shared = notes.share_notes(workshop, person, client_ids)
    for note in shared:
        out.note(workshop, note)
    return {"notes": [live_views.note_payload(n, person) for n in shared]}


@event("note.delete", PARTICIPANT, {"client_id": CLIENT})
def on_note_delete(workshop, person, client_id):
    note = notes.delete_note(workshop, person, client_id)
    if note is not None:
        out.note_removed(workshop, note.id, note.client_id, note.participant_id,
                         note.table_id, note.round_id)
    return {}


@event("note.organise", HOSTS_AND_FACILITATOR, {
    "note_id": Field(int, minimum=1), "cluster_id": Field(int, required=False),
    "starred": Field(bool, required=False), "duplicate_of": Field(int, required=False)})
def on_note_organise(workshop, person, note_id, **changes):
    # Only the keys the client sent are in `changes`: a null cluster_id takes a note out.
    note = synthesis.update_note(workshop, _actor(workshop, person), note_id, **changes)
    out.note(workshop, note)
    return _after(workshop, *_located(workshop, note))


@event("note.review", HOSTS_AND_FACILITATOR, {
    "note_id": Field(int, minimum=1), "action": Field(str, choices=("release", "return"))})
def on_note_review(workshop, person, note_id, action):
    note, table = synthesis.review_note(workshop, _actor(workshop, person), note_id,
                                        release=action == "release")
    out.note_reviewed(workshop, note, table)
    return _after(workshop, table, note.round)
