"""The demo workshop: a French café on the customer experience of an online training
provider, 36 people from 5 departments, 6 tables with hosts, 3 rounds (the last one a
synthesizing round). The finished pilot session also has its diagnostic, an action plan
with indicators and one follow-up import (demo_feedback)."""
from __future__ import annotations

from datetime import date, time

from sqlalchemy import func, select

from facilitator.domain.workshop import OPEN_STATUSES, Mode, Role, Status, new_join_code
from facilitator.extensions import db
from facilitator.models import Participant, Round, Table, Workshop
from facilitator.services import demo_feedback, demo_run, seating
from facilitator.services.accounts import create_or_reset

DEMO_EMAIL = "demo@facilitator.test"
DEMO_PASSWORD = "cafe-demo"

DEPARTMENTS = {
    "Commercial": ["Camille Martin", "Hugo Bernard", "Léa Dubois", "Lucas Thomas",
                   "Chloé Robert", "Nathan Richard", "Manon Petit"],
    "Pédagogie": ["Louis Durand", "Emma Leroy", "Gabriel Moreau", "Inès Simon", "Jules Laurent",
                  "Jade Lefebvre", "Arthur Michel", "Louise Garcia"],
    "Support client": ["Raphaël David", "Alice Bertrand", "Adam Roux", "Lina Vincent",
                       "Paul Fournier", "Rose Morel", "Tom Girard"],
    "Marketing": ["Zoé Andre", "Noah Lefevre", "Anna Mercier", "Ethan Dupont", "Mila Lambert",
                  "Sacha Bonnet", "Julia Francois"],
    "Technique": ["Maël Martinez", "Eva Legrand", "Théo Garnier", "Nina Faure", "Victor Rousseau",
                  "Clara Blanc", "Yanis Guerin"],
}
# One host per table, from different departments.
HOSTS = ["Camille Martin", "Emma Leroy", "Alice Bertrand", "Zoé Andre", "Eva Legrand",
         "Louis Durand"]
TABLES = ["Découverte", "Inscription", "Premiers pas", "Formation", "Support", "Certification"]
QUESTIONS = [
    "Quelles bonnes pratiques observez-vous aujourd'hui entre l'inscription et le premier "
    "cours, qui rassurent nos apprenants ?",
    "Quelles solutions supprimeraient les irritants du support : attente, réponses "
    "incomplètes, relances ?",
    # The last round is a synthesizing round: the room connects what its tables heard.
    "Qu'est-ce qui émerge d'une table à l'autre pour nos apprenants ? Quelles idées se "
    "rejoignent, que manque-t-il ?",
]
BRIEF = ("Le NPS de nos formations en ligne a baissé de 12 points cette année. Les "
         "verbatims pointent l'attente au support et un démarrage confus sur la plateforme. "
         "Objectif : partager ce qui marche, imaginer des solutions concrètes et préparer "
         "la feuille de route expérience client du premier semestre.")


def seed_demo() -> Workshop:
    """Create (or reuse) the demo facilitator, a finished pilot session whose deliverables
    can be downloaded at once, and the workshop ready to run live (returned)."""
    user, _created = create_or_reset(DEMO_EMAIL, DEMO_PASSWORD, "Sophie Facilitatrice")
    pilot = _design(user, "Café expérience client — session pilote", date(2026, 11, 19))
    demo_run.play(pilot)
    db.session.commit()
    demo_feedback.play_loop(pilot)
    return _design(user, "Café expérience client — Formations en ligne", date(2026, 12, 10))


def _design(user, title: str, when: date) -> Workshop:
    taken = set(db.session.scalars(select(Workshop.join_code)))
    workshop = Workshop(
        owner_id=user.id, title=title, date=when, place="Lyon, siège — salle Confluence",
        language="fr", brief=BRIEF, mode=Mode.QUESTION, status=Status.DRAFT,
        starts_at=time(9, 0), ends_at=time(11, 30), join_code=new_join_code(taken))
    tables = [Table(number=i, name=name) for i, name in enumerate(TABLES, start=1)]
    workshop.tables.extend(tables)
    for number, question in enumerate(QUESTIONS, start=1):
        workshop.rounds.append(Round(number=number, question=question,
                                     synthesizing=number == len(QUESTIONS)))
    for department, names in DEPARTMENTS.items():
        for name in names:
            is_host = name in HOSTS
            workshop.participants.append(Participant(
                display_name=name, department=department,
                email=_email(name), role=Role.HOST if is_host else Role.PARTICIPANT,
                host_table=tables[HOSTS.index(name)] if is_host else None))
    workshop.status = Status.READY
    db.session.add(workshop)
    db.session.commit()
    seating.replan(workshop, time_limit=0.5)
    return workshop


def _email(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ascii_name.lower().replace(" ", ".") + "@academia-demo.test"


def has_workshops() -> bool:
    return bool(db.session.scalar(select(func.count(Workshop.id))))


def latest_open_workshop() -> Workshop | None:
    """The newest workshop people can join: the one `make run` prints the link of."""
    return db.session.scalar(select(Workshop).where(
        Workshop.status.in_(OPEN_STATUSES)).order_by(Workshop.id.desc()))
