"""The roster of a workshop: add, edit, remove people, import a file, assign hosts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _

from facilitator import isolation
from facilitator.domain.roster import (MAX_PEOPLE_ON_ROSTER, RosterFileError, RowProblem,
                                       parse_roster)
from facilitator.domain.workshop import Role
from facilitator.extensions import db
from facilitator.models import Participant, Table, Workshop
from facilitator.services import UserError, of_workshop
from facilitator.services.workshops import settle_design


@dataclass
class ImportReport:
    added: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def add(workshop: Workshop, *, name: str, department: str = "", role: Role = Role.PARTICIPANT,
        email: str = "", host_table: Table | None = None) -> Participant:
    name = name.strip()
    if _name_taken(workshop, name):
        raise UserError(_("%(name)s is already on the roster.", name=name))
    if len(workshop.participants) >= MAX_PEOPLE_ON_ROSTER:
        raise UserError(_("A roster holds at most %(limit)s people.",
                          limit=MAX_PEOPLE_ON_ROSTER))
    person = Participant(display_name=name, department=department.strip(), role=role,
                         email=email.strip(), host_table=host_table if role is Role.HOST else None)
    workshop.participants.append(person)
    _after_roster_change(workshop)
    return person


def get(workshop: Workshop, person_id: int) -> Participant:
    return of_workshop(Participant, workshop, person_id)


def update(workshop: Workshop, person: Participant, *, name: str, department: str, role: Role,
           email: str, host_table: Table | None) -> None:
    name = name.strip()
    if _name_taken(workshop, name, besides=person):
        raise UserError(_("%(name)s is already on the roster.", name=name))
    person.display_name, person.department = name, department.strip()
    person.email, person.role = email.strip(), role
    person.host_table = host_table if role is Role.HOST else None
    person.host_table_id = person.host_table.id if person.host_table else None
    _after_roster_change(workshop)


def remove(workshop: Workshop, person: Participant) -> None:
    workshop.participants.remove(person)
    _after_roster_change(workshop)


def import_file(workshop: Workshop, data: bytes | BinaryIO) -> ImportReport:
    """Add every valid row; report every other row with its line. All or nothing per row.
    `data` may be the request's spooled upload: a large one goes to the reader child in
    chunks, never whole in the server's memory."""
    existing = {p.display_name for p in workshop.participants}
    apart = current_app.config.get("READ_FILES_IN_CHILD", True)
    if not isinstance(data, (bytes, bytearray)) and not apart:
        data = data.read()
    try:
        if apart:
            parsed = isolation.run("roster", data, {"existing_names": existing})
        else:
            parsed = parse_roster(data, existing)
    except RosterFileError as error:
        raise UserError(file_error_message(error)) from error
    except isolation.TooLarge as error:
        raise UserError(_("Reading this file needed more than %(limit)s MB of memory or "
                          "%(seconds)s s: it is not a roster.", limit=error.memory_mb,
                          seconds=error.seconds)) from error
    for row in parsed.people:
        workshop.participants.append(Participant(
            display_name=row.name, department=row.department, role=row.role, email=row.email))
    _after_roster_change(workshop)
    return ImportReport(added=len(parsed.people), problems=parsed.problems,
                        encoding=parsed.encoding, delimiter=parsed.delimiter)


def _name_taken(workshop: Workshop, name: str, besides: Participant | None = None) -> bool:
    folded = name.casefold()
    return any(p.display_name.casefold() == folded for p in workshop.participants
               if p is not besides)


def _after_roster_change(workshop: Workshop) -> None:
    settle_design(workshop)
    db.session.commit()


def file_error_message(error: RosterFileError) -> str:
    if error.code == "missing_columns":
        return _("The file needs the columns name, department and role (email is optional). "
                 "Missing: %(missing)s. Found: %(found)s.", **error.params)
    if error.code == "too_many_people":
        return _("A roster holds at most %(limit)s people and this file has more rows than "
                 "the %(room)s places left: nothing was imported. Split the file or remove "
                 "people first.", **error.params)
    return _("The file cannot be read: %(detail)s", **error.params)


def problem_message(problem: RowProblem) -> str:
    """The sentence for one rejected row, in the page's language."""
    messages = {
        "empty_name": lambda p: _("the name is empty"),
        "name_too_long": lambda p: _("the name is longer than %(limit)s characters", **p),
        "department_too_long": lambda p: _(
            "the department is longer than %(limit)s characters", **p),
        "unknown_role": lambda p: _(
            "unknown role \"%(role)s\" (use host or participant)", **p),
        "bad_email": lambda p: _("\"%(email)s\" is not an email address", **p),
        "duplicate_name": lambda p: _(
            "%(name)s is already on the roster (line %(first_line)s)", **p)
        if p["first_line"] else _("%(name)s is already on the roster", **p),
        "too_many_cells": lambda p: _(
            "%(found)s cells where the header has %(expected)s", **p),
    }
    return messages[problem.code](problem.params)
