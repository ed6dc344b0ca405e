"""Feedback diagnostic: import NPS exports, compute the NPS, find themes, suggest questions.

Pure Python (no Flask, no database). Typical use:

    imported = load_feedback(data, filename="export.csv")
    if imported.columns.needs_confirmation: ...   # show the mapping screen
    result = diagnose(imported, stages=None, language="fr", edits=[MergeThemes(...)])
    result.to_dict()
"""
from .analysis import (
    Diagnostic,
    Finding,
    StageSummary,
    ThemeSummary,
    detect_language,
    diagnose,
    summarise,
)
from .columns import ColumnGuess, ColumnMapping, detect_columns
from .edits import (
    MergeThemes,
    MoveResponse,
    MoveTheme,
    RenameTheme,
    ThemeEdit,
    ThemeEditError,
    apply_edits,
    edit_from_dict,
)
from .errors import FeedbackFileError
from .importer import MAX_ROWS, Progress, dedup_known, load_feedback
from .model import ImportResult, Rejection, Response, nps_class
from .nps import GroupNps, NpsSummary, adjusted_wald_margin, margin_of_error, summarise_scores
from .questions import PROGRESSION, Question, QuestionWarning, check_questions, suggest_questions
from .language import LanguageEngine, LexicalEngine, Token, default_engine
from .phrases import ThemeDefinition, ThemeMeasure, measure_themes
from .stages import UNASSIGNED, Stage, default_stages, format_stages, parse_stages
from .texts import CATALOG, stage_label, text, translations
from .themes import Mention, find_mentions, split_clauses, theme_definitions, themes_of_response

__all__ = [
    "CATALOG", "ColumnGuess", "ColumnMapping", "Diagnostic", "FeedbackFileError", "Finding",
    "GroupNps", "ImportResult", "MAX_ROWS", "Mention", "MergeThemes", "MoveResponse",
    "MoveTheme", "NpsSummary", "PROGRESSION", "Progress", "Question", "QuestionWarning",
    "Rejection", "RenameTheme", "Response", "Stage", "StageSummary", "ThemeEdit",
    "ThemeEditError", "ThemeDefinition", "ThemeMeasure", "Token", "UNASSIGNED",
    "LanguageEngine", "LexicalEngine", "detect_language", "default_engine", "measure_themes", "theme_definitions",
    "ThemeSummary", "adjusted_wald_margin", "apply_edits",
    "check_questions", "dedup_known", "default_stages", "detect_columns", "diagnose",
    "edit_from_dict", "find_mentions", "format_stages", "load_feedback", "margin_of_error",
    "nps_class", "parse_stages", "split_clauses", "stage_label", "suggest_questions",
    "summarise", "summarise_scores", "text", "themes_of_response", "translations",
]
