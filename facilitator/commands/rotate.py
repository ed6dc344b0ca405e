"""`facilitator rotate ROSTER.csv --tables T --rounds R`: plan the seating of a workshop
from a roster file and print it, as text for people or as JSON for scripts.

Hosts get the tables in roster order: the first host listed hosts table 1. The figures
come with their proven floors, and the theorem when a floor is out of reach; `--lang fr`
says them in French, from the app's own catalogue.
"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import click
from babel.messages.pofile import read_po

from facilitator.domain.rotation import MODES, Person, Plan, RotationError, RotationProblem, plan
from facilitator.domain.tabular import TabularError, read_table

COLUMNS = {
    "name": ("name", "nom"),
    "department": ("department", "departement", "service"),
    "role": ("role",),
}
HOST_WORDS = ("host", "hote", "hotesse", "animateur", "animatrice")
PARTICIPANT_WORDS = ("participant", "participante", "")
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = ("en", "fr")


@click.command("rotate")
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tables", "-t", type=int, required=True, help="Number of tables.")
@click.option("--rounds", "-r", type=int, required=True, help="Number of rounds.")
@click.option("--mode", type=click.Choice(MODES), default="question", show_default=True,
              help="'themes' also avoids sending people back to a table (theme) they saw.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same plan.")
@click.option("--time-limit", type=float, default=1.0, show_default=True,
              help="Seconds the search may take.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table per round.")
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the text output and of the reason a floor is out of reach.")
def rotate(roster: Path, tables: int, rounds: int, mode: str, seed: int,
           time_limit: float, as_json: bool, language: str) -> None:
    """Plan who sits at which table in each round of a World Café."""
    people = read_roster(roster)
    _check_hosts(people, tables)
    try:
        problem = RotationProblem(people, tables, rounds, mode=mode)
    except RotationError as error:
        raise click.ClickException(str(error)) from error
    result = plan(problem, seed=seed, time_limit=time_limit)
    names = {p.id: p.name for p in people}
    gettext = translator(language)
    click.echo(_as_json(result, names, gettext) if as_json else _as_text(result, people, gettext))


def translator(language: str) -> Callable[[str], str]:
    """gettext for the terminal, read from the app's .po catalogue (no app to build)."""
    if language == "en":
        return lambda message: message
    return _catalogue(language)


@lru_cache(maxsize=2)
def _catalogue(language: str) -> Callable[[str], str]:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        catalogue = read_po(po_file, locale=language)

    def gettext(message: str) -> str:
        entry = catalogue.get(message)
        return entry.string if entry is not None and entry.string and not entry.fuzzy else message
    return gettext



def read_roster(path: Path) -> list[Person]:
    """People from a `name,department,role` file; any problem is a one-line ClickException."""
    try:
        table = read_table(path.read_bytes())
    except (TabularError, OSError) as error:
        raise click.ClickException(f"{path.name}: {error}") from error
    columns = _columns(table.header)
    people: list[Person] = []
    hosts = 0
    for row in table.rows:
        cells = row.cells + [""] * (len(table.header) - len(row.cells))
        name, department = cells[columns["name"]].strip(), cells[columns["department"]].strip()
        role = _fold(cells[columns["role"]])
        if not name:
            raise click.ClickException(f"line {row.line}: the name is empty")
        if role not in HOST_WORDS + PARTICIPANT_WORDS:
            raise click.ClickException(f"line {row.line}: unknown role {cells[columns['role']]!r}, "
                                       "use host or participant")
        host_table = None
        if role in HOST_WORDS:
            host_table, hosts = hosts, hosts + 1
        people.append(Person(f"p{len(people) + 1}", name, department or "-", host_table))
    if not people:
        raise click.ClickException(f"{path.name}: the roster has nobody in it")
    return people


def _fold(text: str) -> str:
    """Lower case without accents, so 'Hôte' and 'Département' match."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = next((k for k, words in COLUMNS.items() if _fold(title) in words), None)
        if key is None:
            raise click.ClickException(f"unknown column {title!r}: expected name, department, role")
        found[key] = index
    missing = [k for k in COLUMNS if k not in found]
    if missing:
        raise click.ClickException(f"missing column {missing[0]!r}: expected name, department, role")
    return found


def _check_hosts(people: list[Person], tables: int) -> None:
    if 0 < tables and len(people) < tables:  # the plainest reason first
        raise click.ClickException(f"{len(people)} people for {tables} tables")
    hosts = sum(p.is_host for p in people)
    if hosts and hosts != tables:
        raise click.ClickException(f"{hosts} host(s) for {tables} table(s): "
                                   "give every table exactly one host, or list none")


def _as_json(result: Plan, names: dict[str, str], _: Callable[[str], str]) -> str:
    m = result.metrics
    reason = result.unreachable
    return json.dumps({
        "rounds": [[[names[pid] for pid in table] for table in round_] for round_ in result.rounds],
        "metrics": {
            "repeat_encounters": m.repeat_encounters,
            "lower_bound": m.lower_bound,
            "table_revisits": m.table_revisits,
            "department_excess": m.department_excess,
            "department_floor": m.department_floor,
            "min_table_size": m.min_table_size,
            "max_table_size": m.max_table_size,
        },
        "unreachable": {"theorem": reason.theorem, "reason": _(reason.template) % reason.values}
        if reason else None,
        "seconds": round(result.seconds, 3),
    }, ensure_ascii=False)


def _as_text(result: Plan, people: list[Person], _: Callable[[str], str]) -> str:
    by_id = {p.id: p for p in people}
    host = _("host")
    lines = []
    for number, round_ in enumerate(result.rounds, start=1):
        lines.append(_("Round %(number)s") % {"number": number})
        for t, table in enumerate(round_, start=1):
            seated = ", ".join(f"{by_id[pid].name}{f' ({host})' if by_id[pid].is_host else ''}"
                               f" [{by_id[pid].department}]" for pid in table)
            lines.append(f"  {_('Table %(number)s') % {'number': t}}: {seated}")
        lines.append("")
    m = result.metrics
    lines += [
        _("Repeated encounters: %(repeats)s (at least %(bound)s unavoidable)")
        % {"repeats": m.repeat_encounters, "bound": m.lower_bound},
        _("Table revisits: %(revisits)s") % {"revisits": m.table_revisits},
        _("Department excess: %(excess)s (at least %(bound)s unavoidable)")
        % {"excess": m.department_excess, "bound": m.department_floor},
        _("Table sizes: %(smallest)s to %(largest)s")
        % {"smallest": m.min_table_size, "largest": m.max_table_size},
    ]
    if result.unreachable:
        lines.append(_("No plan has only %(bound)s repeated encounters: %(reason)s.")
                     % {"bound": m.lower_bound,
                        "reason": _(result.unreachable.template) % result.unreachable.values})
    if m.at_floors(result.unreachable is not None):
        lines.append(_("Both floors are reached: no plan has fewer repeated encounters or "
                       "less department excess."))
    lines.append(_("Planned in %(seconds)s s") % {"seconds": f"{result.seconds:.2f}"})
    return "\n".join(lines)
