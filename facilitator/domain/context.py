"""Setting the context before round 1: the lobby's slide sequence (join, purpose, the
diagnostic's key figures, the café etiquette) and the etiquette's default text (English,
translated by the catalogue). Plain data in, plain data out."""
from __future__ import annotations

from facilitator.domain.i18n import N_, gettext_for, languages

ETIQUETTE_MAX_LENGTH = 2000
ETIQUETTE_MAX_ITEMS = 10

# The five principles of café etiquette (The World Café Community's card), each as a short
# title and the line that explains it; in English, translated by the catalogue.
DEFAULT_ETIQUETTE = (
    N_("Focus on what matters — the question in front of you, not the usual agenda."),
    N_("Contribute your thinking — your experience counts, whatever your department."),
    N_("Listen to understand — rather than to answer or convince."),
    N_("Link and connect ideas — carry what you heard from table to table."),
    N_("Have fun — doodle, draw, write on the tablecloth."),
)


def _default_lines(language: str) -> list[str]:
    _ = gettext_for(language)
    return [_(line) for line in DEFAULT_ETIQUETTE]


def default_etiquette(language: str) -> str:
    return "\n".join(_default_lines(language))


def etiquette_items(text: str, language: str) -> list[dict[str, str]]:
    """The principles to show, one per non-empty line of `text` (the default when empty).
    "Title — explanation" (or "Title: explanation") splits into a title and its line."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line.lstrip("-•*· ").strip() for line in lines if line.strip()]
    if not lines:
        lines = _default_lines(language)
    return [_split(line) for line in lines[:ETIQUETTE_MAX_ITEMS]]


def _split(line: str) -> dict[str, str]:
    for separator in (" — ", " – ", " - ", ": "):
        title, found, detail = line.partition(separator)
        if found and title.strip() and detail.strip():
            detail = detail.strip()
            return {"title": title.strip(), "detail": detail[:1].upper() + detail[1:]}
    return {"title": line, "detail": ""}


def stored_etiquette(text: str, language: str) -> str:
    """What to store for the etiquette a facilitator typed: nothing when it is the default
    (in either language), so the text follows a later change of the workshop's language."""
    cleaned = "\n".join(line.rstrip() for line in (text or "").strip().splitlines())
    if any(cleaned == default_etiquette(lang) for lang in languages()):
        return ""
    return cleaned


# Every slide the lobby knows, in order; Run.slide is an index into it, so a slide that a
# workshop lacks (no diagnostic, no purpose) is simply never offered.
SLIDES = ("join", "purpose", "figures", "etiquette")


def available_slides(*, has_purpose: bool, has_figures: bool) -> list[str]:
    """The lobby's slides for one workshop; the join slide always comes first."""
    skip = {"purpose": not has_purpose, "figures": not has_figures}
    return [kind for kind in SLIDES if not skip.get(kind, False)]
