"""The live run of a workshop as a state machine: lobby, rounds with three timed phases,
rotation between rounds, plenary, closed. Pure: every transition takes `now` and returns
a new state, so the server holds the deadline and tests need no clock.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from facilitator.domain.workshop import Phase

PHASES: tuple[Phase, ...] = (Phase.REFLECTION, Phase.SHARING, Phase.DISCUSSION)
EXTENSIONS_SECONDS = (60, 300)  # the console's +1 min and +5 min
MAX_EXTENSION_SECONDS = 30 * 60


class Stage(str, enum.Enum):
    LOBBY = "lobby"
    ROUND = "round"
    ROTATION = "rotation"
    PLENARY = "plenary"
    CLOSED = "closed"


class Command(str, enum.Enum):
    START_ROUND = "start_round"   # lobby or rotation -> next round, first phase
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"             # with seconds
    SKIP = "skip"                 # next phase; after discussion -> rotation or plenary
    BACK = "back"                 # previous phase, with its full duration
    ROTATE = "rotate"             # end the round now and show everyone their next table
    PLENARY = "plenary"
    CLOSE = "close"


class RunError(ValueError):
    """A command that does not fit the current state; `code` names why."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class RunState:
    stage: Stage = Stage.LOBBY
    round_number: int = 0                  # 1-based; 0 before the first round
    phase: Phase | None = None
    deadline: datetime | None = None       # when the running phase ends
    paused_remaining: float | None = None  # seconds left, while paused
    version: int = 0

    @property
    def paused(self) -> bool:
        return self.paused_remaining is not None

    def remaining(self, now: datetime) -> float | None:
        if self.paused_remaining is not None:
            return self.paused_remaining
        if self.deadline is None:
            return None
        return max(0.0, (self.deadline - now).total_seconds())


@dataclass(frozen=True)
class Timing:
    """What the state machine needs from the workshop's design."""
    rounds: int
    minutes: tuple[dict[Phase, int], ...]  # per round, minutes per phase

    def seconds(self, round_number: int, phase: Phase) -> int:
        return self.minutes[round_number - 1][phase] * 60


def apply(state: RunState, command: Command, now: datetime, timing: Timing,
          seconds: int = 0) -> RunState:
    """The state after `command`; RunError when it makes no sense now."""
    handler = _HANDLERS[command]
    new = handler(state, now, timing, seconds)
    return replace(new, version=state.version + 1)


def _phase_start(state: RunState, round_number: int, phase: Phase, now: datetime,
                 timing: Timing) -> RunState:
    deadline = now + timedelta(seconds=timing.seconds(round_number, phase))
    return replace(state, stage=Stage.ROUND, round_number=round_number, phase=phase,
                   deadline=deadline, paused_remaining=None)


def _start_round(state, now, timing, _seconds):
    if state.stage not in (Stage.LOBBY, Stage.ROTATION):
        raise RunError("not_between_rounds")
    if state.round_number >= timing.rounds:
        raise RunError("no_more_rounds")
    return _phase_start(state, state.round_number + 1, PHASES[0], now, timing)


def _require_round(state: RunState) -> None:
    if state.stage is not Stage.ROUND:
        raise RunError("no_round_running")


def _pause(state, now, _timing, _seconds):
    _require_round(state)
    if state.paused:
        raise RunError("already_paused")
    return replace(state, paused_remaining=state.remaining(now), deadline=None)


def _resume(state, now, _timing, _seconds):
    _require_round(state)
    if not state.paused:
        raise RunError("not_paused")
    return replace(state, deadline=now + timedelta(seconds=state.paused_remaining),
                   paused_remaining=None)


def _extend(state, now, _timing, seconds):
    _require_round(state)
    if not 0 < seconds <= MAX_EXTENSION_SECONDS:
        raise RunError("bad_extension", limit=MAX_EXTENSION_SECONDS // 60)
    if state.paused:
        return replace(state, paused_remaining=state.paused_remaining + seconds)
    # An expired phase that waited for the facilitator restarts its clock from now.
    base = max(state.deadline, now) if state.deadline else now
    return replace(state, deadline=base + timedelta(seconds=seconds))


def _skip(state, now, timing, _seconds):
    _require_round(state)
    index = PHASES.index(state.phase)
    if index + 1 < len(PHASES):
        return _phase_start(state, state.round_number, PHASES[index + 1], now, timing)
    return _end_round(state, timing)


def _back(state, now, timing, _seconds):
    if state.stage is Stage.ROTATION:  # back into the discussion of the round just ended
        return _phase_start(state, state.round_number, PHASES[-1], now, timing)
    _require_round(state)
    index = PHASES.index(state.phase)
    if index == 0:
        raise RunError("first_phase")
    return _phase_start(state, state.round_number, PHASES[index - 1], now, timing)


def _end_round(state: RunState, timing: Timing) -> RunState:
    if state.round_number >= timing.rounds:
        return replace(state, stage=Stage.PLENARY, phase=None, deadline=None,
                       paused_remaining=None)
    return replace(state, stage=Stage.ROTATION, phase=None, deadline=None, paused_remaining=None)


def _rotate(state, _now, timing, _seconds):
    _require_round(state)
    return _end_round(state, timing)


def _plenary(state, _now, _timing, _seconds):
    if state.stage in (Stage.PLENARY, Stage.CLOSED):
        raise RunError("already_in_plenary")
    return replace(state, stage=Stage.PLENARY, phase=None, deadline=None, paused_remaining=None)


def _close(state, _now, _timing, _seconds):
    if state.stage is Stage.CLOSED:
        raise RunError("already_closed")
    return replace(state, stage=Stage.CLOSED, phase=None, deadline=None, paused_remaining=None)


_HANDLERS = {
    Command.START_ROUND: _start_round, Command.PAUSE: _pause, Command.RESUME: _resume,
    Command.EXTEND: _extend, Command.SKIP: _skip, Command.BACK: _back,
    Command.ROTATE: _rotate, Command.PLENARY: _plenary, Command.CLOSE: _close,
}


def expired(state: RunState, now: datetime) -> bool:
    """A running, unpaused phase whose deadline has passed."""
    return (state.stage is Stage.ROUND and not state.paused and state.deadline is not None
            and state.deadline <= now)


def advance_on_time(state: RunState, now: datetime, timing: Timing) -> RunState | None:
    """The state after an expired phase ends by itself, or None when nothing is due.
    The next phase starts at the old deadline, so a late tick does not steal time."""
    if not expired(state, now):
        return None
    new = apply(state, Command.SKIP, state.deadline, timing)
    if new.deadline is not None and new.deadline <= now:
        return advance_on_time(new, now, timing) or new
    return new
