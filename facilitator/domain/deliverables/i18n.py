"""Number and date formatting for the deliverables, in the language of a gettext.

Callers pass the gettext of the workshop's language (a Babel catalogue's, see
``services/translations.py``). Labels are written as literal ``_("...")`` calls in each
module so that Babel's extractor finds them.
"""

from __future__ import annotations

import datetime as dt

from facilitator.domain.i18n import Gettext


def month_names(_: Gettext) -> tuple[str, ...]:
    return (
        _("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
        _("July"), _("August"), _("September"), _("October"), _("November"), _("December"),
    )


def format_date(day: dt.date, _: Gettext) -> str:
    """A long date, e.g. "14 March 2025" or "14 mars 2025"."""
    return _("%(day)s %(month)s %(year)s") % {
        "day": day.day, "month": month_names(_)[day.month - 1], "year": day.year,
    }


def format_decimal(value: float, _: Gettext, digits: int = 1) -> str:
    """A number with the language's decimal separator.

    The msgid carries a context before "|" so that "." alone is not a msgid to translate.
    """
    separator = _("decimal separator|.").rpartition("|")[2]
    return f"{value:.{digits}f}".replace(".", separator)


def format_signed(value: float, _: Gettext, digits: int = 0) -> str:
    """An NPS-style number that always shows its sign: +32, −5 (a real minus sign)."""
    text = format_decimal(abs(value), _, digits)
    return ("+" if value > 0 else "\u2212" if value < 0 else "") + text
