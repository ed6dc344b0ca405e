"""Sentences for the readiness checklist, in the page's language."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _, ngettext

from facilitator.domain.workshop import Check, step_of

# Where each step of the path is done.
STEP_ENDPOINTS = {"brief": "workshops.edit", "diagnostic": "diagnostic.show",
                  "questions": "workshops.rounds", "tables": "workshops.tables",
                  "roster": "workshops.roster", "seating": "workshops.seating",
                  "rehearsal": "workshops.rehearsal", "doors": "workshops.show",
                  "deliverables": "deliverables.index", "action_plan": "actionplan.index"}


def step_url(code: str, workshop_id: int) -> str:
    anchor = "doors" if code == "doors" else None
    return url_for(STEP_ENDPOINTS[code], workshop_id=workshop_id, _anchor=anchor)


def step_labels() -> dict[str, str]:
    return {"brief": _("Brief"), "diagnostic": _("Diagnostic"), "questions": _("Questions"),
            "tables": _("Tables"), "roster": _("Roster"), "seating": _("Seating"),
            "rehearsal": _("Rehearsal"), "doors": _("Doors"), "deliverables": _("Deliverables"),
            "action_plan": _("Action plan")}


def check_link(check: Check, workshop_id: int) -> str:
    """The page where the facilitator does what a check asks for."""
    return step_url(step_of(check), workshop_id)


def check_message(check: Check) -> str:
    p = check.params
    if check.code == "title":
        return _("The workshop has a title.") if check.ok else _("Give the workshop a title.")
    if check.code == "tables":
        return _("Tables are set.") if check.ok else _("Add at least one table.")
    if check.code == "rounds":
        return _("Rounds are set.") if check.ok else _("Add at least one round.")
    if check.code == "questions":
        if check.ok:
            return _("Every round has a question.")
        if not p.get("missing"):
            return _("Add a round with its question.")
        return _("Write the question of round(s) %(rounds)s.",
                 rounds=", ".join(map(str, p["missing"])))
    if check.code == "hosts":
        return _("Every table has exactly one host.")
    if check.code == "table_without_host" and not p["name"]:
        return _("Table %(table)s has no host: mark one person of the roster as its host.",
                 table=p["table"])
    if check.code == "table_without_host":
        return _("Table %(table)s (%(name)s) has no host: mark one person of the roster as its "
                 "host.", **p)
    if check.code == "table_with_hosts" and not p["name"]:
        return _("Table %(table)s has several hosts (%(hosts)s): keep one.", table=p["table"],
                 hosts=p["hosts"])
    if check.code == "table_with_hosts":
        return _("Table %(table)s (%(name)s) has several hosts (%(hosts)s): keep one.", **p)
    if check.code == "host_without_table":
        return _("%(host)s is a host without a table: add a table or make them a participant.",
                 **p)
    if check.code == "people_range":
        return ngettext("%(num)s person on the roster (a World Café works best with %(min)s "
                        "to %(max)s).",
                        "%(num)s people on the roster (a World Café works best with %(min)s "
                        "to %(max)s).", p["people"], min=p["min"], max=p["max"])
    if check.code == "seats_range":
        if check.ok and p["low"] == p["high"]:
            return _("%(low)s seats per table.", low=p["low"])
        if check.ok:
            return _("%(low)s to %(high)s seats per table.", **p)
        return _("%(low)s to %(high)s seats per table, outside %(min)s-%(max)s: %(suggested)s "
                 "tables would fit the roster.", **p)
    if check.code == "question_length":
        if check.ok:
            return _("Questions are short.")
        return _("The question of round(s) %(rounds)s is longer than %(limit)s characters: "
                 "short questions work better.", rounds=", ".join(map(str, p["rounds"])),
                 limit=p["limit"])
    if check.code == "synthesizing_place":
        return _synthesizing_message(check)
    if check.code == "themes_rounds":
        if check.ok:
            return _("Every round can visit a new theme.")
        return _("%(rounds)s rounds for %(tables)s themed tables: some people will visit a "
                 "theme twice.", **p)
    raise KeyError(f"no sentence for check {check.code!r}")


def _synthesizing_message(check: Check) -> str:
    if check.ok:
        return _("The synthesizing round comes last, just before the plenary.")
    if check.params["first"]:
        return _("Round 1 is a synthesizing round, but nothing has been heard yet: move it "
                 "later.")
    return _("The synthesizing round (round(s) %(rounds)s) is not the last one: placed last, "
             "its key points open the plenary.",
             rounds=", ".join(map(str, check.params["not_last"])))
