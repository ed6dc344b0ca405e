"""Reading a roster file (`name,department,role[,email]`) into people and row problems.

Every data row ends up either in `people` or in `problems` with its line number, so
nothing is silently dropped. Column names are recognised in English and French.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from facilitator.domain.tabular import TabularError, read_table
from facilitator.domain.workshop import DEPARTMENT_MAX_LENGTH, NAME_MAX_LENGTH, Role

COLUMNS = {
    "name": ("name", "nom", "display name", "participant", "prenom nom", "nom complet",
             "full name"),
    "department": ("department", "departement", "service", "direction", "team", "equipe"),
    "role": ("role", "fonction"),
    "email": ("email", "e-mail", "mail", "courriel", "adresse email", "adresse e-mail"),
}
REQUIRED = ("name", "department", "role")
ROLES = {
    Role.HOST: ("host", "hote", "hotesse", "animateur", "animatrice", "table host", "h"),
    Role.PARTICIPANT: ("participant", "participante", "p", ""),
}
#: People a workshop's roster can hold: ten times the largest café, so no real roster meets
#: it, while a 20,000-row file is refused before it costs a second or a 14 MB page.
MAX_PEOPLE_ON_ROSTER = 500
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    department: str
    role: Role
    email: str = ""


@dataclass(frozen=True)
class RowProblem:
    """`code` names the problem; the web layer turns it into a sentence in the page's language."""
    line: int
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class RosterImport:
    people: list[RosterRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


class RosterFileError(ValueError):
    """The file as a whole cannot be used. `code` and `params` describe why."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    def __reduce__(self):  # pickled across the process that reads files
        return (_restore_error, (self.code, self.params))


def _restore_error(code: str, params: dict) -> RosterFileError:
    return RosterFileError(code, **params)


def _fold(text: str) -> str:
    """Lower case without accents, so 'Département' matches 'departement'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _map_columns(header: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for index, title in enumerate(header):
        folded = _fold(title)
        for column, synonyms in COLUMNS.items():
            if folded in synonyms and column not in mapping:
                mapping[column] = index
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        raise RosterFileError("missing_columns", missing=", ".join(missing),
                              found=", ".join(header))
    return mapping


def _role(text: str) -> Role | None:
    folded = _fold(text)
    for role, synonyms in ROLES.items():
        if folded in synonyms:
            return role
    return None


def parse_roster(data: bytes, existing_names: set[str] | frozenset[str] = frozenset()
                 ) -> RosterImport:
    """Parse roster bytes. Names already on the roster (`existing_names`) count as duplicates.

    A file that would take the roster past MAX_PEOPLE_ON_ROSTER is refused whole."""
    room = max(0, MAX_PEOPLE_ON_ROSTER - len(existing_names))
    try:
        table = read_table(data, max_rows=room)
    except TabularError as error:
        if error.code == "too_many_rows":
            raise RosterFileError("too_many_people", limit=MAX_PEOPLE_ON_ROSTER,
                                  room=room) from error
        raise RosterFileError("unreadable", detail=str(error)) from error
    columns = _map_columns(table.header)
    result = RosterImport(encoding=table.encoding, delimiter=table.delimiter)
    seen = {_fold(name): 0 for name in existing_names}
    for row in table.rows:
        person_or_problem = _read_row(row.line, row.cells, columns, len(table.header))
        if isinstance(person_or_problem, RowProblem):
            result.problems.append(person_or_problem)
            continue
        key = _fold(person_or_problem.name)
        if key in seen:
            result.problems.append(RowProblem(row.line, "duplicate_name", {
                "name": person_or_problem.name, "first_line": seen[key]}))
            continue
        seen[key] = row.line
        result.people.append(person_or_problem)
    return result


def _read_row(line: int, cells: list[str], columns: dict[str, int],
              width: int) -> RosterRow | RowProblem:
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        return RowProblem(line, "too_many_cells", {"found": len(cells), "expected": width})

    def cell(column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    # Collapse runs of white space (a quoted name may hold a line break).
    name, department = " ".join(cell("name").split()), " ".join(cell("department").split())
    email = cell("email")
    role = _role(cell("role"))
    if not name:
        return RowProblem(line, "empty_name")
    if len(name) > NAME_MAX_LENGTH:
        return RowProblem(line, "name_too_long", {"limit": NAME_MAX_LENGTH})
    if len(department) > DEPARTMENT_MAX_LENGTH:
        return RowProblem(line, "department_too_long", {"limit": DEPARTMENT_MAX_LENGTH})
    if role is None:
        return RowProblem(line, "unknown_role", {"role": cell("role")})
    if email and not EMAIL.match(email):
        return RowProblem(line, "bad_email", {"email": email})
    return RosterRow(line, name, department, role, email)
