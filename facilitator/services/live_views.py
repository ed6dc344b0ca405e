"""What each screen sees of a live workshop, as plain JSON-ready data (docs/realtime.md)."""
from __future__ import annotations

from sqlalchemy import func, select

from facilitator.domain import context
from facilitator.domain import synthesizing as synthesizing_rules
from facilitator.domain.run import Stage
from facilitator.extensions import db
from facilitator.models import Note, Participant, Run, Seat, Table, Workshop
from facilitator.domain.protocol import PROTOCOL_VERSION
from facilitator.services import diagnostic, live, notes, photos, plenary, routes, synthesis
from facilitator.services.live import epoch_ms


def now_ms() -> int:
    return epoch_ms(live.utcnow())


def run_payload(workshop: Workshop) -> dict:
    run: Run | None = workshop.run
    rounds = workshop.rounds
    if run is None:  # the doors are not open yet
        return {"stage": "closed" if workshop.status.value == "closed" else "ready",
                "round": 0, "rounds": len(rounds), "phase": None, "phase_seconds": None,
                "deadline": None, "remaining": None, "paused": False, "auto_advance": True,
                "question": None, "next_question": rounds[0].question if rounds else None,
                "synthesizing": False, "rehearsal": False,
                "slide": 0, "version": 0, "server_now": now_ms()}
    current = rounds[run.round_number - 1] if 0 < run.round_number <= len(rounds) else None
    # After the rounds (plenary, closed) there is no round to come, whatever is left unplayed.
    between = run.stage in (Stage.LOBBY, Stage.ROUND, Stage.ROTATION)
    upcoming = rounds[run.round_number] if between and run.round_number < len(rounds) else None
    state = run.state()
    return {
        "stage": run.stage.value, "round": run.round_number, "rounds": len(rounds),
        "phase": run.phase.value if run.phase else None,
        "phase_seconds": (current.minutes(run.phase) * 60 / live.speed(workshop)
                          if current and run.phase else None),
        "rehearsal": run.rehearsal,
        "deadline": epoch_ms(run.deadline), "remaining": state.remaining(live.utcnow()),
        "paused": state.paused, "auto_advance": run.auto_advance,
        "question": current.question if current and run.stage is Stage.ROUND else None,
        "synthesizing": bool(current and current.synthesizing and run.stage is Stage.ROUND),
        "next_question": upcoming.question if upcoming else None,
        "slide": run.slide, "version": run.version, "server_now": now_ms()}


def context_payload(workshop: Workshop, key_figures: dict | None) -> dict:
    """The lobby's context slides: which exist, the purpose and the café etiquette."""
    return {"slides": context.available_slides(has_purpose=bool(workshop.brief.strip()),
                                               has_figures=key_figures is not None),
            "all_slides": list(context.SLIDES), "purpose": workshop.brief.strip(),
            "etiquette": context.etiquette_items(workshop.etiquette, workshop.language)}


def table_payload(table: Table | None) -> dict | None:
    if table is None:
        return None
    return {"id": table.id, "number": table.number, "name": table.label, "theme": table.theme}


class RoundSeats:
    """Who sits where in one round, loaded in one query, for many people at once."""

    def __init__(self, workshop: Workshop, round_number: int):
        self.round_number = round_number
        self.table_of: dict[int, int] = {}
        if 1 <= round_number <= len(workshop.rounds):
            round_id = workshop.rounds[round_number - 1].id
            self.table_of = dict(db.session.execute(
                select(Seat.participant_id, Seat.table_id).where(Seat.round_id == round_id)).all())
        self.people = {p.id: p for p in workshop.participants}
        self.tables = {t.id: t for t in workshop.tables}
        self.at_table: dict[int, list[Participant]] = {}
        for person_id, table_id in self.table_of.items():
            self.at_table.setdefault(table_id, []).append(self.people[person_id])

    def of(self, person: Participant) -> dict | None:
        table_id = self.table_of.get(person.id)
        if table_id is None:
            return None
        people = sorted(self.at_table[table_id],
                        key=lambda p: (not p.is_host, p.display_name.casefold()))
        host = next((p for p in people if p.is_host), None)
        return {"round": self.round_number, "table": table_payload(self.tables[table_id]),
                "host": host.display_name if host else None,
                "hosting": host is not None and host.id == person.id,
                "tablemates": [p.display_name for p in people if p.id != person.id]}


