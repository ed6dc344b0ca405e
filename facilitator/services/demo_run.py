"""A finished run for the demo: notes, syntheses, votes and qualifications played through
the same services the live screens use, so a newcomer can download both PDFs at once."""
from __future__ import annotations

import itertools

from facilitator.domain.workshop import Phase
from facilitator.models import Workshop
from facilitator.services import live, plenary, synthesis
from facilitator.services import notes as notes_service

NOTES = {
    1: ["Le mail de bienvenue dit clairement qui contacter en cas de souci.",
        "L'appel de bienvenue du conseiller rassure vraiment les nouveaux inscrits.",
        "Le planning de formation est envoyé avant le premier cours : très apprécié.",
        "Les tutoriels vidéo de prise en main de la plateforme sont courts et clairs.",
        "Le formateur se présente par un message personnel avant la première session.",
        "Le paiement en plusieurs fois est bien expliqué sur la page d'inscription.",
        "Le groupe d'entraide entre apprenants démarre dès la première semaine.",
        "La checklist « avant votre premier cours » évite beaucoup d'appels au support.",
        "Le conseiller rappelle sous 24 h quand le dossier de financement bloque.",
        "Les apprenants aiment recevoir un SMS la veille du premier cours.",
        "Le test de niveau en ligne oriente bien vers le bon parcours.",
        "La FAQ sur le CPF est à jour et bien référencée."],
    2: ["Au support, on attend parfois trois jours une réponse par mail.",
        "Les réponses sont incomplètes : l'apprenant doit relancer plusieurs fois.",
        "Personne ne sait qui suit le ticket quand il passe d'un service à l'autre.",
        "Proposer un rappel téléphonique à heure choisie plutôt que l'attente.",
        "Un chat en direct aux heures de cours réglerait la moitié des demandes.",
        "Les questions sur les attestations reviennent sans cesse : automatiser.",
        "Afficher un délai de réponse annoncé et le tenir.",
        "Une base de réponses partagée entre support et pédagogie.",
        "Les formateurs pourraient répondre aux questions de contenu directement.",
        "Prévenir l'apprenant quand son ticket avance, sans qu'il doive relancer.",
        "Les relances automatiques du CRM partent même quand le problème est réglé.",
        "Former le support aux cas de financement les plus fréquents."],
    # The synthesizing round: what connects the tables' first two rounds, what is missing.
    3: ["Le contact humain revient à toutes les tables : à l'accueil comme au support.",
        "On parle partout d'attente : avant le premier cours, puis au support.",
        "L'apprenant ne sait jamais où en est sa demande, ni son dossier de financement.",
        "Les bonnes pratiques de l'accueil (checklist, SMS) pourraient servir au support.",
        "Il manque la voix des formateurs dans les solutions proposées.",
        "Beaucoup d'idées reviennent à une seule : un suivi visible par l'apprenant.",
        "L'application mobile pourrait réunir les rappels, le dossier et le contact.",
        "Personne n'a parlé de la fin de formation ni de l'après-certification.",
        "Les irritants du support naissent souvent d'informations manquantes à l'inscription.",
        "Automatiser le répétitif pour garder du temps pour le contact humain.",
        "Les mêmes questions arrivent par mail, téléphone et chat : il faut un seul fil.",
        "Il manque un responsable du parcours de bout en bout."],
}

KEY_POINTS = {
    1: ["Le contact humain avant le premier cours (appel, message du formateur) rassure.",
        "Les informations pratiques envoyées tôt évitent les appels au support.",
        "Les supports courts (vidéos, checklist) sont plus utilisés que les guides longs."],
    2: ["L'attente et les relances sont le premier irritant du support.",
        "Le suivi des tickets entre services n'a pas de responsable clair.",
        "Beaucoup de demandes sont répétitives et pourraient être automatisées."],
    3: ["Un fil rouge d'une table à l'autre : l'apprenant veut savoir où il en est.",
        "Le contact humain rassure partout ; automatiser le répétitif lui laisse du temps.",
        "Il manque la fin du parcours (certification, après) et un responsable de bout en "
        "bout."],
}

