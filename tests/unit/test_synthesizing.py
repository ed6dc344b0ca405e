"""The synthesizing round's rules, without the app: where it may stand, what a person heard,
what emerges for the plenary."""
from facilitator.domain import workshop as rules
from facilitator.domain.plenary import RoundSummary
from facilitator.domain.synthesizing import (SUGGESTED_QUESTION, emerging, heard, may_synthesize,
                                             placement_warnings, suggested_question)


def summary(round_number, *points, solutions=()):
    return RoundSummary(round_number, f"Question {round_number}?", tuple(points),
                        tuple(solutions))


SUMMARIES = {
    ("a", 1): summary(1, "A1"), ("b", 1): summary(1, "B1"),
    ("a", 2): summary(2, "A2", solutions=("Fix A2",)), ("b", 2): summary(2, "B2"),
    ("a", 3): summary(3, "A3"), ("b", 3): summary(3),
}


def test_round_1_never_synthesizes():
    assert not may_synthesize(1)
    assert may_synthesize(2) and may_synthesize(7)


def test_the_suggested_question_is_short_and_in_the_workshops_language():
    assert suggested_question("fr") == ("Qu'est-ce qui émerge d'une table à l'autre\u00a0? "
                                        "Quelles idées se rejoignent, que manque-t-il\u00a0?")
    assert suggested_question("de") == suggested_question("en") == SUGGESTED_QUESTION
    assert all(len(suggested_question(language)) <= rules.QUESTION_WARN_LENGTH
               for language in ("en", "fr"))


def test_a_person_hears_only_the_tables_they_sat_at_before_this_round_oldest_first():
    found = heard(3, {2: "b", 1: "a", 3: "a"}, SUMMARIES)
    assert [(h.table, h.summary.round_number) for h in found] == [("a", 1), ("b", 2)]
    assert found[0].summary.key_points == ("A1",)


def test_someone_who_arrived_late_hears_only_the_rounds_they_sat():
    assert [h.table for h in heard(3, {2: "a"}, SUMMARIES)] == ["a"]
    assert heard(1, {1: "a"}, SUMMARIES) == []


def test_what_emerges_leaves_out_tables_without_a_key_point():
    found = emerging([3], ["a", "b"], SUMMARIES)
    assert [(e.table, e.summary.key_points) for e in found] == [("a", ("A3",))]
    assert emerging([], ["a", "b"], SUMMARIES) == []


def test_placement_warns_when_first_or_not_last():
    assert placement_warnings([False, False, True]) == {"first": [], "not_last": []}
    assert placement_warnings([True, False, False]) == {"first": [1], "not_last": []}
    assert placement_warnings([False, True, False]) == {"first": [], "not_last": [2]}


def test_the_checklist_warns_but_never_blocks_on_a_misplaced_synthesizing_round():
    facts = rules.DesignFacts(
        title="Café", mode=rules.Mode.QUESTION, people=12,
        tables=(rules.TableFacts(1, "One", ("Host",)),),
        rounds=(rules.RoundFacts(1, "Q1?"), rules.RoundFacts(2, "Q2?", synthesizing=True),
                rules.RoundFacts(3, "Q3?")))
    checks = rules.checklist(facts)
    check = next(c for c in checks if c.code == "synthesizing_place")
    assert not check.ok and not check.blocking
    assert rules.is_ready(checks)
    plain = rules.DesignFacts(title="Café", mode=rules.Mode.QUESTION, people=12,
                              tables=facts.tables, rounds=(rules.RoundFacts(1, "Q1?"),))
    assert all(c.code != "synthesizing_place" for c in rules.checklist(plain))
