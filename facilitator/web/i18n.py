"""Which language a page speaks: the workshop's, then the visitor's choice, then the
browser's. Catalogues are compiled from the .po files when they are newer."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, g, has_request_context, request, session

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


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


def compile_catalogues() -> None:
    """Compile messages.po to messages.mo when stale, so a fresh clone needs no extra step."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, locale=po_path.parent.parent.name)
        try:
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalogue)
        except OSError:  # a read-only install ships its .mo files already
            pass