# title, description, irritant, stage, work stream, channel
SOLUTIONS = {
    1: [("Généraliser l'appel de bienvenue",
         "Chaque nouvel inscrit reçoit un appel de son conseiller dans les 48 h, avec un "
         "script commun et le planning de formation.",
         "Démarrage confus", "Premiers pas", "Accueil des apprenants", "service"),
        ("Checklist « avant votre premier cours »",
         "Une page unique et un mail reprenant les étapes : accès, matériel, planning, "
         "contacts.", "Informations dispersées", "Premiers pas", "Accueil des apprenants",
         "web")],
    2: [("Rappel téléphonique à l'heure choisie",
         "Remplacer l'attente par un créneau de rappel réservé en ligne ; engagement de "
         "rappel sous 4 h ouvrées.", "Attente au support", "Support",
         "Qualité du support", "service"),
        ("Suivi de ticket visible par l'apprenant",
         "Un espace où l'apprenant voit l'état de sa demande et qui la traite, avec une "
         "notification à chaque étape.", "Relances", "Support", "Qualité du support",
         "web"),
        ("Base de réponses partagée support et pédagogie",
         "Les réponses validées aux 50 questions les plus fréquentes, tenues à jour par "
         "les deux équipes.", "Réponses incomplètes", "Support", "Qualité du support",
         "process"),
        ("Attestations envoyées automatiquement",
         "Génération et envoi automatiques des attestations de présence chaque fin de "
         "mois.", "Demandes répétitives", "Formation", "Administratif simplifié",
         "process")],
    3: [("Un espace de suivi unique dans l'application",
         "Inscription, dossier de financement, demandes au support et progression au même "
         "endroit, avec une notification à chaque étape.", "Ne pas savoir où on en est",
         "Tout le parcours", "Application mobile", "mobile_app"),
        ("Un responsable du parcours de bout en bout",
         "Une personne nommée suit l'expérience de l'inscription à la certification et "
         "arbitre entre les services.", "Personne ne suit le ticket", "Tout le parcours",
         "Organisation", "people"),
        ("Relance douce après une semaine d'inactivité",
         "Un message personnalisé du formateur quand l'apprenant décroche, avec le "
         "prochain pas simple.", "Décrochage", "Formation", "Marketing relationnel",
         "relationship_marketing")],
}

QUALIFICATIONS = [("high", "low", "Responsable relation client", "short"),
                  ("high", "medium", "Directeur des opérations", "medium"),
                  ("medium", "low", "Responsable pédagogique", "short"),
                  ("medium", "medium", "Responsable marketing", "medium"),
                  ("high", "high", "DSI", "long")]

NEXT_STEPS = ("Présenter les solutions les mieux votées au comité de direction du 15 janvier. "
              "Chaque responsable de chantier revient avec un plan d'action et un premier "
              "indicateur. Un point d'étape réunira les participants au printemps.")


def play(workshop: Workshop) -> None:
    """Run the whole workshop: three rounds, syntheses, a plenary with votes, closed."""
    live.open_workshop(workshop)
    for person in workshop.participants:  # everyone came (on devices long gone)
        person.joined_at = live.utcnow()
    people = {p.id: p for p in workshop.participants}
    note_texts = {r: itertools.cycle(texts) for r, texts in NOTES.items()}
    for round_number in range(1, len(workshop.rounds) + 1):
        live.command(workshop, "start_round")
        live.command(workshop, "skip")  # to the sharing phase
        assert workshop.run.phase is Phase.SHARING
        for table in workshop.tables:
            _play_table(workshop, people, table, round_number, note_texts[round_number])
        live.command(workshop, "rotate")
    _plenary(workshop)
    workshop.next_steps = NEXT_STEPS


def _play_table(workshop, people, table, round_number, texts) -> None:
    seated = live.people_at(workshop, table, round_number)
    host = next(p for p in seated if p.is_host)
    actor = synthesis.Actor(name=host.display_name, participant=host)
    round_ = workshop.rounds[round_number - 1]
    note_ids = []
    for person in [p for p in seated if not p.is_host][:3]:
        note = notes_service.save_note(workshop, person, f"demo-r{round_number}-p{person.id}",
                              next(texts), share=True)
        note_ids.append(note.id)
    synthesis.create_cluster(workshop, actor, table, round_, KEY_POINTS[round_number][0][:60],
                             note_ids[:2])
    offset = table.number % len(KEY_POINTS[round_number])
    for text in (KEY_POINTS[round_number] * 2)[offset:offset + 2]:
        synthesis.add_key_point(workshop, actor, table, round_, text)
    choices = SOLUTIONS[round_number]
    title, description, irritant, stage, stream, channel = choices[table.number % len(choices)]
    solution = synthesis.add_solution(workshop, actor, table, round_, title, note_ids[:1])
    for field, value in (("description", description), ("irritant", irritant),
                         ("stage", stage), ("work_stream", stream), ("channel", channel)):
        synthesis.update_solution(workshop, actor, solution.id, field, value)


def _plenary(workshop: Workshop) -> None:
    plenary.set_voting(workshop, open_=True)
    standing = plenary.solutions(workshop)
    # Two tables proposed the same callback idea: merge the duplicate, votes follow.
    by_title: dict[str, list] = {}
    for solution in standing:
        by_title.setdefault(solution.title, []).append(solution)
    voters = [p for p in workshop.participants if not p.is_host]
    for index, person in enumerate(voters):
        first = standing[index % len(standing)]
        second = standing[(index * 3 + 1) % len(standing)]
        plenary.vote(workshop, person, first.id, 2)
        if second.id != first.id:
            plenary.vote(workshop, person, second.id, 1)
    for duplicates in by_title.values():
        for duplicate in duplicates[1:]:
            plenary.merge(workshop, duplicate.id, duplicates[0].id)
    for index, solution in enumerate(plenary.solutions(workshop)):
        impact, effort, owner, horizon = QUALIFICATIONS[index % len(QUALIFICATIONS)]
        plenary.qualify(workshop, solution.id, impact=impact, effort=effort, owner=owner,
                        horizon=horizon)
    plenary.set_voting(workshop, open_=False, revealed=True)
    live.command(workshop, "close")
