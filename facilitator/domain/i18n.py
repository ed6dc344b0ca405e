"""How the domain speaks a language: a plain gettext per language, given to it.

Babel catalogues (``facilitator/translations``) are the only translations. The domain
marks its English texts with ``N_`` for the extractor and asks :func:`gettext_for` at
use; the package installs Babel's ``Translations`` with :func:`use_catalogues` when it is
imported (``facilitator/__init__.py``, ``services/translations.py``), so the domain imports
no framework and reads no file.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

Gettext = Callable[[str], str]
Catalogues = Callable[[str], Gettext]


def N_(msgid: str) -> str:
    """Mark a text for extraction; it is translated later, where its language is known."""
    return msgid


def english(msgid: str) -> str:
    """The texts are written in English: English needs no catalogue."""
    return msgid


_catalogues: Catalogues = lambda language: english  # noqa: E731 - until the app installs Babel's
_languages: tuple[str, ...] = ("en",)


def use_catalogues(catalogues: Catalogues, languages: Sequence[str]) -> None:
    """Install the app's gettext per language (done once, on importing the package)."""
    global _catalogues, _languages
    _catalogues, _languages = catalogues, tuple(languages)


def gettext_for(language: str) -> Gettext:
    """The gettext of ``language``; English when it has no catalogue."""
    return _catalogues(language) if language in _languages else english


def languages() -> tuple[str, ...]:
    """Every language with a catalogue installed (English always)."""
    return tuple(dict.fromkeys(("en", *_languages)))
