"""Turn a feedback export (CSV, TSV, XLSX or JSON bytes) into responses and rejections.

Records stream through once: survey-tool header rows are merged, columns detected on
the first rows, then each record is accepted or rejected with its line number.
"""
from __future__ import annotations

import hashlib
import io
import itertools
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from ..tabular import MAX_COLUMNS, Row, TabularError, decode, detect_delimiter, iter_rows
from .columns import ColumnGuess, ColumnMapping, detect_columns, fold
from .errors import FeedbackFileError
from .model import ImportResult, Rejection, Response
from .values import CellError, DateOrder, infer_date_order, parse_date, parse_score

MAX_ROWS = 100_000
Progress = Callable[[int, int | None], None]
"""Called as progress(rows_done, total) every PROGRESS_EVERY rows and at the end;
total is an upper bound (physical lines for CSV, sheet rows for XLSX) or None."""
PROGRESS_EVERY = 1_000

# A workbook is a zip: a few KB can inflate to gigabytes. Sheets are streamed, shared
# strings are held whole, so each has its own ceiling (real exports stay far below).
XLSX_MAX_SHEET_BYTES = 160 * 1024 * 1024
XLSX_MAX_STRINGS_BYTES = 48 * 1024 * 1024
# Objects nested deeper than this are not survey answers.
JSON_MAX_DEPTH = 8
# Row elements an XLSX sheet may hold, empty ones included: each costs the parser time even
# when it holds nothing (a sheet of a million `<row/>` took a minute).
XLSX_MAX_ROW_ELEMENTS = 2 * MAX_ROWS
# Column titles are matched word by word; past this length a "title" is data, and keeping
# all of it would make detection cost seconds (a 5 MB header cell).
HEADER_MAX_LENGTH = 300
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls and password-protected workbooks
_ZIP_MAGIC = b"PK\x03\x04"
_SAMPLE_ROWS = 200
# Second header row of SurveyMonkey-like exports ("Response", "Open-Ended Response").
_SUBHEADER_LABELS = {
    "response", "open-ended response", "other (please specify)", "reponse",
    "reponse ouverte", "autre (veuillez preciser)", "reponse libre",
}
# Without an id, a time of day or a real sentence, identical rows are different people
# ("9", no comment): such rows are numbered by occurrence instead of flagged.
_MIN_IDENTIFYING_WORDS = 5


@dataclass(slots=True)
class _Source:
    format: str
    records: Iterator[Row]
    total: int | None
    encoding: str | None = None
    delimiter: str | None = None


def load_feedback(
    data: bytes,
    filename: str = "",
    mapping: Mapping[str, str | int | None] | None = None,
    progress: Progress | None = None,
    max_rows: int = MAX_ROWS,
) -> ImportResult:
    """Read a feedback file; raise FeedbackFileError when the file itself is unusable.

    `mapping` overrides detected columns ({"score": "Note", "date": None}); the result's
    `columns.needs_confirmation` tells the web layer to show its mapping screen.
    """
    source = _open_source(data, filename)
    header_rows, records = _split_header(source.records)
    header = _merge_header(header_rows)
    first_rows = list(itertools.islice(records, _SAMPLE_ROWS))
    guess = detect_columns(header, [row.cells for row in first_rows], mapping)
    if guess.mapping.score is None:
        raise FeedbackFileError("no_score_column")
    reader = _RowReader(guess.mapping, _date_order(guess.mapping, first_rows))
    for count, row in enumerate(itertools.chain(first_rows, records), start=1):
        if count > max_rows:
            raise FeedbackFileError("too_many_rows", limit=max_rows)
        reader.read(row)
        if progress and count % PROGRESS_EVERY == 0:
            progress(count, source.total)
    if progress:
        progress(len(reader.responses) + len(reader.rejected), source.total)
    return ImportResult(
        format=source.format,
        columns=guess,
        responses=reader.responses,
        rejected=reader.rejected,
        encoding=source.encoding,
        delimiter=source.delimiter,
        header_lines=header_rows[-1].line,
    )


def dedup_known(
    responses: Iterable[Response], known_hashes: set[str]
) -> tuple[list[Response], list[Response]]:
    """Split responses into (new, already imported) by content hash, for re-imports."""
    new: list[Response] = []
    known: list[Response] = []
    for response in responses:
        (known if response.content_hash in known_hashes else new).append(response)
    return new, known


# -- sources -------------------------------------------------------------------------

