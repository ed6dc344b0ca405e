"""Exports of a workshop's data as JSON and CSV text, for spreadsheets and archives.

Author names leave the app only when the report allows names, as in the PDFs. CSV cells a
spreadsheet would take for a formula (starting with = + - @, tab or carriage return) are
prefixed with a quote. Encode the CSV as ``utf-8-sig`` when serving it, so Excel reads accents.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence

from .data import Note, WorkshopReport

FORMAT = "facilitator.workshop-report"
FORMAT_VERSION = 1
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _visible_notes(report: WorkshopReport) -> tuple[Note, ...]:
    if report.show_names:
        return report.notes
    return tuple(dataclasses.replace(n, author_name=None) for n in report.notes)


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None  # a photo's image: in the detailed PDF, not in the data export
    raise TypeError(f"cannot export {type(value).__name__}")


def export_json(report: WorkshopReport) -> str:
    """All the workshop's data as indented JSON (UTF-8 text, fields in a stable order)."""
    data = dataclasses.asdict(dataclasses.replace(report, notes=_visible_notes(report)))
    document = {"format": FORMAT, "version": FORMAT_VERSION, "workshop": data}
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def guard_cell(value: object) -> str:
    """A CSV cell that no spreadsheet will evaluate as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) or text.lstrip().startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([guard_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _solutions_csv(report: WorkshopReport) -> str:
    header = ("id", "title", "description", "irritant", "stage", "work_stream", "channel",
              "origins", "votes", "impact", "effort", "owner", "horizon")
    rows = []
    for s in sorted(report.solutions, key=lambda s: s.id):
        q = s.qualification
        origins = "; ".join(f"T{o.table_number}/R{o.round_number}" for o in s.origins)
        rows.append((s.id, s.title, s.description, s.irritant, s.stage, s.work_stream,
                     s.channel, origins, s.votes, q.impact if q else "", q.effort if q else "",
                     q.owner if q else "", q.horizon if q else ""))
    return _csv(header, rows)


def _syntheses_csv(report: WorkshopReport) -> str:
    header = ("round", "question", "table_number", "table_name", "host", "kind", "position",
              "text")
    rows = []
    for r in sorted(report.rounds, key=lambda r: r.number):
        for syn in sorted(r.syntheses, key=lambda s: s.table_number):
            table = report.table(syn.table_number)
            where = (r.number, r.question, syn.table_number, table.name if table else "",
                     table.host_name if table else "")
            rows += [(*where, "key_point", i, text) for i, text in enumerate(syn.key_points, 1)]
            rows += [(*where, "solution", i, text) for i, text in enumerate(syn.solutions, 1)]
    return _csv(header, rows)


def _notes_csv(report: WorkshopReport) -> str:
    header = ("round", "table_number", "table_name", "text", "author")
    notes = sorted(_visible_notes(report), key=lambda n: (n.round_number, n.table_number))
    rows = []
    for n in notes:
        table = report.table(n.table_number)
        rows.append((n.round_number, n.table_number, table.name if table else "", n.text,
                     n.author_name or ""))
    return _csv(header, rows)


def export_csv(report: WorkshopReport) -> dict[str, str]:
    """One CSV text per kind of record, keyed by file name, ready to zip."""
    return {
        "solutions.csv": _solutions_csv(report),
        "syntheses.csv": _syntheses_csv(report),
        "notes.csv": _notes_csv(report),
    }
