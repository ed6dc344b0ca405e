"""Parse the cells of a survey export: 0-10 scores and dates in their many spellings.

Parsers return a value or raise `CellError(code, value)`; the importer turns that
into a rejection with the row's line number.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Literal

DateOrder = Literal["dmy", "mdy"]


class CellError(ValueError):
    """A cell that cannot be read; `code` is a rejection code of texts.CATALOG."""

    def __init__(self, code: str, value: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.value = value


# "9", "9.0", "9,0", "9/10", "10 - Extrêmement probable", "10 (extremely likely)", "-1".
_SCORE = re.compile(
    r"^(?P<number>[+-]?\d+(?:[.,]\d+)?)\s*(?:/\s*10\b)?\s*(?:[-\u2013\u2014:(=]\s*.*|[^\W\d].*)?$",
    re.DOTALL,
)


def parse_score(raw: str) -> int:
    """Read a 0-10 recommendation score; raise CellError for anything else."""
    value = raw.strip()
    if not value:
        raise CellError("score_missing")
    match = _SCORE.match(value)
    if not match:
        raise CellError("score_unreadable", _shorten(value))
    number = float(match["number"].replace(",", "."))
    if not 0 <= number <= 10:
        raise CellError("score_out_of_range", match["number"])
    if number != int(number):
        raise CellError("score_not_whole", match["number"])
    return int(number)


def _shorten(value: str, limit: int = 40) -> str:
    """Keep rejection messages one line long even when a comment landed in the score."""
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


_EXCEL_EPOCH = datetime(1899, 12, 30)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_NUMERIC_DATE = re.compile(
    r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<year>\d{4}|\d{2})"
    r"(?:[ T,]+(?P<h>\d{1,2})[:h](?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>[AaPp][Mm]))?)?$"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("janvier", "janv", "january", "jan"),
            ("f\u00e9vrier", "fevrier", "f\u00e9vr", "fevr", "february", "feb"),
            ("mars", "march", "mar"),
            ("avril", "avr", "april", "apr"),
            ("mai", "may"),
            ("juin", "june", "jun"),
            ("juillet", "juil", "july", "jul"),
            ("ao\u00fbt", "aout", "august", "aug"),
            ("septembre", "sept", "september", "sep"),
            ("octobre", "oct", "october"),
            ("novembre", "nov", "november"),
            ("d\u00e9cembre", "decembre", "d\u00e9c", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_WORD_DATE = re.compile(r"^(?:[^\W\d]+\.?,?\s+)?(?P<day>\d{1,2})(?:er)?\s+(?P<month>[^\W\d]+)\.?\s+(?P<year>\d{4})")


def parse_date(raw: str, order: DateOrder = "dmy") -> tuple[date | None, bool]:
    """Read a date; return (date or None when blank, whether a time of day was given).

    Accepts ISO 8601, day-first (French) or month-first numeric dates per `order`,
    "14 mars 2024", unix epochs in seconds or milliseconds, and Excel serials (45363.5).
    """
    value = raw.strip()
    if not value:
        return None, False
    if _NUMBER.match(value):
        return _parse_number_date(value)
    parsed = _parse_iso(value) or _parse_numeric(value, order) or _parse_words(value)
    if parsed is None:
        raise CellError("date_unreadable", _shorten(value))
    return parsed


def _parse_number_date(value: str) -> tuple[date, bool]:
    number = float(value.replace(",", "."))
    if 20_000 <= number < 80_000:  # Excel serial: 1954-10-03 .. 2119-01-10
        return (_EXCEL_EPOCH + timedelta(days=number)).date(), number != int(number)
    if 1e12 <= number < 4.2e12:  # epoch milliseconds (2001..2103)
        number /= 1000
    if 9.4e8 <= number < 4.2e9:  # epoch seconds (1999..2103)
        return datetime.fromtimestamp(number, tz=timezone.utc).date(), True
    raise CellError("date_unreadable", value)


def _parse_iso(value: str) -> tuple[date, bool] | None:
    if len(value) < 10 or value[4] != "-":
        return None
    try:
        moment = datetime.fromisoformat(value.replace(" UTC", "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.date(), len(value) > 10


def _parse_numeric(value: str, order: DateOrder) -> tuple[date, bool] | None:
    match = _NUMERIC_DATE.match(value)
    if not match:
        return None
    a, b = int(match["a"]), int(match["b"])
    day, month = (a, b) if order == "dmy" else (b, a)
    year = int(match["year"])
    year += 2000 if year < 100 else 0
    try:
        return date(year, month, day), match["h"] is not None
    except ValueError:
        return None


def _parse_words(value: str) -> tuple[date, bool] | None:
    match = _WORD_DATE.match(value.lower())
    if not match or match["month"] not in _MONTHS:
        return None
    try:
        moment = date(int(match["year"]), _MONTHS[match["month"]], int(match["day"]))
    except ValueError:
        return None
    return moment, ":" in value


def infer_date_order(samples: list[str]) -> DateOrder:
    """Day-first unless some value can only be month-first (e.g. 03/14/2024), or the
    values are ambiguous and use AM/PM, a US habit (SurveyMonkey).

    Deciding per column, not per cell, keeps 03/04 consistent within one export.
    """
    day_first_possible = month_first_possible = True
    twelve_hour = False
    for sample in samples:
        match = _NUMERIC_DATE.match(sample.strip())
        if not match:
            continue
        a, b = int(match["a"]), int(match["b"])
        day_first_possible &= b <= 12
        month_first_possible &= a <= 12
        twelve_hour |= match["ampm"] is not None
    if month_first_possible and (not day_first_possible or twelve_hour):
        return "mdy"
    return "dmy"


def looks_like_date(value: str) -> bool:
    """Value shape used by column detection: a non-numeric date (numbers are ambiguous)."""
    value = value.strip()
    if not value or _NUMBER.match(value):
        return False
    try:
        return parse_date(value)[0] is not None
    except CellError:
        return parse_date_or_none(value, "mdy") is not None


def parse_date_or_none(value: str, order: DateOrder) -> date | None:
    try:
        return parse_date(value, order)[0]
    except CellError:
        return None


def looks_like_score(value: str) -> bool:
    try:
        parse_score(value)
    except CellError:
        return False
    return True
