"""Running the workshop from the console: run commands, seats (move, absent, host
replacement), the lobby's slides and broadcast messages."""
from __future__ import annotations

from facilitator.domain.context import SLIDES
from facilitator.domain.run import EXTENSIONS_SECONDS, MAX_EXTENSION_SECONDS, Command
from facilitator.realtime import emit as out
from facilitator.realtime.live import FACILITATOR, event
from facilitator.realtime.protocol import Field
from facilitator.services import live, live_views

COMMANDS = tuple(c.value for c in Command)


@event("command", FACILITATOR, {"command": Field(str, choices=COMMANDS),
                                "seconds": Field(int, required=False, minimum=1,
                                                 maximum=MAX_EXTENSION_SECONDS),
                                "version": Field(int, required=False, minimum=0)})
def on_command(workshop, _person, command, seconds=None, version=None):
    if command == Command.EXTEND.value and seconds is None:
        seconds = EXTENSIONS_SECONDS[0]
    stage_before = workshop.run.stage if workshop.run else None
    round_before = workshop.run.round_number if workshop.run else 0
    live.command(workshop, command, seconds or 0, expected_version=version)
    out.run(workshop)
    run = workshop.run
    if run.stage != stage_before or run.round_number != round_before:
        out.seats(workshop)
        out.plenary(workshop)
    return {"run": live_views.run_payload(workshop)}


@event("auto_advance", FACILITATOR, {"enabled": Field(bool)})
def on_auto_advance(workshop, _person, enabled):
    live.set_auto_advance(workshop, enabled)
    out.run(workshop)
    return {"run": live_views.run_payload(workshop)}


PERSON = Field(int, minimum=1)


@event("move", FACILITATOR, {"participant_id": PERSON, "table": Field(int, minimum=1)})
def on_move(workshop, _person, participant_id, table):
    live.move(workshop, live.get_participant(workshop, participant_id), table)
    out.seats(workshop)
    return {}


@event("absent", FACILITATOR, {"participant_id": PERSON, "absent": Field(bool)})
def on_absent(workshop, _person, participant_id, absent):
    live.set_absent(workshop, live.get_participant(workshop, participant_id), absent)
    out.seats(workshop)
    return {}


@event("host.replace", FACILITATOR, {"table": Field(int, minimum=1), "participant_id": PERSON})
def on_host_replace(workshop, _person, table, participant_id):
    live.replace_host(workshop, table, live.get_participant(workshop, participant_id))
    out.seats(workshop)
    return {}


@event("slide", FACILITATOR, {"index": Field(int, minimum=0, maximum=len(SLIDES) - 1)})
def on_slide(workshop, _person, index):
    live.show_slide(workshop, index)
    out.run(workshop)
    return {"run": live_views.run_payload(workshop)}


@event("broadcast", FACILITATOR, {"text": Field(str, max_length=live.BROADCAST_MAX_LENGTH * 2)})
def on_broadcast(workshop, _person, text):
    live.broadcast(workshop, text)
    out.message(workshop)
    return {}
