"""A demo workshop: an online training provider looks at its learners' experience.

36 participants, 6 tables, 3 rounds, in French. Used by tests, the benchmark and previews,
so it stays fixed: change it and the expected texts in the tests move with it.
"""

from __future__ import annotations

import datetime as dt

from .data import (
    DiagnosticSnapshot,
    Note,
    Qualification,
    RoundInfo,
    Solution,
    SolutionOrigin,
    StageInsight,
    TableInfo,
    TableSynthesis,
    Theme,
    WorkshopReport,
)

STAGES = (
    "Découverte",
    "Inscription et paiement",
    "Démarrage",
    "Suivi de la formation",
    "Certification",
    "Après la formation",
)

TABLES = (
    TableInfo(1, "Table Ada", "Camille Roux", "Premiers pas de l'apprenant"),
    TableInfo(2, "Table Condorcet", "Mehdi Benali", "Accompagnement pédagogique"),
    TableInfo(3, "Table Curie", "Sophie Lambert", "Paiement et financement"),
    TableInfo(4, "Table Freinet", "Julien Morel", "Plateforme et outils"),
    TableInfo(5, "Table Montessori", "Aïcha Diallo", "Certification"),
    TableInfo(6, "Table Hugo", "Thomas Nguyen", "Fidélisation"),
)

QUESTIONS = (
    "Quels moments du parcours de nos apprenants créent le plus de frustration, et pourquoi ?",
    "Si vous accompagniez un apprenant de A à Z, que feriez-vous différemment dès demain ?",
    "Quelles actions concrètes pouvons-nous lancer dans les six prochains mois ?",
)

# (round, table) -> (key points, solutions), as the hosts typed them.
SYNTHESES: dict[tuple[int, int], tuple[tuple[str, ...], tuple[str, ...]]] = {
    (1, 1): (("Les identifiants arrivent parfois 48 h après le paiement.",
              "Le premier module ne dit pas combien de temps prévoir."),
             ("Accès immédiat après paiement",)),
    (1, 2): (("Les questions posées au tuteur restent sans réponse plusieurs jours.",
              "Les apprenants ne savent pas qui contacter : tuteur, support ou commercial ?"),
             ("Un interlocuteur unique par apprenant",)),
    (1, 3): (("Le dossier CPF est vécu comme un parcours du combattant.",
              "Les relances de paiement sont perçues comme agressives."),
             ("Guide pas à pas du financement CPF",)),
    (1, 4): (("Les vidéos se chargent mal sur mobile & en 4G.",
              "La reprise « là où j'en étais » ne fonctionne pas d'un appareil à l'autre."),
             ("Lecture hors ligne des vidéos",)),
    (1, 5): (("La date de l'examen est connue trop tard.",
              "Les résultats arrivent sans explication des points faibles."),
             ("Calendrier d'examen dès l'inscription",)),
    (1, 6): (("Après la formation, plus aucun contact : « on nous oublie ».",
              "Les anciens ne savent pas que des modules avancés existent."),
             ("Communauté des anciens apprenants",)),
    (2, 1): (("Un appel de bienvenue changerait la première semaine.",
              "Le planning conseillé devrait tenir compte des disponibilités réelles."),
             ("Appel de bienvenue sous 72 h", "Planning personnalisé au démarrage")),
    (2, 2): (("Les tuteurs manquent d'un tableau de bord des apprenants en décrochage.",
              "Un message proactif vaut mieux qu'une relance automatique."),
             ("Alerte de décrochage pour les tuteurs",)),
    (2, 3): (("Expliquer le reste à charge avant le paiement, pas après.",
              "Proposer le paiement en trois fois sans frais."),
             ("Simulateur de reste à charge", "Paiement en trois fois")),
    (2, 4): (("Le support technique ne voit pas l'historique de l'apprenant.",
              "Les bugs de la plateforme sont signalés par e-mail, sans suivi."),
             ("Historique partagé entre support et pédagogie",)),
    (2, 5): (("Proposer un examen blanc corrigé avant l'examen final.",
              "Donner un retour détaillé compétence par compétence."),
             ("Examen blanc corrigé",)),
    (2, 6): (("Demander un avis à chaud et à froid (trois mois après).",
              "Valoriser les réussites des apprenants sur nos réseaux."),
             ("Enquête à trois mois",)),
    (3, 1): (("L'accès immédiat suppose de revoir le flux de paiement avec la finance.",),
             ("Accès immédiat après paiement", "Appel de bienvenue sous 72 h")),
    (3, 2): (("Commencer par un pilote de l'alerte de décrochage sur deux formations.",),
             ("Alerte de décrochage pour les tuteurs",)),
    (3, 3): (("Le simulateur peut réutiliser la grille tarifaire existante.",),
             ("Simulateur de reste à charge",)),
    (3, 4): (("La lecture hors ligne dépend du prestataire vidéo : à chiffrer.",),
             ("Lecture hors ligne des vidéos",)),
    (3, 5): (("L'examen blanc existe déjà pour deux formations : le généraliser.",),
             ("Examen blanc corrigé",)),
    (3, 6): (("Une communauté demande un animateur : ne pas la lancer sans lui.",),
             ("Communauté des anciens apprenants",)),
}

