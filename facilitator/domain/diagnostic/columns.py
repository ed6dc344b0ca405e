"""Find which columns hold the score, comment, date, segment and respondent id.

Survey tools disagree on names and header rows, so columns are recognised by French
and English synonyms and by the shape of their values, never by vendor. Each guess
carries a confidence so the web layer can ask the user to confirm a shaky mapping.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .values import looks_like_date, looks_like_score

Field = Literal["score", "comment", "date", "segment", "respondent"]
FIELDS: tuple[Field, ...] = ("score", "comment", "date", "respondent", "segment")

# Synonyms matched against the accent-folded, lower-cased header text. A "strong"
# synonym alone is enough; a "weak" one needs the values to agree.
_SYNONYMS: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "score": (
        ("nps", "recommand", "recommend", "how likely", "probabilite", "likelihood",
         "score", "note", "0-10", "0 a 10", "0 to 10"),
        ("rating", "notation", "evaluation", "satisfaction"),
    ),
    "comment": (
        ("comment", "verbatim", "feedback", "remarque", "pourquoi", "why", "raison",
         "reason", "open-ended", "open ended", "reponse ouverte", "avis", "precisez",
         "explain", "expliquez", "suggestion", "texte libre", "free text"),
        ("text", "texte", "message", "notes", "details", "detail", "ameliorer", "improve"),
    ),
    "date": (
        ("date", "horodateur", "timestamp", "created_at", "submitted", "submit",
         "recorded", "soumis", "enddate", "end date", "created", "cree le", "updated"),
        ("time", "heure", "jour", "day", "when", "quand"),
    ),
    "segment": (
        ("segment", "product", "produit", "formation", "offre", "offer", "course",
         "programme", "program", "plan", "gamme"),
        ("type", "categorie", "category", "canal", "channel", "cours", "service", "training"),
    ),
    "respondent": (
        ("email", "e-mail", "courriel", "respondent", "responseid", "response id",
         "identifiant", "user id", "userid", "customer id", "client id", "token",
         "response token"),
        ("id", "user", "client", "customer", "contact", "login", "#"),
    ),
}
# Derived columns that look like scores but are not: Qualtrics' Qn_NPS_GROUP (1/2/3).
_NOT_A_SCORE = ("nps_group", "nps group", "groupe nps", "nps category", "categorie nps",
                "nps_category", "nps segment", "collector", "importid", "response type",
                "network id")
_SAMPLE_SIZE = 200
CONFIDENT = 0.75  # below this, or with a close runner-up, ask the user


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Column index for each field, or None when the file has no such column."""

    score: int | None = None
    comment: int | None = None
    date: int | None = None
    segment: int | None = None
    respondent: int | None = None

    def get(self, name: Field) -> int | None:
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class ColumnGuess:
    """The detected mapping with, per field, its confidence (0-1) and ranked candidates."""

    header: list[str]
    mapping: ColumnMapping
    confidence: dict[str, float] = field(default_factory=dict)
    candidates: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    explicit: frozenset[str] = frozenset()

    @property
    def needs_confirmation(self) -> bool:
        """True when the score or comment guess is weak or has a close runner-up."""
        for name in ("score", "comment"):
            if name in self.explicit:
                continue
            ranked = self.candidates.get(name, [])
            if not ranked:
                if name == "score":
                    return True
                continue
            if ranked[0][1] < CONFIDENT or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 0.15):
                return True
        return False

    def to_dict(self) -> dict[str, object]:
        return {
            "header": self.header,
            "mapping": {name: self.mapping.get(name) for name in FIELDS},
            "columns": {
                name: (self.header[index] if index is not None else None)
                for name in FIELDS
                for index in [self.mapping.get(name)]
            },
            "confidence": {name: round(value, 2) for name, value in self.confidence.items()},
            "needs_confirmation": self.needs_confirmation,
        }


