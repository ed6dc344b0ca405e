"""The language engine's lexicon: customer-experience concepts, stop verbs and nouns.

Kept business-neutral on purpose: a concept is a meaning that customers of any trade
express with varied words (waiting for an answer, price, slowness, crashes, refunds,
lateness...), never a business's own vocabulary, which the theme finder learns from
the file itself. Words are lower case and accent-folded (see language.fold).
"""
from __future__ import annotations

import unicodedata


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower())
                   if not unicodedata.combining(c))


# concept -> (French words, English words); lemmas or common spellings.
_CONCEPTS: dict[str, tuple[str, str]] = {
    "wait": ("attendre attente réponse répondre relancer relance injoignable joignable "
             "joindre rappeler réactivité réactif réactive silence nouvelles",
             "wait waiting answer reply respond response responsive responsiveness "
             "silence unreachable reach"),
    "support": ("support assistance hotline sav chat chatbot helpdesk",
                "support helpdesk chat chatbot"),
    "price": ("prix euro euros cher chère chers chères tarif tarifs tarification coût coûter coûteux "
              "onéreux abordable", "price prices pricing pricey dollar dollars expensive cheap cost costs "
              "costly affordable overpriced"),
    "slow": ("lent lente lents lentes lenteur lenteurs vitesse ramer rame charger chargement",
             "slow slowly slowness speed performance fast snappy sluggish lag laggy lags spinner spinners loading load"),
    "crash": ("planter plantage plante bug bugs beug bugger bugue crash crasher figer",
              "crash crashes crashing bug bugs buggy freeze freezes glitch glitches downtime outage "
              "outages"),
    "login": ("connexion connecter reconnecter déconnexion déconnecter identifiant "
              "identifiants", "login logout password credentials sso"),
    "refund": ("rembourser remboursement remboursé indemnisation indemniser dédommagement "
               "dédommager compensation", "refund refunds refunded reimburse "
               "reimbursement compensation"),
    "billing": ("facture factures facturation facturer paiement payer débiter débit "
                "prélèvement", "invoice invoices invoicing billing billed bill charge "
                "charged payment pay paid"),
    "late": ("retard retards ponctualité ponctuel", "late delay delayed delays punctual "
             "punctuality"),
    "job": ("emploi job poste embauche embaucher recrutement recruteur recruteurs "
            "cdi travail", "job jobs hire hired hiring career recruiter recruiters"),
    "teacher": ("mentor mentors mentore mentorat formateur formatrice formateurs professeur "
                "prof enseignant tuteur tutrice", "mentor mentors mentoring trainer "
                "trainers teacher teachers instructor instructors tutor tutors"),
    "discount": ("réduction réductions remise remises promo promos promotion promotions",
                 "discount discounts coupon coupons promo promotion"),
    "comfort": ("confort confortable inconfortable siège sièges fauteuil fauteuils propreté "
                "toilettes climatisation clim chauffage bruit bruyant wifi",
                "comfort comfortable uncomfortable seat seats seating cleanliness toilet "
                "toilets restroom noise noisy wifi air-conditioning"),
    "app": ("application appli applis app mobile smartphone", "app apps mobile smartphone"),
    "reporting": ("rapport rapports reporting statistique statistiques graphique graphiques "
                  "indicateur indicateurs", "report reports reporting dashboard dashboards "
                  "chart charts analytics metrics"),
    "docs": ("documentation doc tutoriel tutoriels notice faq", "documentation docs doc "
             "tutorial tutorials guide guides faq"),
    "onboarding": ("démarrage installation paramétrage", "onboarding onboarded setup "
                   "install installation"),
    "platform": ("plateforme plateformes plate-forme", "platform platforms"),
    "website": ("site internet", "website site"),
}

