"""Pages of a workshop's feedback diagnostic: import (with progress and a column-mapping
screen), the figures, theme editing, stages, the question bank and a projector page."""
from __future__ import annotations

import csv
import io

from flask import (Blueprint, Response, flash, g, jsonify, redirect, render_template, request,
                   url_for)
from flask_babel import format_decimal, format_percent, gettext as _
from flask_login import login_required
from wtforms.fields.choices import SelectChoice

from facilitator.domain import workshop as rules
from facilitator.domain.diagnostic import stage_label
from facilitator.domain.diagnostic.nps import SMALL_SAMPLE
from facilitator.domain.diagnostic.stages import MAX_STAGES, UNASSIGNED
from facilitator.domain.tabular import sanitize_cell
from facilitator.services import UserError
from facilitator.services import diagnostic as service
from facilitator.web import owned_workshop
from facilitator.web.diagnostic_forms import (NO_COLUMN, ImportForm, MappingForm, MergeForm,
                                              MoveForm, QuestionForm, RenameForm, StagesForm)
from facilitator.web.workshops.forms import ActionForm

bp = Blueprint("diagnostic", __name__, url_prefix="/workshops/<int:workshop_id>/diagnostic")

REJECTIONS_SHOWN = 100
SEGMENTS_SHOWN = 20
TREND_MONTHS = 36


@bp.before_request
@login_required
def _signed_in():
    """Every page here is the facilitator's."""


def nps_text(value: float) -> str:
    """+25, −12.5, 0: signed, one decimal at most, in the page's number format."""
    value = round(float(value), 1)
    if value == 0:
        return "0"
    return format_decimal(value, format="+#,##0.#;\u2212#,##0.#")


def number(value: float, decimals: int = 1) -> str:
    return format_decimal(round(float(value), decimals), format="#,##0." + "#" * decimals)


def count(value: int) -> str:
    return format_decimal(int(value), format="#,##0")


def share(part: int, whole: int) -> str:
    return format_percent(part / whole if whole else 0, format="#,##0%")


FORMATTERS = {"nps_text": nps_text, "number": number, "share": share, "count": count,
              "percent": lambda value: format_percent(value, format="#,##0%")}


def _render(template: str, workshop, **context):
    language = service.page_language()
    return render_template(template, workshop=workshop, action=ActionForm(),
                           label=lambda stage: stage_label(stage, language),
                           kind_label=lambda kind: service.kind_label(kind, language),
                           small_sample=SMALL_SAMPLE, **FORMATTERS, **context)


# Figures --------------------------------------------------------------------------------

