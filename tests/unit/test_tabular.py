"""Reading real-world delimited exports: encodings, delimiters, line numbers."""
import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.tabular import (
    TabularError,
    decode,
    detect_delimiter,
    read_table,
    sanitize_cell,
)


def test_utf8_bom_is_stripped_and_named():
    text, encoding = decode(codecs.BOM_UTF8 + "Note;Commentaire\n9;Très bien\n".encode())
    assert encoding == "utf-8-sig"
    assert text.startswith("Note")


def test_utf16_with_bom_is_decoded():
    text, encoding = decode("Score\tComment\n9\tGreat\n".encode("utf-16"))
    assert encoding == "utf-16"
    assert text.startswith("Score\tComment")


def test_utf16_without_bom_is_guessed():
    text, encoding = decode("Score\tComment\n9\tGreat\n".encode("utf-16-le"))
    assert encoding == "utf-16-le"
    assert "Great" in text


def test_strict_utf8_wins_over_cp1252():
    assert decode("é".encode()) == ("é", "utf-8")


def test_french_excel_cp1252_is_recognised():
    text, encoding = decode("Note;Commentaire\n9;Très bien, l’équipe\n".encode("cp1252"))
    assert encoding == "cp1252"
    assert "l’équipe" in text


def test_latin1_is_the_last_resort():
    # 0x81 is undefined in cp1252, so only latin-1 can read it
    _, encoding = decode(b"a;b\n\x81;\xe9\n")
    assert encoding == "latin-1"


@pytest.mark.parametrize("data", [b"", b"  \r\n\n"])
def test_empty_file_is_a_clear_error(data):
    with pytest.raises(TabularError, match="empty"):
        read_table(data)


def test_binary_file_is_a_clear_error():
    with pytest.raises(TabularError, match="not text"):
        decode(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x01\x00\x00\x00\x02")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Note;Commentaire;Date", ";"),
        ("score,comment,date", ","),
        ("score\tcomment\tdate", "\t"),
        ("score|comment|date", "|"),
        ('"Score, 0-10";"Avis, libre";Date', ";"),
        ("single", ","),
    ],
)
def test_delimiter_is_counted_outside_quotes(header, expected):
    assert detect_delimiter(header + "\n1;2,3\t4\n") == expected


def test_multiline_quoted_fields_keep_physical_line_numbers():
    data = (
        'Note;Commentaire\r\n'
        '9;"Super\r\nformation\r\nvraiment"\r\n'
        '3;"Trop cher"\r\n'
        '\r\n'
        '7;"Bien; sans plus"\r\n'
    ).encode("cp1252")
    table = read_table(data)
    assert table.delimiter == ";"
    assert table.header == ["Note", "Commentaire"]
    assert [row.line for row in table.rows] == [2, 5, 7]
    assert table.rows[0].cells[1] == "Super\r\nformation\r\nvraiment"
    assert table.rows[2].cells == ["7", "Bien; sans plus"]


def test_blank_excel_rows_are_skipped_but_counted():
    table = read_table(b"a;b\n;;\n1;2\n")
    assert [(row.line, row.cells) for row in table.rows] == [(3, ["1", "2"])]


def test_explicit_delimiter_overrides_detection():
    table = read_table(b"a;b,c\n1;2,3\n", delimiter=",")
    assert table.header == ["a;b", "c"]


def test_long_comment_does_not_hit_csv_field_limit():
    long_comment = "x" * 300_000
    table = read_table(f'a,b\n1,"{long_comment}"\n'.encode())
    assert len(table.rows[0].cells[1]) == 300_000


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+cmd", "'+cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("-3", "-3"),
        ("+33,5", "+33,5"),
        ("Très bien", "Très bien"),
    ],
)
def test_sanitize_cell_guards_formulas(cell, safe):
    assert sanitize_cell(cell) == safe


@given(
    st.lists(
        st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12), min_size=2, max_size=2),
        min_size=1,
        max_size=8,
    )
)
def test_round_trip_through_csv_writer_preserves_cells(records):
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["h1", "h2"])
    writer.writerows(records)
    table = read_table(buffer.getvalue().encode("utf-8"))
    expected = [cells for cells in records if any(c.strip() for c in cells)]
    assert [row.cells for row in table.rows] == expected
    # every row's start line is one past the physical lines of what precedes it
    text = buffer.getvalue()
    lines = text.splitlines(keepends=True)
    for row in table.rows:
        assert 1 < row.line <= len(lines)
