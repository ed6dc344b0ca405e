"""Phrase themes: what customers talk about, named as a consultant would, by stage.

1. Each clause (see themes.split_clauses) is read by the language engine into meaning
   keys: lemma stems, or concepts that fold synonyms ("pas de réponse", "silence radio").
2. Keys used by enough responses become theme anchors, most used first; a key that
   mostly appears beside an anchor joins it ("créneau" joins "soutenance"), so one
   theme covers a multi-word expression and its paraphrases.
3. A clause goes to the themes whose anchor it names, else to the one whose joined
   words it names, the most specific first (smallest theme).
4. A theme's name is its most typical noun phrase in the file's own words
   ("créneaux de soutenance", "pricing page"); its stage is the stage whose
   description shares most meaning keys with the theme's words.

`measure_themes()` re-measures stored theme definitions on new responses.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from functools import lru_cache
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import simplemma

from .concepts import CONCEPT_NAMES, EVALUATIVE, NOT_NAMES
from .language import Lang, LanguageEngine, Token, default_engine, fold
from .model import Response
from .nps import summarise_scores

MAX_THEMES = 20
_JOIN_SHARE = 0.5  # a key joins an anchor when at least half its responses name both
_MAX_PHRASE_WORDS = 4
_DEPENDENT = 0.6  # a word half of whose clauses already name a theme qualifies it
_MULTI_WORD_SHARE = 0.2  # a phrase of several words names a theme from this share of it
_COMPOUND_SHARE = 0.12  # ... and a compound holding its anchor word, from this share
_LEARNING_SAMPLE = 10_000  # clauses read to fold themes and learn their satellite words
_FOLD_MIN = 3  # responses two themes must share to be folded into one ...
_FOLD_SHARE = 0.4  # ... and the share of the smaller theme's responses they must be
_TERM_WEIGHT = 2.0  # a joined word weighs fully in a stage's score from half the clauses
_SATELLITE_MIN = 2  # clauses of one theme a word needs to become one of its words
_SATELLITE_SHARE = 0.5  # ... and the share of all its clauses they must be
_NAMING_SAMPLE = 400  # clauses per theme read to name it: enough, and bounded at 100k rows
_NOT_NAMES = NOT_NAMES["fr"] | NOT_NAMES["en"]


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a response, read: its text, polarity and meaning keys in order."""

    response: str
    text: str
    polarity: str
    tokens: tuple[Token, ...]
    keys: tuple[str, ...]  # meaning keys of its theme-worthy words, in order


def make_clause(response: str, text: str, polarity: str, tokens: Sequence[Token]) -> Clause:
    return Clause(response, text, polarity, tuple(tokens),
                  tuple([t.key for t in tokens if t.kind in ("content", "concept")]))


@dataclass(frozen=True, slots=True)
class ThemeDefinition:
    """What identifies a theme across imports: a stable `key` (its anchor), its display
    `phrase`, its `stage`, and the meaning keys (`terms`) that put a clause in it;
    `anchor_terms` win over the others when a clause names two themes."""

    key: str
    phrase: str
    stage: str
    terms: tuple[str, ...]
    language: Lang = "fr"

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "phrase": self.phrase, "stage": self.stage,
                "terms": list(self.terms), "language": self.language}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> ThemeDefinition:
        return cls(str(data["key"]), str(data.get("phrase") or data["key"]),
                   str(data.get("stage") or ""), tuple(data.get("terms") or (data["key"],)),
                   "en" if data.get("language") == "en" else "fr")


def read_clauses(
    responses: Sequence[Response], split, engine: LanguageEngine, language: Lang
) -> list[Clause]:
    """Every commented response's clauses, read by the engine. A comment clearly in
    the other language (an English comment in a French export) is read as such."""
    clauses = []
    for response in responses:
        if response.comment:
            own = engine.comment_language(response.comment, language)
            for text, polarity in split(response.comment, response.nps_class):
                clauses.append(make_clause(response.content_hash, text, polarity,
                                      engine.tokens(text, own)))
    return clauses


