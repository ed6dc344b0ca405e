"""The diagnostic: NPS figures, themes per journey stage, irritants, praise, questions.

`diagnose()` goes from an import to a plain `Diagnostic`; `summarise()` recomputes the
figures from (possibly edited) mentions, which is what the theme-editing screen calls.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .edits import ThemeEdit, apply_edits
from .model import ImportResult, Rejection, Response
from .nps import GroupNps, NpsSummary, by_month, by_segment, summarise_scores
from .questions import Question, QuestionWarning, check_questions, suggest_questions
from .stages import UNASSIGNED, Stage, default_stages
from .texts import stage_label, text
from .themes import QUALIFIER_STEMS, Mention, Polarity, find_mentions
from .language import default_engine
from .phrases import finding_phrase

VERBATIMS = 3
_PHRASE_LIFT = 1.5  # a phrase must be this much more frequent in the group than overall
_VERBATIM_LENGTH = 90  # characters a representative verbatim is chosen close to
_PHRASE_SAMPLE = 40_000  # clauses read for irritant and praise phrases


@dataclass(frozen=True, slots=True)
class Finding:
    """An irritant or a praised practice: a theme seen with one polarity at a stage."""

    theme: str
    count: int  # responses
    phrases: tuple[str, ...] = ()
    verbatims: tuple[str, ...] = ()
    phrase: str = ""  # what is praised or irritates, when sharper than the theme's name

    @property
    def label(self) -> str:
        return self.phrase or self.theme

    def to_dict(self) -> dict[str, object]:
        return {"theme": self.theme, "phrase": self.label, "count": self.count,
                "phrases": list(self.phrases), "verbatims": list(self.verbatims)}


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    """A theme's figures. `count` is responses mentioning it; `detractor_share` is the
    share of ALL detractors who mention it (0-1): how much of the problem it explains."""

    name: str
    stage: str
    count: int
    promoters: int
    passives: int
    detractors: int
    nps: float
    detractor_share: float
    source: str
    verbatims: tuple[str, ...] = ()
    irritant_phrases: tuple[str, ...] = ()
    praise_phrases: tuple[str, ...] = ()
    lines: tuple[int, ...] = ()  # file lines of the responses it covers
    key: str = ""  # stable identity for measure_themes (its anchor meaning key)
    terms: tuple[str, ...] = ()

    @property
    def detractor_rate(self) -> float:
        """Share of this theme's own respondents who are detractors (0-1)."""
        return self.detractors / self.count if self.count else 0.0

    def to_dict(self, language: str = "en") -> dict[str, object]:
        return {
            "name": self.name, "phrase": self.name, "stage": self.stage,
            "stage_label": stage_label(self.stage, language) if self.stage != UNASSIGNED else "",
            "count": self.count, "lines": list(self.lines),
            "nps": round(self.nps, 2), "detractor_share": round(self.detractor_share, 4),
            "detractor_rate": round(self.detractor_rate, 4), "key": self.key,
            "terms": list(self.terms),
            "promoters": self.promoters, "passives": self.passives,
            "detractors": self.detractors, "source": self.source,
            "verbatims": list(self.verbatims), "irritant_phrases": list(self.irritant_phrases),
            "praise_phrases": list(self.praise_phrases),
        }


@dataclass(frozen=True, slots=True)
class StageSummary:
    """A journey stage: responses that mention it, their NPS, irritants and praise."""

    stage: str
    count: int
    nps: float
    irritants: tuple[Finding, ...] = ()
    praise: tuple[Finding, ...] = ()

    def to_dict(self, language: str = "en") -> dict[str, object]:
        return {"stage": self.stage, "label": stage_label(self.stage, language),
                "count": self.count, "nps": round(self.nps, 2),
                "irritants": [f.to_dict() for f in self.irritants],
                "praise": [f.to_dict() for f in self.praise]}


