"""The preparation's pure rules: the agenda against a time slot, the path's states, a
checklist that never calls missing questions short."""
from facilitator.domain import workshop as rules
from facilitator.domain.workshop import (Check, DesignFacts, Mode, PathFacts, RoundFacts,
                                         StepState, TableFacts)


def test_the_agenda_runs_welcome_rounds_moves_and_plenary_end_to_end():
    agenda = rules.agenda([(3, 7, 15), (3, 7, 15), (2, 5, 10)], rotation=5, plenary=30,
                          slot=120)
    assert [(i.kind, i.start, i.minutes) for i in agenda.items] == [
        ("welcome", 0, 10), ("round", 10, 25), ("rotation", 35, 5), ("round", 40, 25),
        ("rotation", 65, 5), ("round", 70, 17), ("plenary", 87, 30)]
    assert agenda.total == 117 and agenda.spare == 3 and agenda.overrun == 0


def test_an_agenda_longer_than_its_slot_says_by_how_much():
    agenda = rules.agenda([(5, 10, 30)] * 3, rotation=5, plenary=30, slot=90)
    assert agenda.overrun == agenda.total - 90 > 0


def test_a_slot_is_measured_between_two_times_even_past_midnight():
    assert rules.slot_minutes((9, 0), (10, 30)) == 90
    assert rules.slot_minutes((23, 0), (0, 30)) == 90
    assert rules.slot_minutes(None, (10, 0)) is None


def facts(**changes):
    base = dict(title="Café", mode=Mode.QUESTION, people=12,
                tables=(TableFacts(1, "A", ("Ana",)), TableFacts(2, "B", ("Bo",))),
                rounds=(RoundFacts(1, ""), RoundFacts(2, "")))
    base.update(changes)
    return DesignFacts(**base)


def test_no_question_is_not_called_short():
    codes = {c.code: c for c in rules.checklist(facts())}
    assert "question_length" not in codes and not codes["questions"].ok
    written = facts(rounds=(RoundFacts(1, "Why?"),))
    assert {c.code: c.ok for c in rules.checklist(written)}["question_length"]


def path_facts(**changes):
    base = dict(brief=True, diagnostic=False, seating_planned=True, seating_problems=False,
                rehearsed=False, doors_open=False, closed=False)
    base.update(changes)
    return PathFacts(**base)


def test_the_path_follows_the_method_and_says_where_each_check_is_fixed():
    steps = rules.path(rules.checklist(facts()), path_facts())
    assert [s.code for s in steps] == list(rules.PATH)
    states = {s.code: s.state for s in steps}
    assert states["questions"] is StepState.TODO  # questions missing
    assert states["tables"] is StepState.DONE and states["roster"] is StepState.DONE
    assert states["diagnostic"] is StepState.TODO and states["rehearsal"] is StepState.TODO
    assert rules.next_step(steps, "questions").code == "tables"
    assert rules.next_step(steps, "deliverables").code == "action_plan"
    assert rules.next_step(steps, "action_plan") is None
    assert states["action_plan"] is StepState.TODO
    planned = rules.path(rules.checklist(facts()), path_facts(closed=True, actions=True))
    assert {s.code: s.state for s in planned}["action_plan"] is StepState.DONE


def test_a_host_problem_is_fixed_on_the_roster_and_a_stale_plan_warns_on_seating():
    broken = facts(tables=(TableFacts(1, "A", ()),))
    steps = {s.code: s.state for s in rules.path(rules.checklist(broken),
                                                  path_facts(seating_problems=True))}
    assert steps["roster"] is StepState.TODO and steps["seating"] is StepState.WARNING
    assert rules.step_of(Check("table_without_host", False, True)) == "roster"