# (id, title, description, irritant, stage, work stream, channel, origins, votes, qualif.)
SOLUTIONS = (
    (1, "Accès immédiat après paiement",
     "Ouvrir l'accès à la plateforme dès la confirmation du paiement, sans validation manuelle.",
     "Identifiants reçus jusqu'à 48 h après le paiement", STAGES[1], "Parcours digital",
     "Plateforme", ((1, 1), (1, 3)), 21, ("high", "medium", "Équipe produit", "short")),
    (2, "Appel de bienvenue sous 72 h",
     "Un conseiller appelle chaque nouvel apprenant pour fixer ses objectifs et son rythme.",
     "Première semaine solitaire et confuse", STAGES[2], "Accompagnement",
     "Téléphone", ((1, 2), (1, 3)), 17,
     ("high", "high", "Responsable relation apprenants", "medium")),
    (3, "Alerte de décrochage pour les tuteurs",
     "Signaler au tuteur les apprenants inactifs depuis dix jours, "
     "avec un message type à personnaliser.",
     "Décrochage repéré trop tard", STAGES[3], "Accompagnement",
     "Plateforme", ((2, 2), (2, 3)), 19, ("high", "medium", "Direction pédagogique", "short")),
    (4, "Simulateur de reste à charge",
     "Calculer en ligne le reste à charge après CPF ou prise en charge employeur.",
     "Coût réel découvert après l'inscription", STAGES[1], "Offre et financement",
     "Site web", ((3, 2), (3, 3)), 12, ("medium", "low", "Marketing", "short")),
    (5, "Paiement en trois fois",
     "Proposer le paiement en trois fois sans frais pour les particuliers.",
     "Barrière du prix pour les financements personnels", STAGES[1], "Offre et financement",
     "Site web", ((3, 2),), 8, ("medium", "medium", "Finance", "medium")),
    (6, "Lecture hors ligne des vidéos",
     "Permettre de télécharger les vidéos dans l'application mobile.",
     "Vidéos qui se chargent mal en mobilité", STAGES[3], "Parcours digital",
     "Application mobile", ((4, 1), (4, 3)), 14, ("medium", "high", "Équipe produit", "long")),
    (7, "Examen blanc corrigé",
     "Un examen blanc corrigé par un formateur deux semaines avant l'examen final.",
     "Stress et échecs évitables à l'examen", STAGES[4], "Accompagnement",
     "Plateforme", ((5, 2), (5, 3)), 16, ("high", "medium", "Direction pédagogique", "medium")),
    (8, "Calendrier d'examen dès l'inscription",
     "Communiquer les sessions d'examen possibles dès l'inscription.",
     "Date d'examen connue trop tard", STAGES[4], "Offre et financement",
     "E-mail", ((5, 1),), 9, ("medium", "low", "Service certification", "short")),
    (9, "Communauté des anciens apprenants",
     "Un espace d'entraide animé, avec des rencontres en ligne chaque trimestre.",
     "Sentiment d'abandon après la formation", STAGES[5], "Fidélisation",
     "Communauté en ligne", ((6, 1), (6, 3)), 11, ("medium", "high", "Marketing", "long")),
    (10, "Enquête à trois mois",
     "Mesurer l'usage des compétences trois mois après la formation.",
     "Aucune mesure de l'impact réel", STAGES[5], "Fidélisation",
     "E-mail", ((6, 2),), 6, None),
    (11, "Un interlocuteur unique par apprenant",
     "Un référent nommé, joignable par messagerie, qui oriente vers le bon service.",
     "Ne pas savoir qui contacter", STAGES[2], "Accompagnement",
     "Messagerie", ((2, 1),), 13, ("high", "high", "Service client", "long")),
    (12, "Historique partagé entre support et pédagogie",
     "Une fiche apprenant commune au support technique et aux tuteurs.",
     "Répéter son problème à chaque interlocuteur", STAGES[3], "Parcours digital",
     "Outil interne", ((4, 2),), 10, ("medium", "medium", "Service client", "medium")),
)