@dataclass(slots=True)
class Diagnostic:
    """Everything the workshop needs from the feedback, as plain data."""

    language: str
    summary: NpsSummary
    rejected: list[Rejection]
    themes: list[ThemeSummary]
    stages: list[StageSummary]
    questions: list[Question]
    question_warnings: list[QuestionWarning]
    by_month: list[GroupNps] = field(default_factory=list)
    by_segment: list[GroupNps] = field(default_factory=list)
    unthemed: int = 0  # commented responses in which no theme was recognised
    mentions: list[Mention] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, object]:
        """The JSON of `facilitator diagnose --json` (extra keys after the documented ones)."""
        lang = self.language
        return {
            "responses": self.summary.n,
            "rejected": [rejection.to_dict(lang) for rejection in self.rejected],
            "nps": round(self.summary.nps, 2),
            "margin_of_error": round(self.summary.margin_of_error, 2),
            "promoters": self.summary.promoters,
            "passives": self.summary.passives,
            "detractors": self.summary.detractors,
            "themes": [theme.to_dict(lang) for theme in self.themes],
            "suggested_questions": [question.to_dict() for question in self.questions],
            "margin_of_error_adjusted": round(self.summary.margin_of_error_adjusted, 2),
            "small_sample": self.summary.small_sample,
            "warnings": self.warnings(),
            "distribution": list(self.summary.distribution),
            "by_month": [group.to_dict() for group in self.by_month],
            "by_segment": [group.to_dict() for group in self.by_segment],
            "stages": [stage.to_dict(lang) for stage in self.stages],
            "unthemed": self.unthemed,
            "question_warnings": [w.to_dict(lang) for w in self.question_warnings],
        }

    def warnings(self) -> list[str]:
        if not self.summary.small_sample:
            return []
        return [text("warn.small_sample", self.language, n=self.summary.n,
                     moe=f"{self.summary.margin_of_error:.0f}")]


def diagnose(
    imported: ImportResult | Sequence[Response],
    stages: list[Stage] | None = None,
    language: str = "fr",
    edits: Sequence[ThemeEdit] = (),
    comments_language: str | None = None,
) -> Diagnostic:
    """Analyse imported responses; `edits` are the facilitator's theme corrections.

    `language` is the workshop's (questions, labels); `comments_language` the comments'
    ("fr"/"en"), detected from them when None.
    """
    if isinstance(imported, ImportResult):
        responses, rejected = imported.responses, imported.rejected
    else:
        responses, rejected = list(imported), []
    stages = stages if stages is not None else default_stages(language)
    mentions = apply_edits(find_mentions(responses, stages, comments_language), edits)
    return summarise(responses, mentions, language, rejected, stage_order=[s.name for s in stages])


def detect_language(responses: Sequence[Response]) -> str:
    """The comments' language, "fr" or "en"."""
    return default_engine().detect([response.comment for response in responses if response.comment])


def summarise(
    responses: Sequence[Response],
    mentions: Sequence[Mention],
    language: str = "fr",
    rejected: Sequence[Rejection] = (),
    stage_order: Sequence[str] = (),
) -> Diagnostic:
    """Recompute every figure from responses and (edited) mentions."""
    by_hash = {response.content_hash: response for response in responses}
    summary = summarise_scores(response.score for response in responses)
    grouped: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.theme:
            grouped[mention.theme].append(mention)
    phrases = _Phrases(mentions)
    themes_of: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.theme:
            themes_of[mention.response].add(mention.theme)
    spread = {response: len(names) for response, names in themes_of.items()}
    polarities: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        polarities[mention.response].add(mention.polarity)
    # A comment that praises and complains is quoted by the clause that says the finding.
    mixed = {response: 2 for response, found in polarities.items()
             if {"positive", "negative"} <= found}
    themes = [_theme_summary(name, group, by_hash, summary.detractors, phrases, spread)
              for name, group in grouped.items()]
    themes.sort(key=lambda theme: (-theme.count, theme.name))
    stages = _stage_summaries(themes, grouped, by_hash, stage_order, {**spread, **mixed})
    questions = suggest_questions(stages, themes, language)
    themed = {mention.response for mention in mentions if mention.theme}
    commented = sum(1 for response in responses if response.comment)
    return Diagnostic(
        language=language, summary=summary, rejected=list(rejected), themes=themes,
        stages=stages, questions=questions, question_warnings=check_questions(questions),
        by_month=by_month(responses), by_segment=by_segment(responses),
        unthemed=commented - len(themed & by_hash.keys()), mentions=list(mentions),
    )


