"""Embedded TrueType fonts for the deliverables, and which font covers which character.

The four DejaVu Sans faces carry Latin, Greek, Cyrillic and Arabic; an optional CJK
fallback (Debian ``fonts-droid-fallback``) carries kana, ideographs and Hangul.
Registration happens once per process; every PDF then embeds only the glyphs it uses.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

DEJAVU_DIR = Path(os.environ.get("FACILITATOR_DEJAVU_DIR", "/usr/share/fonts/truetype/dejavu"))
DEJAVU_PACKAGE = "fonts-dejavu-core"
CJK_PACKAGE = "fonts-droid-fallback"

# First found wins. DroidSansFallback.ttf (not the "Full" one) is the face that has Hangul.
CJK_CANDIDATES: tuple[Path, ...] = (
    Path("/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)

SANS = "FacilitatorSans"
SANS_BOLD = "FacilitatorSans-Bold"
SANS_ITALIC = "FacilitatorSans-Italic"
SANS_BOLD_ITALIC = "FacilitatorSans-BoldItalic"
# The regular face again under its own family name, so that a character the bold or
# oblique face lacks (Arabic in the oblique) can be drawn upright instead of as a box.
SANS_UPRIGHT = "FacilitatorSansUpright"
CJK = "FacilitatorCJK"

_FACE_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}


class FontsMissingError(RuntimeError):
    """The fonts the deliverables need are not installed on this machine."""


@dataclass(frozen=True)
class FontSet:
    """Registered font names and the characters each one can draw."""

    coverage: dict[str, frozenset[int]]
    fallbacks: tuple[str, ...]  # tried in order when the paragraph's own face lacks a glyph

    @property
    def has_cjk(self) -> bool:
        return CJK in self.coverage


def _register(name: str, path: Path, subfont_index: int = 0) -> frozenset[int]:
    """Register a face and return the characters it will be asked to draw.

    Only the Basic Multilingual Plane counts: ReportLab writes the text map of a character
    beyond U+FFFF (emoji) wrongly, so such a glyph could not be copied or searched; those
    characters are spelled out by name instead.
    """
    font = TTFont(name, str(path), subfontIndex=subfont_index)
    pdfmetrics.registerFont(font)
    return frozenset(code for code in font.face.charToGlyph if code <= 0xFFFF)


def _register_single_face_family(name: str) -> None:
    # Bold or italic markup around a fallback run must resolve to the same face.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)


@functools.cache
def fonts() -> FontSet:
    """Register the fonts once and return what they cover; raise if DejaVu is absent."""
    missing = [f for f in _FACE_FILES.values() if not (DEJAVU_DIR / f).is_file()]
    if missing:
        raise FontsMissingError(
            f"PDF deliverables need the DejaVu fonts ({', '.join(missing)} not found in "
            f"{DEJAVU_DIR}); install the Debian package {DEJAVU_PACKAGE}."
        )
    coverage = {name: _register(name, DEJAVU_DIR / f) for name, f in _FACE_FILES.items()}
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
    )
    coverage[SANS_UPRIGHT] = _register(SANS_UPRIGHT, DEJAVU_DIR / _FACE_FILES[SANS])
    _register_single_face_family(SANS_UPRIGHT)
    fallbacks = [SANS_UPRIGHT]
    cjk_path = next((p for p in CJK_CANDIDATES if p.is_file()), None)
    if cjk_path is not None:
        coverage[CJK] = _register(CJK, cjk_path)
        _register_single_face_family(CJK)
        fallbacks.append(CJK)
    return FontSet(coverage=coverage, fallbacks=tuple(fallbacks))