def find_themes(clauses: Sequence[Clause], commented: int, language: Lang,
                max_themes: int = MAX_THEMES, min_support: int = 3) -> list[ThemeDefinition]:
    """Theme definitions (stage still empty) learned from the clauses: a theme needs
    `min_support` responses, and 1 % of them."""
    keys_of: dict[str, set[str]] = defaultdict(set)
    for clause in clauses:
        keys_of[clause.response].update(clause.keys)
    support: Counter[str] = Counter()
    for keys in keys_of.values():
        support.update(keys)
    threshold = max(min_support, math.ceil(0.01 * commented))
    # Ties in support broken by the key itself: the same file gives the same themes in
    # every process (the responses' key sets iterate in a per-process hash order).
    frequent = sorted((key for key, count in support.items() if count >= 2),
                      key=lambda key: (-support[key], key))
    # Words of one clause belong together ("créneaux de soutenance"); two clauses of
    # one comment may well be two themes ("formateurs top mais plateforme lente").
    wanted = set(frequent[:400])
    together = _cooccurrence((set(c.keys) for c in clauses), wanted)
    where: dict[str, set[int]] = defaultdict(set)  # key -> the clauses naming it
    for position, clause in enumerate(clauses):
        for key in wanted.intersection(clause.keys):
            where[key].add(position)
    banned: set[str] = set()
    for _ in range(4):
        anchors, joined = _pick_anchors(frequent[:400], support, together, threshold,
                                        max_themes, banned)
        # A word said mostly beside other themes' words ("order", "item", "twice")
        # qualifies them; only a word that stands on its own opens a theme. Checked
        # once all anchors are known (so ties in support do not decide), weakest first.
        dependent = set()
        naming: Counter[int] = Counter()  # clause -> anchors it names
        for anchor in anchors:
            naming.update(where[anchor])
        for anchor in sorted(anchors, key=lambda a: support[a]):
            beside = sum(1 for position in where[anchor] if naming[position] > 1)
            if beside >= _DEPENDENT * len(where[anchor]):
                dependent.add(anchor)
                naming.subtract(where[anchor])
        if not dependent:
            break
        banned |= dependent
    # Enough clauses to learn from; bounded so that 100,000 rows stay fast.
    sample = clauses[:_LEARNING_SAMPLE]
    folded = _fold_overlapping(sample, anchors, joined)
    _widen(sample, anchors, joined, support)
    groups = {a: (a, *joined[a]) for a in anchors}
    for anchor, (other, terms) in folded.items():  # each part named on its own words
        groups[anchor] = tuple(t for t in groups[anchor] if t not in terms)
        groups[other] = terms
    names = _phrases(clauses, groups, language)
    themes: dict[str, tuple[str, list[str]]] = {}  # folded name -> (name, terms)
    for anchor in anchors:
        # A folded theme keeps the larger one's name ("size" taking in "fit"): the name is
        # how a follow-up import finds the theme again, so it must not change with it.
        name = names[anchor]
        # Two themes customers name alike ("dossier de sinistre" found from "dossier"
        # and from "sinistre") are one theme; its key stays the larger one's anchor.
        same = themes.setdefault(name.casefold(), (name, []))
        same[1].extend([anchor, *joined[anchor]])
    return [ThemeDefinition(terms[0], name, "", tuple(dict.fromkeys(terms)), language)
            for name, terms in themes.values()]


