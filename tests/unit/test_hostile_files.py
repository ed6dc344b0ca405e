"""Hostile or broken files are refused with a reason, in bounded time and memory.

The figures (time, peak memory, phones' latency meanwhile) live in
benchmarks/hostile_inputs.py; these tests pin what each bound answers.
"""
import io
import json
import zipfile

import pytest

from facilitator.domain.diagnostic import FeedbackFileError, load_feedback
from facilitator.domain.diagnostic import importer
from facilitator.domain.roster import MAX_PEOPLE_ON_ROSTER, RosterFileError, parse_roster
from facilitator.domain.tabular import MAX_COLUMNS, TabularError, read_table


def _workbook(cells: dict[str, object]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refusal(data: bytes, filename: str = "") -> FeedbackFileError:
    with pytest.raises(FeedbackFileError) as error:
        load_feedback(data, filename=filename)
    assert error.value.message("fr") and error.value.message("en")
    return error.value


def test_a_stray_cell_far_right_is_refused_not_padded():
    data = _workbook({"A1": "Score", "B1": "Comment", "A2": 9, "XFD1048576": "x"})
    error = _refusal(data)
    assert error.code == "too_many_columns" and error.params["line"] == 1048576


def test_a_sparse_sheet_keeps_its_real_row_numbers():
    data = _workbook({"A1": "Score", "B1": "Comment", "A2": 9, "B2": "Bien",
                      "A1048576": 7, "B1048576": "Loin en bas"})
    imported = load_feedback(data)
    assert [r.line for r in imported.responses] == [2, 1048576]


def test_a_sheet_of_empty_row_elements_is_refused_by_count(monkeypatch):
    from openpyxl import Workbook

    monkeypatch.setattr(importer, "XLSX_MAX_ROW_ELEMENTS", 1000)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Score", "Comment"])
    for _ in range(1500):
        sheet.append([])  # an empty <row/> element each
    sheet.append([9, "Bien"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert _refusal(buffer.getvalue()).code == "xlsx_too_many_rows"


def test_a_workbook_that_inflates_past_its_ceiling_is_refused(monkeypatch):
    monkeypatch.setattr(importer, "XLSX_MAX_SHEET_BYTES", 10_000)
    data = _workbook({f"A{i}": i % 11 for i in range(1, 2000)} | {"A1": "Score"})
    assert _refusal(data).code == "xlsx_too_large"


def test_a_zip_that_is_no_workbook_is_still_a_bad_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert _refusal(buffer.getvalue(), "x.xlsx").code == "bad_xlsx"


def test_json_objects_each_bringing_a_new_key_are_refused_early():
    payload = [{"score": 9, f"extra{i}": "x"} for i in range(MAX_COLUMNS + 10)]
    error = _refusal(json.dumps(payload).encode())
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
    data = b'{"responses": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert _refusal(data).code == "bad_json"


def test_shallow_nesting_still_reads():
    data = json.dumps([{"answers": {"nps": {"score": 9}}, "comment": "Bien"}]).encode()
    imported = load_feedback(data, mapping={"score": "answers.nps.score"})
    assert [r.score for r in imported.responses] == [9]


def test_a_line_of_a_million_delimiters_is_refused_before_parsing():
    data = b"score;comment\n9;" + b";" * 1_000_000 + b"\n"
    assert _refusal(data).code == "too_many_columns"
    with pytest.raises(TabularError) as error:
        read_table(b"a,b\n1," + b"," * (MAX_COLUMNS + 1) + b"\n" + b"1,2\n" * 2)
    assert error.value.code == "too_many_columns"


def test_a_header_line_of_megabytes_is_read_without_scanning_it_all():
    data = b"score;comment;" + b"x" * 5_000_000 + b"\n9;ok;y\n"
    imported = load_feedback(data)
    assert [r.score for r in imported.responses] == [9]


def test_a_roster_longer_than_a_roster_can_be_is_refused_whole():
    rows = "".join(f"Person {i},Sales,participant\n" for i in range(MAX_PEOPLE_ON_ROSTER + 1))
    with pytest.raises(RosterFileError) as error:
        parse_roster(("name,department,role\n" + rows).encode())
    assert error.value.code == "too_many_people"
    existing = {f"Someone {i}" for i in range(MAX_PEOPLE_ON_ROSTER - 1)}
    with pytest.raises(RosterFileError):
        parse_roster(b"name,department,role\nA,B,participant\nC,D,participant\n", existing)
    ok = parse_roster(b"name,department,role\nA,B,participant\n", existing)
    assert [p.name for p in ok.people] == ["A"]