class HeardSyntheses:
    """In a synthesizing round, what each person heard before (`me.heard`): the syntheses of
    the tables they sat at in earlier rounds, from their stored seats. One seat query and
    two synthesis queries for everyone; nothing at all in any other round."""

    def __init__(self, workshop: Workshop, round_number: int,
                 people: list[Participant] | None = None):
        self.round_number = round_number
        self.tables = {t.id: t for t in workshop.tables}
        self.seats: dict[int, dict[int, int]] = {}  # person id -> round number -> table id
        self.summaries: dict = {}
        rounds = workshop.rounds
        if not (1 < round_number <= len(rounds) and rounds[round_number - 1].synthesizing):
            return
        earlier = rounds[:round_number - 1]
        number_of = {r.id: r.number for r in earlier}
        query = select(Seat.participant_id, Seat.round_id, Seat.table_id).where(
            Seat.round_id.in_(number_of))
        if people is not None:
            query = query.where(Seat.participant_id.in_([p.id for p in people]))
        for person_id, round_id, table_id in db.session.execute(query):
            self.seats.setdefault(person_id, {})[number_of[round_id]] = table_id
        visited = sorted({t for by_round in self.seats.values() for t in by_round.values()})
        self.summaries = synthesis.round_summaries(earlier, visited)

    def of(self, person: Participant) -> list[dict]:
        return [{"round": h.summary.round_number, "question": h.summary.question,
                 "table": self.tables[h.table].number, "table_name": self.tables[h.table].label,
                 "key_points": list(h.summary.key_points),
                 "solutions": list(h.summary.solutions)}
                for h in synthesizing_rules.heard(self.round_number,
                                                  self.seats.get(person.id, {}), self.summaries)]


def _rounds_shown(workshop: Workshop) -> tuple[int, int]:
    """(round seated now or 0, the round to come)."""
    run = workshop.run
    current_round = run.round_number if run and run.round_number else 0
    shown = current_round if run and run.stage is Stage.ROUND else 0
    return shown, current_round + 1


def me_payload(workshop: Workshop, person: Participant,
               seats: tuple[RoundSeats, RoundSeats] | None = None,
               handovers: dict[int, dict | None] | None = None,
               heard: HeardSyntheses | None = None,
               route: list[dict] | None = None) -> dict:
    shown, upcoming = _rounds_shown(workshop)
    if route is None:
        route = routes.route_payload(routes.routes(workshop, only=person)[person.id])
    heard = heard if heard is not None else HeardSyntheses(workshop, shown, [person])
    current, following = seats or (RoundSeats(workshop, shown), RoundSeats(workshop, upcoming))
    now = current.of(person) if shown else None
    nxt = following.of(person)
    handovers = {} if handovers is None else handovers
    card = None
    if now:
        table_id = now["table"]["id"]
        if table_id not in handovers:
            table = next(t for t in workshop.tables if t.id == table_id)
            handovers[table_id] = synthesis.handover_payload(workshop, table, shown)
        card = handovers[table_id]
    return {"id": person.id, "name": person.display_name, "department": person.department,
            "role": person.role.value,
            "table": now["table"] if now else None, "host": now["host"] if now else None,
            "tablemates": now["tablemates"] if now else [], "next": nxt, "handover": card,
            "heard": heard.of(person), "route": route}


def me_payloads(workshop: Workshop) -> dict[int, dict]:
    """Everyone's `me` in a fixed number of queries (seats of two rounds, every route, what
    each heard) plus one handover per table, however many people joined."""
    shown, upcoming = _rounds_shown(workshop)
    seats = (RoundSeats(workshop, shown), RoundSeats(workshop, upcoming))
    handovers: dict[int, dict | None] = {}
    heard = HeardSyntheses(workshop, shown)
    everyone = routes.routes(workshop)  # one more seat query, for every route
    return {p.id: me_payload(workshop, p, seats, handovers, heard,
                             routes.route_payload(everyone[p.id]))
            for p in workshop.participants if p.joined_at is not None}


def note_payload(note: Note, viewer: Participant | None = None) -> dict:
    state = ("held" if note.held else "shared") if note.shared else "private"
    return {"id": note.id, "client_id": note.client_id, "text": note.text,
            "state": state, "round": note.round.number,
            "table": note.table.number if note.table else None,
            "mine": viewer is not None and note.participant_id == viewer.id,
            "author": note.participant.display_name,
            "consolidated": note.consolidated, "updated_at": epoch_ms(note.updated_at)}


def _table_notes(workshop: Workshop, table_id: int, round_id: int,
                 viewer: Participant | None = None) -> list[dict]:
    """A table's shared notes as `viewer` (seated there) sees them (notes.note_audience)."""
    found = db.session.scalars(select(Note).where(
        Note.table_id == table_id, Note.round_id == round_id).order_by(Note.shared_at, Note.id))
    asking = {viewer.id} if viewer is not None else set()
    return [note_payload(n, viewer) for n in found
            if asking & notes.note_audience(workshop, n.participant_id, n.table_id, n.round_id,
                                            held=n.held, seated=asking)]


def joined_count(workshop: Workshop) -> int:
    return sum(1 for p in workshop.participants if p.joined_at is not None)


def _workshop_payload(workshop: Workshop, join_url: str) -> dict:
    return {"code": workshop.join_code, "title": workshop.title, "language": workshop.language,
            "mode": workshop.mode.value, "join_url": join_url}


