"""Server -> client events. Called after a service has committed (docs/realtime.md)."""
from __future__ import annotations

import threading
import time

from facilitator.extensions import socketio
from typing import TYPE_CHECKING

from facilitator.realtime.protocol import NAMESPACE
from facilitator.services import live, live_views, workshops
from facilitator.services.notes import hosts_of, note_audience, seated_ids
from facilitator.services import plenary as plenary_service
from facilitator.services import voting
from facilitator.services import synthesis as synthesis_service

if TYPE_CHECKING:
    from facilitator.models import Note, Workshop

_dirty_boards: set[int] = set()
_dirty_syntheses: set[tuple[int, int, int]] = set()  # (workshop, table, round) ids
_dirty_lock = threading.Lock()


def workshop_room(workshop_id: int) -> str:
    return f"w:{workshop_id}"


def facilitator_room(workshop_id: int) -> str:
    return f"w:{workshop_id}:facilitator"


def participants_room(workshop_id: int) -> str:
    return f"w:{workshop_id}:participants"


def person_room(workshop_id: int, participant_id: int) -> str:
    return f"w:{workshop_id}:p:{participant_id}"


def _pause() -> None:
    """Let the other greenlets run between two workshops' flushes: a tick over twenty
    workshops is one long run of CPU, and votes and commands waited behind it."""
    socketio.sleep(0)


def _emit(event: str, data, room: str) -> None:
    socketio.emit(event, data, to=room, namespace=NAMESPACE)


def run(workshop: Workshop) -> None:
    _emit("run", live_views.run_payload(workshop), workshop_room(workshop.id))
    board_changed(workshop.id)


def seats(workshop: Workshop) -> None:
    """Everyone's own seating, after a rotation, a move or a re-plan; when a round is
    running, each host also gets their table's synthesis for it."""
    for person_id, me in live_views.me_payloads(workshop).items():
        _emit("seat", me, person_room(workshop.id, person_id))
    run_ = workshop.run
    if run_ is not None and run_.stage.value == "round":
        round_ = workshop.rounds[run_.round_number - 1]
        for person in workshop.participants:
            if person.hosts(person.host_table_id) and person.joined_at:
                table = next(t for t in workshop.tables if t.id == person.host_table_id)
                _emit("synthesis", synthesis_service.synthesis_payload(workshop, table, round_),
                      person_room(workshop.id, person.id))
    board_changed(workshop.id)


def message(workshop: Workshop) -> None:
    run_ = workshop.run
    _emit("message", {"text": run_.message, "at": live_views.epoch_ms(run_.message_at)},
          workshop_room(workshop.id))


def joined(workshop: Workshop) -> None:
    _emit("joined", {"count": live_views.joined_count(workshop)}, workshop_room(workshop.id))
    board_changed(workshop.id)


def note(workshop: Workshop, note_: Note) -> None:
    """To the author's devices and, when shared, to everyone at that table this round and
    to the facilitator (the table's synthesis, which lists its notes)."""
    payload = live_views.note_payload(note_)  # built once, then only `mine` differs
    for person_id in note_audience(workshop, note_.participant_id, note_.table_id, note_.round_id,
                               held=note_.held):
        _emit("note", {**payload, "mine": person_id == note_.participant_id},
              person_room(workshop.id, person_id))
    if note_.table_id:
        # The console's copy of the table's synthesis follows within a tick: a burst of
        # notes builds it once, not once per note (the costliest part of a note).
        with _dirty_lock:
            _dirty_syntheses.add((workshop.id, note_.table_id, note_.round_id))
        board_changed(workshop.id)


def note_reviewed(workshop: Workshop, note_: Note, table) -> None:
    """A held note let through reaches the whole table; one sent back returns to its
    author, private, and leaves the host's review list."""
    if note_.table_id:
        note(workshop, note_)
        return
    _emit("note", {**live_views.note_payload(note_), "mine": True, "returned": True},
          person_room(workshop.id, note_.participant_id))
    for person_id in note_audience(workshop, note_.participant_id, table.id, note_.round_id,
                               held=True) - {note_.participant_id}:
        _emit("note_removed", {"id": note_.id, "client_id": note_.client_id},
              person_room(workshop.id, person_id))
    board_changed(workshop.id)


def my_votes(workshop: Workshop, participant_ids: set[int]) -> None:
    """After a merge moved their dots: each voter's own votes, to their devices."""
    for person_id in participant_ids:
        person = live.get_participant(workshop, person_id)
        mine = voting.my_votes(workshop, person)
        _emit("my_votes", voting.my_votes_payload(workshop, mine),
              person_room(workshop.id, person_id))


def note_removed(workshop: Workshop, note_id: int, client_id: str, author_id: int,
                 table_id: int | None, round_id: int) -> None:
    for person_id in note_audience(workshop, author_id, table_id, round_id):
        _emit("note_removed", {"id": note_id, "client_id": client_id},
              person_room(workshop.id, person_id))
    if table_id:
        board_changed(workshop.id)


