"""Dot-vote limits, merging votes, ranking and the handover card."""
import pytest

from facilitator.domain.plenary import (HandoverKind, RoundSummary, Tally, VoteError, VoteRules,
                                        check_vote, handover, merge_votes, ranking)

RULES = VoteRules(dots=3, max_per_solution=2)


def test_votes_within_the_dots_and_the_per_solution_limit_pass():
    check_vote(RULES, {}, 1, 2)
    check_vote(RULES, {1: 2}, 2, 1)
    check_vote(RULES, {1: 2, 2: 1}, 1, 0)  # taking dots back is always allowed


def test_more_than_m_dots_on_one_solution_is_refused():
    with pytest.raises(VoteError) as error:
        check_vote(RULES, {}, 1, 3)
    assert error.value.code == "max_per_solution" and error.value.params == {"limit": 2}


def test_more_than_n_dots_in_all_is_refused_with_what_is_left():
    with pytest.raises(VoteError) as error:
        check_vote(RULES, {1: 2, 2: 1}, 3, 1)
    assert error.value.code == "no_dots_left" and error.value.params["left"] == 0


def test_setting_the_same_count_twice_is_harmless():
    check_vote(RULES, {1: 2}, 1, 2)  # a retry or a second tab sends the same absolute count


def test_merging_moves_votes_and_refunds_beyond_the_limit():
    merged, refunded = merge_votes({10: 1, 11: 2}, {10: 2, 12: 1}, max_per_solution=2)
    assert merged == {10: 2, 11: 2, 12: 1}
    assert refunded == {10: 1}


def test_ranking_puts_most_votes_first_and_is_stable():
    tallies = [Tally(3, "c", 4, 2), Tally(1, "a", 4, 1), Tally(2, "b", 7, 3)]
    assert [t.solution_id for t in ranking(tallies)] == [2, 1, 3]


def test_handover_in_question_mode_is_the_tables_thread_of_earlier_rounds():
    history = [RoundSummary(2, "Q2", ("k2",), ()), RoundSummary(1, "Q1", ("k1",), ("s1",)),
               RoundSummary(3, "Q3", ("k3",), ())]
    card = handover("question", 4, "", current_round=3, history=history)
    assert card.kind is HandoverKind.THREAD
    assert [r.round_number for r in card.rounds] == [1, 2] and not card.empty


def test_handover_in_themes_mode_is_the_themes_history():
    card = handover("themes", 2, "Onboarding", current_round=2,
                    history=[RoundSummary(1, "Q1", (), ())])
    assert card.kind is HandoverKind.THEME and card.theme == "Onboarding" and card.empty
