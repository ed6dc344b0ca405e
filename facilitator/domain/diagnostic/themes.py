"""Themes of comments, offline: journey-stage keywords first, then recurring words.

A comment is cut into sentences and at contrast markers ("mais", "but", ...); each
clause is a `Mention` with a polarity taken from the NPS class, a theme and a stage.
The facilitator's edits (rename, merge, move) are pure functions over mentions, so
every figure is recomputed from the edited mentions.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from .model import NpsClass, Response
from .stages import UNASSIGNED, KeywordIndex, Stage, keyword_index
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
    if main != "neutral" and not CONTRAST_SPLIT.search(comment):
        # Fast path for most comments: no contrast, so every sentence has the score's polarity.
        return [(part.strip(" ,:-\u2013"), main) for part in SENTENCE_SPLIT.split(comment)
                if part.strip(" ,:-\u2013")]
    clauses: list[tuple[str, Polarity]] = []
    for sentence in SENTENCE_SPLIT.split(comment):
        parts = [part.strip(" ,:-\u2013") for part in CONTRAST_SPLIT.split(sentence)]
        parts = [part for part in parts if part]
        if len(parts) == 1:
            polarity = main if main != "neutral" else _cue_polarity(parts[0])
            clauses.append((parts[0], polarity))
            continue
        last = main if main != "neutral" else "negative"
        for position, part in enumerate(parts):
            by_position = last if position == len(parts) - 1 else _OPPOSITE[last]
            clauses.append((part, _cue_polarity(part) if _cue_polarity(part) != "neutral"
                            else by_position))
    return clauses


def _cue_polarity(clause: str) -> Polarity:
    lowered = clause.lower()
    negative = positive = 0
    for idiom, sign in IDIOMS.items():  # "pas mal" is praise, "pas terrible" is not
        if idiom in lowered:
            lowered = lowered.replace(idiom, " ")
            positive, negative = positive + (sign > 0), negative + (sign < 0)
    tokens = words(lowered)
    negative += sum(token in NEGATIVE_CUES for token in tokens)
    positive += sum(token in POSITIVE_CUES for token in tokens)
    if negative > positive:
        return "negative"
    return "positive" if positive > negative else "neutral"


def find_mentions(
    responses: Sequence[Response],
    stages: list[Stage],
    max_discovered: int = MAX_DISCOVERED,
) -> list[Mention]:
    """Mentions of every commented response: lexicon themes, then discovered ones.

    A clause naming no stage keyword goes to the most frequent recurring word of such
    clauses (present in at least max(3, 0.5%) of commented responses); its stage is the
    stage most often named elsewhere in the same responses. The rest gets theme "".
    """
    index = keyword_index(stages)
    mentions: list[Mention] = []
    unmatched: list[Mention] = []
    for response in responses:
        if not response.comment:
            continue
        clauses = [(clause, polarity, words(clause))
                   for clause, polarity in split_clauses(response.comment, response.nps_class)]
        language = guess_language([token for *_, tokens in clauses for token in tokens])
        for clause, polarity, tokens in clauses:
            all_stems = tuple([stem(token, language) for token in tokens])
            found = _match_keywords(all_stems, index)
            stems = tuple([s for token, s in zip(tokens, all_stems)
                           if token not in STOPWORDS and len(token) > 1])
            if not found:
                unmatched.append(Mention(response.content_hash, clause, polarity, "",
                                         UNASSIGNED, "none", stems, language))
            # Direct construction: dataclasses.replace costs a third of this loop.
            mentions += [Mention(response.content_hash, clause, polarity, theme, stage_name,
                                 "lexicon", stems, language, keyword)
                         for theme, (stage_name, keyword) in found.items()]
    commented = sum(1 for response in responses if response.comment)
    discovered = _discover(unmatched, mentions, commented, max_discovered)
    return mentions + [_assign_discovered(mention, discovered) for mention in unmatched]


def _match_keywords(
    stems: tuple[str, ...], index: KeywordIndex
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """theme -> (stage, matched keyword stems) named in `stems`, longest keyword first."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    position = 0
    while position < len(stems):
        step = 1
        for sequence, theme, stage_name in index.get(stems[position], ()):
            if stems[position:position + len(sequence)] == sequence:
                found.setdefault(theme, (stage_name, sequence))
                step = len(sequence)
                break
        position += step
    return found


def _discover(
    unmatched: list[Mention], matched: list[Mention], commented: int, limit: int
) -> dict[str, tuple[str, str]]:
    """stem -> (theme name, stage) for the recurring words of unmatched clauses."""
    support: Counter[str] = Counter()
    for response, stems in _stems_by_response(unmatched).items():
        support.update(s for s in stems if len(s) > 2 and s not in QUALIFIER_STEMS)
    threshold = max(3, math.ceil(0.005 * commented))
    chosen = [s for s, count in support.most_common() if count >= threshold][:limit]
    if not chosen:
        return {}
    surfaces = _surface_forms(unmatched, set(chosen))
    stage_votes = _stage_votes(unmatched, matched, set(chosen))
    return {
        s: (surfaces[s], stage_votes[s].most_common(1)[0][0] if stage_votes[s] else UNASSIGNED)
        for s in chosen
    }


def _stems_by_response(mentions: Iterable[Mention]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        grouped[mention.response].update(mention.stems)
    return grouped


def _surface_forms(mentions: list[Mention], wanted: set[str]) -> dict[str, str]:
    """The most frequent spelling of each wanted stem: it becomes the theme's name."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        if wanted.intersection(mention.stems):
            tokens, _ = content_words(mention.text)
            for token in tokens:
                stemmed = stem(token, mention.language)
                if stemmed in wanted:
                    spellings[stemmed][token] += 1
    return {s: spellings[s].most_common(1)[0][0] if spellings[s] else s for s in wanted}


def _stage_votes(
    unmatched: list[Mention], matched: list[Mention], wanted: set[str]
) -> dict[str, Counter[str]]:
    """For each discovered word, the stages named elsewhere in the same responses."""
    words_of_response: dict[str, set[str]] = defaultdict(set)
    for mention in unmatched:
        hits = wanted.intersection(mention.stems)
        if hits:
            words_of_response[mention.response] |= hits
    votes: dict[str, Counter[str]] = {s: Counter() for s in wanted}
    for mention in matched:
        for s in words_of_response.get(mention.response, ()):
            votes[s][mention.stage] += 1
    return votes


def _assign_discovered(mention: Mention, discovered: dict[str, tuple[str, str]]) -> Mention:
    # The first discovered word in discovery order is the most frequent one present.
    for s, (name, stage_name) in discovered.items():
        if s in mention.stems:
            return replace(mention, theme=name, stage=stage_name, source="discovered",
                           keyword=(s,))
    return mention


def themes_of_response(mentions: Iterable[Mention]) -> dict[str, set[str]]:
    """response hash -> names of the themes it mentions (for checks against labels)."""
    found: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.theme:
            found[mention.response].add(mention.theme)
    return found
