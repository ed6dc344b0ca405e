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
from .words import content_words, stem

UNASSIGNED = "unassigned"


@dataclass(frozen=True, slots=True)
class ThemeSeed:
    """A theme known in advance: its display name and the keywords that reveal it."""

    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stage:
    """A journey stage (`name` is a default key such as "use", or the file's own name)."""

    name: str
    themes: tuple[ThemeSeed, ...]


# (stage, ((English name, French name, keywords), ...)); keywords mix both languages.
_DEFAULTS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("discovery", (
        ("website", "site web", "site web, site internet, website, web site, catalogue, catalog, brochure"),
        ("advertising", "publicité", "publicité, pub, advertising, advert, ads, newsletter, linkedin, réseaux sociaux, social media"),
        ("information", "information", "information, informations, renseignement, renseignements, description, fiche"),
        ("word of mouth", "bouche-à-oreille", "bouche à oreille, word of mouth, referral, parrainage"),
    )),
    ("purchase", (
        ("enrolment", "inscription", "inscription, inscrire, inscrit, enrol, enroll, enrolment, enrollment, registration, register, registered, sign up, signup, souscription, commande, checkout"),
        ("billing", "facturation", "facturation, facture, factures, invoice, invoices, invoicing, billing, billed, paiement, payment, payer, prélèvement, remboursement, refund, refunded, financement, funding, cpf, opco"),
        ("price", "prix", "prix, tarif, tarifs, coût, price, prices, pricing, expensive, cost, costs, value for money, rapport qualité prix, cher, chère"),
    )),
    ("onboarding", (
        ("access", "accès", "accès, access, identifiant, identifiants, login, log in, mot de passe, password, account, connexion, connecter, credentials"),
        ("welcome", "accueil", "accueil, welcome, bienvenue, onboarding, démarrage, getting started, prise en main, tutoriel, tutorial, premiers pas"),
    )),
    ("use", (
        ("platform", "plateforme", "plateforme, platform, application, app, interface, ergonomie, navigation, lms, bug, bugs, beug, plantage, crash, crashes, lenteur"),
        ("trainers", "formateurs", "formateur, formateurs, formatrice, formatrices, trainer, trainers, instructor, instructors, teacher, teachers, tutor, tuteur, tutrice, professeur, prof, intervenant, intervenante, coach"),
        ("content", "contenu", "contenu, contenus, content, module, modules, vidéo, vidéos, video, videos, exercice, exercices, exercise, exercises, quiz, support de cours, course material, materials, ressources, resources, programme"),
    )),
    ("support", (
        ("support", "support", "support, service client, customer service, customer support, assistance, hotline, helpdesk, help desk, sav, ticket, tickets, conseiller, conseillère, advisor, joindre, reach"),
    )),
    ("after", (
        ("certificate", "certificat", "certificat, certificate, certification, diplôme, diploma, attestation, badge, examen, exam"),
        ("renewal", "renouvellement", "renouvellement, renewal, renew, abonnement, subscription, résiliation, cancel, cancellation, réabonnement"),
        ("follow-up", "suivi", "suivi après, follow-up, follow up, relance, alumni, communauté, community"),
    )),
)


def default_stages(language: str = "fr") -> list[Stage]:
    """The six default stages with theme names in `language` ("fr" or "en")."""
    pick = 1 if language == "fr" else 0
    return [
        Stage(name, tuple(ThemeSeed(names[pick], _split_keywords(names[2])) for names in themes))
        for name, themes in _DEFAULTS
    ]


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
    return ThemeSeed(synonyms[0], synonyms)


def format_stages(stages: list[Stage]) -> str:
    """Write stages in the file format, e.g. to let the facilitator edit the defaults."""
    return "\n".join(
        f"{stage.name}: " + ", ".join("/".join(seed.keywords if seed.keywords[0] == seed.name
                                               else (seed.name, *seed.keywords))
                                      for seed in stage.themes)
        for stage in stages
    ) + "\n"


KeywordIndex = dict[str, list[tuple[tuple[str, ...], str, str]]]
"""first stem -> [(stem sequence, theme name, stage name)], longest sequences first."""


def keyword_index(stages: list[Stage]) -> KeywordIndex:
    """Index every keyword by its stems in both languages, for longest-match lookup."""
    index: KeywordIndex = {}
    for stage in stages:
        for seed in stage.themes:
            for keyword in (seed.name, *seed.keywords):
                tokens, _ = content_words(keyword)
                for language in ("fr", "en"):
                    stems = tuple(stem(token, language) for token in tokens)
                    if stems:
                        entry = (stems, seed.name, stage.name)
                        if entry not in index.setdefault(stems[0], []):
                            index[stems[0]].append(entry)
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index
