"""Routes in advance: where each person sits in every round, read from the stored seating
for everyone at once (one seat query), for the printable badges and sheets and for the
`route` of each phone's `me` (docs/realtime.md)."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from facilitator.domain.deliverables import routes as compose
from facilitator.domain.deliverables.routes import PersonRoute, RouteBook, Stop
from facilitator.domain.run import Stage
from facilitator.domain.workshop import Mode
from facilitator.extensions import db
from facilitator.models import Participant, Seat, Workshop
from facilitator.services import UserError
from facilitator.services.translations import gettext_for

SIZES = compose.SIZES


class NoSeating(UserError):
    """Nothing to print: the seating has not been planned."""

    def __init__(self) -> None:
        super().__init__(_("There is no seating plan yet: plan the seating, then print the "
                           "routes."))


def progress(workshop: Workshop) -> tuple[int, int]:
    """(the round being played, or 0; how many rounds are over)."""
    run = workshop.run
    if run is None:
        return 0, 0
    if run.stage is Stage.ROUND:
        return run.round_number, run.round_number - 1
    if run.stage in (Stage.PLENARY, Stage.CLOSED):
        return 0, len(workshop.rounds)
    return 0, run.round_number  # the lobby (0) or the rotation after a round


def _seat_rows(workshop: Workshop, only: Participant | None) -> list[tuple[int, int, int]]:
    query = select(Seat.participant_id, Seat.round_id, Seat.table_id).where(
        Seat.workshop_id == workshop.id)
    if only is not None:
        query = query.where(Seat.participant_id == only.id)
    return [tuple(row) for row in db.session.execute(query)]


def routes(workshop: Workshop, only: Participant | None = None,
           seat_rows: list[tuple[int, int, int]] | None = None) -> dict[int, PersonRoute]:
    """Everyone's route (or `only` one person's), by participant id."""
    rows = _seat_rows(workshop, only) if seat_rows is None else seat_rows
    table_at = {(person_id, round_id): table_id for person_id, round_id, table_id in rows}
    tables = {t.id: t for t in workshop.tables}
    # Hosts never move: a table's host is the one who keeps it.
    hosts = {p.host_table_id: p.display_name for p in workshop.participants if p.is_host}
    current, played = progress(workshop)
    themes = workshop.mode is Mode.THEMES
    people = workshop.participants if only is None else [only]
    result = {}
    for person in people:
        stops = []
        for number, round_ in enumerate(workshop.rounds, start=1):
            table = tables.get(table_at.get((person.id, round_.id)))
            if table is None and person.is_host:
                table = tables.get(person.host_table_id)
            stops.append(Stop(
                round=number, status="seated" if table else "pending",
                table_number=table.number if table else None,
                table_name=_own_name(table) if table else "",
                theme=table.theme if table and themes else "",
                host_name=hosts.get(table.id, "") if table else "",
                hosting=bool(table and person.hosts(table.id)),
                played=number <= played, current=number == current, question=round_.question))
        host_table = tables.get(person.host_table_id) if person.is_host else None
        result[person.id] = PersonRoute(
            id=person.id, name=person.display_name, department=person.department or "",
            host_table=host_table.number if host_table else None,
            arrives_round=person.arrives_round,
            stops=tuple(_absent(stop, person) for stop in stops))
    return result


def _own_name(table) -> str:
    """The table's name when it says more than its number ("Table 3" says nothing more)."""
    plain = {str(table.number), f"table {table.number}",
             _("Table %(number)s", number=table.number).casefold()}
    return "" if table.name.strip().casefold() in plain else table.name


def _absent(stop: Stop, person: Participant) -> Stop:
    """A round the person is not there for says so, whatever seat the plan still holds."""
    if person.arrives_round and stop.round < person.arrives_round:
        status = "late"
    elif person.leaves_round and stop.round >= person.leaves_round:
        status = "left"
    else:
        return stop
    return Stop(round=stop.round, status=status, played=stop.played, current=stop.current,
                question=stop.question)


def route_payload(route: PersonRoute) -> list[dict]:
    """A route as the phone reads it (docs/realtime.md, `me.route`)."""
    return [{"round": s.round, "status": s.status,
             "table": None if s.table_number is None else {
                 "number": s.table_number, "name": s.table_name or str(s.table_number),
                 "theme": s.theme},
             "host": s.host_name or None, "hosting": s.hosting, "played": s.played,
             "current": s.current} for s in route.stops]


def book(workshop: Workshop, join_url: str, person: Participant | None = None) -> RouteBook:
    """The routes to print: everyone's, or one person's; NoSeating before any plan."""
    rows = _seat_rows(workshop, None)
    if not rows:
        raise NoSeating()
    found = routes(workshop, only=person, seat_rows=rows)
    return RouteBook(
        title=workshop.title, date=workshop.date or workshop.created_at.date(),
        language=workshop.language, join_code=workshop.join_code, join_url=join_url,
        place=workshop.place, people=tuple(found.values()))


def routes_pdf(workshop: Workshop, join_url: str, size: str,
               person: Participant | None = None) -> bytes:
    """A6 badges or A4 sheets, one page per person, in the workshop's language."""
    return compose.build_routes_pdf(book(workshop, join_url, person), size,
                                    gettext=gettext_for(workshop.language))