def _fold_overlapping(clauses: Sequence[Clause], anchors: list[str],
                      joined: dict[str, list[str]]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Fold a theme into a larger one when their verbatims overlap: customers who speak
    of one mostly speak of the other in the same clause ("size" and "fit"). Changes
    `anchors` and `joined` in place; returns larger anchor -> (folded anchor, its terms)."""
    index = term_index([ThemeDefinition(a, a, "", (a, *joined[a])) for a in anchors])
    sizes = theme_sizes(clauses, index)
    members: dict[str, set[str]] = defaultdict(set)
    for position, clause in enumerate(clauses):  # in one breath: the same clause
        for theme in assign(clause, index, sizes):
            members[theme].add(position)
    folded: dict[str, tuple[str, tuple[str, ...]]] = {}
    for small in reversed(list(anchors)):  # least supported first
        for large in anchors:
            if large == small or large in folded or small in folded:
                continue
            both = len(members[small] & members[large])
            if both >= _FOLD_MIN and both >= _FOLD_SHARE * min(len(members[small]),
                                                                  len(members[large])) \
                    and len(members[large]) >= len(members[small]):
                folded[large] = (small, (small, *joined[small]))
                joined[large] += [small, *joined.pop(small)]
                anchors.remove(small)
                break
    return folded


def _pick_anchors(candidates: list[str], support: Counter[str],
                  together: Counter[tuple[str, str]], threshold: int, max_themes: int,
                  banned: set[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Anchors, most supported first, and the words that join each: a word joins the
    anchor it shares a clause with in at least half its responses."""
    anchors: list[str] = []
    joined: dict[str, list[str]] = {}
    for key in candidates:
        best = max(anchors, key=lambda a: together[(key, a)], default=None)
        if best and together[(key, best)] >= max(2, _JOIN_SHARE * support[key]) \
                and support[key] <= support[best]:
            joined[best].append(key)
        elif support[key] >= threshold and len(anchors) < max_themes and key not in banned:
            anchors.append(key)
            joined[key] = []
    return anchors, joined


def _widen(clauses: Sequence[Clause], anchors: list[str], joined: dict[str, list[str]],
           support: Counter[str]) -> None:
    """Learn each theme's satellite words from the file itself: a word that, among the
    clauses already in a theme, turns up mostly in one theme's clauses belongs to it
    ("bobbled", "seams" beside "quality"; "expertise" beside "sinistre"), so a clause
    naming only that word is no longer left without a theme. Distributional, within
    the file: no business's vocabulary is written down anywhere."""
    index = term_index([ThemeDefinition(a, a, "", (a, *joined[a])) for a in anchors])
    sizes = theme_sizes(clauses, index)
    seen: Counter[str] = Counter()
    within: dict[str, Counter[str]] = defaultdict(Counter)
    for clause in clauses:
        themes = assign(clause, index, sizes)
        if len(themes) != 1:
            continue
        for key in set(clause.keys):
            if key not in index:
                within[key][themes[0]] += 1
    for clause in clauses:
        for key in set(clause.keys):
            seen[key] += 1
    for key in sorted(within):  # in a fixed order: the themes' terms must not vary by run
        theme, count = within[key].most_common(1)[0]
        # Most of its uses sit in one theme's clauses, and often enough to be no accident.
        if count >= _SATELLITE_MIN and count >= _SATELLITE_SHARE * seen[key] \
                and support[key] < support[theme]:
            joined[theme].append(key)


def _cooccurrence(groups: Iterable[set[str]], wanted: set[str]) -> Counter[tuple[str, str]]:
    together: Counter[tuple[str, str]] = Counter()
    for keys in groups:
        present = sorted(keys & wanted)
        if len(present) > 12:  # a long essay: its pairs say little, and cost much
            present = present[:12]
        for index, a in enumerate(present):
            for b in present[index + 1:]:
                together[(a, b)] += 1
                together[(b, a)] += 1
    return together


def assign(clause: Clause, index: dict[str, list[tuple[int, str]]],
           sizes: dict[str, int]) -> list[str]:
    """Theme keys of a clause: named anchors first (by position), else the smallest
    theme whose joined words it names; at most two themes per clause."""
    anchored: list[str] = []
    others: list[str] = []
    for key in clause.keys:
        for rank, theme in index.get(key, ()):
            target = anchored if rank == 0 else others
            if theme not in target:
                target.append(theme)
    if anchored:
        return anchored[:2]
    return sorted(others, key=lambda theme: sizes.get(theme, 0))[:1]


def theme_sizes(clauses: Sequence[Clause],
                index: dict[str, list[tuple[int, str]]]) -> dict[str, int]:
    """Responses per theme counting anchor words only: "smallest theme" in assign()."""
    members: dict[str, set[str]] = defaultdict(set)
    for clause in clauses:
        for key in clause.keys:
            for rank, theme in index.get(key, ()):
                if rank == 0:
                    members[theme].add(clause.response)
    return {theme: len(group) for theme, group in members.items()}


def term_index(definitions: Sequence[ThemeDefinition]) -> dict[str, list[tuple[int, str]]]:
    """meaning key -> [(0 if it is the theme's anchor else 1, theme key)]."""
    index: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for definition in definitions:
        for position, term in enumerate(definition.terms):
            index[term].append((0 if position == 0 else 1, definition.key))
    return index


def _phrases(clauses: Sequence[Clause], terms: dict[str, tuple[str, ...]],
             language: Lang = "fr") -> dict[str, str]:
    """Each theme's most typical noun phrase, spelt as customers most often spell it."""
    owner = {term: anchor for anchor, group in terms.items() for term in group}
    candidates: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    spellings: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    mentions: Counter[str] = Counter()
    words: dict[str, Counter[str]] = defaultdict(Counter)  # an anchor's own spellings
    for clause in clauses:
        for token in clause.tokens:
            if token.key in terms:
                words[token.key][token.surface] += 1
        present = {owner[k] for k in clause.keys if k in owner}
        if all(mentions[anchor] >= _NAMING_SAMPLE for anchor in present):
            continue  # no theme left to name here (or enough examples seen for it)
        seen: set[str] = set()
        for keys, surface in noun_phrases(clause.tokens):
            anchors = {owner[k] for k in keys if k in owner}
            for anchor in anchors:
                if keys[0] in terms[anchor] or keys[-1] in terms[anchor]:
                    candidates[anchor][keys] += 1
                    spellings[keys][surface] += 1
                    seen.add(anchor)
        mentions.update(seen)
    names: dict[str, str] = {}
    for anchor in terms:
        counts = candidates.get(anchor, Counter())
        spelt = words.get(anchor)
        floor = max(2, _MULTI_WORD_SHARE * mentions[anchor])
        best = max(counts, key=lambda keys: (
            counts[keys] * (1 + 0.6 * (len(keys) - 1)) if counts[keys] >= floor or len(keys) == 1
            else 0, counts[keys]), default=None)
        # A consultant names the theme by the compound customers use for it, when
        # enough of them do ("créneaux de soutenance" over "soutenance").
        compounds = [keys for keys in counts if len(keys) > 1 and anchor in keys
                     and counts[keys] >= max(3, _COMPOUND_SHARE * mentions[anchor])
                     and not any(_weak_name(word, language) for word in
                                 spellings[keys].most_common(1)[0][0].split())]
        if compounds:
            best = max(compounds, key=lambda keys: (counts[keys], -len(keys)))
        name = spellings[best].most_common(1)[0][0] if best else (
            spelt.most_common(1)[0][0] if spelt else anchor.lstrip("~"))
        if len(name.split()) == 1 and _weak_name(name, language):
            # An adjective or a participle ("lente", "ratée", "broken") names no theme: the
            # commonest phrase that holds it ("correspondance ratée"), else for a concept
            # its plain name in the file's language ("lenteur"), else the word itself.
            longer = [keys for keys in counts if len(keys) > 1 and anchor in keys
                      and counts[keys] >= 2]
            if longer:
                name = spellings[max(longer, key=counts.__getitem__)].most_common(1)[0][0]
            elif anchor.startswith("~") and anchor[1:] in CONCEPT_NAMES:
                name = CONCEPT_NAMES[anchor[1:]][0 if language == "fr" else 1]
        names[anchor] = name
    return names


@lru_cache(maxsize=10_000)
def _weak_name(word: str, language: Lang) -> bool:
    """An evaluative word, or a past participle used as an adjective: not a noun."""
    folded = fold(word)
    if folded in _NOT_NAMES or folded in EVALUATIVE[language]:
        return True
    if language == "en":
        return word.endswith(("ed", "en")) and simplemma.lemmatize(word, lang="en") != word
    for ending in ("ées", "ée", "és", "é"):
        if word.lower().endswith(ending):
            return simplemma.is_known(word.lower()[:-len(ending)] + "er", lang="fr")
    return False


def finding_phrase(mentions: Sequence, theme: str, sample: int = 300) -> str:
    """A sharper name for an irritant or a praise than its theme's: the commonest phrase
    of two words or more holding one of the theme's words ("créneaux de soutenance"
    within "soutenance"), when at least 3 and 15 % of its clauses say it; else ""."""
    engine = default_engine()
    counts: Counter[tuple[str, ...]] = Counter()
    spellings: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for mention in mentions[:sample]:
        terms = set(mention.keyword)
        seen = set()
        for keys, surface in noun_phrases(engine.tokens(mention.text, mention.language)):
            if len(keys) > 1 and (keys[0] in terms or keys[-1] in terms) and keys not in seen:
                seen.add(keys)
                counts[keys] += 1
                spellings[keys][surface] += 1
    if not counts:
        return ""
    best, count = max(counts.items(), key=lambda item: (item[1], -len(item[0])))
    if count < max(3, 0.15 * min(len(mentions), sample)):
        return ""
    name = spellings[best].most_common(1)[0][0]
    return "" if name.casefold() == theme.casefold() else name


def _nameable(token: Token) -> bool:
    return _nameable_word(token.surface, token.lemma)


@lru_cache(maxsize=100_000)
def _nameable_word(surface: str, lemma: str) -> bool:
    return fold(surface) not in _NOT_NAMES and fold(lemma) not in _NOT_NAMES


def noun_phrases(tokens: Sequence[Token]) -> list[tuple[tuple[str, ...], str]]:
    """(meaning keys, surface) of every run of theme-worthy words, joined by links
    ("délai de réponse du support"), and every sub-run, up to four words."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if token.kind in ("content", "concept"):
            current.append(token)
        elif token.kind == "link" and current:
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    found = []
    for run in runs:
        while run and run[-1].kind == "link":
            run = run[:-1]
        words = [index for index, token in enumerate(run) if token.kind != "link"]
        for i, start in enumerate(words):
            if not _nameable(run[start]):
                continue
            for end in words[i:i + _MAX_PHRASE_WORDS]:
                if not _nameable(run[end]):
                    continue
                piece = run[start:end + 1]
                keys = tuple(t.key for t in piece if t.kind != "link")
                if len(keys) <= _MAX_PHRASE_WORDS:
                    found.append((keys, _surface(piece)))
    return found


def _surface(tokens: Sequence[Token]) -> str:
    text = " ".join(token.surface for token in tokens)
    return text.replace("' ", "'").replace(" d ", " d'")


def assign_stages(definitions: Sequence[ThemeDefinition], clauses: Sequence[Clause],
                  stage_keys: dict[str, Counter[str]]) -> dict[str, str]:
    """theme key -> stage name, by the meaning keys a theme shares with each stage's
    description: its own terms weigh most, the words around them count too."""
    context: dict[str, Counter[str]] = defaultdict(Counter)
    index = term_index(definitions)
    sizes = {d.key: 0 for d in definitions}
    said: Counter[str] = Counter()  # clauses per theme
    for clause in clauses:
        for theme in assign(clause, index, sizes):
            context[theme].update(clause.keys)
            said[theme] += 1
    result: dict[str, str] = {}
    for definition in definitions:
        total = sum(context[definition.key].values()) or 1
        scores: Counter[str] = Counter()
        for stage, keys in stage_keys.items():
            score = 0.0
            for position, term in enumerate(definition.terms):
                if term in keys:
                    # A joined word weighs by how often the theme's clauses say it: a
                    # satellite met twice ("assistant") must not outweigh the rest.
                    share = context[definition.key][term] / (said[definition.key] or 1)
                    score += 6.0 if position == 0 else min(1.0, _TERM_WEIGHT * share)
            for key, count in context[definition.key].items():
                if key in keys and key not in definition.terms:
                    score += 3.0 * count / total
            if score > 0:
                scores[stage] = score
        result[definition.key] = scores.most_common(1)[0][0] if scores else ""
    return result


def nearest_stage(keys: Sequence[str], stages_of_key: dict[str, list[str]]) -> str:
    """The stage whose description names most of `keys` ("" when none names any);
    `stages_of_key`: meaning key -> the stages whose description names it."""
    scores: Counter[str] = Counter()
    for key in dict.fromkeys(keys):  # in the clause's order: ties must not vary by run
        scores.update(stages_of_key.get(key, ()))
    best = scores.most_common(1)
    return best[0][0] if best else ""


@dataclass(frozen=True, slots=True)
class ThemeMeasure:
    """A theme's figures on a set of responses. `detractor_rate` is the share of the
    theme's own respondents who are detractors; `detractor_share` the share of ALL
    detractors who mention the theme; `margin` the NPS's 95 % margin of error."""

    key: str
    phrase: str
    stage: str
    volume: int
    nps: float
    detractor_rate: float
    detractor_share: float
    margin: float
    lines: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "phrase": self.phrase, "stage": self.stage,
                "volume": self.volume, "nps": round(self.nps, 2),
                "detractor_rate": round(self.detractor_rate, 4),
                "detractor_share": round(self.detractor_share, 4),
                "margin": round(self.margin, 2), "lines": list(self.lines)}


