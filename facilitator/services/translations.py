"""The Babel catalogues as plain gettexts, for the domain and for code that runs without
a request (commands, background work). Catalogues are compiled from the .po files when
they are newer, so a fresh clone needs no extra step."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from facilitator.domain import i18n

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def compile_catalogues() -> None:
    """Compile messages.po to messages.mo when stale."""
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


def languages() -> tuple[str, ...]:
    """English (the msgids) and every language that has a catalogue."""
    found = sorted(path.parent.parent.name
                   for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    return ("en", *found)


@lru_cache(maxsize=None)
def gettext_for(language: str) -> i18n.Gettext:
    """Babel's gettext for ``language`` (English, the msgids, when it has no catalogue)."""
    from babel.support import NullTranslations, Translations

    if language not in languages()[1:]:
        return i18n.english
    compile_catalogues()
    found = Translations.load(str(TRANSLATIONS), [language])
    if type(found) is NullTranslations:  # no .mo could be written or read
        raise RuntimeError(f"the {language} catalogue cannot be read from {TRANSLATIONS}")
    return found.gettext


def install() -> None:
    """Give the domain these catalogues (done on importing the package)."""
    i18n.use_catalogues(gettext_for, languages())
