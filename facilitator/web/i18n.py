"""Which language a page speaks: the workshop's, then the visitor's choice, then the
browser's. The catalogues themselves are loaded by services/translations.py."""
from __future__ import annotations

from flask import current_app, g, has_request_context, request, session


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    forced = g.get("workshop_language")
    if forced in languages:
        return forced
    if not has_request_context():  # CLI, background tasks
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"]