def _message(workshop: Workshop) -> dict | None:
    run = workshop.run
    if run is None or not run.message:
        return None
    return {"text": run.message, "at": epoch_ms(run.message_at)}


def participant_snapshot(workshop: Workshop, person: Participant, join_url: str) -> dict:
    me = me_payload(workshop, person)
    notes = db.session.scalars(select(Note).where(Note.participant_id == person.id)
                               .order_by(Note.created_at, Note.id))
    table_notes = []
    run = workshop.run
    if me["table"] and run and run.stage is Stage.ROUND:
        round_id = workshop.rounds[run.round_number - 1].id
        table_notes = _table_notes(workshop, me["table"]["id"], round_id, person)
    return {"protocol": PROTOCOL_VERSION, "server_now": now_ms(),
            "workshop": _workshop_payload(workshop, join_url), "run": run_payload(workshop),
            "me": me, "notes": [note_payload(n, person) for n in notes],
            "table_notes": table_notes, "message": _message(workshop),
            "etiquette": context.etiquette_items(workshop.etiquette, workshop.language),
            "joined": joined_count(workshop),
            "synthesis": _host_synthesis(workshop, person),
            "photos": photos.for_person(workshop, person),
            "photos_allowed": photos.allowed(workshop, person),
            "plenary": plenary.plenary_payload(workshop, facilitator=False, person=person)}


def _host_synthesis(workshop: Workshop, person: Participant) -> dict | None:
    """A host's own table's synthesis for the running round (the host's working view)."""
    run = workshop.run
    if not person.is_host or run is None or run.stage is not Stage.ROUND:
        return None
    table = next((t for t in workshop.tables if t.id == person.host_table_id), None)
    if table is None:
        return None
    return synthesis.synthesis_payload(workshop, table, workshop.rounds[run.round_number - 1])


def syntheses(workshop: Workshop) -> list[dict]:
    """Every table's synthesis of the running (or last) round, for the facilitator."""
    run = workshop.run
    if run is None or not run.round_number:
        return []
    round_ = workshop.rounds[min(run.round_number, len(workshop.rounds)) - 1]
    return [synthesis.synthesis_payload(workshop, t, round_, show_authors=workshop.show_names)
            for t in workshop.tables]


def board(workshop: Workshop) -> dict:
    """The facilitator's live board: every table of the current (or next) round."""
    run = workshop.run
    round_number = 1
    if run and run.round_number:
        round_number = run.round_number + (1 if run.stage is Stage.ROTATION else 0)
    round_number = min(round_number, len(workshop.rounds)) if workshop.rounds else 0
    seats: dict[int, int] = {}
    round_id = None
    if round_number:
        round_id = workshop.rounds[round_number - 1].id
        seats = dict(db.session.execute(select(Seat.participant_id, Seat.table_id)
                                        .where(Seat.round_id == round_id)).all())
    shared: dict[int, int] = {}
    held: dict[int, int] = {}
    if round_id:
        for table_id, is_held, count in db.session.execute(
                select(Note.table_id, Note.held, func.count(Note.id)).where(
                    Note.round_id == round_id, Note.table_id.is_not(None))
                .group_by(Note.table_id, Note.held)):
            (held if is_held else shared)[table_id] = count
    now = live.utcnow()
    tables_by_id = {t.id: t for t in workshop.tables}

    def person_payload(p: Participant) -> dict:
        table = tables_by_id.get(seats.get(p.id))
        return {"id": p.id, "name": p.display_name, "department": p.department,
                "role": p.role.value, "joined": p.joined_at is not None,
                "connected": live.is_connected(p, now), "absent": p.leaves_round is not None,
                "table": table.number if table else None,
                "claim_pending": live.has_pending_claim(p)}

    roster = [person_payload(p) for p in workshop.participants]
    pictures = photos.by_table(workshop, workshop.rounds[round_number - 1]) if round_number else {}
    tables = []
    for table in workshop.tables:
        people = [r for r in roster if r["table"] == table.number]
        host = next((r for r in people if r["role"] == "host"), None)
        tables.append({"id": table.id, "number": table.number, "name": table.label,
                       "host": host, "people": people, "shared_notes": shared.get(table.id, 0),
                       "held_notes": held.get(table.id, 0),
                       "photos": pictures.get(table.id, [])})
    return {"round": round_number, "tables": tables, "roster": roster,
            "joined": sum(r["joined"] for r in roster),
            "connected": sum(r["connected"] for r in roster)}


def facilitator_snapshot(workshop: Workshop, join_url: str) -> dict:
    figures = diagnostic.key_figures(workshop)
    return {"protocol": PROTOCOL_VERSION, "server_now": now_ms(),
            "workshop": _workshop_payload(workshop, join_url), "run": run_payload(workshop),
            "message": _message(workshop), "joined": joined_count(workshop),
            "board": board(workshop), "key_figures": figures,
            "context": context_payload(workshop, figures),
            "syntheses": syntheses(workshop),
            "plenary": plenary.plenary_payload(workshop, facilitator=True)}

