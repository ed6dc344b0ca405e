"""The synthesizing round: a round that asks the room to connect what the tables heard.
Its suggested question, where it may stand, what each phone recalls during it (`heard`) and
what it hands the plenary (`emerging`). Plain data only."""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from .i18n import N_, gettext_for
from .plenary import RoundSummary

# Round 1 has heard nothing yet: a synthesizing round needs at least one round before it.
FIRST_POSSIBLE_ROUND = 2

# In the workshop's language (not the facilitator's page): the room reads it.
SUGGESTED_QUESTION = N_(
    "What is emerging across the tables? Which ideas connect, and what is missing?")

TableKey = TypeVar("TableKey", bound=Hashable)


def suggested_question(language: str) -> str:
    return gettext_for(language)(SUGGESTED_QUESTION)


def may_synthesize(round_number: int) -> bool:
    return round_number >= FIRST_POSSIBLE_ROUND


@dataclass(frozen=True)
class Heard:
    """One table's synthesis of one earlier round, as recalled by a person who sat there."""
    table: Hashable
    summary: RoundSummary


def heard(current_round: int, seats: Mapping[int, TableKey],
          summaries: Mapping[tuple[TableKey, int], RoundSummary]) -> list[Heard]:
    """What a person heard before `current_round`: for each earlier round they sat at a
    table (`seats`: round number -> table), that table's synthesis of that round, oldest
    first. Tables they never sat at are never included."""
    found = []
    for round_number in sorted(seats):
        table = seats[round_number]
        summary = summaries.get((table, round_number))
        if round_number < current_round and summary is not None:
            found.append(Heard(table, summary))
    return found


@dataclass(frozen=True)
class Emerging:
    """One table's key points in a synthesizing round: what the plenary opens with."""
    table: Hashable
    summary: RoundSummary


def emerging(synthesizing_rounds: Iterable[int], tables: Iterable[TableKey],
             summaries: Mapping[tuple[TableKey, int], RoundSummary]) -> list[Emerging]:
    """Every table's synthesis of every synthesizing round, round then table order, leaving
    out tables that wrote no key point (nothing to open the plenary with)."""
    tables = list(tables)
    found = []
    for round_number in sorted(synthesizing_rounds):
        for table in tables:
            summary = summaries.get((table, round_number))
            if summary is not None and summary.key_points:
                found.append(Emerging(table, summary))
    return found


def placement_warnings(synthesizing: Iterable[bool]) -> dict[str, list[int]]:
    """Round numbers (1-based, in running order) of synthesizing rounds that stand first
    (nothing heard yet) or before the last round (the plenary would not follow them)."""
    flags = list(synthesizing)
    numbers = [n for n, flag in enumerate(flags, start=1) if flag]
    return {"first": [n for n in numbers if not may_synthesize(n)],
            "not_last": [n for n in numbers if may_synthesize(n) and n < len(flags)]}
