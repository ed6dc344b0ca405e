"""Hostile or broken files are refused with a reason, in bounded time and memory.

The figures (time, peak memory, phones' latency meanwhile) live in
benchmarks/hostile_inputs.py; these tests pin what each bound answers.
"""
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from facilitator.domain.diagnostic import FeedbackFileError, load_feedback
from facilitator.domain.diagnostic import importer
from facilitator.domain.roster import MAX_PEOPLE_ON_ROSTER, RosterFileError, parse_roster
from facilitator.domain.tabular import MAX_COLUMNS, TabularError, read_table

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import hostile_files as hostile  # noqa: E402 - the benchmark's builders, at small sizes


def _refusal(data: bytes, filename: str = "") -> FeedbackFileError:
    with pytest.raises(FeedbackFileError) as error:
        load_feedback(data, filename=filename)
    assert error.value.message("fr") and error.value.message("en")
    return error.value


def test_a_stray_cell_far_right_is_refused_not_padded():
    error = _refusal(hostile.last_cell_workbook())
    assert error.code == "too_many_columns" and error.params["line"] == 1048576


def test_a_sparse_sheet_keeps_its_real_row_numbers():
    data = hostile.workbook({"A1": "Score", "B1": "Comment", "A2": 9, "B2": "Bien",
                      "A1048576": 7, "B1048576": "Loin en bas"})
    imported = load_feedback(data)
    assert [r.line for r in imported.responses] == [2, 1048576]


def test_a_sheet_of_empty_row_elements_is_refused_by_count(monkeypatch):
    monkeypatch.setattr(importer, "XLSX_MAX_ROW_ELEMENTS", 1000)
    assert _refusal(hostile.empty_rows_workbook(1500)).code == "xlsx_too_many_rows"


def test_a_workbook_that_inflates_past_its_ceiling_is_refused(monkeypatch):
    monkeypatch.setattr(importer, "XLSX_MAX_SHEET_BYTES", 10_000)
    data = hostile.workbook({f"A{i}": i % 11 for i in range(1, 2000)} | {"A1": "Score"})
    assert _refusal(data).code == "xlsx_too_large"


def test_a_zip_that_is_no_workbook_is_still_a_bad_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert _refusal(buffer.getvalue(), "x.xlsx").code == "bad_xlsx"


def test_json_objects_each_bringing_a_new_key_are_refused_early():
    error = _refusal(hostile.key_explosion(MAX_COLUMNS + 10))
    assert error.code == "too_many_columns"


def test_deeply_nested_json_is_refused():
    item: dict = {"score": 9}
    for _ in range(50):
        item = {"a": item}
    assert _refusal(json.dumps([item]).encode()).code == "json_too_deep"
    nested_list: list = [9]
    for _ in range(50):
        nested_list = [nested_list]
    data = json.dumps([{"score": 9, "tags": nested_list}]).encode()
    assert _refusal(data).code == "json_too_deep"


def test_json_nested_past_pythons_stack_is_bad_json():
    assert _refusal(hostile.deep_json(100_000)).code == "bad_json"


def test_shallow_nesting_still_reads():
    data = json.dumps([{"answers": {"nps": {"score": 9}}, "comment": "Bien"}]).encode()
    imported = load_feedback(data, mapping={"score": "answers.nps.score"})
    assert [r.score for r in imported.responses] == [9]


def test_a_line_of_a_million_delimiters_is_refused_before_parsing():
    assert _refusal(hostile.long_line(1_000_000)).code == "too_many_columns"
    with pytest.raises(TabularError) as error:
        read_table(b"a,b\n1," + b"," * (MAX_COLUMNS + 1) + b"\n" + b"1,2\n" * 2)
    assert error.value.code == "too_many_columns"


def test_a_header_line_of_megabytes_is_read_without_scanning_it_all():
    imported = load_feedback(hostile.long_header(5_000_000))
    assert [r.score for r in imported.responses] == [9]


def test_a_roster_longer_than_a_roster_can_be_is_refused_whole():
    with pytest.raises(RosterFileError) as error:
        parse_roster(hostile.huge_roster(MAX_PEOPLE_ON_ROSTER + 1))
    assert error.value.code == "too_many_people"
    existing = {f"Someone {i}" for i in range(MAX_PEOPLE_ON_ROSTER - 1)}
    with pytest.raises(RosterFileError):
        parse_roster(b"name,department,role\nA,B,participant\nC,D,participant\n", existing)
    ok = parse_roster(b"name,department,role\nA,B,participant\n", existing)
    assert [p.name for p in ok.people] == ["A"]
