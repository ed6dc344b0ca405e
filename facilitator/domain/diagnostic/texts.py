"""Every user-facing string of the diagnostic, in English and French, in one place.

The web layer picks the workshop's language with `text(key, language, **params)`;
rejection reasons, file errors, warnings, stage labels and question phrasings live here.
"""
from __future__ import annotations

from typing import Literal

Language = Literal["en", "fr"]
LANGUAGES: tuple[Language, ...] = ("en", "fr")
DEFAULT_LANGUAGE: Language = "en"

# key -> {language: template}; templates use str.format with named parameters.
CATALOG: dict[str, dict[str, str]] = {
    # Row rejections (the key after "reject." is the stable code given to callers).
    "reject.score_missing": {"en": "empty score", "fr": "note vide"},
    "reject.score_unreadable": {
        "en": "unreadable score \u201c{value}\u201d",
        "fr": "note illisible \u00ab\u00a0{value}\u00a0\u00bb",
    },
    "reject.score_out_of_range": {
        "en": "score {value} outside 0-10",
        "fr": "note {value} hors de 0 \u00e0 10",
    },
    "reject.score_not_whole": {
        "en": "score {value} is not a whole number",
        "fr": "note {value} non enti\u00e8re",
    },
    "reject.date_unreadable": {
        "en": "unreadable date \u201c{value}\u201d",
        "fr": "date illisible \u00ab\u00a0{value}\u00a0\u00bb",
    },
    "reject.duplicate": {"en": "duplicate of line {line}", "fr": "doublon de la ligne {line}"},
    # Whole-file errors.
    "file.empty": {"en": "The file is empty.", "fr": "Le fichier est vide."},
    "file.binary": {
        "en": "The file is not text; export it as CSV, XLSX or JSON.",
        "fr": "Le fichier n\u2019est pas du texte\u00a0: exportez-le en CSV, XLSX ou JSON.",
    },
    "file.malformed": {
        "en": "Line {line}: the file cannot be read as CSV.",
        "fr": "Ligne {line}\u00a0: le fichier n\u2019est pas un CSV lisible.",
    },
    "file.legacy_excel": {
        "en": "This is an old .xls or a password-protected workbook: save it as .xlsx or CSV.",
        "fr": "Classeur .xls ancien ou prot\u00e9g\u00e9 par mot de passe\u00a0: enregistrez-le en .xlsx ou CSV.",
    },
    "file.bad_xlsx": {
        "en": "The workbook cannot be opened as .xlsx.",
        "fr": "Le classeur ne peut pas \u00eatre ouvert comme .xlsx.",
    },
    "file.bad_json": {
        "en": "The JSON must be a list of objects or {{\"responses\": [...]}}.",
        "fr": "Le JSON doit \u00eatre une liste d\u2019objets ou {{\"responses\": [...]}}.",
    },
    "file.too_many_columns": {
        "en": "A row has more than {limit} columns: this is not a feedback export (check the "
              "delimiter, or delete the stray cells far to the right).",
        "fr": "Une ligne a plus de {limit} colonnes\u00a0: ce n\u2019est pas un export d\u2019avis "
              "(v\u00e9rifiez le s\u00e9parateur ou effacez les cellules isol\u00e9es tout \u00e0 "
              "droite).",
    },
    "file.xlsx_too_large": {
        "en": "Once unzipped, this workbook holds a part larger than {limit} MB: save the "
              "responses alone as .xlsx or CSV.",
        "fr": "D\u00e9compress\u00e9, ce classeur contient une partie de plus de {limit} Mo\u00a0: "
              "enregistrez les seules r\u00e9ponses en .xlsx ou CSV.",
    },
    "file.xlsx_too_many_rows": {
        "en": "The sheet holds more than {limit} rows, empty ones included: copy the responses "
              "alone into a new workbook.",
        "fr": "La feuille contient plus de {limit} lignes, vides comprises\u00a0: copiez les "
              "seules r\u00e9ponses dans un nouveau classeur.",
    },
    "file.json_too_deep": {
        "en": "The JSON nests objects more than {limit} levels deep: survey answers are flat.",
        "fr": "Le JSON imbrique des objets sur plus de {limit} niveaux\u00a0: des r\u00e9ponses "
              "d\u2019enqu\u00eate sont \u00e0 plat.",
    },
    "file.too_large": {
        "en": "Reading this file needed more than {limit} MB of memory or {seconds} s: split "
              "it into smaller files.",
        "fr": "La lecture de ce fichier demandait plus de {limit} Mo de m\u00e9moire ou "
              "{seconds}\u00a0s\u00a0: d\u00e9coupez-le en fichiers plus petits.",
    },
    "file.no_score_column": {
        "en": "No column looks like a 0-10 score; choose it on the mapping screen.",
        "fr": "Aucune colonne ne ressemble \u00e0 une note de 0 \u00e0 10\u00a0: choisissez-la.",
    },
    "file.unknown_column": {
        "en": "Column \u201c{column}\u201d is not in the file.",
        "fr": "La colonne \u00ab\u00a0{column}\u00a0\u00bb n\u2019existe pas dans le fichier.",
    },
    "file.too_many_rows": {
        "en": "The file has more than {limit} responses; split it.",
        "fr": "Le fichier d\u00e9passe {limit} r\u00e9ponses\u00a0: d\u00e9coupez-le.",
    },
    "file.no_valid_response": {
        "en": "No valid response ({rejected} rows rejected).",
        "fr": "Aucune r\u00e9ponse valide ({rejected} lignes rejet\u00e9es).",
    },
    "file.bad_stages": {
        "en": "Stages file, line {line}: expected \u201cstage: keyword, keyword\u201d.",
        "fr": "Fichier d\u2019\u00e9tapes, ligne {line}\u00a0: attendu \u00ab\u00a0\u00e9tape\u00a0: mot, mot\u00a0\u00bb.",
    },
    # Question checks.
    "warn.too_long": {
        "en": "Question {index} is {length} characters long (max {limit}).",
        "fr": "La question {index} fait {length} caract\u00e8res (max {limit}).",
    },
    "warn.regression": {
        "en": "Question {index} ({kind}) comes after a later round ({previous}).",
        "fr": "La question {index} ({kind}) vient apr\u00e8s un tour plus avanc\u00e9 ({previous}).",
    },
    "warn.empty": {"en": "Question {index} is empty.", "fr": "La question {index} est vide."},
    "warn.small_sample": {
        "en": "Only {n} responses: the NPS is indicative (margin \u00b1{moe} points).",
        "fr": "Seulement {n} r\u00e9ponses\u00a0: NPS indicatif (marge \u00b1{moe} points).",
    },
    # Journey stages (default keys); stages from a file show their own name.
    "stage.discovery": {"en": "Discovery", "fr": "D\u00e9couverte"},
    "stage.purchase": {"en": "Purchase & enrolment", "fr": "Achat et inscription"},
    "stage.onboarding": {"en": "Onboarding", "fr": "Prise en main"},
    "stage.use": {"en": "Use", "fr": "Utilisation"},
    "stage.support": {"en": "Support", "fr": "Support"},
    "stage.after": {"en": "After & renewal", "fr": "Apr\u00e8s et renouvellement"},
    # Shown to the facilitator only (theme screen), never in a question, slide or PDF.
    "stage.unassigned": {"en": "No stage yet", "fr": "\u00c9tape \u00e0 choisir"},
    # Question bank phrasings, one per kind. {at} is "<Stage>: " or "" (never a label
    # such as "Unassigned"); {of_theme} is the theme woven in ("de la X", "d’inscription").
    "question.best_practice": {
        "en": "{at}customers praise {theme}. Which best practices should we keep and spread?",
        "fr": "{at}les clients saluent ce que nous faisons en mati\u00e8re {of_theme}. Quelles bonnes pratiques garder et \u00e9tendre\u00a0?",
    },
    "question.solution": {
        "en": "{at}customers complain about {theme}. Which concrete solutions would remove this irritant?",
        "fr": "{at}en mati\u00e8re {of_theme}, les clients d\u00e9crivent un irritant. Quelles solutions concr\u00e8tes proposez-vous\u00a0?",
    },
    "question.work_stream": {
        "en": "Which work stream (processes, tools, people, offer) should carry our solutions on {theme}?",
        "fr": "Quel chantier (processus, outils, \u00e9quipes, offre) doit porter nos solutions en mati\u00e8re {of_theme}\u00a0?",
    },
    "question.mobile_app": {
        "en": "{at}at which key moment would a mobile app help customers most, for example with {theme}?",
        "fr": "{at}\u00e0 quel moment cl\u00e9 une application mobile aiderait-elle le plus les clients, par exemple en mati\u00e8re {of_theme}\u00a0?",
    },
    "question.relationship_marketing": {
        "en": "Which key moments should relationship marketing activate first: {themes}?",
        "fr": "Quels moments cl\u00e9s le marketing relationnel doit-il activer en premier\u00a0: {themes}\u00a0?",
    },
    "question.value_added_services": {
        "en": "Which value-added services would meet what customers expect from {theme}?",
        "fr": "Quels services \u00e0 valeur ajout\u00e9e r\u00e9pondraient aux attentes des clients en mati\u00e8re {of_theme}\u00a0?",
    },
    "question.at": {"en": "{stage}: ", "fr": "{stage}\u00a0: "},
    # Question kinds, as shown to the facilitator.
    "kind.best_practice": {"en": "best practices", "fr": "bonnes pratiques"},
    "kind.solution": {"en": "solutions", "fr": "solutions"},
    "kind.work_stream": {"en": "work streams", "fr": "chantiers"},
    "kind.mobile_app": {"en": "mobile app", "fr": "application mobile"},
    "kind.relationship_marketing": {"en": "relationship marketing", "fr": "marketing relationnel"},
    "kind.value_added_services": {"en": "value-added services", "fr": "services \u00e0 valeur ajout\u00e9e"},
    # Readable report (CLI, and any plain-text export).
    "report.title": {"en": "Feedback diagnostic", "fr": "Diagnostic des retours clients"},
    "report.responses": {
        "en": "{n} responses, {rejected} rows rejected",
        "fr": "{n} r\u00e9ponses, {rejected} lignes rejet\u00e9es",
    },
    "report.nps": {
        "en": "NPS {nps:+.1f} (\u00b1{moe:.1f} at 95%)  promoters {p}  passives {pa}  detractors {d}",
        "fr": "NPS {nps:+.1f} (\u00b1{moe:.1f} \u00e0 95\u00a0%)  promoteurs {p}  passifs {pa}  d\u00e9tracteurs {d}",
    },
    "report.rejected": {"en": "Rejected rows", "fr": "Lignes rejet\u00e9es"},
    "report.line": {"en": "line {line}: {reason}", "fr": "ligne {line}\u00a0: {reason}"},
    "report.themes": {"en": "Themes", "fr": "Th\u00e8mes"},
    "report.theme": {
        "en": "{name} [{stage}]  {count} responses, NPS {nps:+.0f}, {rate:.0f}% of them detractors, {share:.0f}% of all detractors",
        "fr": "{name} [{stage}]  {count} r\u00e9ponses, NPS {nps:+.0f}, dont {rate:.0f}\u00a0% de d\u00e9tracteurs, {share:.0f}\u00a0% de tous les d\u00e9tracteurs",
    },
    "report.lines": {"en": "lines {lines}", "fr": "lignes {lines}"},
    "report.questions": {"en": "Suggested questions", "fr": "Questions sugg\u00e9r\u00e9es"},
    "report.more": {"en": "... and {n} more", "fr": "... et {n} de plus"},
}


def text(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Return the catalog entry `key` in `language` (English if unknown), formatted."""
    entry = CATALOG[key]
    template = entry.get(language) or entry[DEFAULT_LANGUAGE]
    return template.format(**params) if params else template.replace("{{", "{").replace("}}", "}")


def translations(key: str, **params: object) -> dict[str, str]:
    """Return {language: message} for every supported language."""
    return {language: text(key, language, **params) for language in LANGUAGES}


def stage_label(stage: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Label of a default stage, or the stage's own name when it came from a file."""
    key = f"stage.{stage}"
    return text(key, language) if key in CATALOG else stage