def synthesis(workshop: Workshop, table, round_) -> None:
    """A table's synthesis changed: to the people seated there and to the facilitator. The
    host reviews held notes; the others never see them (one reading, filtered)."""
    reviewing = synthesis_service.synthesis_payload(workshop, table, round_)
    public = synthesis_service.without_held(reviewing)
    hosts = hosts_of(workshop, table.id)
    for person_id in seated_ids(round_.id, table.id):
        _emit("synthesis", reviewing if person_id in hosts else public,
              person_room(workshop.id, person_id))
    if workshop.show_names:  # the facilitator's copy names the authors
        reviewing = synthesis_service.synthesis_payload(workshop, table, round_,
                                                        show_authors=True)
    _emit("synthesis", reviewing, facilitator_room(workshop.id))
    board_changed(workshop.id)


def plenary(workshop: Workshop) -> dict | None:
    """Tallies go to participants only once revealed (no groupthink, no leak). Returns the
    facilitator's copy, so a command answers with it instead of building it again."""
    both = plenary_service.plenary_payloads(workshop)
    if both is None:
        return None
    public, mine = both
    _emit("plenary", public, participants_room(workshop.id))
    _emit("plenary", mine, facilitator_room(workshop.id))
    return mine


def photos(workshop: Workshop, table, round_) -> None:
    """A table's photos changed: to the people at that table in that round (its host's
    view), to the facilitator, and to every screen when the plenary shows them."""
    from facilitator.services import photos as photo_service
    payload = photo_service.table_payload(workshop, table, round_)  # paths, never images
    for person_id in seated_ids(round_.id, table.id):
        _emit("photos", payload, person_room(workshop.id, person_id))
    _emit("photos", payload, facilitator_room(workshop.id))
    board_changed(workshop.id)
    plenary(workshop)  # nothing before the plenary


def board_changed(workshop_id: int) -> None:
    """Mark the board stale; the ticker sends it at most twice a second."""
    with _dirty_lock:
        _dirty_boards.add(workshop_id)


BOARD_INTERVAL_SECONDS = 1.0
_last_flush = 0.0


def flush_boards() -> None:
    """Send the stale boards, at most once a second: a board is the costliest payload."""
    global _last_flush
    now = time.monotonic()
    if now - _last_flush < BOARD_INTERVAL_SECONDS:
        return
    _last_flush = now
    with _dirty_lock:
        pending = list(_dirty_boards)
        _dirty_boards.clear()
    for workshop_id in pending:
        workshop = workshops.by_id(workshop_id)
        if workshop is not None:
            _emit("board", live_views.board(workshop), facilitator_room(workshop_id))
        _pause()


def presence_window_seconds() -> float:
    return live.PRESENCE_WINDOW.total_seconds()


# Votes: coalesced per workshop, never the whole plenary per vote ----------------------------

_dirty_votes: set[int] = set()
_sent_tallies: dict[int, dict[int, int]] = {}


def votes_changed(workshop_id: int) -> None:
    """A vote was saved: the ticker sends the room one `votes` event for all of them."""
    with _dirty_lock:
        _dirty_votes.add(workshop_id)


def flush_votes() -> None:
    """One small `votes` event per workshop that had votes since the last tick: the count of
    voters to everyone; the tallies that changed to the facilitator and, once revealed, to
    participants. Tallies are absolute per solution, so a repeated delta is harmless."""
    with _dirty_lock:
        pending = list(_dirty_votes)
        _dirty_votes.clear()
    for workshop_id in pending:
        workshop = workshops.by_id(workshop_id)
        if workshop is None or workshop.run is None:
            continue
        progress = voting.vote_progress(workshop)
        counts = voting.tallies(workshop)
        before = _sent_tallies.get(workshop_id, {})
        changed = {str(k): v for k, v in counts.items() if before.get(k) != v}
        changed.update({str(k): 0 for k in before if k not in counts})
        _sent_tallies[workshop_id] = counts
        delta = {**progress, "tallies": changed,
                 "ranking": voting.ranking(plenary_service.solutions(workshop), counts)}
        _emit("votes", delta, facilitator_room(workshop_id))
        _emit("votes", delta if workshop.run.votes_revealed else progress,
              participants_room(workshop_id))
        _pause()


def flush_syntheses() -> None:
    """The syntheses whose notes changed since the last tick, to the facilitator."""
    with _dirty_lock:
        pending = sorted(_dirty_syntheses)
        _dirty_syntheses.clear()
    for workshop_id, table_id, round_id in pending:
        workshop = workshops.by_id(workshop_id)
        table, round_ = live.table_and_round(table_id, round_id)
        if workshop is None or table is None or round_ is None:
            continue
        _emit("synthesis", synthesis_service.synthesis_payload(
            workshop, table, round_, show_authors=workshop.show_names),
              facilitator_room(workshop_id))
        _pause()
