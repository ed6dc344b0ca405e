"""French for every label of the deliverables (msgid -> translation).

Load it into the Babel catalogue, or let the domain use it directly when no gettext is
passed and the workshop is in French. A unit test checks that every ``_("...")`` literal in
this package has an entry here. French typography: a no-break space before ":" and a narrow
no-break space before "%".
"""

from __future__ import annotations

NBSP = "\u00a0"
NNBSP = "\u202f"

FRENCH: dict[str, str] = {
    # cover and key figures
    "World Café workshop": "Atelier World Café",
    "Workshop summary": "Synthèse de l'atelier",
    "Detailed report": "Rapport détaillé",
    "World Café workshop summary": "Synthèse d'un atelier World Café",
    "World Café workshop detailed report": "Rapport détaillé d'un atelier World Café",
    "Facilitated by %(name)s": "Animé par %(name)s",
    "participants": "participants",
    "tables": "tables",
    "rounds": "tours",
    "solutions": "solutions",
    "Departments represented": "Services représentés",
    "Tables and hosts": "Tables et hôtes",
    "No.": "N°",
    "Table": "Table",
    "Host": "Hôte",
    "Theme": "Thème",
    "Rounds": "Tours de table",
    # dates, numbers, pages
    "January": "janvier", "February": "février", "March": "mars", "April": "avril",
    "May": "mai", "June": "juin", "July": "juillet", "August": "août",
    "September": "septembre", "October": "octobre", "November": "novembre",
    "December": "décembre",
    "%(day)s %(month)s %(year)s": "%(day)s %(month)s %(year)s",
    "decimal separator|.": "decimal separator|,",
    "Page %(page)s of %(total)s": "Page %(page)s sur %(total)s",
    "%(share)s%%": f"%(share)s{NNBSP}%%",
    # diagnostic
    "Customer diagnostic": "Diagnostic client",
    "Source: %(source)s": f"Source{NBSP}: %(source)s",
    "Net Promoter Score, \u00b1 %(margin)s points (95%% confidence)":
        f"Net Promoter Score, \u00b1{NBSP}%(margin)s{NBSP}points (confiance 95{NNBSP}%%)",
    "respondents": "répondants",
    "promoters (9–10)": "promoteurs (9–10)",
    "detractors (0–6)": "détracteurs (0–6)",
    "Small sample: with fewer than 30 respondents, read the score with caution.":
        f"Petit échantillon{NBSP}: avec moins de 30 répondants, le score est à lire avec prudence.",
    "Irritants and praised practices by journey stage":
        "Irritants et pratiques appréciées par étape du parcours",
    "Journey stage": "Étape du parcours",
    "Top irritants": "Principaux irritants",
    "Praised practices": "Pratiques appréciées",
    "%(theme)s (mentions: %(count)s)": f"%(theme)s (mentions{NBSP}: %(count)s)",
    "\u201c%(verbatim)s\u201d": f"«{NBSP}%(verbatim)s{NBSP}»",
    "Detractors (0–6)": "Détracteurs (0–6)",
    "Passives (7–8)": "Passifs (7–8)",
    "Promoters (9–10)": "Promoteurs (9–10)",
    "Respondents per score": "Répondants par note",
    # rounds
    "Round %(number)s": "Tour %(number)s",
    "Table %(number)s": "Table %(number)s",
    "Table %(number)s \u00b7 %(name)s": "Table %(number)s \u00b7 %(name)s",
    "Table %(number)s \u00b7 %(name)s \u2014 host: %(host)s":
        f"Table %(number)s \u00b7 %(name)s \u2014 hôte{NBSP}: %(host)s",
    "Key points": "Points clés",
    "Proposed solutions": "Solutions proposées",
    "No synthesis was written.": "Aucune synthèse n'a été rédigée.",
    # the synthesizing round
    "What is emerging": "Ce qui émerge",
    "Synthesizing round %(number)s: %(question)s":
        f"Tour de synthèse %(number)s{NBSP}: %(question)s",
    "No key point was written.": "Aucun point clé n'a été rédigé.",
    "Synthesizing round: the room connected what the tables heard.":
        f"Tour de synthèse{NBSP}: la salle a relié ce que les tables ont entendu.",
    # plenary and closing
    "Plenary: the most voted solutions": f"Plénière{NBSP}: les solutions les plus votées",
    "No solution was put to the vote.": "Aucune solution n'a été soumise au vote.",
    "%(count)s solutions were put to the vote; the %(top)s most voted are listed here. "
    "The detailed report covers them all.":
        f"%(count)s solutions ont été soumises au vote{NBSP}; les %(top)s plus votées figurent "
        "ici. Le rapport détaillé les présente toutes.",
    "Rank": "Rang",
    "Solution": "Solution",
    "Work stream": "Chantier",
    "Votes": "Votes",
    "Next steps": "Prochaines étapes",
    "The next steps will be shared soon.":
        "Les prochaines étapes seront communiquées prochainement.",
    "Thank you to the %(count)s participants and to the table hosts: %(hosts)s.":
        f"Merci aux %(count)s participants et aux hôtes de table{NBSP}: %(hosts)s.",
    "Document generated on %(date)s.": "Document généré le %(date)s.",
    # detailed report
    "Table of contents": "Sommaire",
    "Solutions": "Solutions",
    "No solution was recorded.": "Aucune solution n'a été enregistrée.",
    "No work stream": "Sans chantier",
    "No journey stage": "Sans étape du parcours",
    "#%(id)s %(title)s": "n°\u00a0%(id)s %(title)s",
    "Description": "Description",
    "Irritant addressed": "Irritant traité",
    "Channel": "Canal",
    "Came from": "Origine",
    "%(table)s, round %(round)s": "%(table)s, tour %(round)s",
    "Impact": "Impact",
    "Effort": "Effort",
    "Owner": "Porteur",
    "Horizon": "Horizon",
    "low": "faible",
    "medium": "moyen",
    "high": "fort",
    "Short term (0–3 months)": "Court terme (0–3 mois)",
    "Medium term (3–12 months)": "Moyen terme (3–12 mois)",
    "Long term (12 months and more)": "Long terme (12 mois et plus)",
    "Not yet qualified": "Pas encore qualifiée",
    "Roadmap": "Feuille de route",
    "Solutions by work stream and horizon, most voted first.":
        "Solutions par chantier et par horizon, les plus votées en premier.",
    "%(title)s (votes: %(votes)s)": f"%(title)s (votes{NBSP}: %(votes)s)",
    "Charts": "Graphiques",
    "Votes per solution": "Votes par solution",
    "NPS score distribution": "Distribution des notes NPS",
    "Appendix: shared notes": f"Annexe{NBSP}: notes partagées",
    "Appendix: tablecloths and flip charts": f"Annexe{NBSP}: nappes et paperboards",
    "Notes are shown with their author's name, as agreed by the participants.":
        "Les notes figurent avec le nom de leur auteur, comme convenu avec les participants.",
    "Notes are shown without their authors' names.":
        "Les notes figurent sans le nom de leurs auteurs.",
    "No note was shared.": "Aucune note n'a été partagée.",
    "%(text)s \u2014 %(author)s": "%(text)s \u2014 %(author)s",
    # routes in advance (badges and sheets)
    "World Café routes": "Parcours du World Café",
    "Routes": "Parcours",
    "Join on your phone": "Rejoindre sur votre téléphone",
    "Code: %(code)s": f"Code{NBSP}: %(code)s",
    "You host table %(number)s: you stay there for every round and welcome each new group.":
        f"Vous êtes l'hôte de la table %(number)s{NBSP}: vous y restez à chaque tour et "
        "accueillez chaque nouveau groupe.",
    "My route": "Mon parcours",
    "Round": "Tour",
    "played": "joué",
    "Not there yet: you arrive in round %(number)s":
        f"Pas encore là{NBSP}: vous arrivez au tour %(number)s",
    "Not there: you leave before this round": f"Absent{NBSP}: vous partez avant ce tour",
    "To be announced": "À préciser",
    "You host it: you stay": f"Vous l'animez{NBSP}: vous restez",
}