NOTE_TEXTS = (
    "J'ai attendu deux jours mes identifiants, j'ai failli demander un remboursement.",
    "Le tuteur est génial, mais il répond le vendredi seulement.",
    "On ne sait jamais si c'est au support ou au tuteur qu'il faut écrire.",
    "Le dossier CPF m'a pris trois soirées.",
    "Les vidéos en 4G dans le train : impossible.",
    "L'examen blanc m'a rassurée, il faudrait le proposer partout.",
    "Après la certification, plus de nouvelles : dommage, je voulais continuer.",
    "Un appel au début, même cinq minutes, ça change tout.",
    "Le planning conseillé ne tient pas compte de mon travail en horaires décalés.",
    "Le paiement en plusieurs fois m'aurait décidé plus vite.",
)

NAMES = ("Claire", "Hugo", "Nadia", "Paul", "Inès", "Marc", "Léa", "Karim", "Élodie", "Yann")


def _report_notes() -> tuple[Note, ...]:
    notes = []
    for round_number in (1, 2, 3):
        for table in TABLES:
            for k in range(2):
                i = (round_number * 7 + table.number * 3 + k) % len(NOTE_TEXTS)
                notes.append(Note(round_number, table.number, NOTE_TEXTS[i],
                                  NAMES[(i + k) % len(NAMES)]))
    return tuple(notes)


def _diagnostic() -> DiagnosticSnapshot:
    distribution = (9, 4, 6, 8, 10, 21, 27, 58, 84, 96, 89)
    n = sum(distribution)
    promoters, passives = sum(distribution[9:]), sum(distribution[7:9])
    detractors = n - promoters - passives
    p, d = promoters / n, detractors / n
    margin = 1.96 * ((p + d - (p - d) ** 2) / n) ** 0.5 * 100
    return DiagnosticSnapshot(
        respondents=n, nps=round((p - d) * 100, 1), margin_of_error=round(margin, 1),
        promoters=promoters, passives=passives, detractors=detractors,
        distribution=distribution, source="Enquête de satisfaction, janvier–mars 2025",
        stages=(
            StageInsight(STAGES[1], irritants=(
                Theme("Délai d'accès après paiement", 38,
                      ("Payé lundi, accès jeudi. Pas très pro.",)),
                Theme("Démarches CPF", 24, ("Le CPF, c'est un vrai parcours du combattant.",)),
            ), praised=(Theme("Conseil avant l'achat", 19,
                              ("La conseillère a pris le temps de comprendre mon projet.",)),)),
            StageInsight(STAGES[3], irritants=(
                Theme("Réactivité des tuteurs", 41, ("Trois jours pour une réponse, c'est long.",
                                                     "Je me suis senti seul à mi-parcours.")),
            ), praised=(Theme("Qualité des contenus", 57,
                              ("Les vidéos sont claires et concrètes.",)),
                        Theme("Exercices pratiques", 22, ("Les cas pratiques, c'est le top !",)))),
            StageInsight(STAGES[4], irritants=(
                Theme("Date d'examen tardive", 17,
                      ("J'ai eu ma date d'examen une semaine avant.",)),
            ), praised=(Theme("Taux de réussite", 14, ("Certifié du premier coup, merci !",)),)),
        ),
    )


def build_sample_report() -> WorkshopReport:
    rounds = tuple(
        RoundInfo(r, q, tuple(
            TableSynthesis(t.number, *SYNTHESES[(r, t.number)]) for t in TABLES))
        for r, q in enumerate(QUESTIONS, start=1)
    )
    solutions = tuple(
        Solution(id=s[0], title=s[1], description=s[2], irritant=s[3], stage=s[4],
                 work_stream=s[5], channel=s[6],
                 origins=tuple(SolutionOrigin(t, r) for t, r in s[7]), votes=s[8],
                 qualification=Qualification(*s[9]) if s[9] else None)
        for s in SOLUTIONS
    )
    return WorkshopReport(
        title="Expérience apprenant : du premier clic à la certification",
        date=dt.date(2025, 3, 14), place="Lyon, Halle Tony Garnier – salle B",
        facilitator_name="Nathalie Girard", language="fr", participants_count=36,
        departments=("Service client", "Pédagogie", "Commercial", "Produit et technique",
                     "Marketing", "Finance et administration"),
        tables=TABLES, rounds=rounds, solutions=solutions, notes=_report_notes(),
        journey_stages=STAGES, diagnostic=_diagnostic(),
        next_steps=(
            "Les porteurs désignés présentent un plan d'action chiffré au comité de direction "
            "du 4 avril.\nUn point d'étape réunira les hôtes de table fin juin.\n"
            "Les solutions non qualifiées seront revues par le comité expérience client."
        ),
        generated_at=dt.date(2025, 3, 17),
    )


