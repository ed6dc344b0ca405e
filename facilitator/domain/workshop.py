"""The rules of a workshop's design: statuses, modes, limits, join codes, table
suggestions and the readiness checklist. Plain data in, plain data out.
"""
from __future__ import annotations

import enum
import math
import secrets
from dataclasses import dataclass, field

from .synthesizing import placement_warnings


class Status(str, enum.Enum):
    DRAFT = "draft"
    READY = "ready"
    LIVE = "live"
    PLENARY = "plenary"
    CLOSED = "closed"


OPEN_STATUSES = (Status.DRAFT, Status.READY, Status.LIVE, Status.PLENARY)


class Mode(str, enum.Enum):
    QUESTION = "question"  # every table treats the round's question
    THEMES = "themes"      # each table keeps its theme; people visit themes


class Role(str, enum.Enum):
    HOST = "host"
    PARTICIPANT = "participant"


class PairKind(str, enum.Enum):
    """A facilitator's rule about two people, honoured by the seating engine as a hard
    constraint: never at one table, or not at one table in the first round."""
    NEVER = "never"
    APART_FIRST_ROUND = "apart_first_round"


class Phase(str, enum.Enum):
    REFLECTION = "reflection"
    SHARING = "sharing"
    DISCUSSION = "discussion"


LANGUAGES = ("fr", "en")
DEFAULT_PHASE_MINUTES = {Phase.REFLECTION: 3, Phase.SHARING: 7, Phase.DISCUSSION: 15}
MAX_PHASE_MINUTES = 120
QUESTION_WARN_LENGTH = 200
QUESTION_MAX_LENGTH = 1000
NOTE_MAX_LENGTH = 1000
NAME_MAX_LENGTH = 80
DEPARTMENT_MAX_LENGTH = 80
TITLE_MAX_LENGTH = 160
MIN_PEOPLE, MAX_PEOPLE = 12, 50
MIN_SEATS, MAX_SEATS, IDEAL_SEATS = 4, 8, 6

# No 0/O, 1/I/L, 5/S, 2/Z: a code read aloud or off a projector is typed right.
JOIN_CODE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
JOIN_CODE_LENGTH = 6


def new_join_code(taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A random code (27^6, about 387 million) not in `taken`."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if code not in taken:
            return code


def normalise_join_code(text: str) -> str:
    """What a person typed, made comparable: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def suggest_table_count(people: int) -> int:
    """Tables for `people` seats (hosts included), nearest to 6 a table within 4-8."""
    if people <= 0:
        return 0
    best = max(1, round(people / IDEAL_SEATS))
    candidates = [t for t in range(1, people + 1)
                  if MIN_SEATS <= math.ceil(people / t) and math.floor(people / t) >= MIN_SEATS
                  and math.ceil(people / t) <= MAX_SEATS]
    if not candidates:
        return best
    return min(candidates, key=lambda t: (abs(people / t - IDEAL_SEATS), t))


@dataclass(frozen=True)
class TableFacts:
    number: int
    name: str
    hosts: tuple[str, ...]  # display names of the hosts assigned to this table


@dataclass(frozen=True)
class RoundFacts:
    number: int
    question: str
    synthesizing: bool = False


@dataclass(frozen=True)
class DesignFacts:
    """What the checklist needs to know about a workshop, as plain data."""
    title: str
    mode: Mode
    tables: tuple[TableFacts, ...]
    rounds: tuple[RoundFacts, ...]
    people: int
    unseated_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    blocking: bool
    params: dict = field(default_factory=dict)


def checklist(facts: DesignFacts) -> list[Check]:
    """Every check, in the order a facilitator would fix them. Blocking ones gate 'ready'."""
    checks = [
        Check("title", bool(facts.title.strip()), True),
        Check("tables", bool(facts.tables), True),
        Check("rounds", bool(facts.rounds), True),
        Check("questions", all(r.question.strip() for r in facts.rounds) and bool(facts.rounds),
              True, {"missing": [r.number for r in facts.rounds if not r.question.strip()]}),
    ]
    for table in facts.tables:
        if len(table.hosts) == 0:
            checks.append(Check("table_without_host", False, True,
                                {"table": table.number, "name": table.name}))
        elif len(table.hosts) > 1:
            checks.append(Check("table_with_hosts", False, True,
                                {"table": table.number, "name": table.name,
                                 "hosts": ", ".join(table.hosts)}))
    if facts.tables and all(len(t.hosts) == 1 for t in facts.tables):
        checks.append(Check("hosts", True, True))
    for host in facts.unseated_hosts:
        checks.append(Check("host_without_table", False, True, {"host": host}))
    checks.extend(_warnings(facts))
    return checks


def _warnings(facts: DesignFacts) -> list[Check]:
    warnings = [Check("people_range", MIN_PEOPLE <= facts.people <= MAX_PEOPLE, False,
                      {"people": facts.people, "min": MIN_PEOPLE, "max": MAX_PEOPLE})]
    if facts.tables and facts.people:
        low = facts.people // len(facts.tables)
        high = math.ceil(facts.people / len(facts.tables))
        warnings.append(Check("seats_range", MIN_SEATS <= low and high <= MAX_SEATS, False,
                              {"low": low, "high": high, "min": MIN_SEATS, "max": MAX_SEATS,
                               "suggested": suggest_table_count(facts.people)}))
    long_rounds = [r.number for r in facts.rounds if len(r.question) > QUESTION_WARN_LENGTH]
    warnings.append(Check("question_length", not long_rounds, False,
                          {"rounds": long_rounds, "limit": QUESTION_WARN_LENGTH}))
    if any(r.synthesizing for r in facts.rounds):
        warnings.append(_synthesizing_check(facts.rounds))
    if facts.mode is Mode.THEMES:
        warnings.append(Check("themes_rounds", len(facts.rounds) <= len(facts.tables), False,
                              {"rounds": len(facts.rounds), "tables": len(facts.tables)}))
    return warnings


def _synthesizing_check(rounds: tuple[RoundFacts, ...]) -> Check:
    """A synthesizing round works last (the plenary follows it) and never first; a warning
    only: the facilitator may have reasons."""
    ordered = sorted(rounds, key=lambda r: r.number)
    placed = placement_warnings(r.synthesizing for r in ordered)
    return Check("synthesizing_place", not placed["first"] and not placed["not_last"], False,
                 placed)


def is_ready(checks: list[Check]) -> bool:
    return all(c.ok for c in checks if c.blocking)