def _theme_summary(
    name: str, group: list[Mention], by_hash: dict[str, Response], all_detractors: int,
    phrases: _Phrases, spread: dict[str, int],
) -> ThemeSummary:
    members = [by_hash[h] for h in dict.fromkeys(m.response for m in group) if h in by_hash]
    figures = summarise_scores(response.score for response in members)
    stage = Counter(mention.stage for mention in group).most_common(1)[0][0]
    terms = tuple(dict.fromkeys(term for mention in group for term in mention.keyword))
    sources = {mention.source for mention in group}
    return ThemeSummary(
        name=name, stage=stage, count=figures.n, promoters=figures.promoters,
        passives=figures.passives, detractors=figures.detractors, nps=figures.nps,
        detractor_share=figures.detractors / all_detractors if all_detractors else 0.0,
        source=sources.pop() if len(sources) == 1 else "edited",
        verbatims=_verbatims(group, by_hash, spread),
        irritant_phrases=phrases.top(name, "negative"),
        praise_phrases=phrases.top(name, "positive"),
        lines=tuple(sorted(response.line for response in members)),
        key=terms[0] if terms else name, terms=terms or (name,),
    )


def _stage_summaries(
    themes: list[ThemeSummary], grouped: dict[str, list[Mention]],
    by_hash: dict[str, Response], order: Sequence[str], spread: dict[str, int],
) -> list[StageSummary]:
    stage_of_theme = {theme.name: theme.stage for theme in themes}
    phrases_of = {theme.name: theme for theme in themes}
    responses_at: dict[str, set[str]] = defaultdict(set)
    findings: dict[tuple[str, Polarity], list[Finding]] = defaultdict(list)
    for name, group in grouped.items():
        stage = stage_of_theme[name]
        responses_at[stage].update(mention.response for mention in group)
        for polarity in ("negative", "positive"):
            polar = [mention for mention in group if mention.polarity == polarity]
            if polar:
                theme = phrases_of[name]
                words = theme.irritant_phrases if polarity == "negative" else theme.praise_phrases
                count = len({mention.response for mention in polar})
                findings[(stage, polarity)].append(
                    Finding(name, count, words, _verbatims(polar, by_hash, spread),
                            finding_phrase(polar, name)))
    rank = {name: index for index, name in enumerate(order)}
    result = []
    for stage in sorted(responses_at, key=lambda s: (rank.get(s, len(rank)), s == UNASSIGNED, s)):
        members = [by_hash[h] for h in responses_at[stage] if h in by_hash]
        result.append(StageSummary(
            stage=stage, count=len(members),
            nps=summarise_scores(r.score for r in members).nps,
            irritants=tuple(sorted(findings[(stage, "negative")], key=lambda f: -f.count)),
            praise=tuple(sorted(findings[(stage, "positive")], key=lambda f: -f.count)),
        ))
    return result


