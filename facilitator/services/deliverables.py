"""The workshop's deliverables: gather what the room produced into plain report data, then
let the domain compose the two PDFs and the exports. A shareable link, revocable."""
from __future__ import annotations

import hashlib
import io
import secrets
import threading
import zipfile
from collections import OrderedDict
from datetime import date, datetime

from sqlalchemy import select

from facilitator.domain import deliverables as compose
from facilitator.domain.deliverables import data as report_data
from facilitator.domain.run import Stage
from facilitator.extensions import db
from facilitator.models import Note, Solution, Workshop
from facilitator.domain.diagnostic.texts import stage_label
from facilitator.domain.plenary import channel_label
from facilitator.services import diagnostic, live, photos, plenary, synthesis
from facilitator.services.translations import gettext_for


def build_report(workshop: Workshop, images: bool = True) -> report_data.WorkshopReport:
    """Everything the deliverables show, in a stable order (same data, same bytes). Without
    `images`, the photos are listed but their bytes stay in the database."""
    tables = {t.id: t for t in workshop.tables}
    hosts = {p.host_table_id: p.display_name for p in workshop.participants if p.is_host}
    return report_data.WorkshopReport(
        title=workshop.title, date=workshop.date or workshop.created_at.date(),
        place=workshop.place, facilitator_name=workshop.owner.name or workshop.owner.email,
        language=workshop.language, participants_count=_participants(workshop),
        departments=tuple(sorted({p.department for p in workshop.participants
                                  if p.department})),
        tables=tuple(report_data.TableInfo(number=t.number, name=t.label,
                                           host_name=hosts.get(t.id, ""), theme=t.theme)
                     for t in workshop.tables),
        rounds=_rounds(workshop),
        solutions=_solutions(workshop),
        notes=_notes(workshop, tables),
        journey_stages=_journey(workshop),
        show_names=workshop.show_names,
        diagnostic=_diagnostic(workshop),
        next_steps=workshop.next_steps or "",
        photos=_photos(workshop, images),
        themes=_themes(workshop),
    )


def _themes(workshop: Workshop) -> tuple[report_data.DiagnosticTheme, ...]:
    result = diagnostic.analysis(workshop)
    if result is None:
        return ()
    return tuple(report_data.DiagnosticTheme(
        name=t["name"], stage=stage_label(t["stage"], workshop.language) if t.get("stage")
        else "", mentions=t["count"], nps=float(t["nps"])) for t in result["themes"])


def _photos(workshop: Workshop, images: bool) -> tuple[report_data.Photo, ...]:
    found = photos.of_workshop(workshop)
    if images:
        found = photos.with_images(found)
    return tuple(report_data.Photo(
        round_number=p.round.number, table_number=p.table.number, caption=p.caption,
        width=p.width, height=p.height, image=p.data if images else b"") for p in found)


def _participants(workshop: Workshop) -> int:
    joined = sum(1 for p in workshop.participants if p.joined_at is not None)
    return joined or len(workshop.participants)


def _rounds(workshop: Workshop) -> tuple[report_data.RoundInfo, ...]:
    """Each round's syntheses, table by table (tables with nothing written left out)."""
    summaries = synthesis.round_summaries(list(workshop.rounds),
                                          [t.id for t in workshop.tables], keep_merged=True)
    rounds = []
    for round_ in _played_rounds(workshop):
        found = [(table, summaries[(table.id, round_.number)]) for table in workshop.tables]
        rounds.append(report_data.RoundInfo(
            round_.number, round_.question,
            tuple(report_data.TableSynthesis(table.number, s.key_points, s.solutions)
                  for table, s in found if s.key_points or s.solutions),
            synthesizing=round_.synthesizing))
    return tuple(rounds)


def _played_rounds(workshop: Workshop) -> list:
    """The rounds the room played: once the rounds are over (plenary, closed), one skipped
    on the way to the plenary is not reported (nor counted on the cover). Before that,
    every round of the design."""
    run = workshop.run
    if run is None or run.stage not in (Stage.PLENARY, Stage.CLOSED):
        return list(workshop.rounds)
    return list(workshop.rounds[:live.rounds_played(workshop)])


def _solutions(workshop: Workshop) -> tuple[report_data.Solution, ...]:
    counts = plenary.tallies(workshop)
    merged_into: dict[int, list[Solution]] = {}
    everything = db.session.scalars(select(Solution).where(
        Solution.workshop_id == workshop.id)).all()
    for solution in everything:
        if solution.merged_into_id:
            merged_into.setdefault(solution.merged_into_id, []).append(solution)
    result = []
    for solution in plenary.solutions(workshop):
        if not solution.title:
            continue
        origins = sorted({(s.table.number, s.round.number)
                          for s in [solution, *merged_into.get(solution.id, [])]})
        result.append(report_data.Solution(
            id=solution.id, title=solution.title, description=solution.description,
            irritant=solution.irritant, stage=solution.stage,
            work_stream=solution.work_stream,
            channel=channel_label(solution.channel, workshop.language),
            origins=tuple(report_data.SolutionOrigin(t, r) for t, r in origins),
            votes=counts.get(solution.id, 0), qualification=_qualification(solution)))
    return tuple(result)


def _qualification(solution: Solution) -> report_data.Qualification | None:
    if not (solution.impact and solution.effort and solution.horizon):
        return None
    return report_data.Qualification(impact=solution.impact, effort=solution.effort,
                                     owner=solution.owner, horizon=solution.horizon)


