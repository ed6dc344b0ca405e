"""Roster: add people, import CSV files from the real world, keep every row accounted for."""
from pathlib import Path

import pytest

from facilitator.domain.roster import RosterFileError, parse_roster
from facilitator.domain.workshop import Role
from facilitator.services import roster, workshops as service

FIXTURES = Path(__file__).parent.parent / "fixtures" / "roster"


@pytest.fixture
def workshop(facilitator):
    return service.create(facilitator, title="Café", language="fr")


def test_excel_french_semicolon_cp1252_file_is_read_with_accents():
    parsed = parse_roster((FIXTURES / "excel_fr_cp1252.csv").read_bytes())
    assert parsed.encoding == "cp1252" and parsed.delimiter == ";"
    assert parsed.problems == []
    assert [(p.name, p.department, p.role) for p in parsed.people] == [
        ("Zoé Lefèvre", "Marketing", Role.HOST),
        ("Benoît Dupré", "Support client", Role.PARTICIPANT),
        ("Hélène Garçon", "Pédagogie", Role.HOST),
        ("Noël, Jérôme", "Direction financière", Role.PARTICIPANT),
        ("Maïté Ørsted", "Commercial", Role.PARTICIPANT)]
    assert parsed.people[0].email == "zoe@exemple.fr"


def test_bad_rows_are_listed_with_their_line_numbers():
    parsed = parse_roster((FIXTURES / "bad_rows.csv").read_bytes())
    assert [p.name for p in parsed.people] == ["Ana", "Dan", "Fay Multi"]
    assert [(p.line, p.code) for p in parsed.problems] == [
        (3, "empty_name"), (4, "unknown_role"), (5, "bad_email"), (6, "duplicate_name"),
        (9, "too_many_cells")]
    assert parsed.problems[3].params == {"name": "ana", "first_line": 2}


def test_every_data_row_is_either_imported_or_reported():
    data = (FIXTURES / "bad_rows.csv").read_bytes()
    parsed = parse_roster(data)
    non_blank_rows = 8  # lines 2-6 and 8-10; the blank line 7 is no row, line 10 spans to 11
    assert len(parsed.people) + len(parsed.problems) == non_blank_rows


def test_missing_columns_are_named():
    with pytest.raises(RosterFileError) as error:
        parse_roster(b"first,last\nAna,Ng\n")
    assert error.value.code == "missing_columns"
    assert "name" in error.value.params["missing"]


def test_import_through_the_page_reports_rows_in_the_workshop_language(signed_in, workshop):
    data = (FIXTURES / "bad_rows.csv").read_bytes()
    from io import BytesIO
    response = signed_in.post(f"/workshops/{workshop.id}/roster/import",
                              data={"import-file": (BytesIO(data), "roster.csv")},
                              content_type="multipart/form-data",
                              headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 people added; 5 rows not imported" in page
    assert "<td>4</td><td>unknown role &#34;captain&#34; (use host or participant)</td>" in page
    assert len(workshop.participants) == 3


def test_reimporting_a_file_adds_nobody_twice(workshop):
    data = (FIXTURES / "excel_fr_cp1252.csv").read_bytes()
    first = roster.import_file(workshop, data)
    second = roster.import_file(workshop, data)
    assert first.added == 5 and second.added == 0
    assert {p.code for p in second.problems} == {"duplicate_name"}
    assert len(workshop.participants) == 5


def test_an_unreadable_file_gets_a_clear_message(signed_in, workshop):
    from io import BytesIO
    response = signed_in.post(f"/workshops/{workshop.id}/roster/import",
                              data={"import-file": (BytesIO(b""), "empty.csv")},
                              content_type="multipart/form-data",
                              headers={"Accept-Language": "en"})
    assert response.status_code == 400
    response = signed_in.post(f"/workshops/{workshop.id}/roster/import",
                              data={"import-file": (BytesIO(b"foo;bar\n1;2\n"), "x.csv")},
                              content_type="multipart/form-data",
                              headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "The file needs the columns name, department and role" in response.get_data(
        as_text=True)


def test_hosts_are_seated_at_tables_without_a_host(workshop):
    service.set_table_count(workshop, 2)
    first = roster.add(workshop, name="H1", role=Role.HOST)
    second = roster.add(workshop, name="H2", role=Role.HOST)
    third = roster.add(workshop, name="H3", role=Role.HOST)
    assert (first.host_table.number, second.host_table.number) == (1, 2)
    assert third.host_table is None
    service.add_table(workshop)
    assert third.host_table.number == 3


def test_same_name_twice_is_refused_by_the_form(signed_in, workshop):
    roster.add(workshop, name="Zoé")
    response = signed_in.post(f"/workshops/{workshop.id}/roster", data={
        "add-name": "zoé", "add-role": "participant", "add-host_table": 0},
        headers={"Accept-Language": "en"})
    assert "already on the roster" in response.get_data(as_text=True)
    assert len(workshop.participants) == 1
