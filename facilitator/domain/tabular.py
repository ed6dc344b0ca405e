"""Read delimited text files (CSV, TSV) the way people really export them.

Excel in French writes `;` and cp1252, survey tools write UTF-16 TSV, comments hold
newlines inside quotes: this module turns such bytes into a header and numbered rows.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

#: Candidate delimiters, in the order that breaks ties (French Excel first).
DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")

# A Python `csv` field is capped at 128 KiB by default; one long comment must not
# abort a 100,000-row import, so allow up to 8 MiB per field.
_FIELD_SIZE_LIMIT = 8 * 1024 * 1024
#: No real export has more columns; a wider record is a hostile or broken file whose cells
#: would cost memory and time in every later step (a line of 20 million `;` is 20 MB).
MAX_COLUMNS = 500
# The delimiter is guessed from the header line; a header longer than this is not a header.
_HEADER_SCAN = 64 * 1024

# Cells that spreadsheet software would evaluate as a formula (OWASP "CSV injection").
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


class TabularError(ValueError):
    """The bytes cannot be read as a table; the message is fit to show a user.

    `code` ("empty", "binary", "malformed") lets a caller show its own translation.
    """

    def __init__(self, message: str, code: str = "malformed", line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.line = line


@dataclass(frozen=True, slots=True)
class Row:
    """One record: `line` is the physical line where it starts (header = line 1)."""

    line: int
    cells: list[str]


@dataclass(slots=True)
class Table:
    """A decoded table: the header record and the data records that follow it."""

    encoding: str
    delimiter: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes, returning (text, encoding name).

    Order: a BOM (utf-8-sig, utf-16), strict UTF-8, cp1252, latin-1. Charset guessers
    mislabel short French cp1252 files, so this fixed order is deliberate.
    """
    if not data or not data.strip(b" \t\r\n\x00"):
        raise TabularError("The file is empty.", code="empty")
    for encoding, text in _candidate_decodings(data):
        if "\x00" in text:
            continue  # NULs in decoded text mean the guess was wrong or the file is binary
        return text, encoding
    raise TabularError(
        "The file is not text (binary content); export it as CSV or XLSX.", code="binary"
    )


def _candidate_decodings(data: bytes) -> Iterator[tuple[str, str]]:
    """Yield (encoding, text) for every decoding of `data` that succeeds, best first."""
    if data.startswith(codecs.BOM_UTF8):
        yield "utf-8-sig", data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
        return
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield "utf-16", data.decode("utf-16", errors="replace")
        return
    bomless_utf16 = _bomless_utf16(data)
    if bomless_utf16:
        try:
            yield bomless_utf16, data.decode(bomless_utf16)
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            yield encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue


def _bomless_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.6 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def detect_delimiter(text: str) -> str:
    """Return the delimiter counted most often outside quotes in the header line.

    `csv.Sniffer` fails on `;` files with quoted multi-line comments; the header line
    alone is sturdier. Ties go to the earlier entry of DELIMITERS; no candidate -> ",".
    """
    counts = dict.fromkeys(DELIMITERS, 0)
    in_quotes = False
    for char in text[:_HEADER_SCAN]:
        if char == '"':
            in_quotes = not in_quotes  # a doubled "" toggles twice: still right
        elif in_quotes:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] else ","


def check_width(text: str, delimiter: str, max_columns: int = MAX_COLUMNS) -> None:
    """Refuse, before parsing, a text where some record must be wider than `max_columns`.

    More delimiters than `max_columns` per line on average means at least one line holds
    more (str.count runs at C speed, so this costs nothing on a sane file).
    """
    if text.count(delimiter) > max_columns * (text.count("\n") + 1):
        raise TabularError(f"A line has more than {max_columns} columns.",
                           code="too_many_columns")


def iter_rows(text: str, delimiter: str, max_columns: int = MAX_COLUMNS) -> Iterator[Row]:
    """Yield the non-blank records of `text` with the line where each one starts.

    Blank records (no cell with content, e.g. Excel's trailing `;;;;`) are skipped:
    they are layout, not data, and their lines still count. A record wider than
    `max_columns` is an error (TabularError "too_many_columns").
    """
    check_width(text, delimiter, max_columns)
    csv.field_size_limit(_FIELD_SIZE_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines_read = 0
    while True:
        start = lines_read + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = f"Line {start}: the file cannot be read as CSV ({error})."
            raise TabularError(message, code="malformed", line=start) from error
        lines_read = reader.line_num
        if len(cells) > max_columns:
            raise TabularError(f"Line {start} has more than {max_columns} columns.",
                               code="too_many_columns", line=start)
        if any(cell.strip() for cell in cells):
            yield Row(line=start, cells=cells)


def read_table(data: bytes, delimiter: str | None = None, max_rows: int | None = None) -> Table:
    """Decode bytes and split them into a header and data rows.

    The first non-blank record is the header; its cells are stripped. `delimiter`
    overrides detection (the user may know better). More than `max_rows` data rows is an
    error (TabularError "too_many_rows"), found before they are all held in memory.
    """
    text, encoding = decode(data)
    delimiter = delimiter or detect_delimiter(text)
    rows = iter_rows(text, delimiter)
    first = next(rows, None)
    if first is None:
        raise TabularError("The file has no rows.", code="empty")
    header = [cell.strip() for cell in first.cells]
    kept = list(itertools.islice(rows, max_rows)) if max_rows is not None else list(rows)
    if max_rows is not None and next(rows, None) is not None:
        raise TabularError(f"The file has more than {max_rows} rows.", code="too_many_rows")
    return Table(encoding=encoding, delimiter=delimiter, header=header, rows=kept)


def sanitize_cell(value: str) -> str:
    """Make a cell safe for CSV re-export: prefix would-be formulas with a quote.

    Plain numbers such as `-3` or `+33,5` are left alone, since spreadsheets read them as
    numbers, not formulas, and quoting them would corrupt figures.
    """
    if value.startswith(_FORMULA_PREFIXES) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value