def _notes(workshop: Workshop, tables) -> tuple[report_data.Note, ...]:
    # A note still held for the host's review never reached its table: not in the record.
    notes = db.session.scalars(select(Note).where(
        Note.workshop_id == workshop.id, Note.table_id.is_not(None), Note.held.is_(False))
        .order_by(Note.round_id, Note.table_id, Note.shared_at, Note.id)).all()
    rounds = {r.id: r.number for r in workshop.rounds}
    return tuple(report_data.Note(
        round_number=rounds[n.round_id], table_number=tables[n.table_id].number, text=n.text,
        author_name=n.participant.display_name if workshop.show_names else None)
        for n in notes if n.duplicate_of_id is None)


def _journey(workshop: Workshop) -> tuple[str, ...]:
    """The journey's stages in order, as hosts name them (labels in the workshop language)."""
    return tuple(stage_label(stage.name, workshop.language)
                 for stage in diagnostic.stages_of(workshop))


def _diagnostic(workshop: Workshop) -> report_data.DiagnosticSnapshot | None:
    return diagnostic.snapshot_for_deliverables(workshop)


def summary_pdf(workshop: Workshop) -> bytes:
    return compose.build_summary_pdf(build_report(workshop, images=False),
                                     gettext_for(workshop.language))


def detailed_pdf(workshop: Workshop) -> bytes:
    return compose.build_detailed_pdf(build_report(workshop), gettext_for(workshop.language))


def export_json(workshop: Workshop) -> str:
    return compose.export_json(build_report(workshop, images=False))


def export_zip(workshop: Workshop) -> bytes:
    """The CSV files in one archive, UTF-8 with a BOM so spreadsheets read the accents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        report = build_report(workshop, images=False)
        for name, text in sorted(compose.export_csv(report).items()):
            archive.writestr(name, text.encode("utf-8-sig"))
    return buffer.getvalue()


def by_code(code: str) -> Workshop | None:
    """A workshop by its join code, whatever its status (the deliverables command)."""
    from facilitator.domain.workshop import normalise_join_code
    return db.session.scalar(select(Workshop).where(
        Workshop.join_code == normalise_join_code(code)))


def all_files(workshop: Workshop, stamp: datetime) -> dict[str, bytes]:
    """Every deliverable by file name: the three PDFs, the data and the action plan's
    exports, in the workshop's language; ``stamp`` dates the calendar."""
    from facilitator.domain import actionplan as plan_rules
    from facilitator.services import actionplan

    gettext = gettext_for(workshop.language)
    report = build_report(workshop)
    plan = actionplan.report(workshop)
    files = {"summary.pdf": compose.build_summary_pdf(report, gettext),
             "detailed.pdf": compose.build_detailed_pdf(report, gettext),
             "data.json": compose.export_json(report).encode(),
             "action-plan.pdf": compose.build_action_plan_pdf(plan, gettext),
             "action-plan.csv": plan_rules.export_csv(plan).encode("utf-8-sig"),
             "action-plan.json": plan_rules.export_json(plan).encode(),
             "action-plan.ics": actionplan.ical(plan, stamp).encode()}
    files.update({name: text.encode("utf-8-sig")
                  for name, text in compose.export_csv(report).items()})
    return files


def file_stem(workshop: Workshop) -> str:
    """A safe file name stem: the date and the join code, never user text."""
    when = (workshop.date or date.today()).isoformat()
    return f"{when}-{workshop.join_code}"


# The shareable link ------------------------------------------------------------------------

def share(workshop: Workshop) -> str:
    if not workshop.share_token:
        workshop.share_token = secrets.token_urlsafe(24)
        db.session.commit()
    return workshop.share_token


def revoke_share(workshop: Workshop) -> None:
    workshop.share_token = None
    db.session.commit()


# The shared link: anyone holding it may download, so each PDF is built once per state of
# the workshop's data, not once per download (0.2-0.6 s of CPU each).
SHARED_CACHE_ENTRIES = 16
_shared_cache: OrderedDict[tuple[int, str, str], tuple[str, bytes]] = OrderedDict()
_shared_lock = threading.Lock()


def shared_pdf(workshop: Workshop, name: str) -> tuple[bytes, str]:
    """(PDF bytes, version) of "summary.pdf" or "detailed.pdf"; the version (a digest of the
    report's data, photos by id) changes exactly when the PDF would."""
    report = build_report(workshop, images=False)
    version = hashlib.sha256(repr((name, report)).encode()).hexdigest()[:32]
    key = (workshop.id, workshop.share_token or "", name)
    with _shared_lock:
        cached = _shared_cache.get(key)
        if cached and cached[0] == version:
            _shared_cache.move_to_end(key)
            return cached[1], version
    content = (compose.build_summary_pdf(report, gettext_for(report.language))
               if name == "summary.pdf" else detailed_pdf(workshop))
    with _shared_lock:
        _shared_cache[key] = (version, content)
        _shared_cache.move_to_end(key)
        while len(_shared_cache) > SHARED_CACHE_ENTRIES:
            _shared_cache.popitem(last=False)
    return content, version


def by_share_token(token: str) -> Workshop | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Workshop).where(Workshop.share_token == token))


def save_settings(workshop: Workshop, *, show_names: bool, next_steps: str) -> None:
    workshop.show_names = show_names
    workshop.next_steps = next_steps.strip()
    db.session.commit()
