"""The diagnostic's engine on the workshop's own notes: groups a host may accept, and the
themes emerging across tables. Notes have no score, so every clause is neutral; a theme
needs two notes (a table has 5 to 40), and is named by its most typical phrase.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .language import Lang, LanguageEngine, default_engine
from .phrases import Clause, assign, find_themes, make_clause, term_index, theme_sizes
from .words import SENTENCE_SPLIT

MAX_GROUPS = 6
MAX_LIVE_THEMES = 6


@dataclass(frozen=True, slots=True)
class NoteGroup:
    """A suggested group of a table's notes and its short title."""

    title: str
    note_ids: tuple[int, ...]

    def to_dict(self) -> dict[str, object]:
        return {"title": self.title, "note_ids": list(self.note_ids)}


@dataclass(frozen=True, slots=True)
class LiveTheme:
    """A theme heard across tables: its phrase, how many notes and tables speak of it."""

    phrase: str
    notes: int
    tables: int

    def to_dict(self) -> dict[str, object]:
        return {"phrase": self.phrase, "notes": self.notes, "tables": self.tables}


def _clauses(notes: Sequence[tuple[int, str]], engine: LanguageEngine,
             language: Lang) -> list[Clause]:
    clauses = []
    for note_id, text in notes:
        for part in SENTENCE_SPLIT.split(text or ""):
            if part.strip():
                clauses.append(make_clause(str(note_id), part.strip(), "neutral",
                                           engine.tokens(part, language)))
    return clauses


def _themes_of_notes(notes: Sequence[tuple[int, str]], language: str | None,
                     engine: LanguageEngine | None, limit: int):
    engine = engine or default_engine()
    lang: Lang = language if language in ("fr", "en") else engine.detect(  # type: ignore[assignment]
        [text for _, text in notes])
    clauses = _clauses(notes, engine, lang)
    definitions = find_themes(clauses, len(notes), lang, max_themes=limit, min_support=2)
    index = term_index(definitions)
    sizes = theme_sizes(clauses, index)
    members: dict[str, dict[int, None]] = defaultdict(dict)
    for clause in clauses:
        themes = assign(clause, index, sizes)
        if themes:
            members[themes[0]][int(clause.response)] = None
    return definitions, members


def suggest_groups(notes: Sequence[tuple[int, str]], language: str | None = None,
                   engine: LanguageEngine | None = None,
                   max_groups: int = MAX_GROUPS) -> list[NoteGroup]:
    """Groups of at least two notes, each in one group only, largest first; a title
    is the theme's phrase with a capital letter."""
    definitions, members = _themes_of_notes(notes, language, engine, max_groups * 2)
    taken: set[int] = set()
    groups = []
    for definition in sorted(definitions, key=lambda d: -len(members[d.key])):
        ids = tuple(i for i in members[definition.key] if i not in taken)
        if len(ids) >= 2:
            taken.update(ids)
            groups.append(NoteGroup(definition.phrase[:1].upper() + definition.phrase[1:], ids))
    return groups[:max_groups]


def live_themes(notes: Sequence[tuple[int, int, str]], language: str | None = None,
                engine: LanguageEngine | None = None,
                limit: int = MAX_LIVE_THEMES) -> list[LiveTheme]:
    """Themes across tables from (note id, table number, text); those heard at more
    tables first, then by notes."""
    table_of = {note_id: table for note_id, table, _ in notes}
    definitions, members = _themes_of_notes([(i, text) for i, _, text in notes], language,
                                            engine, limit * 2)
    found = [LiveTheme(d.phrase, len(members[d.key]),
                       len({table_of[i] for i in members[d.key]}))
             for d in definitions if len(members[d.key]) >= 2]
    found.sort(key=lambda theme: (-theme.tables, -theme.notes, theme.phrase))
    return found[:limit]