def _open_source(data: bytes, filename: str) -> _Source:
    if data.startswith(_OLE_MAGIC):
        raise FeedbackFileError("legacy_excel")
    if data.startswith(_ZIP_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_source(data)
    try:
        text, encoding = decode(data)
    except TabularError as error:
        raise FeedbackFileError(error.code, line=error.line) from error
    if text.lstrip()[:1] in ("[", "{") or filename.lower().endswith(".json"):
        return _json_source(text, encoding)
    delimiter = detect_delimiter(text)
    return _Source("csv", _guarded(iter_rows(text, delimiter)), text.count("\n") + 1,
                   encoding, delimiter)


def _guarded(rows: Iterator[Row]) -> Iterator[Row]:
    """Re-raise a CSV syntax error as a translated file error."""
    try:
        yield from rows
    except TabularError as error:
        raise FeedbackFileError(error.code, line=error.line, limit=MAX_COLUMNS) from error


def _xlsx_source(data: bytes) -> _Source:
    import openpyxl  # lazy: only XLSX uploads pay its import time
    from openpyxl.utils.exceptions import InvalidFileException

    _check_inflated_sizes(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FeedbackFileError("bad_xlsx") from error
    sheet = workbook.worksheets[0]

    def records() -> Iterator[Row]:
        try:
            for line, present in _present_cells(workbook, sheet):
                cells = [""] * (present[-1][0] + 1)
                for column, value in present:
                    cells[column] = _cell_text(value)
                if any(cells):
                    yield Row(line=line, cells=cells)
        finally:
            workbook.close()

    return _Source("xlsx", records(), sheet.max_row)


def _check_inflated_sizes(data: bytes) -> None:
    """Refuse a workbook whose sheets or shared strings inflate past their ceilings."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FeedbackFileError("bad_xlsx") from error
    for info in parts:
        name = info.filename.lower()
        limit = (XLSX_MAX_STRINGS_BYTES if name.endswith("sharedstrings.xml")
                 else XLSX_MAX_SHEET_BYTES)
        if info.file_size > limit:
            raise FeedbackFileError("xlsx_too_large", limit=max(1, limit // (1024 * 1024)))
        if name.startswith("xl/worksheets/") and _row_elements(data, info) > XLSX_MAX_ROW_ELEMENTS:
            raise FeedbackFileError("xlsx_too_many_rows", limit=XLSX_MAX_ROW_ELEMENTS)


def _row_elements(data: bytes, info: zipfile.ZipInfo) -> int:
    """Row elements in a sheet part, counted at C speed while it inflates: openpyxl spends
    a fraction of a millisecond on each, even an empty `<row/>`."""
    count, tail = 0, b""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(info) as part:
        while chunk := part.read(1 << 20):
            window = tail + chunk
            count += window.count(b"<row ") + window.count(b"<row>") + window.count(b":row ")
            # A tag cut between two chunks is counted once: keep only what cannot hold one.
            tail = chunk[-5:]
            count -= tail.count(b"<row ") + tail.count(b"<row>") + tail.count(b":row ")
    return count


def _present_cells(workbook, sheet) -> Iterator[tuple[int, list[tuple[int, object]]]]:
    """(row number, [(0-based column, value)]) for the cells the sheet file holds.

    openpyxl's own iter_rows pads every missing row and cell up to the sheet's dimension:
    one value in XFD1048576 would cost 17 billion cells. The worksheet parser it uses
    yields only the cells present, so the cost follows the file's size.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True,
                                 epoch=workbook.epoch, date_formats=workbook._date_formats,
                                 timedelta_formats=workbook._timedelta_formats)
        for scanned, (line, row) in enumerate(parser.parse(), start=1):
            if scanned > XLSX_MAX_ROW_ELEMENTS:
                raise FeedbackFileError("xlsx_too_many_rows", limit=XLSX_MAX_ROW_ELEMENTS)
            present = [(cell["column"] - 1, cell["value"]) for cell in row
                       if cell["value"] is not None]
            if not present:
                continue
            if max(column for column, _ in present) >= MAX_COLUMNS:
                raise FeedbackFileError("too_many_columns", line=line, limit=MAX_COLUMNS)
            present.sort(key=lambda cell: cell[0])
            yield line, present


def _cell_text(value: object) -> str:
    """Spreadsheet values as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def _json_source(text: str, encoding: str) -> _Source:
    """A list of objects, or {"responses": [...]}; a record's "line" is its position."""
    try:
        payload = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:  # nested past Python's stack
        raise FeedbackFileError("bad_json") from error
    if isinstance(payload, dict):
        payload = payload.get("responses")
    if not isinstance(payload, list) or not all(isinstance(item, dict) for item in payload):
        raise FeedbackFileError("bad_json")
    flat: list[dict[str, str]] = []
    keys: dict[str, None] = {}
    for item in payload:
        flat.append(_flatten(item))
        keys.update(dict.fromkeys(flat[-1]))
        # Each object may bring new keys: past MAX_COLUMNS the table would be N x N.
        if len(keys) > MAX_COLUMNS:
            raise FeedbackFileError("too_many_columns", line=len(flat), limit=MAX_COLUMNS)
    header = list(keys)

    def rows() -> Iterator[Row]:
        # Header is "line" 0 so the first object is record 1, as a user would count them.
        yield Row(line=0, cells=header)
        for index, item in enumerate(flat, start=1):
            yield Row(line=index, cells=[item.get(key, "") for key in header])

    return _Source("json", rows(), len(flat), encoding)


def _flatten(item: dict[str, object], prefix: str = "", depth: int = 0) -> dict[str, str]:
    if depth >= JSON_MAX_DEPTH:
        raise FeedbackFileError("json_too_deep", limit=JSON_MAX_DEPTH)
    flat: dict[str, str] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + ".", depth + 1))
        elif isinstance(value, list):
            flat[name] = ", ".join(_list_part(part, depth + 1) for part in value)
        else:
            flat[name] = _cell_text(value)
        if len(flat) > MAX_COLUMNS:
            raise FeedbackFileError("too_many_columns", line=0, limit=MAX_COLUMNS)
    return flat


