"""Importing feedback exports: formats, encodings, header rows, rejections, dedup."""
import io
import json
from datetime import date
from pathlib import Path

import pytest

from facilitator.domain.diagnostic import (
    FeedbackFileError,
    dedup_known,
    detect_columns,
    load_feedback,
)
from facilitator.domain.diagnostic.values import CellError, infer_date_order, parse_date, parse_score

FIXTURES = Path(__file__).parents[1] / "fixtures" / "feedback"
LABELS = json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))


def load(name: str, **options):
    return load_feedback((FIXTURES / name).read_bytes(), filename=name, **options)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_every_fixture_gives_its_known_nps(name):
    imported = load(name)
    expected = LABELS[name]
    scores = [response.score for response in imported.responses]
    assert len(scores) == expected["responses"]
    assert sum(s >= 9 for s in scores) == expected["promoters"]
    assert sum(s <= 6 for s in scores) == expected["detractors"]
    assert not imported.columns.needs_confirmation


def test_excel_french_export_is_read_with_its_quirks():
    imported = load("excel_fr_cp1252.csv")
    assert (imported.encoding, imported.delimiter) == ("cp1252", ";")
    assert imported.columns.to_dict()["columns"] == {
        "score": "Note (0-10)", "comment": "Commentaire", "date": "Horodateur",
        "respondent": "Adresse e-mail", "segment": "Formation",
    }
    # line numbers follow the physical lines of multi-line comments
    assert [r.line for r in imported.responses][:4] == [2, 3, 5, 6]
    assert imported.responses[0].date == date(2024, 1, 8)
    assert "\n" in imported.responses[1].comment


def test_surveymonkey_second_header_row_and_us_dates():
    imported = load("surveymonkey.csv")
    assert imported.header_lines == 2
    assert imported.responses[0].line == 3
    assert imported.columns.header[9].startswith("How likely")
    assert imported.responses[0].date == date(2024, 1, 8)


def test_qualtrics_never_takes_the_nps_group_for_the_score():
    imported = load("qualtrics_utf16.tsv")
    assert imported.encoding == "utf-16" and imported.delimiter == "\t"
    assert imported.header_lines == 3
    assert imported.columns.header[imported.columns.mapping.score].startswith("Q1 |")
    assert imported.columns.header[imported.columns.mapping.segment].startswith("Q3 |")


def test_xlsx_and_json_are_read():
    assert load("responses.xlsx").format == "xlsx"
    imported = load("delighted.json")
    assert imported.format == "json"
    assert imported.columns.to_dict()["columns"]["respondent"] == "person.email"
    assert imported.responses[0].line == 1


def test_broken_rows_are_rejected_with_reason_and_line():
    imported = load("broken_rows.csv")
    assert [(r.line, r.code) for r in imported.rejected] == [
        tuple(item) for item in LABELS["broken_rows.csv"]["rejected"]]
    duplicate = imported.duplicates[0]
    assert duplicate.reason("en") == "duplicate of line 10"
    assert duplicate.reason("fr") == "doublon de la ligne 10"
    assert imported.rejected[2].reason("en") == "unreadable score \u201cN/A\u201d"
    # nothing is silently dropped: every data line is accepted or rejected
    lines = {r.line for r in imported.responses} | {r.line for r in imported.rejected}
    assert lines == {2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17}


def test_reimport_of_the_same_file_adds_nothing():
    first = load("excel_fr_cp1252.csv")
    again = load("excel_fr_cp1252.csv")
    new, known = dedup_known(again.responses, first.hashes)
    assert new == [] and len(known) == len(first.responses)
    bare = load("broken_rows.csv")  # two identical bare "6" rows keep distinct hashes
    assert len(bare.hashes) == len(bare.responses)


def test_explicit_mapping_overrides_detection():
    data = "A;B;C\n9;Très bien merci pour tout;3\n2;Nul de chez nul vraiment;5\n".encode()
    imported = load_feedback(data, mapping={"score": "C", "comment": 1})
    assert [r.score for r in imported.responses] == [3, 5]
    assert imported.columns.explicit == {"score", "comment"}
    with pytest.raises(FeedbackFileError) as error:
        load_feedback(data, mapping={"score": "Missing"})
    assert error.value.code == "unknown_column"


def test_unsure_mapping_asks_for_confirmation():
    guess = detect_columns(["x", "y"], [["9", "7"], ["3", "8"], ["10", "6"], ["5", "9"]])
    assert guess.needs_confirmation


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy_excel"),
        (b"PK\x03\x04garbage", "bad_xlsx"),
        (b'{"items": 3}', "bad_json"),
        (b"name;city\nAnne;Lyon\nBob;Paris\n", "no_score_column"),
    ],
)
def test_unusable_files_are_clear_errors(data, code):
    with pytest.raises(FeedbackFileError) as error:
        load_feedback(data)
    assert error.value.code == code
    assert error.value.message("fr") and error.value.message("en")


def test_row_limit_and_progress():
    data = ("score,comment\n" + "".join(f"{i % 11},commentaire numéro {i}\n" for i in range(2500))).encode()
    calls = []
    load_feedback(data, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (1000, 2502) and calls[-1][0] == 2500
    with pytest.raises(FeedbackFileError, match="more than 100"):
        load_feedback(data, max_rows=100)


@pytest.mark.parametrize(
    ("raw", "score"),
    [("9", 9), ("9.0", 9), ("9,0", 9), ("10 - Extrêmement probable", 10), ("9/10", 9),
     ("0 (not at all likely)", 0), (" 7 ", 7)],
)
def test_scores_in_their_many_spellings(raw, score):
    assert parse_score(raw) == score


@pytest.mark.parametrize(
    ("raw", "code"),
    [("", "score_missing"), ("N/A", "score_unreadable"), ("11", "score_out_of_range"),
     ("-1", "score_out_of_range"), ("8,5", "score_not_whole"), ("9 10", "score_unreadable")],
)
def test_bad_scores_have_a_code(raw, code):
    with pytest.raises(CellError) as error:
        parse_score(raw)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("14/03/2024", date(2024, 3, 14)), ("14/03/2024 10:22", date(2024, 3, 14)),
     ("2024-03-14T10:22:01Z", date(2024, 3, 14)), ("1710411720", date(2024, 3, 14)),
     ("1710411720000", date(2024, 3, 14)), ("45365.5", date(2024, 3, 14)),
     ("14 mars 2024", date(2024, 3, 14)), ("", None)],
)
def test_dates_in_their_many_spellings(raw, expected):
    assert parse_date(raw)[0] == expected


def test_date_order_is_decided_per_column():
    assert infer_date_order(["03/04/2024", "03/14/2024"]) == "mdy"
    assert infer_date_order(["03/04/2024", "14/03/2024"]) == "dmy"
    with pytest.raises(CellError):
        parse_date("32/13/2024")


def test_xlsx_written_in_memory_keeps_excel_row_numbers():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Score", "Comment"])
    sheet.append([10, "Great trainers, really"])
    sheet.append([None, None])
    sheet.append(["N/A", "no idea"])
    buffer = io.BytesIO()
    book.save(buffer)
    imported = load_feedback(buffer.getvalue())
    assert [r.line for r in imported.responses] == [2]
    assert [(r.line, r.code) for r in imported.rejected] == [(4, "score_unreadable")]
