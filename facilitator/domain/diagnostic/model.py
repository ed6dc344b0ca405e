"""Plain records of an import: accepted responses and rejected rows.

Frozen dataclasses with no behaviour beyond naming, so services can store them and
the web layer can serialise them without knowing how a file was parsed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .columns import ColumnGuess
from .texts import DEFAULT_LANGUAGE, text, translations

NpsClass = Literal["promoter", "passive", "detractor"]


def nps_class(score: int) -> NpsClass:
    """Promoter 9-10, passive 7-8, detractor 0-6."""
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


@dataclass(frozen=True, slots=True)
class Response:
    """One accepted answer. `content_hash` identifies it across re-imports."""

    line: int
    score: int
    comment: str = ""
    date: date | None = None
    segment: str = ""
    respondent: str = ""
    content_hash: str = ""

    @property
    def nps_class(self) -> NpsClass:
        return nps_class(self.score)


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row not counted, with its physical line and a reason code (see texts.py)."""

    line: int
    code: str
    params: dict[str, object] = field(default_factory=dict)

    def reason(self, language: str = DEFAULT_LANGUAGE) -> str:
        return text(f"reject.{self.code}", language, **self.params)

    def to_dict(self, language: str = DEFAULT_LANGUAGE) -> dict[str, object]:
        return {
            "line": self.line,
            "reason": self.reason(language),
            "code": self.code,
            "messages": translations(f"reject.{self.code}", **self.params),
        }


@dataclass(slots=True)
class ImportResult:
    """Everything learned from one file: how it was read, what was kept, what was not.

    Every data record ends in exactly one of `responses` or `rejected`; a repeated row
    is rejected with code "duplicate" naming the line it repeats.
    """

    format: str
    columns: ColumnGuess
    responses: list[Response]
    rejected: list[Rejection]
    encoding: str | None = None
    delimiter: str | None = None
    header_lines: int = 1

    @property
    def duplicates(self) -> list[Rejection]:
        return [rejection for rejection in self.rejected if rejection.code == "duplicate"]

    @property
    def hashes(self) -> set[str]:
        return {response.content_hash for response in self.responses}