@bp.get("/")
def show(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    busy = service.busy_import(workshop)
    if busy and busy.status == "analysing":
        result = None  # the background task is computing it; do not do it twice
    else:
        result = service.analysis(workshop)
    segments = sorted(result["by_segment"], key=lambda g: -g["n"])[:SEGMENTS_SHOWN] \
        if result else []
    return _render("diagnostic/show.html", workshop, result=result, busy=busy,
                   chart=distribution_chart(result["distribution"]) if result else None,
                   trend=trend_chart(result["by_month"]) if result else None,
                   segments=segments,
                   more_segments=len(result["by_segment"]) - len(segments) if result else 0,
                   import_form=ImportForm())


def distribution_chart(distribution: list[int]) -> dict:
    """Bar geometry of the 0-10 distribution for an inline SVG (viewBox units)."""
    width, height, top, bottom = 660, 260, 28, 40
    slot = width / 11
    peak = max(distribution) or 1
    bars = []
    for score, number_of in enumerate(distribution):
        bar_height = (height - top - bottom) * number_of / peak
        bars.append({
            "score": score, "count": number_of, "text": count(number_of),
            "x": round(score * slot + 6, 1),
            "w": round(slot - 12, 1), "h": round(bar_height, 1),
            "y": round(height - bottom - bar_height, 1), "cx": round(score * slot + slot / 2, 1),
            "cls": "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"})
    digits = len(count(peak))
    font = round(min(17.0, (slot - 4) / (0.72 * digits)), 1)  # big counts must not overlap
    return {"width": width, "height": height, "base": height - bottom, "bars": bars,
            "font": font}


def trend_chart(groups: list[dict], limit: int = TREND_MONTHS) -> dict | None:
    """NPS per month as diverging bars around 0 (the last `limit` months), for inline SVG."""
    groups = groups[-limit:]
    if len(groups) < 2:
        return None
    width, height, left, label_room = 660, 200, 34, 22
    middle = (height - label_room) / 2
    slot = (width - left) / len(groups)
    every = max(1, round(len(groups) / 8))  # about eight month labels
    bars = []
    for index, group in enumerate(groups):
        size = middle * min(abs(group["nps"]), 100) / 100
        bars.append({
            "x": round(left + index * slot + slot * 0.15, 1), "w": round(slot * 0.7, 1),
            "y": round(middle - size if group["nps"] >= 0 else middle, 1), "h": round(size, 1),
            "cls": ("pos" if group["nps"] >= 0 else "neg") + (
                " small" if group["small_sample"] else ""),
            "label": group["key"] if index % every == 0 else "", "key": group["key"],
            "nps": group["nps"], "n": group["n"], "cx": round(left + (index + 0.5) * slot, 1)})
    return {"width": width, "height": height, "middle": round(middle, 1), "left": left,
            "top": 0, "bottom": round(2 * middle, 1), "bars": bars,
            "shown": len(groups), "font": 13}


# Imports --------------------------------------------------------------------------------

@bp.route("/import", methods=["GET", "POST"])
def imports(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = ImportForm()
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            record = service.start_import(workshop, upload.stream, upload.filename or "")
            service.schedule(record)
            return redirect(url_for(".import_report", workshop_id=workshop.id,
                                    import_id=record.id))
        except UserError as error:
            form.file.errors = [*form.file.errors, error.message]
    if request.method == "POST":
        status = 400
    return _render("diagnostic/imports.html", workshop, form=form,
                   imports=service.imports(workshop), busy=service.busy_import(workshop),
                   total=service.response_count(workshop)), status


@bp.get("/imports/<int:import_id>")
def import_report(workshop_id: int, import_id: int):
    workshop = owned_workshop(workshop_id)
    record = service.get_import(workshop, import_id)
    if record.status == "needs_mapping" and not service.is_interrupted(record):
        return redirect(url_for(".mapping", workshop_id=workshop.id, import_id=record.id))
    rejections = list(service.rejection_rows(record))
    return _render("diagnostic/import_report.html", workshop, record=record,
                   progress=service.progress(record), rejections=rejections[:REJECTIONS_SHOWN],
                   columns=_columns_used(record))


def _columns_used(record) -> list[tuple[str, str | None]]:
    guess = (record.mapping or {}).get("guess") or {}
    explicit = (record.mapping or {}).get("explicit")
    header = guess.get("header", [])
    mapping = explicit or guess.get("mapping", {})
    names = _field_names()
    return [(names[field], header[mapping[field]] if mapping.get(field) is not None
             and mapping[field] < len(header) else None) for field in service.FIELDS]


def _field_names() -> dict[str, str]:
    return {"score": _("Score"), "comment": _("Comment"), "date": _("Date"),
            "segment": _("Segment"), "respondent": _("Respondent id")}


@bp.get("/imports/<int:import_id>/progress")
def import_progress(workshop_id: int, import_id: int):
    workshop = owned_workshop(workshop_id)
    record = service.get_import(workshop, import_id)
    return jsonify(service.progress(record))


@bp.route("/imports/<int:import_id>/mapping", methods=["GET", "POST"])
def mapping(workshop_id: int, import_id: int):
    workshop = owned_workshop(workshop_id)
    record = service.get_import(workshop, import_id)
    guess = (record.mapping or {}).get("guess")
    if not guess:  # a file that could not be read has no columns to map
        return redirect(url_for(".import_report", workshop_id=workshop.id, import_id=record.id))
    current = (record.mapping or {}).get("explicit") or guess["mapping"]
    form = MappingForm(**{field: NO_COLUMN if current.get(field) is None else current[field]
                          for field in service.FIELDS} if request.method == "GET" else {})
    form.set_columns(guess["header"])
    status = 200
    if form.validate_on_submit():
        try:
            service.rerun_import(workshop, record, form.mapping())
            service.schedule(record)
            return redirect(url_for(".import_report", workshop_id=workshop.id,
                                    import_id=record.id))
        except UserError as error:
            form.score.errors = [*form.score.errors, error.message]
            status = 400
    elif request.method == "POST":
        status = 400
    return _render("diagnostic/mapping.html", workshop, record=record, form=form, guess=guess,
                   field_names=_field_names()), status


@bp.get("/imports/<int:import_id>/rejected.csv")
def rejected_csv(workshop_id: int, import_id: int):
    workshop = owned_workshop(workshop_id)
    record = service.get_import(workshop, import_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("line"), _("reason"), _("code")])
    for line, reason, code in service.rejection_rows(record):
        writer.writerow([line, sanitize_cell(reason), code])
    # A BOM so that Excel opens the UTF-8 reasons with their accents.
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="rejected-lines-{record.id}.csv"'})


@bp.post("/imports/<int:import_id>/delete")
def delete_import(workshop_id: int, import_id: int):
    workshop = owned_workshop(workshop_id)
    record = service.get_import(workshop, import_id)
    if ActionForm().validate_on_submit():
        try:
            service.delete_import(workshop, record)
            flash(_("Import removed, with its responses."), "success")
        except UserError as error:
            flash(error.message, "error")
    return redirect(url_for(".imports", workshop_id=workshop.id))


# Themes and stages ----------------------------------------------------------------------

@bp.get("/themes")
def themes(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    result = service.analysis(workshop)
    return _render_themes(workshop, result)


def _render_themes(workshop, result, status: int = 200, merge_form=None):
    names = service.theme_names(result)
    merge_form = merge_form or MergeForm(formdata=None)
    merge_form.sources.choices = [SelectChoice(name) for name in names]
    stage_choices = [(name, stage_label(name, service.page_language()))
                     for name in (result["stage_names"] if result else [])] + [
        (UNASSIGNED, stage_label(UNASSIGNED, service.page_language()))]
    current = service.state(workshop)
    language = service.page_language()
    history = [(service.describe_edit(edit, language), index in (result or {}).get(
        "skipped_edits", [])) for index, edit in enumerate(current.edits or [])]
    return _render("diagnostic/themes.html", workshop, result=result, merge_form=merge_form,
                   stage_choices=stage_choices, names=names, history=history,
                   theme_limit=80), status


def _edit(workshop_id: int, build):
    workshop = owned_workshop(workshop_id)
    payload = build()
    if payload is not None:
        try:
            service.add_edit(workshop, payload)
            flash(_("Themes updated; the figures follow."), "success")
        except UserError as error:
            flash(error.message, "error")
    return redirect(url_for(".themes", workshop_id=workshop.id))


@bp.post("/themes/rename")
def rename_theme(workshop_id: int):
    def build():
        form = RenameForm()
        if not form.validate_on_submit():
            flash(_("Give the theme a name (80 characters at most)."), "error")
            return None
        return {"edit": "rename", "old": form.old.data, "new": form.new.data}
    return _edit(workshop_id, build)


@bp.post("/themes/merge")
def merge_themes(workshop_id: int):
    def build():
        form = MergeForm()
        form.sources.choices = [SelectChoice(name) for name in request.form.getlist("sources")]
        if not form.validate_on_submit():
            flash(_("Tick the themes to merge and name the theme they become."), "error")
            return None
        return {"edit": "merge", "sources": list(form.sources.data), "into": form.into.data}
    return _edit(workshop_id, build)


@bp.post("/themes/move")
def move_theme(workshop_id: int):
    def build():
        form = MoveForm()
        form.stage.choices = [SelectChoice(value) for value in request.form.getlist("stage")]
        if not form.validate_on_submit():
            flash(_("Choose one of the journey stages."), "error")
            return None
        return {"edit": "move_theme", "theme": form.theme.data, "stage": form.stage.data}
    return _edit(workshop_id, build)


@bp.post("/themes/undo")
def undo_edit(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        service.undo_edit(workshop)
        flash(_("Last change undone."), "success")
    return redirect(url_for(".themes", workshop_id=workshop.id))


@bp.post("/themes/reset")
def reset_edits(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        service.reset_edits(workshop)
        flash(_("Themes are back to the automatic analysis."), "success")
    return redirect(url_for(".themes", workshop_id=workshop.id))


@bp.route("/stages", methods=["GET", "POST"])
def stages(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if request.method == "GET":
        rows = service.stage_rows(workshop)
        form = StagesForm(data={"stages": rows + [{"key": "", "name": "", "description": ""}]
                               * (2 if len(rows) < MAX_STAGES - 1 else 0)})
    else:
        form = StagesForm()
    status = 200
    if form.validate_on_submit():
        try:
            service.save_stage_rows(workshop, [entry.data for entry in form.stages])
            flash(_("Stages saved; the themes were found again."), "success")
            return redirect(url_for(".themes", workshop_id=workshop.id))
        except UserError as error:
            flash(error.message, "error")
    if request.method == "POST":
        status = 400
    return _render("diagnostic/stages.html", workshop, form=form,
                   custom=bool(service.state(workshop).stages_text)), status


@bp.post("/stages/reset")
def reset_stages(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        service.reset_stages(workshop)
        flash(_("Default stages restored."), "success")
    return redirect(url_for(".stages", workshop_id=workshop.id))


# Questions ------------------------------------------------------------------------------

@bp.get("/questions")
def questions(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    result = service.analysis(workshop)
    suggestions = [(question, QuestionForm(formdata=None, question=question["text"],
                                           kind=question["kind"], prefix=f"q{index}"))
                   for index, question in enumerate(result["suggested_questions"] if result
                                                    else [])]
    used = {" ".join(r.question.split()).casefold(): r.number for r in workshop.rounds}
    return _render("diagnostic/questions.html", workshop, result=result,
                   suggestions=suggestions, warnings=service.question_warnings(workshop),
                   used=used,
                   warn_length=rules.QUESTION_WARN_LENGTH, next_round=_next_round(workshop))


def _next_round(workshop) -> int:
    """The round a picked question goes to: the first unwritten one, else a new one."""
    unwritten = service.next_round_to_write(workshop)
    return unwritten.number if unwritten else len(workshop.rounds) + 1


@bp.post("/questions/add")
def add_question(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    prefix = request.form.get("prefix", "")
    form = QuestionForm(prefix=prefix if prefix.startswith("q") and prefix[1:].isdigit() else "")
    if form.validate_on_submit():
        try:
            round_ = service.add_question(workshop, form.question.data, form.kind.data)
            flash(_("Added as round %(number)s.", number=round_.number), "success")
        except UserError as error:
            flash(error.message, "error")
    else:
        flash(_("Write the question (at most %(limit)s characters).",
                limit=rules.QUESTION_MAX_LENGTH), "error")
    return redirect(url_for(".questions", workshop_id=workshop.id, _anchor="rounds"))


# Projector ------------------------------------------------------------------------------

@bp.get("/present")
def present(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    g.workshop_language = workshop.language
    result = service.analysis(workshop)
    stages = [stage for stage in (result["stages"] if result else [])
              if (stage["irritants"] or stage["praise"]) and stage["stage"] != UNASSIGNED]
    return render_template("diagnostic/present.html", workshop=workshop, result=result,
                           stages=stages, **FORMATTERS,
                           label=lambda stage: stage_label(stage, workshop.language),
                           chart=distribution_chart(result["distribution"]) if result else None)
