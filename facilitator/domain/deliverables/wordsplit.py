"""ReportLab's long-word splitting, with the same result in a fraction of the time.

A word wider than its line (a 1,000-character note without a space, allowed by the app's
limits) is cut by ``reportlab.platypus.paragraph._splitWord``, which measures it one
character at a time through ``stringWidth``: a million calls for the hostile benchmark
workshop, a third of its detailed PDF's build. This version measures each distinct
character once per word and adds the same widths in the same order, so the lines (and
the PDF) are exactly ReportLab's. It replaces the module function only when it still has
the signature it was written against; otherwise ReportLab's own stays.
"""

from __future__ import annotations

import inspect
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as _paragraph

_SIGNATURE = ("w", "lineWidth", "maxWidths", "lineno", "fontName", "fontSize", "encoding")


def split_word(w: Any, lineWidth: float, maxWidths: list[float], lineno: int,  # noqa: N803
               fontName: str, fontSize: float, encoding: str = "utf8") -> list[Any]:  # noqa: N803
    """``_splitWord``'s contract: ``w`` cut into pieces that fit ``maxWidths[lineno...]``,
    the first one after ``lineWidth`` already used; the last piece is a ``_SplitWordEnd``."""
    split_cls, end_cls = _paragraph._SplitWord, _paragraph._SplitWordEnd
    if isinstance(w, bytes):
        w = w.decode(encoding)
    bidi = _paragraph.isBidiStr(w)
    wrap = (lambda piece: _paragraph.bidiStrWrap(piece, w)) if bidi else (lambda piece: piece)
    last = len(maxWidths) - 1
    max_width = maxWidths[min(last, lineno)]
    max_next = maxWidths[min(last, lineno + 1)]
    widths: dict[str, float] = {}
    pieces: list[Any] = []
    start = 0
    for i, c in enumerate(w):
        cw = widths.get(c)
        if cw is None:
            cw = widths[c] = stringWidth(c, fontName, fontSize, encoding)
        new_width = lineWidth + cw
        if new_width > max_width and (i > start or cw <= max_next):
            pieces.append(wrap(split_cls(w[start:i])))
            lineno += 1
            max_width = maxWidths[min(last, lineno)]
            new_width = cw
            start = i
        lineWidth = new_width
    pieces.append(wrap(end_cls(w[start:])))
    return pieces


def install() -> None:
    """Use :func:`split_word` for ReportLab's paragraphs if its contract is unchanged."""
    original = getattr(_paragraph, "_splitWord", None)
    if original is None or original is split_word:
        return
    if tuple(inspect.signature(original).parameters) == _SIGNATURE and all(
            hasattr(_paragraph, name)
            for name in ("_SplitWord", "_SplitWordEnd", "isBidiStr", "bidiStrWrap")):
        _paragraph._reportlab_split_word = original
        _paragraph._splitWord = split_word