def fold(text: str) -> str:
    """Lower-case and strip accents so "Recommandation" and "recommandation" agree."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def detect_columns(
    header: Sequence[str],
    samples: Sequence[Sequence[str]],
    explicit: Mapping[str, str | int | None] | None = None,
) -> ColumnGuess:
    """Guess the mapping from header names and up to 200 sample rows.

    `explicit` maps a field to a column name or index (None = "no such column") and
    wins over detection; the fields it leaves out are still detected.
    """
    from .errors import FeedbackFileError  # local: errors imports texts only

    header = list(header)
    explicit = dict(explicit or {})
    chosen: dict[str, int | None] = {}
    for name, column in explicit.items():
        if name not in FIELDS:
            raise ValueError(f"unknown field {name!r}")
        chosen[name] = _resolve_column(header, column, FeedbackFileError)
    columns = _column_values(len(header), samples)
    ranked_by_field: dict[str, list[tuple[int, float]]] = {}
    confidence: dict[str, float] = {name: 1.0 for name in chosen}
    for name in FIELDS:
        taken = {index for index in chosen.values() if index is not None}
        ranked = [
            (index, score)
            for index in range(len(header))
            if index not in taken
            for score in [_field_score(name, header[index], columns[index])]
            if score > 0
        ]
        ranked.sort(key=lambda item: (-item[1], item[0]))
        ranked_by_field[name] = ranked
        if name in chosen:
            continue
        chosen[name] = ranked[0][0] if ranked else None
        confidence[name] = ranked[0][1] if ranked else 0.0
    return ColumnGuess(
        header=header,
        mapping=ColumnMapping(**chosen),
        confidence=confidence,
        candidates=ranked_by_field,
        explicit=frozenset(explicit),
    )


def _resolve_column(header: list[str], column: str | int | None, error: type) -> int | None:
    if column is None or isinstance(column, int):
        if isinstance(column, int) and not 0 <= column < len(header):
            raise error("unknown_column", column=str(column))
        return column
    wanted = fold(column.strip())
    for index, name in enumerate(header):
        if fold(name.strip()) == wanted:
            return index
    for index, name in enumerate(header):  # "Q1" matches "Q1 | How likely..."
        if fold(name).split(" | ")[0].strip() == wanted:
            return index
    raise error("unknown_column", column=column)


def _column_values(width: int, samples: Sequence[Sequence[str]]) -> list[list[str]]:
    columns: list[list[str]] = [[] for _ in range(width)]
    for row in samples[:_SAMPLE_SIZE]:
        for index in range(width):
            columns[index].append(row[index].strip() if index < len(row) else "")
    return columns


def _header_score(name: Field, header: str) -> float:
    """1.0 for a strong synonym, 0.5 for a weak one, 0 otherwise."""
    folded = fold(header)
    words = set(re.findall(r"[a-z0-9_#@-]+", folded))
    strong, weak = _SYNONYMS[name]
    if any(_mentions(folded, words, synonym) for synonym in strong):
        return 1.0
    if any(_mentions(folded, words, synonym) for synonym in weak):
        return 0.5
    return 0.0


def _mentions(folded: str, words: set[str], synonym: str) -> bool:
    # Short synonyms ("id", "note", "nps") must be whole words: "idee", "notes" differ.
    if len(synonym) <= 4 and re.fullmatch(r"[a-z#]+", synonym):
        return synonym in words
    return synonym in folded


def _field_score(name: Field, header: str, values: list[str]) -> float:
    """Confidence 0-1 that a column holds `name`: half header synonyms, half value shape."""
    filled = [value for value in values if value]
    if not filled:
        return 0.0
    if any(marker in fold(header) for marker in _NOT_A_SCORE):
        return 0.0  # derived or technical columns are never a field we read
    by_header = _header_score(name, header)
    if name == "score":
        shape = sum(map(looks_like_score, filled)) / len(filled)
        if shape < 0.5:
            return 0.0
        spread = len(set(filled)) > 3 or len(filled) < 10  # a 1/2/3 group code is not a score
        return 0.5 * by_header + 0.5 * shape * (1.0 if spread else 0.5)
    if name == "comment":
        # Free text has spaces and length; a timestamp ("2024-01-05 10:22:01") has too.
        free = [value for value in filled
                if len(value) >= 12 and " " in value and not looks_like_date(value)]
        shape = (len(free) / len(filled)) * min(1.0, len(set(filled)) / len(filled) + 0.3)
        return 0.5 * by_header + 0.5 * shape if shape >= 0.3 or by_header else 0.0
    if name == "date":
        shape = sum(map(looks_like_date, filled)) / len(filled)
        numeric = all(re.fullmatch(r"\d+(?:[.,]\d+)?", value) for value in filled)
        if numeric and by_header:  # epochs and Excel serials only count with a date header
            shape = 1.0 if all(len(value.split(".")[0]) >= 5 for value in filled) else 0.0
        return 0.5 * by_header + 0.5 * shape if shape >= 0.5 else 0.0
    distinct = len(set(filled)) / len(filled)
    if name == "segment":
        few = len(set(filled)) <= max(30, len(filled) // 10) and len(set(filled)) >= 1
        return 0.5 * by_header + 0.5 if by_header and few else 0.0
    return 0.5 * by_header + 0.5 * distinct if by_header else 0.0  # respondent
