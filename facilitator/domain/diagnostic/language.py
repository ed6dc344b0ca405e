"""The language engine behind the diagnostic: words, lemmas, meaning keys, language.

Everything the theme finder knows of French and English goes through `LanguageEngine`,
a small interface (detect a language, analyse the words of a clause), so the domain
stays pure and another engine (a spaCy pipeline, say) could replace this one.

`LexicalEngine` is the default: lemmas from simplemma's dictionaries (offline, 19 MB,
no model), a Snowball stem of the lemma as the grouping key ("soutenance",
"soutenances" and "soutenir" meet), and a hand-kept lexicon of customer-experience
concepts that folds synonyms and paraphrases into one key ("pas de réponse",
"j'attends toujours", "silence radio" all say *waiting for an answer*). Stop verbs,
grammar words and evaluative adjectives are marked so that they never name a theme.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

import simplemma
import snowballstemmer

from .concepts import CONCEPT_PHRASES, CONCEPT_WORDS, EVALUATIVE, STOP_NOUNS, STOP_VERBS
from .words import QUALIFIERS, STOPWORDS

Lang = Literal["fr", "en"]
Kind = Literal["content", "concept", "stop", "verb", "eval", "link"]

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['\u2019]", re.IGNORECASE)
# Words that join a noun phrase ("délai de réponse du support", "value for money").
LINKS: dict[str, frozenset[str]] = {
    "fr": frozenset({"de", "du", "des", "d", "à", "au", "aux", "en"}),
    "en": frozenset({"of", "for"}),
}
_CONTRACTIONS = frozenset("can't don't doesn't didn't isn't wasn't won't wouldn't couldn't "
                          "aren't haven't hasn't it's i'm i've we're we've they're that's "
                          "there's what's even ever yet already also".split())
_DETERMINERS = {
    "fr": frozenset("le la les l un une des du mon ma mes ton ta tes son sa ses notre nos "
                    "votre vos leur leurs ce cette ces".split()),
    "en": frozenset("the a an my our your their its this these those".split()),
}
_PHRASE_CONCEPT = {lang: dict(pairs) for lang, pairs in CONCEPT_PHRASES.items()}
_PHRASE_PATTERN = {lang: re.compile(r"\b(?:" + "|".join(re.escape(p) for p, _ in pairs) + r")\b")
                   for lang, pairs in CONCEPT_PHRASES.items()}
_STEMMERS = {"fr": snowballstemmer.stemmer("french"), "en": snowballstemmer.stemmer("english")}
_FR_HINTS = frozenset("le la les des une est et pas très mais pour avec je nous vous du au "
                      "ne on il c ça sur trop".split())
_EN_HINTS = frozenset("the is and not very but for with i we you of it was are to "
                      "my our they too".split())


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a clause: its spelling, lemma, meaning key and role.

    `key` groups words of one meaning (a concept such as "~wait", else the stem of the
    lemma); `kind` says whether it may name a theme ("content", "concept") or not.
    """

    surface: str
    lemma: str
    key: str
    kind: Kind


class LanguageEngine(Protocol):
    """What the theme finder needs from a language engine."""

    def detect(self, texts: list[str]) -> Lang: ...

    def comment_language(self, text: str, default: Lang) -> Lang: ...

    def tokens(self, text: str, language: Lang) -> list[Token]: ...

    def keys(self, text: str, language: Lang) -> list[str]: ...


