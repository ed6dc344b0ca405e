"""Themes of comments, offline: journey-stage keywords first, then recurring words.

A comment is cut into sentences and at contrast markers ("mais", "but", ...); each
clause is a `Mention` with a polarity taken from the NPS class, a theme and a stage.
The facilitator's edits (rename, merge, move) are pure functions over mentions, so
every figure is recomputed from the edited mentions.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from .language import Lang, LanguageEngine, default_engine
from .model import NpsClass, Response
from .phrases import (
    MAX_THEMES,
    Clause,
    ThemeDefinition,
    assign,
    assign_stages,
    find_themes,
    nearest_stage,
    read_clauses,
    term_index,
    theme_sizes,
)
from .stages import UNASSIGNED, Stage, default_description
from .words import (
    CONTRAST_SPLIT,
    IDIOMS,
    NEGATIVE_CUES,
    POSITIVE_CUES,
    QUALIFIERS,
    SENTENCE_SPLIT,
    STOPWORDS,
    content_words,
    guess_language,
    stem,
    words,
)

Polarity = Literal["positive", "negative", "neutral"]
_CLASS_POLARITY: dict[str, Polarity] = {
    "promoter": "positive", "detractor": "negative", "passive": "neutral",
}
_OPPOSITE: dict[Polarity, Polarity] = {
    "positive": "negative", "negative": "positive", "neutral": "positive",
}
MAX_DISCOVERED = 8
_LEARNED_MIN = 1  # themed clauses a word needs to teach its stage to unthemed ones
_LEARNED_SHARE = 0.7  # ... and the share of them at that one stage
QUALIFIER_STEMS = frozenset(stem(word, lang) for word in QUALIFIERS for lang in ("fr", "en"))


@dataclass(frozen=True, slots=True)
class Mention:
    """One clause of one response, about one theme ("" when none was recognised)."""

    response: str  # the response's content hash
    text: str
    polarity: Polarity
    theme: str
    stage: str
    source: Literal["lexicon", "discovered", "edited", "none"] = "lexicon"
    stems: tuple[str, ...] = field(default=(), compare=False, repr=False)
    language: str = field(default="fr", compare=False, repr=False)
    keyword: tuple[str, ...] = field(default=(), compare=False, repr=False)  # stems that matched


def split_clauses(comment: str, nps_class: NpsClass) -> list[tuple[str, Polarity]]:
    """Cut a comment into clauses, each with a polarity.

    The score gives the polarity (promoter +, detractor -): sentiment lexicons misread
    French idioms. In "X mais Y" the last part carries the score's polarity and the
    parts before it the opposite one ("formateurs top mais plateforme lente" from a
    detractor: praise for the trainers, irritant for the platform), unless cue words
    ("plante", "top") clearly say otherwise, as in "la plateforme plante mais les
    formateurs sont top". A passive's plain
    clause leans on cue words ("lent", "could", "great"), else it stays neutral; after
    a contrast marker a passive's clause is a reservation, hence negative.
    """
    main = _CLASS_POLARITY[nps_class]
    clauses: list[tuple[str, Polarity]] = []
    for sentence in SENTENCE_SPLIT.split(comment):
        parts = [part.strip(" ,:-\u2013") for part in CONTRAST_SPLIT.split(sentence)]
        parts = [part for part in parts if part]
        if len(parts) == 1:
            clauses.append((parts[0], _sentence_polarity(parts[0], main)))
            continue
        last = main if main != "neutral" else "negative"
        for position, part in enumerate(parts):
            by_position = last if position == len(parts) - 1 else _OPPOSITE[last]
            clauses.append((part, _cue_polarity(part) if _cue_polarity(part) != "neutral"
                            else by_position))
    return clauses


def _sentence_polarity(sentence: str, main: Polarity) -> Polarity:
    """A plain sentence follows the score unless its own words clearly say otherwise:
    the promoter's "Il manque juste des créneaux" is an irritant, the detractor's
    "Mentor génial" a praise."""
    cue = _cue_polarity(sentence)
    return main if main != "neutral" and cue in ("neutral", main) else (
        cue if cue != "neutral" else main)


def _cue_polarity(clause: str) -> Polarity:
    negative = positive = 0
    lowered = clause.lower()
    if _IDIOM_PATTERN.search(lowered):  # "pas mal" is praise, "pas terrible" is not
        for idiom in _IDIOM_PATTERN.findall(lowered):
            positive, negative = positive + (IDIOMS[idiom] > 0), negative + (IDIOMS[idiom] < 0)
        lowered = _IDIOM_PATTERN.sub(" ", lowered)
    tokens = words(lowered)
    negative += sum(map(NEGATIVE_CUES.__contains__, tokens))
    positive += sum(map(POSITIVE_CUES.__contains__, tokens))
    if negative > positive:
        return "negative"
    return "positive" if positive > negative else "neutral"


_IDIOM_PATTERN = re.compile("|".join(re.escape(idiom) for idiom in
                                     sorted(IDIOMS, key=len, reverse=True)))


def find_mentions(
    responses: Sequence[Response],
    stages: list[Stage],
    language: str | None = None,
    engine: LanguageEngine | None = None,
    max_themes: int = MAX_THEMES,
) -> list[Mention]:
    """Mentions of every commented response's clauses, with phrase themes and stages.

    `language` is the comments' language ("fr"/"en"), detected when None. A clause in
    no theme gets theme "" and stage UNASSIGNED; a theme close to no stage's
    description keeps stage UNASSIGNED too (the facilitator places it in one click).
    """
    engine = engine or default_engine()
    lang: Lang = language if language in ("fr", "en") else engine.detect(  # type: ignore[assignment]
        [r.comment for r in responses if r.comment])
    clauses = read_clauses(responses, split_clauses, engine, lang)
    commented = sum(1 for response in responses if response.comment)
    definitions = find_themes(clauses, commented, lang, max_themes)
    stage_keys = {stage.name: Counter(engine.keys(_described_in(stage, lang), lang))
                  for stage in stages}
    stages_of_key: dict[str, list[str]] = defaultdict(list)
    for name, described in stage_keys.items():
        for key in described:
            stages_of_key[key].append(name)
    placed = assign_stages(definitions, clauses, stage_keys)
    index = term_index(definitions)
    sizes = theme_sizes(clauses, index)
    names = {d.key: d.phrase for d in definitions}
    terms = {d.key: d.terms for d in definitions}
    assigned = [assign(clause, index, sizes) for clause in clauses]
    learned = _stages_learned(clauses, assigned, placed)
    mentions: list[Mention] = []
    for clause, themes in zip(clauses, assigned):
        stems = tuple(clause.keys)
        if not themes:  # no theme, but its words may still say at which stage it happens
            stage = nearest_stage(clause.keys, stages_of_key) \
                or nearest_stage(clause.keys, learned) or UNASSIGNED
            mentions.append(Mention(clause.response, clause.text, clause.polarity, "",  # type: ignore[arg-type]
                                    stage, "none", stems, lang))
        for theme in themes:
            mentions.append(Mention(clause.response, clause.text, clause.polarity,  # type: ignore[arg-type]
                                    names[theme], placed.get(theme) or UNASSIGNED,
                                    "discovered", stems, lang, terms[theme]))
    return mentions


def _stages_learned(clauses: Sequence[Clause], assigned: Sequence[list[str]],
                    placed: dict[str, str]) -> dict[str, list[str]]:
    """meaning key -> [its stage], learned from the file: the stage where the themed
    clauses naming that word mostly sit ("colis" with the delivery theme's stage), so a
    clause in no theme still finds its stage by the company its words keep."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for clause, themes in zip(clauses, assigned):
        stages = {placed.get(theme) for theme in themes} - {None, ""}
        if len(stages) == 1:
            stage = stages.pop()
            for key in set(clause.keys):
                votes[key][stage] += 1
    learned: dict[str, list[str]] = {}
    for key, counts in votes.items():
        (stage, count), total = counts.most_common(1)[0], sum(counts.values())
        if count >= _LEARNED_MIN and count >= _LEARNED_SHARE * total:
            learned[key] = [stage]
    return learned


def _described_in(stage: Stage, language: str) -> str:
    """A default stage left as it was is read in the comments' language: an English
    workshop's stages still place French comments."""
    for other in ("fr", "en"):
        if stage.description == default_description(stage.name, other):
            return default_description(stage.name, language) or stage.description
    return stage.description


def theme_definitions(mentions: Iterable[Mention]) -> list[ThemeDefinition]:
    """The definitions of a diagnostic's (possibly edited) themes, largest first, for
    `measure_themes()` on a later import. An edited theme keeps the terms of the
    themes it was made of."""
    terms: dict[str, dict[str, None]] = defaultdict(dict)
    stages: dict[str, Counter[str]] = defaultdict(Counter)
    volume: dict[str, set[str]] = defaultdict(set)
    language = "fr"
    for mention in mentions:
        if mention.theme:
            terms[mention.theme].update(dict.fromkeys(mention.keyword))
            stages[mention.theme][mention.stage] += 1
            volume[mention.theme].add(mention.response)
            language = mention.language
    ordered = sorted(terms, key=lambda name: (-len(volume[name]), name))
    return [ThemeDefinition(next(iter(terms[name]), name), name,
                            stages[name].most_common(1)[0][0], tuple(terms[name]) or (name,),
                            "en" if language == "en" else "fr")
            for name in ordered]


def themes_of_response(mentions: Iterable[Mention]) -> dict[str, set[str]]:
    """response hash -> names of the themes it mentions (for checks against labels)."""
    found: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.theme:
            found[mention.response].add(mention.theme)
    return found