def _list_part(value: object, depth: int) -> str:
    """A list's item as text; nested containers are bounded like objects."""
    if isinstance(value, (list, dict)):
        if depth >= JSON_MAX_DEPTH:
            raise FeedbackFileError("json_too_deep", limit=JSON_MAX_DEPTH)
        items = value.values() if isinstance(value, dict) else value
        return ", ".join(_list_part(part, depth + 1) for part in items)
    return _cell_text(value)


# -- header rows ---------------------------------------------------------------------

def _split_header(records: Iterator[Row]) -> tuple[list[Row], Iterator[Row]]:
    """Return the header records (1 to 3) and the data records after them.

    Qualtrics adds question texts and an `{"ImportId": ...}` row; SurveyMonkey adds a
    row of "Response" / "Open-Ended Response" labels.
    """
    first = next(records, None)
    if first is None:
        raise FeedbackFileError("empty")
    peeked = list(itertools.islice(records, 2))
    header = [first]
    for index, row in enumerate(peeked):
        if any(cell.strip().startswith('{"ImportId"') for cell in row.cells):
            header += peeked[: index + 1]
            peeked = peeked[index + 1:]
            break
    else:
        if peeked and _is_subheader(peeked[0]):
            header.append(peeked.pop(0))
    return header, itertools.chain(peeked, records)


def _is_subheader(row: Row) -> bool:
    filled = [fold(cell.strip()) for cell in row.cells if cell.strip()]
    labelled = sum(cell in _SUBHEADER_LABELS for cell in filled)
    return bool(filled) and labelled >= max(1, len(filled) // 2)


def _merge_header(rows: list[Row]) -> list[str]:
    """One name per column: SurveyMonkey question (carried right) | sub-label;
    Qualtrics short id | question text (the ImportId row is dropped)."""
    width = max(len(row.cells) for row in rows)
    texts = [[cell[:HEADER_MAX_LENGTH] for cell in row.cells] + [""] * (width - len(row.cells))
             for row in rows]
    texts = [cells for cells in texts if not any(c.strip().startswith('{"ImportId"') for c in cells)]
    if len(texts) == 1:
        return [cell.strip() for cell in texts[0]]
    top, below = texts[0], texts[1]
    is_surveymonkey = len(rows) == 2
    names, carried = [], ""
    for upper, lower in zip(top, below):
        upper, lower = upper.strip(), lower.strip()
        if is_surveymonkey and not upper:
            upper = carried  # a question's sub-columns leave the top cell empty
        carried = upper or carried
        names.append(" | ".join(part for part in (upper, lower) if part))
    return names


def _date_order(mapping: ColumnMapping, rows: list[Row]) -> DateOrder:
    if mapping.date is None:
        return "dmy"
    index = mapping.date
    return infer_date_order([row.cells[index] for row in rows if index < len(row.cells)])


# -- rows ----------------------------------------------------------------------------

class _RowReader:
    """Accepts or rejects records one at a time, remembering hashes for duplicates."""

    def __init__(self, mapping: ColumnMapping, date_order: DateOrder) -> None:
        self.mapping = mapping
        self.date_order = date_order
        self.responses: list[Response] = []
        self.rejected: list[Rejection] = []
        self._first_line: dict[str, int] = {}
        self._occurrences: dict[str, int] = {}

    def _cell(self, cells: list[str], field: str) -> str:
        index = self.mapping.get(field)  # type: ignore[arg-type]
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def read(self, row: Row) -> None:
        cells = row.cells
        try:
            score = parse_score(self._cell(cells, "score"))
            day, has_time = parse_date(self._cell(cells, "date"), self.date_order)
        except CellError as error:
            params = {"value": error.value} if error.value else {}
            self.rejected.append(Rejection(row.line, error.code, params))
            return
        comment = self._cell(cells, "comment").replace("\r\n", "\n").replace("\r", "\n")
        segment = self._cell(cells, "segment")
        respondent = self._cell(cells, "respondent")
        moment = self._cell(cells, "date") if has_time else (day.isoformat() if day else "")
        key = "\x1f".join((str(score), " ".join(comment.split()).casefold(), moment,
                           segment.casefold(), respondent.casefold()))
        if respondent or has_time or len(comment.split()) >= _MIN_IDENTIFYING_WORDS:
            if key in self._first_line:
                line = self._first_line[key]
                self.rejected.append(Rejection(row.line, "duplicate", {"line": line}))
                return
            self._first_line[key] = row.line
        else:
            occurrence = self._occurrences.get(key, 0) + 1
            self._occurrences[key] = occurrence
            key += f"\x1f#{occurrence}"
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()
        self.responses.append(
            Response(row.line, score, comment, day, segment, respondent, digest)
        )