def fold(text: str) -> str:
    """Lower case without accents: the spelling customers type on a phone."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(c))


class LexicalEngine:
    """Dictionary lemmas + Snowball keys + a concept lexicon (see the module doc)."""

    def detect(self, texts: list[str]) -> Lang:
        """French or English, by grammar words over (a sample of) the comments."""
        french = english = 0
        for text in texts[:2000]:
            for word in _WORD.findall(text.lower()):
                french += word in _FR_HINTS
                english += word in _EN_HINTS
        return "en" if english > french else "fr"

    def comment_language(self, text: str, default: Lang) -> Lang:
        """The file's language unless the comment's grammar words clearly say otherwise."""
        words = _WORD.findall(text.lower())
        french = sum(map(_FR_HINTS.__contains__, words))
        english = sum(map(_EN_HINTS.__contains__, words))
        if default == "fr" and english >= 2 and english > 2 * french:
            return "en"
        if default == "en" and french >= 2 and french > 2 * english:
            return "fr"
        return default

    def tokens(self, text: str, language: Lang) -> list[Token]:
        originals: list[str] = []

        def placeholder(match: re.Match[str]) -> str:
            originals.append(match.group(0))
            return f" zz{_PHRASE_CONCEPT[language][match.group(0)]} "

        lowered = _PHRASE_PATTERN[language].sub(placeholder, text.lower().replace("\u2019", "'"))
        tokens = [_analyse(word, language) for word in _WORD.findall(lowered)]
        if originals:  # a folded expression keeps the customer's words as its spelling
            spelt = iter(originals)
            tokens = [Token(next(spelt), t.lemma, t.key, t.kind) if t.surface.startswith("zz")
                      else t for t in tokens]
        for index in range(1, len(tokens)):
            # After a determiner a "verb" is a noun: "les sous-titres", "the sync".
            if tokens[index].kind == "verb" and tokens[index - 1].lemma in _DETERMINERS[language] \
                    and tokens[index].lemma not in STOP_VERBS[language]:
                token = tokens[index]
                tokens[index] = Token(token.surface, token.surface,
                                      stem_key(token.surface, language), "content")
        return tokens

    def keys(self, text: str, language: Lang) -> list[str]:
        """Meaning keys of the theme-worthy words of `text` (e.g. a stage description)."""
        return [token.key for token in self.tokens(text, language)
                if token.kind in ("content", "concept")]


@lru_cache(maxsize=300_000)
def _analyse(word: str, language: Lang) -> Token:
    bare = _ELISION.sub("", word)
    if word.startswith("zz"):  # a concept placeholder put in by tokens()
        return Token(word, word, "~" + word[2:], "concept")
    if bare in LINKS[language]:
        return Token(bare, bare, bare, "link")
    lemma = simplemma.lemmatize(bare, lang=language).lower()
    folded = fold(lemma)
    concept = CONCEPT_WORDS[language].get(fold(bare)) or CONCEPT_WORDS[language].get(folded)
    if concept:
        return Token(bare, lemma, "~" + concept, "concept")
    if bare in STOPWORDS or bare in QUALIFIERS or bare in _CONTRACTIONS or len(bare) < 2:
        return Token(bare, bare, bare, "stop")
    if folded in EVALUATIVE[language] or fold(bare) in EVALUATIVE[language]:
        return Token(bare, lemma, folded, "eval")
    if folded in STOP_VERBS[language] or _looks_like_verb(bare, lemma, language):
        return Token(bare, lemma, folded, "verb")
    if folded in STOP_NOUNS[language] or fold(bare) in STOP_NOUNS[language] or len(bare) < 3:
        return Token(bare, lemma, folded, "stop")
    return Token(bare, lemma, stem_key(lemma, language), "content")


def stem_key(lemma: str, language: Lang) -> str:
    stemmed = _STEMMERS[language].stemWord(fold(lemma).replace("-", ""))
    if len(stemmed) > 3 and stemmed.endswith(("s", "x")) and not stemmed.endswith("ss"):
        stemmed = stemmed[:-1]
    return stemmed


def _looks_like_verb(word: str, lemma: str, language: Lang) -> bool:
    """A conjugated form ("répond", "attends", "waited"): its lemma is an infinitive
    that the word does not start with. Plural nouns ("lettres") start with theirs."""
    if language == "fr":
        return lemma.endswith(("er", "ir", "re", "oir")) and not word.startswith(lemma)
    return lemma != word and word.endswith("ed")  # "-ing" words are often nouns: billing


_DEFAULT: LanguageEngine | None = None


def default_engine() -> LanguageEngine:
    global _DEFAULT  # one engine per process: its caches are what make 100k rows fast
    if _DEFAULT is None:
        _DEFAULT = LexicalEngine()
    return _DEFAULT
