"""Right-to-left scripts (Arabic, Hebrew) in the deliverables.

ReportLab draws characters in the order they are stored; its own bidi support needs the
``rlbidi`` extension, which no registry offers. So: Arabic letters are joined into their
contextual forms before wrapping (``arabic-reshaper``: widths are measured on the joined
forms), ReportLab breaks the lines, then each line is put in visual order with the Unicode
bidi algorithm (``python-bidi``). Per line, not per paragraph: reordering a whole
paragraph before wrapping would print its last line first.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.platypus import Paragraph as _Paragraph

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_STRONG_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
_TAG = re.compile(r"<[^>]*>")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def shape(text: str) -> str:
    """Arabic letters in their joined (presentation) forms; other text unchanged."""
    if not _ARABIC.search(text):
        return text
    import arabic_reshaper

    return arabic_reshaper.reshape(text)


def rtl_first(text: str) -> bool:
    """True when the first strong letter is right-to-left: the paragraph reads RTL."""
    rtl, ltr = _RTL.search(text), _STRONG_LTR.search(text)
    return rtl is not None and (ltr is None or rtl.start() < ltr.start())


def visual(line: str, rtl_base: bool) -> str:
    """One line in display order (the Unicode bidi algorithm)."""
    if not has_rtl(line):
        return line
    from bidi import get_display

    return get_display(line, base_dir="R" if rtl_base else "L")


def plain_visual(text: str) -> str:
    """A one-line canvas string (header, chart label) shaped and in display order."""
    if not has_rtl(text):
        return text
    return visual(shape(text), rtl_first(text))


class Paragraph(_Paragraph):
    """A Paragraph whose lines read correctly in right-to-left scripts; a paragraph that
    starts in such a script is right-aligned. Lines are broken in logical order (so a
    split across pages keeps it) and reordered only when drawn."""

    def __init__(self, text: str | None, style: Any = None, *args: Any, **kwargs: Any) -> None:
        source = text if text is not None else "".join(
            getattr(frag, "text", "") for frag in kwargs.get("frags") or ())
        self._rtl_base: bool | None = None
        if has_rtl(source):
            self._rtl_base = rtl_first(_TAG.sub("", source))
            if self._rtl_base and style is not None and style.alignment == 0:
                style = style.clone(f"{style.name}-rtl", alignment=2)  # TA_RIGHT
        super().__init__(text, style, *args, **kwargs)

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 - ReportLab's name
        if self._rtl_base is None:
            return super().drawPara(debug)
        logical = self.blPara
        self.blPara = _visual_copy(logical, self._rtl_base)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = logical


def _visual_copy(para: Any, rtl_base: bool) -> Any:
    import copy

    para = copy.copy(para)
    if para.kind == 0:  # one font: each line is (free width, [words])
        lines = []
        for free, words in para.lines:
            text = " ".join(words)
            lines.append((free, visual(text, rtl_base).split(" ") if has_rtl(text) else words))
        para.lines = lines
        return para
    lines = []
    for line in para.lines:  # frag lines: reorder the text of each run, and the runs
        words = getattr(line, "words", None)
        if words and any(has_rtl(getattr(w, "text", "")) for w in words):
            line = copy.copy(line)
            line.words = [w.clone(text=visual(w.text, rtl_base)) if has_rtl(
                getattr(w, "text", "")) else w for w in words]
            if rtl_base:
                line.words.reverse()
        lines.append(line)
    para.lines = lines
    return para
