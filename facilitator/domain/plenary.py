"""Plenary rules: dot-voting limits, merging duplicate solutions with their votes, the
ranking, and what a host restates to newcomers (the handover card). Plain data only."""
from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from facilitator.domain.i18n import N_, gettext_for

DEFAULT_DOTS = 3            # dots each participant may place
DEFAULT_MAX_PER_SOLUTION = 2
LEVELS = ("low", "medium", "high")
HORIZONS = ("short", "medium", "long")
SOLUTION_FIELDS = ("title", "description", "irritant", "stage", "work_stream", "channel")
SOLUTION_FIELD_MAX = {"title": 160, "description": 2000, "irritant": 200, "stage": 80,
                      "work_stream": 80, "channel": 80}
KEY_POINT_MAX = 500
CLUSTER_TITLE_MAX = 120
CHANNELS = ("mobile_app", "relationship_marketing", "service", "web", "people", "process",
            "other")
# How each channel reads in a deliverable (English; the catalogue has the other languages).
CHANNEL_NAMES = {
    "mobile_app": N_("Mobile app feature"),
    "relationship_marketing": N_("Relationship marketing"),
    "service": N_("Service"),
    "web": N_("Website"),
    "people": N_("People and skills"),
    "process": N_("Process"),
    "other": N_("Other"),
}


def channel_label(channel: str, language: str) -> str:
    """A known channel's label in the language; free text stays as the host wrote it."""
    name = CHANNEL_NAMES.get(channel)
    return channel if name is None else gettext_for(language)(name)


class VoteError(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class VoteRules:
    dots: int = DEFAULT_DOTS
    max_per_solution: int = DEFAULT_MAX_PER_SOLUTION


def check_vote(rules: VoteRules, mine: Mapping[int, int], solution_id: int, dots: int) -> None:
    """May this participant put `dots` (an absolute count) on the solution, given `mine`
    (their dots per solution now)? Absolute counts make a retry or a second tab harmless."""
    if dots < 0:
        raise VoteError("negative")
    if dots > rules.max_per_solution:
        raise VoteError("max_per_solution", limit=rules.max_per_solution)
    others = sum(n for sid, n in mine.items() if sid != solution_id)
    if others + dots > rules.dots:
        raise VoteError("no_dots_left", dots=rules.dots, left=rules.dots - others)


def merge_votes(target: Mapping[int, int], source: Mapping[int, int],
                max_per_solution: int) -> tuple[dict[int, int], dict[int, int]]:
    """Votes of a duplicate solution move to the one kept. A participant who voted for both
    keeps at most `max_per_solution` dots there; the rest go back to them (refunded)."""
    merged = dict(target)
    refunded: dict[int, int] = {}
    for person, dots in source.items():
        total = merged.get(person, 0) + dots
        merged[person] = min(total, max_per_solution)
        if total > max_per_solution:
            refunded[person] = total - max_per_solution
    return merged, refunded


@dataclass(frozen=True)
class Tally:
    solution_id: int
    title: str
    votes: int
    table: int


def ranking(tallies: list[Tally]) -> list[Tally]:
    """Most dots first; ties keep table then id order, so the ranking is stable."""
    return sorted(tallies, key=lambda t: (-t.votes, t.table, t.solution_id))


class HandoverKind(str, enum.Enum):
    THREAD = "thread"   # question mode: the table's running thread, a question per round
    THEME = "theme"     # themes mode: the theme's history


@dataclass(frozen=True)
class RoundSummary:
    round_number: int
    question: str
    key_points: tuple[str, ...]
    solutions: tuple[str, ...]


@dataclass(frozen=True)
class HandoverCard:
    kind: HandoverKind
    table_number: int
    theme: str
    rounds: tuple[RoundSummary, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not any(r.key_points or r.solutions for r in self.rounds)


def handover(mode: str, table_number: int, theme: str, current_round: int,
             history: list[RoundSummary]) -> HandoverCard:
    """What the host restates when a new group sits down: every earlier round at this
    table (the running thread; in themes mode, the theme's history), oldest first."""
    earlier = tuple(sorted((r for r in history if r.round_number < current_round),
                           key=lambda r: r.round_number))
    kind = HandoverKind.THEME if mode == "themes" else HandoverKind.THREAD
    return HandoverCard(kind=kind, table_number=table_number, theme=theme, rounds=earlier)