def build_sample_action_plan():
    """The demo's action plan: three actions, diagnostic and hand-entered indicators, one
    follow-up import three months after the workshop."""
    import datetime as dt

    from facilitator.domain.actionplan import (
        ActionItem, ActionPlanReport, FollowUpPoint, IndicatorItem, Measure, ValuePoint,
    )

    day = dt.date(2026, 11, 19)
    later = dt.date(2027, 3, 2)
    export = "avis-fevrier-2027.csv"
    return ActionPlanReport(
        title="Café expérience client — session pilote", date=day,
        place="Lyon, siège — salle Confluence", facilitator_name="Sophie Facilitatrice",
        language="fr", baseline_nps=Measure(-4.0, 9.8, 380), baseline_respondents=380,
        followups=(FollowUpPoint(export, later, 312, 6.1, 10.4),),
        actions=(
            ActionItem(1, "Rappel téléphonique à l'heure choisie", "Directeur des opérations",
                       dt.date(2027, 2, 15), "in_progress",
                       "Rappel téléphonique à l'heure choisie", "Qualité du support",
                       "Attente au support", (
                           IndicatorItem("NPS du thème « attente »", "points", "theme_nps",
                                         "attente", -38.0, 14.2, day, -10.0,
                                         dt.date(2027, 6, 30),
                                         (ValuePoint(later, -21.0, 15.8, 88, "", export),)),
                           IndicatorItem("Détracteurs citant l'attente", "%",
                                         "theme_detractors", "attente", 41.0, 7.9, day, 25.0,
                                         dt.date(2027, 6, 30),
                                         (ValuePoint(later, 37.5, 8.3, 131, "", export),)),
                       )),
            ActionItem(2, "Généraliser l'appel de bienvenue", "Responsable relation client",
                       dt.date(2027, 1, 31), "done", "Généraliser l'appel de bienvenue",
                       "Accueil des apprenants", "Démarrage confus", (
                           IndicatorItem("Nouveaux inscrits appelés sous 48 h", "%", "manual",
                                         "", 35.0, None, day, 90.0, dt.date(2027, 3, 31), (
                                             ValuePoint(dt.date(2027, 1, 15), 62.0),
                                             ValuePoint(dt.date(2027, 2, 28), 84.0))),
                       )),
            ActionItem(3, "Nommer un responsable du parcours", "Directrice générale", None,
                       "planned"),
        ))


ARABIC = "العملاء ينتظرون طويلا على الهاتف ولا يحصلون على إجابة واضحة"
HEBREW = "הלקוחות מחכים זמן רב בטלפון ולא מקבלים תשובה ברורה"


def build_hostile_report(base: WorkshopReport | None = None) -> WorkshopReport:
    """The sample (or `base`) filled to the app's limits with what breaks layouts: runs of
    newlines and spaces, words thousands of characters long, mixed scripts and emoji."""
    import dataclasses

    base = base or build_sample_report()
    word = "Antidisestablishmentarianism" * 108  # 3,024 characters, no break opportunity
    texts = ("\n" * 1990, " " * 1990, "x" * 2000, f"{ARABIC}\n{HEBREW} (NPS 42) 😀 中文")
    solutions = tuple(dataclasses.replace(
        s, description=f"Début{texts[i % 4]}fin"[:2000],
        title=(ARABIC if i % 3 == 0 else s.title)[:160],
        irritant=("\n" * 199) if i % 2 else HEBREW) for i, s in enumerate(base.solutions))
    notes = tuple(dataclasses.replace(
        n, text=("\n" * 990 + "!") if i % 7 == 0 else (" " * 990 + "?") if i % 7 == 1
        else ("y" * 1000) if i % 7 == 2 else f"{HEBREW} — {n.text}"[:1000])
        for i, n in enumerate(base.notes))
    rounds = tuple(dataclasses.replace(r, syntheses=tuple(dataclasses.replace(
        s, key_points=s.key_points + ("\n" * 499 + ".", ARABIC)) for s in r.syntheses))
        for r in base.rounds)
    return dataclasses.replace(base, solutions=solutions, notes=notes, rounds=rounds,
                               next_steps=f"{word}\n\n\n\n{' ' * 3000}\n{ARABIC}",
                               title=("\n" * 80 + base.title)[:160])
