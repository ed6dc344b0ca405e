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
    # diagnostic
    "Customer diagnostic": "Diagnostic client",
    "Source: %(source)s": f"Source{NBSP}: %(source)s",
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
    "No synthesis was written.": "Aucune synthèse n'a été rédigée.",
    # the synthesizing round
    "What is emerging": "Ce qui émerge",
    "Synthesizing round %(number)s: %(question)s":
        f"Tour de synthèse %(number)s{NBSP}: %(question)s",
    "No key point was written.": "Aucun point clé n'a été rédigé.",
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
    "Low": "Faible",
    "Medium": "Moyen",
    "High": "Fort",
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
    # the action plan
    "Action plan": "Plan d'action",
    "The plan as of %(date)s.": "État du plan au %(date)s.",
    "World Café workshop action plan": "Plan d'action d'un atelier World Café",
    "actions": "actions",
    "indicators": "indicateurs",
    "done": "terminées",
    "done / late": "terminées / en retard",
    "follow-up imports": "imports de suivi",
    "Baseline: NPS %(nps)s \u00b1 %(margin)s points from %(count)s respondents (the "
    "workshop's diagnostic).":
        f"Point de départ{NBSP}: NPS %(nps)s \u00b1{NBSP}%(margin)s{NBSP}points sur "
        f"%(count)s répondants (le diagnostic de l'atelier).",
    "Latest follow-up (%(date)s): NPS %(nps)s \u00b1 %(margin)s points from %(count)s "
    "respondents.":
        f"Dernier suivi (%(date)s){NBSP}: NPS %(nps)s \u00b1{NBSP}%(margin)s{NBSP}points sur "
        f"%(count)s répondants.",
    "Actions": "Actions",
    "No action has been planned yet.": "Aucune action n'est encore planifiée.",
    "Action": "Action",
    "Due": "Échéance",
    "Status": "Statut",
    "Solution: %(title)s": f"Solution{NBSP}: %(title)s",
    "Due %(date)s": "Échéance le %(date)s",
    "Action %(number)s \u00b7 %(title)s": "Action %(number)s \u00b7 %(title)s",
    "Owner: %(owner)s": f"Porteur{NBSP}: %(owner)s",
    "Due: %(date)s": f"Échéance{NBSP}: %(date)s",
    "Status: %(status)s": f"Statut{NBSP}: %(status)s",
    "Work stream: %(stream)s": f"Chantier{NBSP}: %(stream)s",
    "Irritant addressed: %(irritant)s": f"Irritant traité{NBSP}: %(irritant)s",
    "No indicator yet.": "Pas encore d'indicateur.",
    "Indicator": "Indicateur",
    "Baseline": "Point de départ",
    "Target": "Cible",
    "Latest value": "Dernière valeur",
    "Against baseline and target": "Par rapport au départ et à la cible",
    "No value yet": "Pas encore de valeur",
    "No baseline to compare with": "Pas de point de départ pour comparer",
    "%(change)s since the baseline": "%(change)s depuis le point de départ",
    "within the noise (margin of error)": "dans le bruit (marge d'erreur)",
    "beyond the margin of error: a real improvement":
        "au-delà de la marge d'erreur\u202f: un vrai progrès",
    "beyond the margin of error: a real deterioration":
        "au-delà de la marge d'erreur\u202f: une vraie dégradation",
    "target reached": "cible atteinte",
    "moving away from the target": "s'éloigne de la cible",
    "%(progress)s%% of the way to the target": f"%(progress)s{NNBSP}%% du chemin vers la cible",
    "Follow-up": "Suivi",
    "Collected on": "Recueilli le",
    "File": "Fichier",
    "Respondents": "Répondants",
    "NPS": "NPS",
    "Each later feedback export re-measures the indicators that follow a diagnostic figure, "
    "with the same theme definitions.":
        "Chaque export d'avis ultérieur mesure à nouveau les indicateurs issus du diagnostic, "
        "avec les mêmes définitions de thèmes.",
    "No follow-up feedback has been imported yet: the next export will re-measure the "
    "indicators that follow a diagnostic figure.":
        f"Aucun avis de suivi n'a encore été importé{NBSP}: le prochain export mesurera à "
        f"nouveau les indicateurs issus du diagnostic.",
    "%(indicator)s (action %(number)s)": "%(indicator)s (action %(number)s)",
    "rising": "en hausse",
    "falling": "en baisse",
    "stable": "stable",
    "baseline": "point de départ",
    "within the noise": "dans le bruit",
    "real improvement": "vrai progrès",
    "real deterioration": "vraie dégradation",
    "not mentioned": "non cité",
    "entered by hand": "saisi à la main",
    "Date": "Date",
    "Value": "Valeur",
    "Source": "Source",
    "Change since the baseline": "Écart au point de départ",
    "Planned": "Prévue",
    "In progress": "En cours",
    "Done": "Terminée",
    "Blocked": "Bloquée",
    "Dropped": "Abandonnée",
    "Overall NPS": "NPS global",
    "NPS of \u201c%(theme)s\u201d": "NPS de «\u00a0%(theme)s\u00a0»",
    "Share of detractors mentioning \u201c%(theme)s\u201d":
        "Part des détracteurs citant «\u00a0%(theme)s\u00a0»",
    "Share of respondents mentioning \u201c%(theme)s\u201d":
        "Part des répondants citant «\u00a0%(theme)s\u00a0»",
    "Entered by hand": "Saisi à la main",
    # the one-glance summary
    "notes shared": "notes partagées",
    "votes": "votes",
    "Customer diagnostic: NPS %(nps)s \u00b1 %(margin)s points, %(count)s respondents":
        f"Diagnostic client{NBSP}: NPS %(nps)s \u00b1{NBSP}%(margin)s{NBSP}points, "
        f"%(count)s répondants",
    "%(theme)s (%(stage)s, mentions: %(count)s)":
        f"%(theme)s (%(stage)s, mentions{NBSP}: %(count)s)",
    "What the tables said": "Ce que les tables ont dit",
    "Departments represented: %(list)s": f"Services représentés{NBSP}: %(list)s",
    "Diagnostic theme: %(stage)s \u00b7 %(mentions)s mentions \u00b7 NPS %(nps)s":
        "Thème du diagnostic\u00a0: %(stage)s \u00b7 %(mentions)s mentions \u00b7 NPS %(nps)s",
    "Impact and effort": "Impact et effort",
    "The %(count)s solutions put to the vote, most voted first.":
        "Les %(count)s solutions soumises au vote, les plus votées d'abord.",
    "Each qualified solution by its number: quick wins at the top left (high impact, low "
    "effort).": "Chaque solution qualifiée par son numéro\u00a0: les gains rapides en haut à "
                "gauche (impact fort, effort faible).",
    "Impact \\ effort": "Impact \\ effort",
    "%(number)s. %(title)s": "%(number)s. %(title)s",
    "%(number)s. %(question)s": "%(number)s. %(question)s",
    "The most voted solutions": "Les solutions les plus votées",
    "%(rank)s (tie)": "%(rank)s (ex æquo)",
    "Proposed solutions: %(list)s": f"Solutions proposées{NBSP}: %(list)s",
    "NPS %(nps)s \u00b1 %(margin)s points (95%% confidence): %(promoters)s%% promoters, "
    "%(detractors)s%% detractors, %(count)s respondents.":
        f"NPS %(nps)s \u00b1{NBSP}%(margin)s{NBSP}points (confiance 95{NNBSP}%%){NBSP}: "
        f"%(promoters)s{NNBSP}%% de promoteurs, %(detractors)s{NNBSP}%% de détracteurs, "
        f"%(count)s répondants.",
    "points": "points",
    "You host it: you stay": f"Vous l'animez{NBSP}: vous restez",
}
