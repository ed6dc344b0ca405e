"""The demo's whole loop: the pilot session's customer feedback (its diagnostic), the
action plan drawn from its voted solutions, and the feedback export of three months later
imported as a follow-up, so that a newcomer sees every indicator measured twice."""
from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from facilitator.extensions import db
from facilitator.models import Workshop
from facilitator.services import actionplan, diagnostic, followup

# (score range, comment) by kind of respondent; the comments name the default themes.
DETRACTOR_COMMENTS = [
    "Impossible de joindre le support, trois jours d'attente pour une réponse.",
    "Le support ne répond pas aux tickets, il faut relancer sans arrêt.",
    "Démarrage confus : aucun tutoriel de prise en main, j'étais perdu la première semaine.",
    "La plateforme plante pendant les quiz et je perds mes réponses.",
    "Attestation jamais reçue malgré trois demandes au service client.",
    "Trop cher pour des vidéos que l'on trouve ailleurs.",
    "Les formateurs sont top mais le support est injoignable.",
]
PASSIVE_COMMENTS = [
    "Contenu correct, mais la plateforme est lente le soir.",
    "Bonne formation, l'inscription était un peu longue.",
    "Formateurs compétents, il manque juste des exercices corrigés.",
    "Formation utile, mais le support met plusieurs jours à répondre.",
    "",
]
COURSES = ["Excel avancé", "Management d'équipe", "Anglais professionnel", "Comptabilité",
           "Gestion de projet", "Python débutant", "Prise de parole", "Marketing digital",
           "Paie et RH", "Cybersécurité", "Vente B2B", "Photoshop"]
PROMOTER_COMMENTS = [
    "Formateurs passionnés et disponibles, je recommande.",
    "Très bon contenu, les modules vidéo sont clairs.",
    "Accueil chaleureux et suivi personnalisé par ma conseillère.",
    "Certification obtenue, le programme est très complet.",
    "Le support m'a rappelé le jour même pour un souci de connexion, parfait.",
    "",
]


def _export(count: int, mix: tuple[float, float], support_weight: float, seed: int,
            start: date) -> bytes:
    """A CSV export like a survey tool's: date, score, comment. `mix` is the share of
    detractors and of promoters; `support_weight` how often detractors blame the support."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Date de réponse", "Note de recommandation (0-10)", "Commentaire",
                     "Formation suivie"])
    for index in range(count):
        draw = rng.random()
        if draw < mix[0]:
            score = rng.randint(0, 6)
            pool = DETRACTOR_COMMENTS[:2] if rng.random() < support_weight else \
                DETRACTOR_COMMENTS[2:]
        elif draw < mix[0] + mix[1]:
            score, pool = rng.randint(9, 10), PROMOTER_COMMENTS
        else:
            score, pool = rng.randint(7, 8), PASSIVE_COMMENTS
        day = start + timedelta(days=index % 60)
        # A survey tool names the course answered about in a column of its own.
        writer.writerow([day.strftime("%d/%m/%Y"), score, rng.choice(pool),
                         rng.choice(COURSES)])
    return buffer.getvalue().encode("utf-8")


def _import_baseline(workshop: Workshop) -> None:
    data = _export(380, (0.40, 0.36), 0.45, seed=19, start=date(2026, 8, 1))
    record = diagnostic.start_import(workshop, data, "avis-apprenants-ete-2026.csv")
    diagnostic.process_import(record.id)
    if record.status == "needs_mapping":  # the facilitator confirms the columns guessed
        diagnostic.rerun_import(workshop, record, record.mapping["guess"]["mapping"])
        diagnostic.process_import(record.id)


def _theme(sources: list[dict], word: str) -> str:
    """The diagnostic's theme named with `word` ("support", "accueil chaleureux"): themes
    are phrases the engine names, so the demo finds them by a word, not by their exact
    name."""
    return next((s["theme"] for s in sources if s["theme"] and word in s["theme"].split()),
                word)


def _indicator_source(sources: list[dict], kind: str, word: str) -> str:
    theme = _theme(sources, word)
    found = next((s for s in sources if s["kind"] == kind and s["theme"] == theme), None)
    return found["key"] if found else "manual"


def play_loop(workshop: Workshop) -> None:
    """Diagnostic, action plan with indicators, one follow-up import, on a closed workshop."""
    _import_baseline(workshop)
    sources = actionplan.sources(workshop)  # the diagnostic's figures, read once
    by_title = {s.title: s for s, _votes in actionplan.candidate_solutions(workshop)}
    # The hosts picked these irritants from the diagnostic's themes (the form suggests them).
    for title, theme in (("Rappel téléphonique à l'heure choisie", "support"),
                         ("Suivi de ticket visible par l'apprenant", "support"),
                         ("Généraliser l'appel de bienvenue", "accueil")):
        if title in by_title:
            by_title[title].irritant = _theme(sources, theme)
    db.session.commit()
    plan = [
        ("Rappel téléphonique à l'heure choisie", "Directeur des opérations",
         date(2027, 2, 15), "in_progress", [
             ("theme_nps", "support", "", "", "-10", date(2027, 6, 30)),
             ("theme_detractors", "support", "", "", "25", date(2027, 6, 30))]),
        ("Généraliser l'appel de bienvenue", "Responsable relation client",
         date(2027, 1, 31), "done", [
             ("manual", "", "Nouveaux inscrits appelés sous 48 h", "%", "90",
              date(2027, 3, 31)),
             ("theme_volume", "accueil", "", "", "5", date(2027, 6, 30))]),
        ("Un responsable du parcours de bout en bout", "Directrice générale",
         date(2027, 3, 31), "planned", [
             ("nps", "", "", "", "10", date(2027, 12, 31))]),
    ]
    for title, owner, due, status, indicators in plan:
        solution = by_title.get(title)
        action = actionplan.add_action(workshop, solution_id=solution.id if solution else None,
                                       title=title, owner=owner, due_date=due, status=status)
        for kind, theme, name, unit, target, when in indicators:
            indicator = actionplan.add_indicator(
                workshop, action.id, name=name, unit=unit,
                source=_indicator_source(sources, kind, theme), baseline="35" if
                kind == "manual" else "", target=target, due_date=when)
            if kind == "manual":
                for day, value in ((date(2027, 1, 15), "62"), (date(2027, 2, 26), "84")):
                    actionplan.add_value(workshop, indicator.id, measured_on=day, value=value,
                                         comment="Tableau de bord des conseillers")
    later = _export(312, (0.30, 0.42), 0.2, seed=27, start=date(2027, 1, 5))
    followup.import_followup(workshop, later, "avis-apprenants-fevrier-2027.csv",
                             date(2027, 3, 2))
