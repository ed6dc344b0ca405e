"""The feedback diagnostic of a workshop: import exports (inline or in a background task with
progress), keep accepted responses once, analyse them with the facilitator's stages and theme
edits (cached until something changes), and turn suggested questions into rounds."""
from __future__ import annotations

import hashlib
import io
import json
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, BinaryIO

from flask import current_app
from flask_babel import get_locale, gettext as _
from sqlalchemy import delete, func, insert, literal, select

from facilitator.domain.diagnostic import (
    PROGRESSION,
    FeedbackFileError,
    Response,
    ThemeEditError,
    check_questions,
    dedup_known,
    default_stages,
    edit_from_dict,
    format_stages,
    load_feedback,
    parse_stages,
    stage_label,
    text,
)
from facilitator.domain.diagnostic.stages import UNASSIGNED, Stage
from facilitator import isolation
from facilitator.extensions import db
from facilitator.models import (FeedbackFileChunk, FeedbackImport, FeedbackResponse, Workshop,
                                WorkshopDiagnostic)
from facilitator.models.diagnostic import TEXT_FIELD_LENGTH
from facilitator.models.user import utcnow
from facilitator.services import UserError, blobs, of_workshop
from facilitator.services.analysis import analyse_responses, response_columns
from facilitator.services.workshops import add_round

if TYPE_CHECKING:
    from facilitator.domain.deliverables.data import DiagnosticSnapshot

log = logging.getLogger(__name__)

FIELDS = ("score", "comment", "date", "segment", "respondent")
RUNNING = ("queued", "reading", "storing", "analysing")
STALE_AFTER = timedelta(minutes=10)  # a running import silent this long was interrupted
INLINE_BYTES = 512 * 1024  # smaller files are processed within the upload request
CACHE_FORMAT = 2  # bump when the cached dict changes shape
PREVIEW_ROWS = 5
_PROGRESS_SECONDS = 0.5
_INSERT_BATCH = 1_000  # rows a transaction; the hub is given back between two
_CHUNK = 1024 * 1024  # an upload is hashed, stored and handed to the reader by this much
ANALYSE_APART_ROWS = 2_000  # from this many responses the analysis runs in the child


def page_language() -> str:
    return str(get_locale() or "en")


# State ---------------------------------------------------------------------------------

def state(workshop: Workshop) -> WorkshopDiagnostic:
    """The workshop's diagnostic settings, created (not committed) on first use."""
    found = db.session.scalar(
        select(WorkshopDiagnostic).where(WorkshopDiagnostic.workshop_id == workshop.id))
    if found is None:
        found = WorkshopDiagnostic(workshop_id=workshop.id, stages_text="", edits=[],
                                   data_version=0, cache_key="")
        db.session.add(found)
        db.session.flush()
    return found


def imports(workshop: Workshop) -> list[FeedbackImport]:
    return list(db.session.scalars(select(FeedbackImport).where(
        FeedbackImport.workshop_id == workshop.id).order_by(FeedbackImport.id.desc())))


def get_import(workshop: Workshop, import_id: int) -> FeedbackImport:
    return of_workshop(FeedbackImport, workshop, import_id)


def response_count(workshop: Workshop) -> int:
    return db.session.scalar(select(func.count(FeedbackResponse.id)).where(
        FeedbackResponse.workshop_id == workshop.id)) or 0


def is_interrupted(record: FeedbackImport) -> bool:
    return record.status in RUNNING and utcnow() - record.updated_at > STALE_AFTER


def busy_import(workshop: Workshop) -> FeedbackImport | None:
    """The import still being processed, if any (interrupted ones do not count)."""
    for record in db.session.scalars(select(FeedbackImport).where(
            FeedbackImport.workshop_id == workshop.id, FeedbackImport.status.in_(RUNNING))):
        if not is_interrupted(record):
            return record
    return None


# Import ---------------------------------------------------------------------------------

