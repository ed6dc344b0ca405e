"""Plain data a workshop's deliverables are composed from.

The service layer fills these frozen dataclasses from the database; the PDF builders and
exports read nothing else. Tuples rather than lists keep them hashable and immutable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Language = Literal["fr", "en"]
Level = Literal["low", "medium", "high"]
Horizon = Literal["short", "medium", "long"]

LEVELS: tuple[Level, ...] = ("low", "medium", "high")
HORIZONS: tuple[Horizon, ...] = ("short", "medium", "long")


@dataclass(frozen=True)
class TableInfo:
    """A café table and the host who stays there for every round."""

    number: int
    name: str
    host_name: str
    theme: str = ""


@dataclass(frozen=True)
class TableSynthesis:
    """What one table's host wrote at the end of one round."""

    table_number: int
    key_points: tuple[str, ...] = ()
    solutions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundInfo:
    """One round: its question and the syntheses of every table. A synthesizing round asked
    the room to connect what the tables heard: its key points say what is emerging."""

    number: int
    question: str
    syntheses: tuple[TableSynthesis, ...] = ()
    synthesizing: bool = False


@dataclass(frozen=True)
class Qualification:
    """The facilitator's qualification of a solution during the plenary."""

    impact: Level
    effort: Level
    owner: str
    horizon: Horizon


@dataclass(frozen=True)
class SolutionOrigin:
    """A table and round where a solution was proposed."""

    table_number: int
    round_number: int


@dataclass(frozen=True)
class Solution:
    """A solution carried to the plenary, with its votes and qualification."""

    id: int
    title: str
    description: str = ""
    irritant: str = ""
    stage: str = ""
    work_stream: str = ""
    channel: str = ""
    origins: tuple[SolutionOrigin, ...] = ()
    votes: int = 0
    qualification: Qualification | None = None


@dataclass(frozen=True)
class Note:
    """A note shared at a table; the author is shown only when the report allows names."""

    round_number: int
    table_number: int
    text: str
    author_name: str | None = None


@dataclass(frozen=True)
class Photo:
    """A photo of a table's tablecloth or flip chart in one round, already resized (JPEG)."""

    round_number: int
    table_number: int
    caption: str
    width: int
    height: int
    image: bytes = field(default=b"", repr=False)  # left out of the JSON export


@dataclass(frozen=True)
class Theme:
    """A recurring theme of the feedback, with how often it came up and a verbatim or two."""

    label: str
    mentions: int
    verbatims: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageInsight:
    """Top irritants and praised practices of one customer-journey stage."""

    stage: str
    irritants: tuple[Theme, ...] = ()
    praised: tuple[Theme, ...] = ()


@dataclass(frozen=True)
class DiagnosticSnapshot:
    """The customer-feedback diagnostic presented before the rounds."""

    respondents: int
    nps: float
    margin_of_error: float  # half-width of the 95 % interval, in NPS points
    promoters: int
    passives: int
    detractors: int
    distribution: tuple[int, ...]  # count of each score 0..10, eleven entries
    stages: tuple[StageInsight, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class DiagnosticTheme:
    """A theme of the diagnostic a solution can address: where, how often, how it scores."""

    name: str
    stage: str
    mentions: int
    nps: float


@dataclass(frozen=True)
class WorkshopReport:
    """Everything both PDFs and the exports need about one workshop."""

    title: str
    date: dt.date
    place: str
    facilitator_name: str
    language: Language
    participants_count: int
    departments: tuple[str, ...] = ()
    tables: tuple[TableInfo, ...] = ()
    rounds: tuple[RoundInfo, ...] = ()
    solutions: tuple[Solution, ...] = ()
    notes: tuple[Note, ...] = ()
    journey_stages: tuple[str, ...] = ()  # the journey's order; unknown stages sort after
    show_names: bool = False
    diagnostic: DiagnosticSnapshot | None = None
    next_steps: str = ""
    generated_at: dt.date | None = None  # shown in the footer; None keeps it out
    photos: tuple[Photo, ...] = ()  # the detailed report's appendix, by round then table
    themes: tuple[DiagnosticTheme, ...] = ()  # what a solution's irritant may name

    def table(self, number: int) -> TableInfo | None:
        return next((t for t in self.tables if t.number == number), None)

    def theme(self, irritant: str) -> DiagnosticTheme | None:
        """The diagnostic theme a solution's irritant names (same words, any case)."""
        wanted = " ".join(irritant.casefold().split())
        return next((t for t in self.themes if t.name.casefold() == wanted), None) \
            if wanted else None


def sample_report() -> WorkshopReport:
    """A realistic French demo workshop, for tests, the benchmark and previews."""
    from .sample import build_sample_report  # the demo's text is long: kept apart

    return build_sample_report()
