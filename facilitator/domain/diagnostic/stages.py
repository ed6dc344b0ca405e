"""Customer-journey stages: a name and a description of what happens at that stage.

Themes are placed at the stage whose description shares most meaning with them (see
phrases.assign_stages), so a stage is described in plain words, not keyword lists.
The default six stages are described broadly enough for training, retail, transport
and software. Stages are stored as text, one stage a line:

    # lines starting with "#" and blank lines are ignored
    purchase: buying, booking or enrolling; price, payment, invoices, discounts
    use: using the product or service day to day; quality, staff, app, speed

(The older "stage: theme/synonym, theme" lines still read: their words describe the stage.)
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .errors import FeedbackFileError
from .texts import stage_label

UNASSIGNED = "unassigned"
MAX_STAGES = 12
MAX_DESCRIPTION = 600


@dataclass(frozen=True, slots=True)
class Stage:
    """A journey stage. `name` is a default key ("use") or the facilitator's own name."""

    name: str
    description: str = ""

    def label(self, language: str) -> str:
        return stage_label(self.name, language)


# Default stages: (key, French description, English description). The words matter:
# they are what themes are matched against, in the comments' language.
_DEFAULTS: tuple[tuple[str, str, str], ...] = (
    ("discovery",
     "Découvrir l'offre et choisir : publicité, site internet, catalogue, brochure, "
     "recherche, comparaison, recommandation, bouche-à-oreille, information, offre, "
     "itinéraire, horaires, réseaux sociaux, salon, démonstration, essai, avis",
     "Finding and choosing the offer: advertising, website, catalog, brochure, search, "
     "comparison, recommendation, word of mouth, information, reviews, demo, trial, "
     "marketing, newsletter"),
    ("purchase",
     "Acheter, réserver ou s'inscrire : prix, tarif, coût, paiement, facture, frais, "
     "réduction, carte de fidélité, abonnement, commande, panier, réservation, "
     "inscription, admission, devis, contrat, financement, dossier, conseiller commercial, "
     "vendeur, caisse",
     "Buying, booking or signing up: price, cost, plan, payment, invoice, billing, fees, "
     "discount, subscription, order, cart, checkout, booking, registration, quote, "
     "contract, sales, seller, renewal, tier, seat, charge"),
    ("onboarding",
     "Démarrer : livraison, réception, billet, confirmation, compte, connexion, "
     "identifiant, installation, mise en service, accueil, premiers pas, prise en main, "
     "démarrage, rentrée, convocation",
     "Getting started: delivery, ticket, confirmation, account, login, access, "
     "installation, setup, welcome, onboarding, getting started, migration, import, "
     "provisioning, single sign-on, SSO, SAML, configuration, workspace"),
    ("use",
     "Utiliser le produit ou le service au quotidien : qualité, produit, contenu, cours, "
     "mentor, formateur, projet, évaluation, soutenance, exercice, plateforme, "
     "application, site, vitesse, bug, trajet, train, voyage, retard, confort, place, "
     "magasin, rayon, personnel, vendeur, propreté, fonctionnalité, communauté, groupe",
     "Using the product or service day to day: quality, product, content, course, "
     "platform, app, mobile, performance, speed, bug, crash, feature, dashboard, report, "
     "integration, API, trip, journey, train, delay, comfort, seat, store, staff, "
     "community, workflow, board, task, view, editor, automation"),
    ("support",
     "Obtenir de l'aide : service client, support, réponse, attente, réclamation, "
     "assistance, téléphone, mail, chat, conseiller, aide, problème, litige, "
     "documentation, guide",
     "Getting help: customer service, support, answer, response, waiting, complaint, "
     "assistance, phone, email, chat, ticket, help, documentation, docs, help center, "
     "knowledge base, guide, account manager"),
    ("after",
     "Après : remboursement, échange, retour, annulation, garantie, résultat, diplôme, "
     "certificat, attestation, emploi, carrière, fidélité, renouvellement, "
     "résiliation, suivi, recommandation, indemnisation",
     "After: refund, exchange, return, cancellation, warranty, outcome, certificate, "
     "diploma, job, career, loyalty, renewal, churn, follow-up, compensation"),
)


def default_stages(language: str = "fr") -> list[Stage]:
    """The six default stages, described in `language` ("fr" or "en")."""
    pick = 1 if language == "fr" else 2
    return [Stage(entry[0], entry[pick]) for entry in _DEFAULTS]


def default_description(name: str, language: str) -> str | None:
    for entry in _DEFAULTS:
        if entry[0] == name:
            return entry[1 if language == "fr" else 2]
    return None


def parse_stages(text: str) -> list[Stage]:
    """Parse stages text ("name: description" lines, see the module doc)."""
    stages: list[Stage] = []
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, colon, description = line.partition(":")
        if not colon or not name.strip() or not description.strip():
            raise FeedbackFileError("bad_stages", line=line_number)
        stages.append(Stage(name.strip(), " ".join(description.split())))
    if not stages:
        raise FeedbackFileError("bad_stages", line=1)
    names = Counter(stage.name.casefold() for stage in stages)
    if any(count > 1 for count in names.values()) or len(stages) > MAX_STAGES:
        raise FeedbackFileError("bad_stages", line=1)
    return stages


def format_stages(stages: list[Stage]) -> str:
    """Write stages as text (the inverse of parse_stages)."""
    return "".join(f"{stage.name}: {' '.join(stage.description.split())}\n" for stage in stages)