def _verbatims(mentions: Sequence[Mention], by_hash: dict[str, Response],
               spread: dict[str, int] | None = None) -> tuple[str, ...]:
    """Up to three distinct comments near 90 characters: long enough to say something,
    short enough to read aloud. A comment over 200 characters is cut to its clause.
    Comments about this theme alone come first (`spread`: themes per response), so one
    comment rarely stands for two themes."""
    chosen: dict[str, None] = {}
    candidates = []
    spread = spread or {}
    for order, mention in enumerate(mentions[:600]):  # bounded: 100k-row themes
        response = by_hash.get(mention.response)
        whole = " ".join(response.comment.split()) if response else ""
        several = spread.get(mention.response, 1) > 1
        quote = whole if 0 < len(whole) <= 200 and not several else " ".join(mention.text.split())
        candidates.append((several, abs(len(quote) - _VERBATIM_LENGTH), order, quote))
    for *_, quote in sorted(candidates):
        if quote and quote.casefold() not in chosen:
            chosen[quote.casefold()] = None
            if len(chosen) == VERBATIMS:
                break
    by_fold = {quote.casefold(): quote for *_, quote in candidates}
    return tuple(by_fold[key] for key in chosen)


class _Phrases:
    """Stemmed words and word pairs ranked by lift within a theme's irritants or praise.

    lift = share of the group's clauses holding the phrase / share of all clauses. The
    theme's own keywords, in any language, and words present in most of its clauses say
    nothing about it and are skipped; a lone qualifier ("peu") is not a phrase either.
    """

    def __init__(self, mentions: Sequence[Mention]) -> None:
        mentions = mentions[:_PHRASE_SAMPLE]  # lifts are stable long before 100k rows
        self.total = max(len(mentions), 1)
        self.background: Counter[tuple[str, ...]] = Counter()
        self.groups: dict[tuple[str, str], Counter[tuple[str, ...]]] = defaultdict(Counter)
        self.sizes: Counter[tuple[str, str]] = Counter()
        self.theme_terms: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
        self.theme_sizes: Counter[str] = Counter()
        self.examples: dict[tuple[str, ...], Mention] = {}
        self.keywords: dict[str, set[str]] = defaultdict(set)
        for mention in mentions:
            grams = _ngrams(mention.stems)
            self.background.update(grams)
            if mention.theme:
                self.keywords[mention.theme].update(mention.keyword)
                self.theme_terms[mention.theme].update(grams)
                self.theme_sizes[mention.theme] += 1
                key = (mention.theme, mention.polarity)
                self.groups[key].update(grams)
                self.sizes[key] += 1
                for gram in grams:
                    self.examples.setdefault(gram, mention)

    def top(self, theme: str, polarity: Polarity, limit: int = 3) -> tuple[str, ...]:
        counts = self.groups.get((theme, polarity))
        if not counts:
            return ()
        size = self.sizes[(theme, polarity)]
        own = self.theme_terms[theme]
        minimum = max(2, math.ceil(0.02 * size))
        ranked = []
        keywords = self.keywords[theme]
        for gram, count in counts.items():
            if count < minimum or own[gram] > 0.5 * self.theme_sizes[theme]:
                continue
            if keywords.intersection(gram) or (len(gram) == 1 and gram[0] in QUALIFIER_STEMS):
                continue
            lift = (count / size) / (self.background[gram] / self.total)
            if lift >= _PHRASE_LIFT:
                ranked.append((-count, -lift, gram))
        ranked.sort()
        return tuple(self._surface(gram) for _, _, gram in ranked[:limit])

    def _surface(self, gram: tuple[str, ...]) -> str:
        """The words of an example clause that produced this phrase of meaning keys."""
        mention = self.examples[gram]
        for language in (mention.language, "en" if mention.language == "fr" else "fr"):
            tokens = [t for t in default_engine().tokens(mention.text, language)  # type: ignore[arg-type]
                      if t.kind in ("content", "concept")]
            keys = [t.key for t in tokens]
            for start in range(len(keys) - len(gram) + 1):
                if tuple(keys[start:start + len(gram)]) == gram:
                    return " ".join(t.surface for t in tokens[start:start + len(gram)])
        return " ".join(key.lstrip("~") for key in gram)


def _ngrams(stems: tuple[str, ...]) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = {(s,) for s in stems if len(s) > 2}
    grams.update(zip(stems, stems[1:]))
    return grams