# Multi-word expressions replaced before tokenising (longest first).
_PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "wait": (("silence radio", "aucune nouvelle", "aucune nouvelles", "sans nouvelles",
              "pas de nouvelles", "personne ne répond", "personne ne me répond",
              "pas de retour", "aucun retour", "jamais eu de retour", "toujours rien"),
             ("radio silence", "hear back", "heard back", "get back to", "gets back to",
              "no response", "never answers", "never answered")),
    "support": (("service client", "service clients", "service après-vente", "service apres-vente"),
                ("customer service", "customer support", "help desk", "customer success")),
    "price": (("rapport qualité-prix", "rapport qualité prix", "qualité prix", "qualité-prix",
               "hors de prix"), ("value for money", "per-seat", "per seat")),
    "login": (("mot de passe",), ("log in", "logged out", "logging out", "sign in", "log out",
                                  "single sign-on", "single sign on", "sign-on")),
    "late": (("en retard", "à l'heure"), ("on time",)),
    "app": (("appli mobile", "application mobile"), ("mobile app", "phone app")),
    "website": (("site web", "site internet"), ("web site",)),
    "reporting": (("tableau de bord", "tableaux de bord"), ()),
    "docs": (("mode d'emploi", "centre d'aide"), ("help center", "knowledge base",
                                                    "help articles", "help article")),
    "onboarding": (("prise en main", "premiers pas", "mise en route"),
                   ("set up", "getting started", "get started")),
}

# A concept's plain name (French, English), for a theme whose customers only ever used
# an adjective or a verb for it ("lente", "slow"): a theme is named by a noun phrase.
CONCEPT_NAMES: dict[str, tuple[str, str]] = {
    "wait": ("délai de réponse", "response time"),
    "support": ("service client", "customer support"),
    "price": ("prix", "prices"),
    "slow": ("lenteur", "slowness"),
    "crash": ("bugs et plantages", "bugs and crashes"),
    "login": ("connexion", "login"),
    "refund": ("remboursement", "refunds"),
    "billing": ("facturation et paiement", "billing and payment"),
    "late": ("retards", "delays"),
    "job": ("emploi", "jobs"),
    "teacher": ("formateurs", "trainers"),
    "discount": ("réductions", "discounts"),
    "comfort": ("confort", "comfort"),
    "app": ("application mobile", "mobile app"),
    "reporting": ("rapports", "reports"),
    "docs": ("documentation", "documentation"),
    "onboarding": ("prise en main", "onboarding"),
    "platform": ("plateforme", "platform"),
    "website": ("site internet", "website"),
}

CONCEPT_WORDS: dict[str, dict[str, str]] = {"fr": {}, "en": {}}
for _concept, (_french, _english) in _CONCEPTS.items():
    for _word in _french.split():
        CONCEPT_WORDS["fr"][_fold(_word)] = _concept
    for _word in _english.split():
        CONCEPT_WORDS["en"][_fold(_word)] = _concept

CONCEPT_PHRASES: dict[str, list[tuple[str, str]]] = {"fr": [], "en": []}
for _concept, (_french, _english) in _PHRASES.items():
    CONCEPT_PHRASES["fr"] += [(p, _concept) for p in _french]
    CONCEPT_PHRASES["en"] += [(p, _concept) for p in _english]
for _language in CONCEPT_PHRASES:
    CONCEPT_PHRASES[_language].sort(key=lambda pair: -len(pair[0]))


def _folded(text: str) -> frozenset[str]:
    return frozenset(_fold(word) for word in text.split())


