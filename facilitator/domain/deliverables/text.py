"""User text made safe for ReportLab's paragraph mini-markup.

Everything a participant, host or facilitator typed goes through :func:`markup` before it
reaches a ``Paragraph``: escaped so that ``<b>`` or ``<img src=...>`` stay literal text,
stripped of control characters, newlines turned into ``<br/>``, and each run of characters
the paragraph's font cannot draw wrapped in a fallback font or spelled out by name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from xml.sax.saxutils import escape

from .bidi import plain_visual, shape
from .fonts import SANS, fonts

# Control (Cc), format (Cf: bidi overrides, zero-width joiners, BOM), surrogate (Cs),
# private-use (Co) and unassigned (Cn) characters carry no visible meaning in a report.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A blank line separates paragraphs; more say nothing and, at the app's limits, filled
# dozens of empty pages (1,990 newlines in one description): any run becomes one.
_BLANK_RUNS = re.compile(r"[ \t]*\n(?:[ \t]*\n)+")
_SPACE_RUNS = re.compile(r" {2,}")


def clean(text: str) -> str:
    """Normalise line ends and tabs, drop invisible and control characters, NFC; runs of
    blank lines become one blank line, runs of spaces one space, no blank edges."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if text.isascii():
        text = _ASCII_CONTROLS.sub("", text)
    else:
        text = unicodedata.normalize("NFC", text)
        text = "".join(ch for ch in text
                       if ch == "\n" or unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    if "\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text).strip("\n")
    return _SPACE_RUNS.sub(" ", text) if "  " in text else text


def _spelled_out(ch: str) -> str:
    """Text shown for a character no embedded font has (mostly emoji): its name."""
    if unicodedata.category(ch).startswith("M") or unicodedata.category(ch) == "Sk":
        return ""  # variation selectors, skin-tone modifiers: nothing to say on their own
    name = unicodedata.name(ch, "")
    return f"[{name.lower()}]" if name else ""


def _font_runs(text: str, face: str) -> list[tuple[str | None, str]]:
    """Split text into (font or None for the paragraph's own, chars) runs."""
    font_set = fonts()
    own = font_set.coverage[face]
    runs: list[tuple[str | None, str]] = []
    for ch in text:
        code = ord(ch)
        if ch == "\n" or code in own:
            font, chars = None, ch
        else:
            font = next((f for f in font_set.fallbacks if code in font_set.coverage[f]), None)
            chars = ch if font else _spelled_out(ch)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + chars)
        else:
            runs.append((font, chars))
    return runs


def markup(text: str | None, face: str = SANS) -> str:
    """Paragraph markup that shows ``text`` literally in ``face`` (the style's font)."""
    text = clean(text or "")
    if text.isascii():
        body = escape(text)
    else:
        text = shape(text)  # Arabic joined before wrapping; lines reordered after (bidi)
        body = "".join(
            escape(chars) if font is None else f'<font name="{font}">{escape(chars)}</font>'
            for font, chars in _font_runs(text, face)
            if chars
        )
    return body.replace("\n", "<br/>")


def plain(text: str | None, face: str = SANS) -> str:
    """Text for canvas strings and chart labels, which have no fallback: names for the rest."""
    text = clean(text or "").replace("\n", " ")
    if text.isascii():
        return text
    own = fonts().coverage[face]
    return plain_visual("".join(ch if ord(ch) in own else _spelled_out(ch) for ch in text))


def label(template: str, face: str = SANS, **values: object) -> str:
    """Markup for a translated label with ``%(name)s`` slots filled by user values.

    The label is escaped too: a translation may well contain ``&``.
    """
    safe: Mapping[str, str] = {
        key: markup(value if isinstance(value, str) else str(value), face)
        for key, value in values.items()
    }
    return escape(template) % safe if safe else escape(template)