def measure_themes(
    definitions: Sequence[ThemeDefinition | dict],
    responses: Sequence[Response],
    engine: LanguageEngine | None = None,
) -> list[ThemeMeasure]:
    """Re-measure stored themes on new responses (e.g. the next feedback import).

    A response counts for a theme when one of its clauses is assigned to it with the
    same rules as the diagnostic (anchor words first). Pure: no state, no I/O.
    """
    from .themes import split_clauses  # themes imports this module

    engine = engine or default_engine()
    defs = [d if isinstance(d, ThemeDefinition) else ThemeDefinition.from_dict(d)
            for d in definitions]
    language = defs[0].language if defs else "fr"
    index = term_index(defs)
    clauses = []
    for response in responses:
        if response.comment:
            own = engine.comment_language(response.comment, language)
            clauses += [make_clause(response.content_hash, text, polarity, engine.tokens(text, own))
                        for text, polarity in split_clauses(response.comment, response.nps_class)]
    sizes = theme_sizes(clauses, index)
    by_hash = {response.content_hash: response for response in responses}
    members: dict[str, dict[str, Response]] = defaultdict(dict)
    for clause in clauses:
        for theme in assign(clause, index, sizes):
            members[theme][clause.response] = by_hash[clause.response]
    detractors = sum(1 for r in responses if r.nps_class == "detractor")
    result = []
    for d in defs:
        group = list(members[d.key].values())
        figures = summarise_scores(r.score for r in group)
        result.append(ThemeMeasure(
            d.key, d.phrase, d.stage, figures.n, figures.nps,
            figures.detractors / figures.n if figures.n else 0.0,
            figures.detractors / detractors if detractors else 0.0,
            figures.margin_of_error, tuple(sorted(r.line for r in group))))
    return result
