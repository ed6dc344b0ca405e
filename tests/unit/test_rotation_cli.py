"""`facilitator rotate` reads a roster file, prints a plan, and refuses bad input in one line."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from facilitator.commands.rotate import rotate

ROSTER = "name,department,role\n" + "\n".join(
    f"Person {i},{'Sales IT HR Ops'.split()[i % 4]},{'host' if i < 3 else 'participant'}"
    for i in range(15)
) + "\n"


def run(tmp_path, content: str | bytes, *args: str):
    path = tmp_path / "roster.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return CliRunner().invoke(rotate, [str(path), *args, "--time-limit", "0.1"])


def test_json_has_the_documented_shape(tmp_path):
    result = run(tmp_path, ROSTER, "--tables", "3", "--rounds", "3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"rounds", "metrics", "unreachable", "seconds"}
    assert set(data["metrics"]) == {"repeat_encounters", "lower_bound", "table_revisits",
                                    "department_excess", "department_floor", "min_table_size",
                                    "max_table_size"}
    assert data["unreachable"] is None
    assert all(isinstance(v, int) for v in data["metrics"].values())
    assert isinstance(data["seconds"], float)
    assert len(data["rounds"]) == 3 and all(len(r) == 3 for r in data["rounds"])
    for round_ in data["rounds"]:
        assert [table[0] for table in round_] == ["Person 0", "Person 1", "Person 2"]
        assert sorted(name for table in round_ for name in table) == sorted(f"Person {i}" for i in range(15))
    assert data["metrics"]["min_table_size"] == data["metrics"]["max_table_size"] == 5


def test_text_output_lists_rounds_and_figures(tmp_path):
    result = run(tmp_path, ROSTER, "--tables", "3", "--rounds", "2")
    assert result.exit_code == 0, result.output
    assert "Round 2" in result.output and "Table 3" in result.output
    assert "Repeated encounters" in result.output


GOLFERS_36 = "name,department,role\n" + "".join(f"G{i},-,participant\n" for i in range(36))


def test_text_output_gives_both_floors(tmp_path):
    result = run(tmp_path, ROSTER, "--tables", "3", "--rounds", "2")
    assert "Department excess: " in result.output and "unavoidable)" in result.output
    assert result.output.count("at least") == 2


def test_unreachable_floor_is_named_with_its_theorem(tmp_path):
    result = run(tmp_path, GOLFERS_36, "--tables", "6", "--rounds", "4")
    assert result.exit_code == 0, result.output
    assert "No plan has only 0 repeated encounters: 36 people at 6 tables of 6" in result.output
    assert "Tarry, 1900" in result.output
    data = json.loads(run(tmp_path, GOLFERS_36, "--tables", "6", "--rounds", "4", "--json").output)
    assert data["unreachable"]["theorem"] == "tarry"
    assert "Tarry, 1900" in data["unreachable"]["reason"]


def test_french_output_from_the_catalogue(tmp_path):
    result = run(tmp_path, GOLFERS_36, "--tables", "6", "--rounds", "4", "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "Tour 1" in result.output and "Round 1" not in result.output
    assert "Aucun plan" in result.output and "Tarry, 1900" in result.output
    assert "Excédent par service" in result.output


def test_floors_reached_are_said(tmp_path):
    roster = "name,department,role\n" + "".join(f"G{i},{'AB'[i % 2]},participant\n" for i in range(9))
    result = run(tmp_path, roster, "--tables", "3", "--rounds", "3")
    assert "Both floors are reached" in result.output


def test_french_semicolon_cp1252_roster_is_read(tmp_path):
    content = "nom;département;rôle\nAndré;Ventes;animateur\nBénédicte;RH;participant\n" \
              "Chloé;RH;participant\nDidier;Ventes;participant\n"
    result = run(tmp_path, content.encode("cp1252"), "--tables", "1", "--rounds", "2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rounds"][0][0][0] == "André"


@pytest.mark.parametrize("content,args,reason", [
    ("name,department,role,shoe size\nA,X,participant,42\n", ("--tables", "1", "--rounds", "1"), "unknown column"),
    ("name,department,role\nA,X,host\nB,X,host\nC,X,participant\n", ("--tables", "1", "--rounds", "1"), "2 host(s) for 1 table(s)"),
    ("name,department,role\nA,X,host\nB,X,host\nC,X,host\nD,X,participant\n", ("--tables", "2", "--rounds", "1"), "3 host(s) for 2 table(s)"),
    (ROSTER, ("--tables", "16", "--rounds", "1"), "15 people for 16 tables"),
    (ROSTER, ("--tables", "3", "--rounds", "0"), "at least one round"),
    ("name,department,role\nA,X,chef\n", ("--tables", "1", "--rounds", "1"), "unknown role"),
    ("name,department\nA,X\n", ("--tables", "1", "--rounds", "1"), "missing column"),
])
def test_bad_input_exits_non_zero_with_a_one_line_reason(tmp_path, content, args, reason):
    result = run(tmp_path, content, *args)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0], result.output
