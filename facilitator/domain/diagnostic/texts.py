"""Every user-facing string of the diagnostic, by key, in one place.

The web layer picks the workshop's language with `text(key, language, **params)`;
rejection reasons, file errors, warnings, stage labels and question phrasings live here,
in English; their French is in the Babel catalogue (`make translations`).
"""
from __future__ import annotations

from typing import Literal

from facilitator.domain.i18n import N_, gettext_for

Language = Literal["en", "fr"]
LANGUAGES: tuple[Language, ...] = ("en", "fr")
DEFAULT_LANGUAGE: Language = "en"

# key -> English template (str.format with named parameters), translated by the catalogue.
CATALOG: dict[str, str] = {
    # Row rejections (the key after "reject." is the stable code given to callers).
    "reject.score_missing": N_("empty score"),
    "reject.score_unreadable": N_("unreadable score \u201c{value}\u201d"),
    "reject.score_out_of_range": N_("score {value} outside 0-10"),
    "reject.score_not_whole": N_("score {value} is not a whole number"),
    "reject.date_unreadable": N_("unreadable date \u201c{value}\u201d"),
    "reject.duplicate": N_("duplicate of line {line}"),
    # Whole-file errors.
    "file.empty": N_("The file is empty."),
    "file.binary": N_("The file is not text; export it as CSV, XLSX or JSON."),
    "file.malformed": N_("Line {line}: the file cannot be read as CSV."),
    "file.legacy_excel": N_(
        "This is an old .xls or a password-protected workbook: save it as .xlsx or CSV."),
    "file.bad_xlsx": N_("The workbook cannot be opened as .xlsx."),
    "file.bad_json": N_("The JSON must be a list of objects or {{\"responses\": [...]}}."),
    "file.too_many_columns": N_(
        "A row has more than {limit} columns: this is not a feedback export (check the "
        "delimiter, or delete the stray cells far to the right)."),
    "file.xlsx_too_large": N_(
        "Once unzipped, this workbook holds a part larger than {limit} MB: save the "
        "responses alone as .xlsx or CSV."),
    "file.xlsx_too_many_rows": N_(
        "The sheet holds more than {limit} rows, empty ones included: copy the "
        "responses alone into a new workbook."),
    "file.json_too_deep": N_(
        "The JSON nests objects more than {limit} levels deep: survey answers are flat."),
    "file.too_large": N_(
        "Reading this file needed more than {limit} MB of memory or {seconds} s: split "
        "it into smaller files."),
    "file.no_score_column": N_(
        "No column looks like a 0-10 score; choose it on the mapping screen."),
    "file.unknown_column": N_("Column \u201c{column}\u201d is not in the file."),
    "file.too_many_rows": N_("The file has more than {limit} responses; split it."),
    "file.no_valid_response": N_("No valid response ({rejected} rows rejected)."),
    "file.bad_stages": N_(
        "Stages file, line {line}: expected \u201cstage: keyword, keyword\u201d."),
    # Question checks.
    "warn.too_long": N_("Question {index} is {length} characters long (max {limit})."),
    "warn.regression": N_("Question {index} ({kind}) comes after a later round ({previous})."),
    "warn.empty": N_("Question {index} is empty."),
    "warn.small_sample": N_(
        "Only {n} responses: the NPS is indicative (margin \u00b1{moe} points)."),
    # Journey stages (default keys); stages from a file show their own name.
    "stage.discovery": N_("Discovery"),
    "stage.purchase": N_("Purchase & enrolment"),
    "stage.onboarding": N_("Onboarding"),
    "stage.use": N_("Use"),
    "stage.support": N_("Support"),
    "stage.after": N_("After & renewal"),
    # Shown to the facilitator only (theme screen), never in a question, slide or PDF.
    "stage.unassigned": N_("No stage yet"),
    # Question bank phrasings, one per kind. {at} is "<Stage>: " or "" (never a label
    # such as "Unassigned"); {of_theme} is the theme woven in ("de la X", "d’inscription").
    "question.best_practice": N_(
        "{at}customers praise {theme}. Which best practices should we keep and spread?"),
    "question.solution": N_(
        "{at}customers complain about {theme}. Which concrete solutions would remove "
        "this irritant?"),
    "question.work_stream": N_(
        "Which work stream (processes, tools, people, offer) should carry our solutions "
        "on {theme}?"),
    "question.mobile_app": N_(
        "{at}at which key moment would a mobile app help customers most, for example "
        "with {theme}?"),
    "question.relationship_marketing": N_(
        "Which key moments should relationship marketing activate first: {themes}?"),
    "question.value_added_services": N_(
        "Which value-added services would meet what customers expect from {theme}?"),
    "question.at": N_("{stage}: "),
    # Question kinds, as shown to the facilitator.
    "kind.best_practice": N_("best practices"),
    "kind.solution": N_("solutions"),
    "kind.work_stream": N_("work streams"),
    "kind.mobile_app": N_("mobile app"),
    "kind.relationship_marketing": N_("relationship marketing"),
    "kind.value_added_services": N_("value-added services"),
    # Readable report (CLI, and any plain-text export).
    "report.title": N_("Feedback diagnostic"),
    "report.responses": N_("{n} responses, {rejected} rows rejected"),
    "report.nps": N_(
        "NPS {nps:+.1f} (\u00b1{moe:.1f} at 95%)  promoters {p}  passives {pa}  "
        "detractors {d}"),
    "report.rejected": N_("Rejected rows"),
    "report.line": N_("line {line}: {reason}"),
    "report.themes": N_("Themes"),
    "report.theme": N_(
        "{name} [{stage}]  {count} responses, NPS {nps:+.0f}, {rate} of them detractors, "
        "{share} of all detractors"),
    "report.percent": N_("{value:.0f}%"),
    "report.lines": N_("lines {lines}"),
    "report.questions": N_("Suggested questions"),
    "report.more": N_("... and {n} more"),
}


def text(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Return the catalog entry `key` in `language` (English if unknown), formatted."""
    template = gettext_for(language)(CATALOG[key])
    return template.format(**params) if params else template.replace("{{", "{").replace("}}", "}")


def translations(key: str, **params: object) -> dict[str, str]:
    """Return {language: message} for every supported language."""
    return {language: text(key, language, **params) for language in LANGUAGES}


def stage_label(stage: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Label of a default stage, or the stage's own name when it came from a file."""
    key = f"stage.{stage}"
    return text(key, language) if key in CATALOG else stage
