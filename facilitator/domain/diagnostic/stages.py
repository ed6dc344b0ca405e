"""Customer-journey stages and the theme keywords that place a comment at a stage.

The facilitator can replace the defaults with a stages file (`--stages stages.txt`):

    # lines starting with "#" and blank lines are ignored
    # stage: theme, theme, ...   (synonyms of one theme joined by "/", first one names it)
    purchase: inscription/registration/sign up, facturation/invoice/billing, prix/price
    use: plateforme/platform/app, formateurs/formateur/trainer
    support: support/service client/customer service/hotline

A plain `name: keyword, keyword` line is valid too: each keyword is then its own theme.
Keywords may be French or English, singular or plural, several words; they are stemmed
with both stemmers, so "formateurs" also matches "formatrice"'s stem family.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import FeedbackFileError
from .words import stem, words

UNASSIGNED = "unassigned"


@dataclass(frozen=True, slots=True)
class ThemeSeed:
    """A theme known in advance: its display name and the keywords that reveal it.

    `keywords` are of unknown language (a stages file) and stemmed both ways;
    `french` and `english` ones only with their own stemmer.
    """

    name: str
    keywords: tuple[str, ...]
    french: tuple[str, ...] = ()
    english: tuple[str, ...] = ()

    def stemming(self) -> list[tuple[str, tuple[str, ...]]]:
        """(keyword, stemmer languages) pairs; the name is a keyword too."""
        pairs = [(self.name, ("fr", "en"))] if not (self.french or self.english) else []
        pairs += [(word, ("fr", "en")) for word in self.keywords]
        pairs += [(word, ("fr",)) for word in self.french]
        pairs += [(word, ("en",)) for word in self.english]
        return pairs


@dataclass(frozen=True, slots=True)
class Stage:
    """A journey stage (`name` is a default key such as "use", or the file's own name)."""

    name: str
    themes: tuple[ThemeSeed, ...]


# (stage, ((English name, French name, "French keywords | English keywords"), ...)).
# Knowing each keyword's language matters: the French stem of "trainer" is "train".
_DEFAULTS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("discovery", (
        ("website", "site web", "site web, site internet, catalogue, brochure | website, web site, catalog"),
        ("advertising", "publicité", "publicité, pub, newsletter, linkedin, réseaux sociaux | advertising, advert, ads, social media"),
        ("information", "information", "information, informations, renseignement, renseignements, fiche | information, description"),
        ("word of mouth", "bouche-à-oreille", "bouche à oreille, parrainage | word of mouth, referral"),
    )),
    ("purchase", (
        ("enrolment", "inscription", "inscription, inscrire, inscrit, souscription, commande | enrol, enroll, enrolment, enrollment, registration, register, registered, sign up, signup, checkout"),
        ("billing", "facturation", "facturation, facture, factures, paiement, payer, prélèvement, remboursement, financement, cpf, opco | invoice, invoices, invoicing, billing, billed, payment, refund, refunded, funding"),
        ("price", "prix", "prix, tarif, tarifs, coût, rapport qualité prix, cher, chère | price, prices, pricing, expensive, cost, costs, value for money"),
    )),
    ("onboarding", (
        ("access", "accès", "accès, identifiant, identifiants, mot de passe, connexion, connecter | access, login, log in, password, account, credentials"),
        ("welcome", "accueil", "accueil, bienvenue, démarrage, prise en main, tutoriel, premiers pas | welcome, onboarding, getting started, tutorial"),
    )),
    ("use", (
        ("platform", "plateforme", "plateforme, application, appli, interface, ergonomie, navigation, bug, bugs, beug, plantage, lenteur | platform, app, lms, interface, navigation, bug, bugs, crash, crashes"),
        ("trainers", "formateurs", "formateur, formateurs, formatrice, formatrices, tuteur, tutrice, professeur, prof, intervenant, intervenante, coach | trainer, trainers, instructor, instructors, teacher, teachers, tutor, tutors, coach"),
        ("content", "contenu", "contenu, contenus, module, modules, vidéo, vidéos, exercice, exercices, quiz, support de cours, ressources, programme | content, module, modules, video, videos, exercise, exercises, quiz, course material, materials, resources"),
    )),
    ("support", (
        ("support", "support", "support, service client, assistance, hotline, sav, ticket, tickets, conseiller, conseillère, joindre | support, customer service, customer support, helpdesk, help desk, ticket, tickets, advisor, reach"),
    )),
    ("after", (
        ("certificate", "certificat", "certificat, certification, diplôme, attestation, badge, examen | certificate, certification, diploma, badge, exam"),
        ("renewal", "renouvellement", "renouvellement, abonnement, résiliation, réabonnement | renewal, renew, subscription, cancel, cancellation"),
        ("follow-up", "suivi", "suivi après, relance, alumni, communauté | follow-up, follow up, alumni, community"),
    )),
)


def default_stages(language: str = "fr") -> list[Stage]:
    """The six default stages with theme names in `language` ("fr" or "en")."""
    pick = 1 if language == "fr" else 0
    stages = []
    for name, themes in _DEFAULTS:
        seeds = []
        for names in themes:
            french, _, english = names[2].partition("|")
            seeds.append(ThemeSeed(names[pick], (), _split_keywords(french),
                                   _split_keywords(english)))
        stages.append(Stage(name, tuple(seeds)))
    return stages


def _split_keywords(text: str) -> tuple[str, ...]:
    return tuple(keyword.strip() for keyword in text.split(",") if keyword.strip())


def parse_stages(text: str) -> list[Stage]:
    """Parse the stages file format documented at the top of this module."""
    stages: list[Stage] = []
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, colon, keywords = line.partition(":")
        seeds = [_seed(entry) for entry in keywords.split(",") if entry.strip()]
        if not colon or not name.strip() or not seeds:
            raise FeedbackFileError("bad_stages", line=line_number)
        stages.append(Stage(name.strip(), tuple(seeds)))
    if not stages:
        raise FeedbackFileError("bad_stages", line=1)
    return stages


def _seed(entry: str) -> ThemeSeed:
    synonyms = tuple(word.strip() for word in entry.split("/") if word.strip())
    return ThemeSeed(synonyms[0], synonyms[1:])


def format_stages(stages: list[Stage]) -> str:
    """Write stages in the file format, e.g. to let the facilitator edit the defaults."""
    return "\n".join(
        f"{stage.name}: " + ", ".join(
            "/".join(dict.fromkeys((seed.name, *seed.keywords, *seed.french, *seed.english)))
            for seed in stage.themes)
        for stage in stages
    ) + "\n"


KeywordIndex = dict[str, list[tuple[tuple[str, ...], str, str]]]
"""first stem -> [(stem sequence, theme name, stage name)], longest sequences first."""


def keyword_index(stages: list[Stage]) -> KeywordIndex:
    """Index every keyword by its stems (all its words, stop words included, so that
    "follow up" does not shrink to "follow"), for longest-match lookup."""
    index: KeywordIndex = {}
    for stage in stages:
        for seed in stage.themes:
            for keyword, languages in seed.stemming():
                tokens = words(keyword)
                for language in languages:
                    stems = tuple(stem(token, language) for token in tokens)
                    entry = (stems, seed.name, stage.name)
                    if stems and entry not in index.setdefault(stems[0], []):
                        index[stems[0]].append(entry)
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index
