"""Words of French and English comments: tokens, stems, stop words, contrast markers.

Stemming uses `snowballstemmer` (pure Python, no model download) behind a cache,
since 100,000 comments repeat the same few thousand words.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

import snowballstemmer

WordLanguage = Literal["fr", "en"]

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)

STOPWORDS: frozenset[str] = frozenset(
    """
    a à au aux avec ce ces cet cette c ça ca ceci cela celle celui d dans de des du elle elles en et
    est était été être eu il ils j je l la le les leur leurs lui m ma mais me même mes moi mon n ne
    nos notre nous on ont ou où par pour qu que qui s sa se ses son sont sur t ta te tes toi ton tu
    un une vos votre vous y ai as avais avait avons avez été suis es sommes êtes fut fait faire
    fais font sera serait peut tout tous toute toutes très bien plus moins aussi alors donc car
    comme quand si sans sous chez entre depuis encore déjà ici là cela chaque quel quelle quels
    quelles dont lors après avant pendant vers via etc afin ainsi autre autres beaucoup assez
    vraiment juste surtout notamment parfois souvent toujours jamais rien quelque chose choses
    formation formations expérience fois an ans mois semaine jour jours moment niveau cas part
    the and or of to in on at by for with from is are was were be been being it its this that
    these those i me my we our you your he she they them their his her an as so if then than there
    here have has had do does did done will would should can could may might must shall into onto
    about over under again also very really just quite much many more most some any all each
    every other such what which who whom when where why how because while during before after
    up down out off am get got getting thing things lot lots training trainings course's
    experience time times year years month months week day days overall way
    bonjour bonsoir honnêtement globalement franchement franc sincèrement voilà bref
    hello hi honestly frankly basically anyway fair same mis mise mettre put
    recommande recommander recommandé recommend recommended recommending
    malgré ailleurs plutôt selon envers parmi durant hormis sauf ensuite enfin tellement
    environ presque cependant pourtant néanmoins également aujourd hier demain partout
    longtemps bientôt despite elsewhere sometimes often always already rather whenever
    without toward among except finally especially however therefore thus everywhere soon
    """.split()
)
"""Words that never make a theme or a phrase (grammar, and the product itself)."""

QUALIFIERS: frozenset[str] = frozenset(
    """
    pas non trop peu manque manquait aucun aucune mal nul nulle nuls mauvais mauvaise lent lente
    lents lentes cher chère chers chères compliqué compliquée difficile difficiles long longue
    longs longues bon bonne bons bonnes super top génial géniale excellent excellente excellents
    parfait parfaite facile faciles rapide rapides simple clair claire clairs intuitif intuitive
    agréable efficace efficaces dommage déçu déçue décevant décevante pourrait améliorer
    not no too lack lacking poor bad slow expensive hard difficult complicated confusing long
    good great excellent perfect easy fast quick simple clear intuitive nice amazing awesome
    helpful useful efficient disappointed disappointing could improve better worse terrible awful
    merci bravo thanks thank
    """.split()
)
"""Evaluative words: kept in irritant and praise phrases, never taken as a theme."""

NEGATIVE_CUES: frozenset[str] = frozenset(
    """
    pas trop manque manquait aucun aucune mal nul nulle mauvais mauvaise lent lente lents lentes
    cher chère chers chères compliqué compliquée difficile dommage déçu déçue décevant décevante
    pourrait améliorer bug bugs beug plante plantage problème problèmes erreur attente
    not no too lack lacking poor bad slow expensive hard difficult complicated confusing
    disappointed disappointing could improve worse terrible awful bug bugs crash crashes issue
    issues problem problems error waiting
    bémol regrette regret rame rament ramer lenteur plante plantent manquent attendre attends
    attendu attente faille galère impossible jamais wish missing lacks slower buggy
    crashing complaint downside wished expensive pricey cher chère chers chères
    """.split()
)
POSITIVE_CUES: frozenset[str] = frozenset(
    """
    bon bonne bons bonnes super top génial géniale excellent excellente excellents parfait
    parfaite facile faciles rapide rapides simple clair claire intuitif intuitive agréable
    efficace efficaces merci bravo good great excellent perfect easy fast quick simple clear
    intuitive nice amazing awesome helpful useful efficient thanks love loved
    sympa sympathique compétent compétente compétents adorable impeccable nickel pédagogue
    bienveillant fantastic brilliant friendly polite solid
    """.split()
)
"""Cues that give a passive's clause a direction; promoters and detractors never need
them (their score is the polarity: sentiment lexicons misread "pas terrible")."""

IDIOMS: dict[str, int] = {
    "pas mal": 1, "pas cher": 1, "pas de souci": 1, "pas de problème": 1, "sans souci": 1,
    "not bad": 1, "no problem": 1, "no issue": 1, "pas terrible": -1, "pas top": -1,
    "pas évident": -1, "pas clair": -1, "not great": -1, "not clear": -1, "not easy": -1,
    "rien à dire": 1, "pas de bug": 1, "no bugs": 1, "rien à redire": 1, "aucun problème": 1, "aucun souci": 1,
    "no complaints": 1, "nothing to complain": 1, "pas assez": -1, "not enough": -1,
    "could be better": -1, "pourrait être mieux": -1, "il manque": -1, "seul bémol": -1,
}
"""Fixed expressions whose words would mislead the cue count, with their sign."""

_FRENCH_HINTS = frozenset("le la les des une est et pas très mais pour avec je nous vous du au".split())
_ENGLISH_HINTS = frozenset("the is and not very but for with i we you of it was are to".split())

# Sentence ends, then contrast markers inside a sentence ("la plateforme plante mais ...").
SENTENCE_SPLIT = re.compile(r"(?:[.!?;\n]+(?=\s|$)|[\n!?]+)")
CONTRAST_SPLIT = re.compile(
    r"\b(?:mais|cependant|par contre|pourtant|toutefois|néanmoins|en revanche|sauf que"
    r"|but|however|although|though|yet|except that|whereas)\b",
    re.IGNORECASE,
)

_STEMMERS = {"fr": snowballstemmer.stemmer("french"), "en": snowballstemmer.stemmer("english")}


def words(text: str) -> list[str]:
    """Lower-cased words; hyphenated compounds stay one word ("sous-titres")."""
    return _WORD.findall(text.lower())


def guess_language(tokens: list[str]) -> WordLanguage:
    """French unless English grammar words outnumber French ones."""
    french = len([token for token in tokens if token in _FRENCH_HINTS])
    english = len([token for token in tokens if token in _ENGLISH_HINTS])
    return "en" if english > french else "fr"


@lru_cache(maxsize=200_000)
def stem(word: str, language: WordLanguage) -> str:
    """Snowball stem, accents folded and a plural "s" dropped (French keeps "vidéos")."""
    # "plate-forme" and "plateforme" must meet: hyphens go before stemming.
    stemmed = _STEMMERS[language].stemWord(word.replace("-", ""))
    folded = "".join(
        char for char in unicodedata.normalize("NFKD", stemmed) if not unicodedata.combining(char)
    )
    if len(folded) > 3 and folded.endswith(("s", "x")) and not folded.endswith("ss"):
        folded = folded[:-1]
    return folded


def content_words(text: str) -> tuple[list[str], WordLanguage]:
    """Words of `text` minus stop words, and the language guessed from all of them."""
    tokens = words(text)
    language = guess_language(tokens)
    return [token for token in tokens if token not in STOPWORDS and len(token) > 1], language