def start_import(workshop: Workshop, data: bytes | BinaryIO, filename: str) -> FeedbackImport:
    """Record an upload (bytes, or a file such as the request's spooled upload, which is
    stored in chunks: a 15 MB file is never whole in the server's memory, and the hub
    serves the phones between two chunks); `process_import` (inline or background) reads
    it."""
    if busy_import(workshop):
        raise UserError(_("Another file of this workshop is still being imported: wait for "
                          "it to finish, then import this one."))
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if not size:
        raise UserError(text("file.empty", page_language()))
    record = FeedbackImport(
        workshop_id=workshop.id, filename=(filename or "")[-255:], size=size, sha256="",
        data=b"", status="queued", error_params={}, mapping={}, rejections=[])
    db.session.add(record)
    db.session.commit()
    try:
        record.sha256 = blobs.store(FeedbackFileChunk.__table__, "import_id", record.id,
                                    stream, size)
    except BaseException:  # a half-stored file must not hold the workshop's imports
        db.session.rollback()
        db.session.execute(delete(FeedbackImport).where(FeedbackImport.id == record.id))
        db.session.commit()
        raise
    db.session.expire(record, ["chunks"])  # written behind the session's back: load anew
    db.session.commit()
    return record


def rerun_import(workshop: Workshop, record: FeedbackImport,
                 mapping: dict[str, int | None]) -> FeedbackImport:
    """Queue an import again with the facilitator's column mapping."""
    other = busy_import(workshop)
    if other and other.id != record.id:
        raise UserError(_("Another file of this workshop is still being imported: wait for "
                          "it to finish, then import this one."))
    header = (record.mapping or {}).get("guess", {}).get("header", [])
    if mapping.get("score") is None:
        raise UserError(_("Choose the column that holds the 0-10 score."))
    chosen = [index for index in mapping.values() if index is not None]
    if len(chosen) != len(set(chosen)):
        raise UserError(_("A column can hold only one field: choose different columns."))
    if any(not 0 <= index < len(header) for index in chosen):
        raise UserError(_("This column is not in the file."))
    record.status, record.progress_done, record.progress_total = "queued", 0, None
    record.error_code, record.error_params = "", {}
    record.mapping = {**(record.mapping or {}), "explicit": {f: mapping.get(f) for f in FIELDS}}
    db.session.commit()
    return record


def schedule(record: FeedbackImport) -> None:
    """Process now for small files (the page shows the report at once), else in the
    background: the status page polls `progress()`."""
    app = current_app._get_current_object()
    limit = app.config.get("DIAGNOSTIC_INLINE_BYTES", INLINE_BYTES)
    if record.size <= limit:
        process_import(record.id)
        return
    from facilitator.extensions import socketio

    socketio.start_background_task(_process_in_background, app, record.id)


def _process_in_background(app, import_id: int) -> None:
    with app.app_context():
        try:
            process_import(import_id)
        finally:
            db.session.remove()


def process_import(import_id: int) -> None:
    """Read, check, store and analyse one import; never raises for a bad file."""
    record = db.session.get(FeedbackImport, import_id)
    if record is None:
        return
    try:
        _process(record)
    except Exception:  # a bug must leave a clear status, not an import stuck "running"
        log.exception("feedback import %s failed", import_id)
        db.session.rollback()
        record = db.session.get(FeedbackImport, import_id)
        if record is not None:
            record.status, record.error_code, record.error_params = "failed", "internal", {}
            db.session.commit()


