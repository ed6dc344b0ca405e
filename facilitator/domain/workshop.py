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
# The agenda's other moments: the welcome (purpose, key figures, etiquette), the move between
# two rounds, the plenary.
WELCOME_MINUTES = 10
DEFAULT_ROTATION_MINUTES = 5
DEFAULT_PLENARY_MINUTES = 30
MAX_TABLES, MAX_ROUNDS = 40, 8
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
    # Only questions that exist can be called short.
    if any(r.question.strip() for r in facts.rounds):
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


# The agenda -----------------------------------------------------------------------------

@dataclass(frozen=True)
class AgendaItem:
    kind: str        # welcome, round, rotation, plenary
    start: int       # minutes after the start of the café
    minutes: int
    round: int = 0   # the round's number (round and rotation items)
    phases: tuple[int, int, int] = (0, 0, 0)  # reflection, sharing, discussion


@dataclass(frozen=True)
class Agenda:
    items: tuple[AgendaItem, ...]
    total: int                  # minutes, end to end
    slot: int | None            # the time slot's minutes, when the facilitator gave one

    @property
    def overrun(self) -> int:
        """Minutes beyond the slot (0 when it fits or there is no slot)."""
        return max(0, self.total - self.slot) if self.slot is not None else 0

    @property
    def spare(self) -> int:
        return max(0, self.slot - self.total) if self.slot is not None else 0


def agenda(rounds: list[tuple[int, int, int]], *, rotation: int, plenary: int,
           slot: int | None = None, welcome: int = WELCOME_MINUTES) -> Agenda:
    """The café end to end: welcome, each round's three phases, a move between two rounds,
    the plenary. `rounds` holds each round's (reflection, sharing, discussion) minutes."""
    items, clock = [AgendaItem("welcome", 0, welcome)], welcome
    for number, phases in enumerate(rounds, start=1):
        if number > 1:
            items.append(AgendaItem("rotation", clock, rotation, number))
            clock += rotation
        length = sum(phases)
        items.append(AgendaItem("round", clock, length, number, tuple(phases)))
        clock += length
    items.append(AgendaItem("plenary", clock, plenary))
    return Agenda(tuple(items), clock + plenary, slot)


def slot_minutes(starts: tuple[int, int] | None, ends: tuple[int, int] | None) -> int | None:
    """The slot between two (hour, minute) times; one ending past midnight wraps."""
    if starts is None or ends is None:
        return None
    minutes = (ends[0] * 60 + ends[1]) - (starts[0] * 60 + starts[1])
    return minutes if minutes > 0 else minutes + 24 * 60


# The path -------------------------------------------------------------------------------

class StepState(str, enum.Enum):
    DONE = "done"
    TODO = "todo"
    WARNING = "warning"


PATH = ("brief", "diagnostic", "questions", "tables", "roster", "seating", "rehearsal",
        "doors", "deliverables", "action_plan")


@dataclass(frozen=True)
class PathFacts:
    """What the path needs beyond the checklist, as plain data."""
    brief: bool                 # a brief and a date are written
    diagnostic: bool            # feedback was imported
    seating_planned: bool
    seating_problems: bool      # the plan no longer fits the design
    rehearsed: bool
    doors_open: bool
    closed: bool
    actions: bool = False       # the action plan has at least one action


@dataclass(frozen=True)
class Step:
    code: str
    state: StepState


def path(checks: list[Check], facts: PathFacts) -> list[Step]:
    """The method's order of work, each step done, to do or warned about. The checklist says
    what blocks; the path says where each fix lives."""
    by_code: dict[str, list[Check]] = {}
    for check in checks:
        by_code.setdefault(_STEP_OF_CHECK.get(check.code, "brief"), []).append(check)
    states = {code: _state(by_code.get(code, [])) for code in PATH}
    states["brief"] = _worst(states["brief"], StepState.DONE if facts.brief else StepState.TODO)
    states["diagnostic"] = StepState.DONE if facts.diagnostic else StepState.TODO
    if facts.seating_problems:
        states["seating"] = StepState.WARNING
    elif not facts.seating_planned:
        states["seating"] = StepState.TODO
    states["rehearsal"] = StepState.DONE if facts.rehearsed else StepState.TODO
    states["doors"] = StepState.DONE if facts.doors_open else StepState.TODO
    states["deliverables"] = StepState.DONE if facts.closed else StepState.TODO
    states["action_plan"] = StepState.DONE if facts.actions else StepState.TODO
    return [Step(code, states[code]) for code in PATH]


_STEP_OF_CHECK = {
    "title": "brief", "rounds": "questions", "questions": "questions",
    "question_length": "questions", "synthesizing_place": "questions", "tables": "tables",
    "seats_range": "tables", "themes_rounds": "tables", "table_without_host": "roster",
    "table_with_hosts": "roster", "hosts": "roster", "host_without_table": "roster",
    "people_range": "roster"}


def step_of(check: Check) -> str:
    """The step of the path where a check is fixed."""
    return _STEP_OF_CHECK.get(check.code, "brief")


def _state(checks: list[Check]) -> StepState:
    if any(not c.ok and c.blocking for c in checks):
        return StepState.TODO
    if any(not c.ok for c in checks):
        return StepState.WARNING
    return StepState.DONE


def _worst(a: StepState, b: StepState) -> StepState:
    order = (StepState.DONE, StepState.WARNING, StepState.TODO)
    return max(a, b, key=order.index)


def next_step(steps: list[Step], current: str) -> Step | None:
    """The step after `current` in the method's order."""
    codes = [s.code for s in steps]
    if current not in codes or codes.index(current) + 1 >= len(codes):
        return None
    return steps[codes.index(current) + 1]
