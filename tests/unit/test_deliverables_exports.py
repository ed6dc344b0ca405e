"""JSON and CSV exports of a workshop's data."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from facilitator.domain.deliverables import export_csv, export_json, sample_report
from facilitator.domain.deliverables.data import Note
from facilitator.domain.deliverables.exports import guard_cell


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_json_export_holds_every_record_and_round_trips():
    report = sample_report()
    data = json.loads(export_json(report))
    workshop = data["workshop"]
    assert data["format"] == "facilitator.workshop-report" and data["version"] == 1
    assert workshop["date"] == "2025-03-14"
    assert len(workshop["solutions"]) == len(report.solutions)
    assert len(workshop["notes"]) == len(report.notes)
    assert workshop["rounds"][0]["question"] == report.rounds[0].question
    assert "é" in export_json(report)  # UTF-8 text, not \\u escapes


def test_exports_leave_author_names_out_unless_allowed():
    report = sample_report()
    notes = json.loads(export_json(report))["workshop"]["notes"]
    assert all(n["author_name"] is None for n in notes)
    assert all(row["author"] == "" for row in _rows(export_csv(report)["notes.csv"]))
    named = dataclasses.replace(report, show_names=True)
    assert _rows(export_csv(named)["notes.csv"])[0]["author"] == report.notes[0].author_name


def test_csv_export_has_solutions_syntheses_and_notes():
    report = sample_report()
    files = export_csv(report)
    assert set(files) == {"solutions.csv", "syntheses.csv", "notes.csv"}
    solutions = _rows(files["solutions.csv"])
    by_id = sorted(report.solutions, key=lambda s: s.id)
    assert [r["title"] for r in solutions] == [s.title for s in by_id]
    assert solutions[0]["origins"] == "T1/R1; T1/R3"
    points = sum(len(s.key_points) + len(s.solutions) for r in report.rounds for s in r.syntheses)
    assert len(_rows(files["syntheses.csv"])) == points
    assert len(_rows(files["notes.csv"])) == len(report.notes)


def test_csv_cells_that_look_like_formulas_are_quoted():
    for cell in ("=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tcmd", " =1+1"):
        assert guard_cell(cell).startswith("'")
    assert guard_cell("Bonjour = salut") == "Bonjour = salut"
    assert guard_cell(12) == "12"
    report = dataclasses.replace(sample_report(), notes=(Note(1, 1, "=cmd|' /C calc'!A0"),))
    assert _rows(export_csv(report)["notes.csv"])[0]["text"] == "'=cmd|' /C calc'!A0"