def _process(record: FeedbackImport) -> None:
    explicit = (record.mapping or {}).get("explicit")
    record.status = "reading"
    db.session.commit()
    last = [0.0]

    def progress(done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last[0] >= _PROGRESS_SECONDS:
            last[0] = now
            record.progress_done, record.progress_total = done, total
            db.session.commit()

    try:
        imported = _read_feedback(record, mapping=explicit, progress=progress)
    except isolation.TooLarge as error:
        _fail(record, "too_large", {"limit": error.memory_mb, "seconds": error.seconds})
        return
    except FeedbackFileError as error:
        if error.code != "no_score_column" or explicit:
            _fail(record, error.code, error.params)
            return
        # No score column was recognised: read it with a stand-in mapping so the mapping
        # screen can list the file's columns; nothing is stored.
        try:
            imported = _read_feedback(record, mapping={"score": 0})
        except isolation.TooLarge as second:
            _fail(record, "too_large", {"limit": second.memory_mb, "seconds": second.seconds})
            return
        except FeedbackFileError as second:
            _fail(record, second.code, second.params)
            return
        _ask_mapping(record, imported, score_found=False)
        return
    if explicit is None and imported.columns.needs_confirmation:
        _ask_mapping(record, imported)
        return
    _store(record, imported)
    _finish(record)


def _read_feedback(record: FeedbackImport, mapping, progress=None):
    """Parse the stored upload; a large one goes from the database to the reader child in
    chunks."""
    if record.size <= isolation.IN_PROCESS_BYTES:
        source = record.data
    else:
        def source(handle) -> None:
            blobs.copy(FeedbackFileChunk.__table__, "import_id", record.id, handle)
    return read_feedback_file(source, filename=record.filename, mapping=mapping,
                              progress=progress)


def read_feedback_file(source: bytes | BinaryIO | Callable[[BinaryIO], None], *,
                       filename: str, mapping=None, progress=None):
    """Parse a feedback export in a child process with a memory and time ceiling
    (isolation.py), so no file holds the server's sockets: the one path of every feedback
    file, diagnostic imports (from their stored chunks) and follow-ups (from the request's
    spooled upload). `source`: the bytes, an open file, or a function writing the bytes
    into the child's input. Raises FeedbackFileError or isolation.TooLarge.
    READ_FILES_IN_CHILD=False reads in-process."""
    options = {"filename": filename, "mapping": mapping}
    if current_app.config.get("READ_FILES_IN_CHILD", True):
        return isolation.run("feedback", source, options, progress)
    if callable(source):
        buffer = io.BytesIO()
        source(buffer)
        source = buffer.getvalue()
    elif hasattr(source, "read"):
        source = source.read()
    return load_feedback(source, progress=progress, **options)


def _fail(record: FeedbackImport, code: str, params: dict) -> None:
    record.status, record.error_code = "failed", code
    record.error_params = {key: str(value) for key, value in params.items()}
    db.session.commit()


def _describe(record: FeedbackImport, imported, score_found: bool = True) -> None:
    guess = imported.columns.to_dict()
    if not score_found:
        guess["mapping"]["score"] = None
        guess["columns"]["score"] = None
        guess["confidence"]["score"] = 0.0
    preview = [{"line": r.line, "score": r.score, "comment": r.comment[:200],
                "date": r.date.isoformat() if r.date else "", "segment": r.segment,
                "respondent": r.respondent}
               for r in (imported.responses[:PREVIEW_ROWS] if score_found else [])]
    record.mapping = {**(record.mapping or {}), "guess": guess, "preview": preview,
                      "preview_counts": [len(imported.responses), len(imported.rejected)]
                      if score_found else None}
    record.format = imported.format
    record.encoding = imported.encoding or ""
    record.delimiter = imported.delimiter or ""


def _ask_mapping(record: FeedbackImport, imported, score_found: bool = True) -> None:
    _describe(record, imported, score_found)
    record.status = "needs_mapping"
    db.session.commit()


def _store(record: FeedbackImport, imported) -> None:
    """Replace this import's responses; skip those an earlier import already holds."""
    record.status = "storing"
    _describe(record, imported)
    db.session.execute(delete(FeedbackResponse).where(FeedbackResponse.import_id == record.id))
    known_hashes = set(db.session.scalars(select(FeedbackResponse.content_hash).where(
        FeedbackResponse.workshop_id == record.workshop_id)))
    new, known = dedup_known(imported.responses, known_hashes)
    # Batches in transactions of their own, the hub given back between two (a greenlet
    # must not yield while it holds SQLite's write lock). Interrupted, the import shows as
    # interrupted and a re-run first deletes what it stored.
    db.session.commit()
    for start in range(0, len(new), _INSERT_BATCH):
        db.session.execute(insert(FeedbackResponse), [
            {"workshop_id": record.workshop_id, "import_id": record.id, "line": r.line,
             "score": r.score, "comment": r.comment, "date": r.date,
             "segment": r.segment[:TEXT_FIELD_LENGTH],
             "respondent": r.respondent[:TEXT_FIELD_LENGTH], "content_hash": r.content_hash}
            for r in new[start:start + _INSERT_BATCH]])
        db.session.commit()
        blobs.pause()
    record.accepted, record.known = len(new), len(known)
    record.rejections = [[r.line, r.code, {k: str(v) for k, v in r.params.items()}]
                         for r in imported.rejected]
    record.rejected_count = len(imported.rejected)
    record.progress_done = record.progress_total = len(imported.responses) + len(imported.rejected)
    record.status = "analysing"
    _touch_data(record.workshop_id)
    db.session.commit()


def _finish(record: FeedbackImport) -> None:
    workshop = db.session.get(Workshop, record.workshop_id)
    _refresh(workshop, state(workshop))
    record.status = "done"
    db.session.commit()


def _touch_data(workshop_id: int) -> None:
    workshop = db.session.get(Workshop, workshop_id)
    current = state(workshop)
    current.data_version += 1
    current.cache, current.cache_key = None, ""


def delete_import(workshop: Workshop, record: FeedbackImport) -> None:
    if record.status in RUNNING and not is_interrupted(record):
        raise UserError(_("This import is still running: wait for it to finish."))
    db.session.execute(delete(FeedbackResponse).where(FeedbackResponse.import_id == record.id))
    db.session.delete(record)
    _touch_data(workshop.id)
    db.session.commit()


def progress(record: FeedbackImport) -> dict[str, Any]:
    """Plain data for the status page and its JSON endpoint."""
    status = "failed" if is_interrupted(record) else record.status
    percent = None
    if record.progress_total:
        percent = min(100, round(100 * record.progress_done / record.progress_total))
    return {"status": status, "done": record.progress_done, "total": record.progress_total,
            "percent": percent, "running": status in RUNNING,
            "message": status_message(record)}


def status_message(record: FeedbackImport) -> str:
    """One sentence in the page's language about where the import stands."""
    language = page_language()
    if is_interrupted(record):
        return _("The import was interrupted (the server restarted?). Import the file again.")
    if record.status == "failed":
        if record.error_code == "internal":
            return _("The file could not be processed because of a problem on our side; "
                     "nothing was stored. Try again, or export the file in another format.")
        try:
            return text(f"file.{record.error_code}", language, **record.error_params)
        except (KeyError, IndexError):
            return _("The file could not be read.")
    return {
        "queued": _("Waiting to start…"),
        "reading": _("Reading the rows…"),
        "storing": _("Storing the responses…"),
        "analysing": _("Analysing the comments…"),
        "needs_mapping": _("Check which column holds what."),
        "done": _("Imported."),
    }.get(record.status, "")


def rejection_rows(record: FeedbackImport, language: str | None = None):
    """(line, reason, code) of every rejected row, in the page's language."""
    language = language or page_language()
    for line, code, params in record.rejections or []:
        yield line, text(f"reject.{code}", language, **params), code


# Analysis -------------------------------------------------------------------------------

def stages_of(workshop: Workshop, current: WorkshopDiagnostic | None = None) -> list[Stage]:
    current = current or state(workshop)
    if current.stages_text.strip():
        try:
            return parse_stages(current.stages_text)
        except FeedbackFileError:
            pass  # saved text is validated; this only guards a hand-edited database
    return default_stages(workshop.language)


def stages_text(workshop: Workshop) -> str:
    return state(workshop).stages_text or format_stages(default_stages(workshop.language))


def _cache_key(workshop: Workshop, current: WorkshopDiagnostic) -> str:
    basis = json.dumps([CACHE_FORMAT, current.data_version, current.stages_text,
                        current.edits, workshop.language], sort_keys=True)
    return hashlib.sha256(basis.encode()).hexdigest()


def analysis(workshop: Workshop) -> dict[str, Any] | None:
    """The diagnostic as a dict (Diagnostic.to_dict() plus `stage_names`, `skipped_edits`),
    from the cache when nothing changed; None without responses."""
    current = state(workshop)
    if current.cache is not None and current.cache_key == _cache_key(workshop, current):
        return current.cache
    result = _refresh(workshop, current)
    db.session.commit()
    return result


def _refresh(workshop: Workshop, current: WorkshopDiagnostic) -> dict[str, Any] | None:
    """Recompute and store the cache (the caller commits)."""
    result = _compute(workshop, current)
    current.cache, current.cache_key = result, _cache_key(workshop, current)
    current.computed_at = utcnow()
    return result


def _compute(workshop: Workshop, current: WorkshopDiagnostic) -> dict[str, Any] | None:
    """The analysis; past ANALYSE_APART_ROWS responses it runs in the reader child process
    (which reads the rows itself), so the server's hub keeps answering the phones."""
    stages, edits = stages_of(workshop, current), list(current.edits or [])
    database = _database_for_child()
    if database and response_count(workshop) >= current_app.config.get(
            "ANALYSE_APART_ROWS", ANALYSE_APART_ROWS):
        db.session.commit()  # the child must see every stored row; nothing stays locked
        try:
            connect_args = current_app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get(
                "connect_args", {})
            return isolation.run("analyse", b"", {
                "database": database, "connect_args": connect_args,
                "workshop_id": workshop.id, "stages": stages, "edits": edits,
                "language": workshop.language}, always=True)
        except isolation.TooLarge:
            log.warning("analysis of workshop %s hit the reader's ceiling; run in-process",
                        workshop.id)
    rows = db.session.execute(select(*response_columns()).where(
        FeedbackResponse.workshop_id == workshop.id).order_by(FeedbackResponse.id))
    return analyse_responses([Response(*row) for row in rows], stages, edits,
                             workshop.language)


def _database_for_child() -> str | None:
    """The database address a child process can open, or None (reading apart is off, or
    the database lives only in this process's memory)."""
    if not current_app.config.get("READ_FILES_IN_CHILD", True):
        return None
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and (url.database or ":memory:") == ":memory:":
        return None
    return url.render_as_string(hide_password=False)


# Stages and theme edits -----------------------------------------------------------------

def save_stages(workshop: Workshop, text_: str) -> None:
    try:
        parse_stages(text_)
    except FeedbackFileError as error:
        raise UserError(error.message(page_language())) from error
    current = state(workshop)
    default = format_stages(default_stages(workshop.language))
    current.stages_text = "" if _normalise(text_) == _normalise(default) else text_.strip() + "\n"
    _refresh(workshop, current)
    db.session.commit()


def stage_rows(workshop: Workshop) -> list[dict[str, str]]:
    """The stages as the form shows them: a default stage by its label, in the workshop's
    language, with its key kept so that its translations follow."""
    return [{"key": stage.name if stage_label(stage.name, workshop.language) != stage.name else "",
             "name": stage_label(stage.name, workshop.language),
             "description": stage.description} for stage in stages_of(workshop)]


def save_stage_rows(workshop: Workshop, rows: list[dict[str, str]]) -> None:
    """Save the stages form: rows left empty are dropped; a row needs both a name and a
    description; a default stage whose label was kept keeps its key."""
    stages: list[Stage] = []
    for row in rows:
        name = " ".join((row.get("name") or "").split())
        description = " ".join((row.get("description") or "").split())
        if not name and not description:
            continue
        if not name or not description:
            raise UserError(_("Give each stage a name and a description (row %(n)s).",
                              n=len(stages) + 1))
        if ":" in name:
            raise UserError(_("A stage name cannot contain “:” (%(name)s).", name=name))
        key = row.get("key") or ""
        if key and stage_label(key, workshop.language) == name:
            name = key
        stages.append(Stage(name, description))
    if not stages:
        raise UserError(_("Describe at least one stage of the customer journey."))
    if len({stage.name.casefold() for stage in stages}) < len(stages):
        raise UserError(_("Two stages have the same name."))
    save_stages(workshop, format_stages(stages))


def reset_stages(workshop: Workshop) -> None:
    current = state(workshop)
    current.stages_text = ""
    _refresh(workshop, current)
    db.session.commit()


def _normalise(text_: str) -> str:
    return "\n".join(line.strip() for line in text_.strip().splitlines() if line.strip())


def theme_names(result: dict[str, Any] | None) -> list[str]:
    return sorted((theme["name"] for theme in result["themes"]), key=str.casefold) \
        if result else []


def add_edit(workshop: Workshop, payload: dict[str, Any]) -> None:
    """Validate a rename/merge/move against the current themes, store it, recompute."""
    result = analysis(workshop)
    if result is None:
        raise UserError(_("Import feedback first."))
    names = set(theme_names(result))
    kind = payload.get("edit")
    if kind == "rename":
        payload["new"] = " ".join(str(payload.get("new", "")).split())
        if payload.get("old") not in names:
            raise UserError(_("This theme no longer exists: reload the page."))
        if not payload["new"]:
            raise UserError(_("Give the theme a name."))
    elif kind == "merge":
        payload["into"] = " ".join(str(payload.get("into", "")).split())
        payload["sources"] = [n for n in payload.get("sources", []) if n != payload["into"]]
        if not payload["into"]:
            raise UserError(_("Name the merged theme."))
        if not payload["sources"] or not set(payload["sources"]) <= names:
            raise UserError(_("Tick at least one theme to merge into another one."))
    elif kind == "move_theme":
        if payload.get("theme") not in names:
            raise UserError(_("This theme no longer exists: reload the page."))
        if payload.get("stage") not in [*result["stage_names"], UNASSIGNED]:
            raise UserError(_("Choose one of the journey stages."))
    try:
        edit_from_dict(payload)
    except ThemeEditError as error:
        raise UserError(_("This change cannot be applied.")) from error
    current = state(workshop)
    current.edits = [*(current.edits or []), payload]
    _refresh(workshop, current)
    db.session.commit()


def undo_edit(workshop: Workshop) -> None:
    current = state(workshop)
    if current.edits:
        current.edits = list(current.edits)[:-1]
        _refresh(workshop, current)
        db.session.commit()


def reset_edits(workshop: Workshop) -> None:
    current = state(workshop)
    current.edits = []
    _refresh(workshop, current)
    db.session.commit()


def describe_edit(payload: dict[str, Any], language: str) -> str:
    """One line per stored edit, for the history on the themes page."""
    kind = payload.get("edit")
    if kind == "rename":
        return _("Renamed “%(old)s” to “%(new)s”", old=payload["old"], new=payload["new"])
    if kind == "merge":
        return _("Merged %(sources)s into “%(into)s”",
                 sources=", ".join(f"“{name}”" for name in payload["sources"]),
                 into=payload["into"])
    if kind == "move_theme":
        return _("Moved “%(theme)s” to %(stage)s", theme=payload["theme"],
                 stage=stage_label(payload["stage"], language))
    return str(kind)


# Questions ------------------------------------------------------------------------------

def kind_label(kind: str | None, language: str) -> str:
    return text(f"kind.{kind}", language) if kind in PROGRESSION else ""


def add_question(workshop: Workshop, question: str, kind: str | None):
    """A suggestion (maybe edited) becomes the question of the first round still without
    one (the new-workshop form makes the rounds first), else of a new round; its kind is
    remembered."""
    if not question.strip():
        raise UserError(_("The question is empty."))
    round_ = next_round_to_write(workshop)
    if round_ is None:
        round_ = add_round(workshop, question=question)
    else:
        round_.question = question.strip()
    round_.kind = kind if kind in PROGRESSION else None
    db.session.commit()
    return round_


def next_round_to_write(workshop: Workshop):
    """The first round whose question is still to write, if any."""
    return next((r for r in workshop.rounds if not r.question.strip()), None)


def question_warnings(workshop: Workshop, skip: tuple[str, ...] = ()) -> list[str]:
    """Translated warnings about the rounds' questions: empty, over 200 characters, or a
    round from the question bank that goes back to an earlier kind of question. `skip`
    leaves out codes a page already says otherwise (the checklist: empty, too_long)."""
    language = page_language()
    questions = [{"text": r.question, "kind": r.kind or ""} for r in workshop.rounds]
    messages = []
    for warning in check_questions(questions):
        if warning.code in skip:
            continue
        params = dict(warning.params)
        if warning.code == "regression":
            params["kind"] = kind_label(str(params["kind"]), language)
            params["previous"] = kind_label(str(params["previous"]), language)
        messages.append(text(f"warn.{warning.code}", language, index=warning.index, **params))
    return messages


# Plain data for other pages -------------------------------------------------------------

def _top_findings(result: dict[str, Any], polarity: str, language: str, limit: int = 3):
    found = [(finding["count"], stage["stage"], finding)
             for stage in result["stages"] for finding in stage[polarity]]
    found.sort(key=lambda item: -item[0])
    # A theme without a stage shows no stage: an internal label never reaches the room.
    return [{"stage": stage_label(stage, language) if stage != UNASSIGNED else "",
             "stage_key": stage,
             "theme": finding.get("phrase") or finding["theme"], "count": count,
             "verbatim": (finding["verbatims"] or [""])[0]}
            for count, stage, finding in found[:limit]]


def key_figures(workshop: Workshop) -> dict[str, Any] | None:
    """The diagnostic's headline, in the workshop's language; None without responses.

    {"nps", "margin_of_error", "responses", "promoters", "passives", "detractors",
     "small_sample", "distribution", "top_irritants": [{"stage", "theme", "verbatim",
     "count", "stage_key"}] (3 at most), "top_praise": [...]}
    """
    result = analysis(workshop)
    if result is None:
        return None
    language = workshop.language
    return {
        "nps": result["nps"], "margin_of_error": result["margin_of_error"],
        "responses": result["responses"], "promoters": result["promoters"],
        "passives": result["passives"], "detractors": result["detractors"],
        "small_sample": result["small_sample"], "distribution": list(result["distribution"]),
        "top_irritants": _top_findings(result, "irritants", language),
        "top_praise": _top_findings(result, "praise", language),
    }


def snapshot_for_deliverables(workshop: Workshop) -> DiagnosticSnapshot | None:
    """The diagnostic as the deliverables' plain data; None without responses."""
    # Imported here: the deliverables package loads ReportLab, which the web pages never need.
    from facilitator.domain.deliverables.data import DiagnosticSnapshot, StageInsight, Theme

    result = analysis(workshop)
    if result is None:
        return None
    language = workshop.language

    def themes(findings) -> tuple[Theme, ...]:
        return tuple(Theme(f.get("phrase") or f["theme"], f["count"], tuple(f["verbatims"][:2]))
                     for f in findings[:3])

    files = [record.filename for record in imports(workshop) if record.status == "done"]
    return DiagnosticSnapshot(
        respondents=result["responses"], nps=float(result["nps"]),
        margin_of_error=float(result["margin_of_error"]), promoters=result["promoters"],
        passives=result["passives"], detractors=result["detractors"],
        distribution=tuple(result["distribution"]),
        stages=tuple(StageInsight(stage_label(stage["stage"], language),
                                  themes(stage["irritants"]), themes(stage["praise"]))
                     for stage in result["stages"] if stage["stage"] != UNASSIGNED),
        source=", ".join(reversed(files)),
    )


# Copies ----------------------------------------------------------------------------------

def copy_to(source: Workshop, copy: Workshop) -> None:
    """Give a copied workshop the source's diagnostic: its imports (files kept, so a re-run
    works), their responses, the stages and the theme edits. The caller commits."""
    imported = {}
    for record in db.session.scalars(select(FeedbackImport).where(
            FeedbackImport.workshop_id == source.id, FeedbackImport.status == "done")
            .order_by(FeedbackImport.id)):
        twin = FeedbackImport(workshop_id=copy.id, **{
            column: getattr(record, column) for column in _IMPORT_COLUMNS})
        db.session.add(twin)
        db.session.flush()
        chunks = FeedbackFileChunk.__table__.c
        db.session.execute(insert(FeedbackFileChunk).from_select(
            ["import_id", "seq", "data"],
            select(literal(twin.id), chunks.seq, chunks.data).where(
                chunks.import_id == record.id)))
        imported[record.id] = twin.id
    columns = (FeedbackResponse.import_id, FeedbackResponse.line, FeedbackResponse.score,
               FeedbackResponse.comment, FeedbackResponse.date, FeedbackResponse.segment,
               FeedbackResponse.respondent, FeedbackResponse.content_hash)
    rows = [{"workshop_id": copy.id, "import_id": imported[row.import_id], "line": row.line,
             "score": row.score, "comment": row.comment, "date": row.date,
             "segment": row.segment, "respondent": row.respondent,
             "content_hash": row.content_hash}
            for row in db.session.execute(select(*columns).where(
                FeedbackResponse.workshop_id == source.id)) if row.import_id in imported]
    if rows:
        db.session.execute(insert(FeedbackResponse), rows)
    settings, twin = state(source), state(copy)
    twin.stages_text, twin.edits = settings.stages_text, list(settings.edits or [])
    twin.data_version = settings.data_version
    twin.cache, twin.cache_key = None, ""  # recomputed on first view, for the copy's language


_IMPORT_COLUMNS = ("filename", "size", "sha256", "format", "encoding", "delimiter", "status",
                   "progress_done", "progress_total", "error_code", "error_params", "mapping",
                   "accepted", "known", "rejected_count", "rejections", "created_at")
