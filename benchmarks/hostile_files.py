"""Builders of hostile upload files (issue 17), shared by the benchmark
(benchmarks/hostile_inputs.py, full size against the production server) and the unit tests
(tests/unit/test_hostile_files.py, small sizes against the parsers). Pure Python plus
openpyxl; no app."""
from __future__ import annotations

import io
import json
from collections.abc import Callable


def workbook(cells: dict[str, object]) -> bytes:
    """An .xlsx with these cells ({"A1": "Score", "XFD1048576": "x"})."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def last_cell_workbook() -> bytes:
    """One response, and one value in the last possible cell: the sheet's dimensions."""
    return workbook({"A1": "Score", "B1": "Comment", "A2": 9, "B2": "ok", "XFD1048576": "x"})


def sparse_workbook(rows: int, width: int = 490) -> bytes:
    """A score in A and a comment `width` columns right, on rows spread over the whole
    sheet (the empty rows between are absent, as a write-only sheet writes them)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Score", "Comment"])
    step = 1_048_000 // rows
    for i in range(rows):
        row: list = [None] * width
        row[0], row[-1] = i % 11, f"commentaire {i}"
        sheet.append(row)
        for _ in range(step - 1):
            sheet.append([])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def empty_rows_workbook(empty_rows: int) -> bytes:
    """A header, `empty_rows` empty <row/> elements, then one response."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Score", "Comment"])
    for _ in range(empty_rows):
        sheet.append([])
    sheet.append([9, "Bien"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def key_explosion(objects: int) -> bytes:
    """A JSON list whose objects each bring one new key: an N x N table if read naively."""
    return json.dumps([{"score": i % 11, f"k{i}": "x"} for i in range(objects)]).encode()


def deep_json(depth: int) -> bytes:
    """Lists nested `depth` deep under "responses"."""
    return b'{"responses": ' + b"[" * depth + b"]" * depth + b"}"


def huge_roster(rows: int) -> bytes:
    return ("name,department,role\n" + "".join(f"Person {i},Sales,participant\n"
                                               for i in range(rows))).encode()


def long_line(delimiters: int) -> bytes:
    """A CSV whose one data line holds `delimiters` semicolons."""
    return b"score;comment\n9;" + b";" * delimiters + b"\n"


def long_header(length: int) -> bytes:
    """A CSV whose header's third name is `length` bytes long, then one good line."""
    return b"score;comment;" + b"x" * length + b"\n9;ok;y\n"


def catalogue(quick: bool = False) -> list[tuple[str, str, str, Callable[[], bytes]]]:
    """Every class the benchmark measures: (class, kind, filename, builder of the bytes);
    kind is "feedback" or "roster". Built on demand: the sparse workbook takes seconds.
    `quick`: smaller files."""
    return [
        ("spreadsheet dimensions", "feedback", "last-cell.xlsx", last_cell_workbook),
        ("sparse cells", "feedback", "sparse.xlsx",
         lambda: sparse_workbook(200 if quick else 1000)),
        ("JSON keys", "feedback", "keys.json",
         lambda: key_explosion(8_000 if quick else 40_000)),
        ("huge roster", "roster", "roster.csv", lambda: huge_roster(20_000)),
        ("deep JSON", "feedback", "deep.json", lambda: deep_json(1_000_000)),
        ("long lines", "feedback", "long.csv",
         lambda: long_line(5_000_000 if quick else 15_000_000)),
        ("long header", "feedback", "header.csv",
         lambda: long_header(5_000_000 if quick else 15_000_000)),
    ]