EVALUATIVE: dict[str, frozenset[str]] = {
    "fr": _folded("""
        bon bien mieux meilleur super génial top excellent parfait nul mauvais horrible
        terrible catastrophique catastrophe correct moyen clair simple facile difficile
        compliqué pratique agréable sympa sympathique efficace rapide long court lourd léger
        impossible possible utile inutile incroyable incompréhensible sérieux honteux
        scandaleux inadmissible inacceptable insupportable pénible dommage déçu décevant
        content satisfait ravi impeccable nickel bravo merci vrai gros petit grand nouveau
        dernier premier seul même autre certain plein énorme adorable aimable gentil poli
        intéressant intuitif fluide moderne confus illisible stable abusif injuste
        honnête opaque rare fréquent fréquente régulier bof cool génialissime exigeant
        juste sévère superficiel obsolète vide riche dense inégal générique concret
        bienveillant compétent disponible indisponible absent présent ultra vraiment
        magnifique beau belle chaotique sale propre calme tranquille charmant souriant
        rassurant attractif raisonnable élevé bas faible fort cohérent incohérent mort
        actif solidaire motivant appréciable différent seul plusieurs rien tout bref
        """),
    "en": _folded("""
        good great bad poor awesome amazing excellent perfect terrible awful horrible fine
        ok okay nice easy hard simple clear useful useless helpful quick long short
        impossible basic big small new old best worst better worse happy unhappy brilliant
        fantastic friendly polite painful confusing clunky slick clean smooth solid decent
        reasonable fair transparent limited powerful flexible beautiful handy super
        unacceptable frustrating wrong right whole same other several many much little
        lot bit real really pretty quite barely constant constantly every single ever
        never always still again only just half straightforward impressive outdated
        strict simple generic sad glad exciting annoying love loved missing lacking""")
}

STOP_VERBS: dict[str, frozenset[str]] = {
    "fr": _folded("""
        être avoir faire aller pouvoir vouloir devoir falloir dire trouver mettre prendre
        donner passer voir savoir venir rester sembler paraître arriver recommander aimer
        adorer permettre utiliser manquer changer finir commencer demander penser croire
        regarder chercher proposer expliquer sentir laisser tenir perdre obtenir recevoir
        envoyer apprendre comprendre marcher fonctionner devenir ajouter rendre suivre
        valider payer réussir continuer parler lire écrire ouvrir fermer servir tomber
        pousser débloquer mener promettre vendre acheter accepter refuser signaler
        """),
    "en": _folded("""
        be have do get make go can will would should could find take give say see know come
        keep seem let put use want need try like wish thank recommend help feel look think
        work start stop lose lost tell ask add show send receive explain understand wait
        spend spent move pay paid buy fix fixed solve solved open close leave call email
        emailed mean happen stay become turn set run ship shipped remove removed
        """),
}

STOP_NOUNS: dict[str, frozenset[str]] = {
    "fr": _folded("""
        problème problèmes chose truc fois temps moment jour jours semaine semaines mois an
        ans année années heure heures minute minutes gens personne personnes monde rien
        tout part cas niveau façon point euro euros merci bravo formation expérience
        service équipe ensemble général sujet envie fond coup côté genre manière
        besoin question questions raison exemple début fin suite lieu vie mal souci
        soucis dame monsieur madame mdr lol ras quoi chaque demain hier matin soir
        week-end weekend nulle part entreprise école
        deux trois quatre cinq six sept huit neuf dix onze douze quinze vingt trente
        quarante cinquante cent mille deuxième troisième moitié
        """),
    "en": _folded("""
        problem problems issue issues thing things stuff time times day days week weeks
        month months year years hour hours minute minutes people everything nothing
        anything something lot lots bit way team teams tool tools product company
        experience part point reason example kind sort one ones hand end start
        need needs while someone anyone everyone nobody business office morning evening
        today yesterday tomorrow complaint feature features
        two three four five six seven eight nine ten twelve fifteen twenty thirty fifty
        hundred thousand half second third
        """),
}

NOT_NAMES: dict[str, frozenset[str]] = {
    "fr": _folded("""
        réactif réactive réactifs injoignable joignable cher chère chers chères coûteux
        onéreux abordable lent lente lents lentes ramer rame charger planter plante bugger
        bugue rembourser remboursé remboursée indemniser dédommager attendre attends
        répondre répond relancer joindre rappeler connecter déconnecter reconnecter
        facturer payer débiter débité embaucher ponctuel figer crasher
        """),
    "en": _folded("""
        expensive cheap costly affordable overpriced pricey slow slowly sluggish laggy
        responsive unreachable refunded reimburse billed charged paid pay wait waiting
        respond reply hire hired delayed late punctual buggy crashes crashing freezes
        fast snappy
        """),
}
"""Concept words that are adjectives or verbs: they never start or end a theme's name."""
