"""The question bank: round questions suggested from the diagnostic, and their checks.

The method's rounds progress from what works to what to build: best practices, then
solutions to irritants, their work streams, the mobile-app moments, relationship
marketing, value-added services. Phrasings live in texts.py ("question.<kind>").
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .texts import DEFAULT_LANGUAGE, stage_label, text, translations

if TYPE_CHECKING:
    from .analysis import Finding, StageSummary, ThemeSummary

Kind = Literal["best_practice", "solution", "work_stream", "mobile_app",
               "relationship_marketing", "value_added_services"]
PROGRESSION: tuple[Kind, ...] = ("best_practice", "solution", "work_stream", "mobile_app",
                                 "relationship_marketing", "value_added_services")
"""Round order of the kinds: a question should never come after a later kind."""
MAX_QUESTION_LENGTH = 200
_MAX_THEME_CHARS = 40  # a long theme name must not push a question past the limit
_VOWELS = frozenset("aeiouyhàâäéèêëîïôöûüœ")
UNASSIGNED = "unassigned"  # stages.UNASSIGNED (stages imports texts, which this imports)


@dataclass(frozen=True, slots=True)
class Question:
    """A suggested round question and the verbatims that motivated it."""

    text: str
    stage: str
    theme: str
    kind: Kind
    verbatims: tuple[str, ...] = ()
    phrase: str = ""  # the words woven into the text (the theme, or its sharper finding)

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "stage": self.stage, "theme": self.theme,
                "phrase": self.phrase or self.theme, "kind": self.kind,
                "verbatims": list(self.verbatims)}


@dataclass(frozen=True, slots=True)
class QuestionWarning:
    """A problem in a list of questions; `index` is 1-based, as the facilitator counts."""

    index: int
    code: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self, language: str = DEFAULT_LANGUAGE) -> str:
        return text(f"warn.{self.code}", language, index=self.index, **self.params)

    def to_dict(self, language: str = DEFAULT_LANGUAGE) -> dict[str, object]:
        return {"index": self.index, "code": self.code, "message": self.message(language),
                "messages": translations(f"warn.{self.code}", index=self.index, **self.params)}


def suggest_questions(
    stages: Sequence[StageSummary], themes: Sequence[ThemeSummary], language: str = "fr"
) -> list[Question]:
    """Questions in round order, filled with the strongest praise and irritants.

    Each question names its theme inside the sentence, in the workshop's language, and
    its stage only when the theme has one: an internal label never reaches the room.
    """
    def phrase(kind: Kind, stage: str = "", **params: str) -> str:
        at = text("question.at", language, stage=stage_label(stage, language)) \
            if stage and stage != UNASSIGNED else ""
        if "theme" in params:
            params["of_theme"] = _of(params["theme"])
        return _capitalise(text(f"question.{kind}", language, at=at, **params))

    staged = [s for s in stages if s.stage != UNASSIGNED]
    by_praise = sorted((s for s in staged if s.praise), key=lambda s: -s.praise[0].count)[:3]
    by_irritant = sorted((s for s in staged if s.irritants),
                         key=lambda s: -s.irritants[0].count)[:3]
    questions: list[Question] = []
    for stage in by_praise:
        top = stage.praise[0]
        questions.append(_question(phrase("best_practice", stage.stage, theme=_short(top.label)),
                                   stage.stage, top, "best_practice"))
    for stage in by_irritant:
        top = stage.irritants[0]
        questions.append(_question(phrase("solution", stage.stage, theme=_short(top.label)),
                                   stage.stage, top, "solution"))
    for stage in by_irritant[:2]:
        top = stage.irritants[0]
        questions.append(_question(phrase("work_stream", theme=_short(top.label)),
                                   stage.stage, top, "work_stream"))
    for stage in sorted(staged, key=lambda s: -s.count)[:2]:
        findings = stage.irritants or stage.praise
        if findings:
            questions.append(_question(phrase("mobile_app", stage.stage,
                                              theme=_short(findings[0].label)),
                                       stage.stage, findings[0], "mobile_app"))
    if themes:
        top_names = ", ".join(_short(theme.name, 24) for theme in themes[:3])
        first = themes[0]
        questions.append(Question(phrase("relationship_marketing", themes=top_names),
                                  first.stage, first.name, "relationship_marketing",
                                  tuple(first.verbatims[:2])))
        expected = max(themes, key=lambda theme: (theme.passives, theme.count))
        questions.append(Question(phrase("value_added_services", theme=_short(expected.name)),
                                  expected.stage, expected.name, "value_added_services",
                                  tuple(expected.verbatims[:2])))
    return questions


def _of(theme: str) -> str:
    """French "de" before a theme, elided before a vowel or a mute h: "d’inscription"."""
    return f"d\u2019{theme}" if theme[:1].lower() in _VOWELS else f"de {theme}"


def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _question(phrasing: str, stage: str, finding: Finding, kind: Kind) -> Question:
    return Question(phrasing, stage, finding.theme, kind, tuple(finding.verbatims),
                    finding.label)


def _short(name: str, limit: int = _MAX_THEME_CHARS) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"


def check_questions(questions: Sequence[Question | Mapping[str, object]]) -> list[QuestionWarning]:
    """Warn about empty or over-long questions and rounds that go backwards.

    Accepts Question objects or dicts with "text" and "kind" (as edited in the web UI);
    kinds outside PROGRESSION are not checked for order.
    """
    warnings: list[QuestionWarning] = []
    furthest: tuple[int, str] | None = None
    for index, question in enumerate(questions, start=1):
        body = str(_get(question, "text")).strip()
        kind = str(_get(question, "kind"))
        if not body:
            warnings.append(QuestionWarning(index, "empty"))
        elif len(body) > MAX_QUESTION_LENGTH:
            warnings.append(QuestionWarning(index, "too_long", {"length": len(body),
                                                                "limit": MAX_QUESTION_LENGTH}))
        if kind not in PROGRESSION:
            continue
        rank = PROGRESSION.index(kind)
        if furthest and rank < furthest[0]:
            warnings.append(QuestionWarning(index, "regression", {"kind": kind,
                                                                  "previous": furthest[1]}))
        if not furthest or rank > furthest[0]:
            furthest = (rank, kind)
    return warnings


def _get(question: Question | Mapping[str, object], name: str) -> object:
    if isinstance(question, Mapping):
        return question.get(name, "")
    return getattr(question, name)
