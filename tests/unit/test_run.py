"""The live run state machine: phases, timers, pause, extend, back, rotation, plenary."""
from datetime import datetime, timedelta

import pytest

from facilitator.domain.run import (Command, RunError, RunState, Stage, Timing, advance_on_time,
                                    apply, expired)
from facilitator.domain.workshop import Phase

T0 = datetime(2026, 12, 10, 9, 0, 0)
MINUTES = {Phase.REFLECTION: 3, Phase.SHARING: 7, Phase.DISCUSSION: 15}
TIMING = Timing(rounds=2, minutes=(MINUTES, MINUTES))


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def started() -> RunState:
    return apply(RunState(), Command.START_ROUND, T0, TIMING)


def test_starting_a_round_opens_individual_reflection_with_its_deadline():
    state = started()
    assert (state.stage, state.round_number, state.phase) == (Stage.ROUND, 1, Phase.REFLECTION)
    assert state.deadline == at(180) and state.version == 1


def test_pause_keeps_the_remaining_time_and_resume_restores_it():
    state = apply(started(), Command.PAUSE, at(60), TIMING)
    assert state.paused and state.remaining(at(500)) == 120
    state = apply(state, Command.RESUME, at(1000), TIMING)
    assert state.deadline == at(1120) and not state.paused


def test_extend_adds_time_running_paused_or_expired():
    assert apply(started(), Command.EXTEND, at(10), TIMING, 60).deadline == at(240)
    paused = apply(started(), Command.PAUSE, at(30), TIMING)
    assert apply(paused, Command.EXTEND, at(40), TIMING, 300).paused_remaining == 450
    assert apply(started(), Command.EXTEND, at(200), TIMING, 60).deadline == at(260)
    with pytest.raises(RunError):
        apply(started(), Command.EXTEND, at(1), TIMING, 0)


def test_skip_walks_the_phases_then_rotation_then_plenary_after_the_last_round():
    state = started()
    state = apply(state, Command.SKIP, at(10), TIMING)
    assert state.phase is Phase.SHARING and state.deadline == at(10 + 420)
    state = apply(state, Command.SKIP, at(20), TIMING)
    assert state.phase is Phase.DISCUSSION
    state = apply(state, Command.SKIP, at(30), TIMING)
    assert state.stage is Stage.ROTATION and state.round_number == 1
    state = apply(state, Command.START_ROUND, at(40), TIMING)
    assert (state.round_number, state.phase) == (2, Phase.REFLECTION)
    state = apply(state, Command.ROTATE, at(50), TIMING)
    assert state.stage is Stage.PLENARY


def test_back_goes_to_the_previous_phase_with_its_full_duration():
    state = apply(started(), Command.SKIP, at(10), TIMING)
    state = apply(state, Command.BACK, at(20), TIMING)
    assert state.phase is Phase.REFLECTION and state.deadline == at(200)
    with pytest.raises(RunError) as error:
        apply(state, Command.BACK, at(21), TIMING)
    assert error.value.code == "first_phase"
    rotation = apply(apply(apply(state, Command.SKIP, at(22), TIMING), Command.SKIP, at(23),
                           TIMING), Command.SKIP, at(24), TIMING)
    assert apply(rotation, Command.BACK, at(25), TIMING).phase is Phase.DISCUSSION


def test_commands_that_do_not_fit_are_refused_with_a_reason():
    with pytest.raises(RunError, match="no_round_running"):
        apply(RunState(), Command.PAUSE, T0, TIMING)
    with pytest.raises(RunError, match="not_between_rounds"):
        apply(started(), Command.START_ROUND, at(1), TIMING)
    closed = apply(RunState(), Command.CLOSE, T0, TIMING)
    with pytest.raises(RunError, match="already_closed"):
        apply(closed, Command.CLOSE, T0, TIMING)


def test_a_phase_ends_on_time_and_the_next_one_starts_at_the_old_deadline():
    state = started()
    assert advance_on_time(state, at(179), TIMING) is None
    late_tick = advance_on_time(state, at(185), TIMING)
    assert late_tick.phase is Phase.SHARING and late_tick.deadline == at(180 + 420)


def test_a_long_outage_catches_up_through_several_phases():
    state = advance_on_time(started(), at(180 + 420 + 5), TIMING)
    assert state.phase is Phase.DISCUSSION and state.deadline == at(180 + 420 + 900)
    assert advance_on_time(state, at(10_000), TIMING).stage is Stage.ROTATION


def test_a_paused_phase_never_expires():
    paused = apply(started(), Command.PAUSE, at(10), TIMING)
    assert not expired(paused, at(10_000))
