"""Views of the workshop design pages. Each one: load what the facilitator owns, validate a
form, call one service, redirect or render."""
from __future__ import annotations

import io

import segno
from flask import (Blueprint, Response, abort, flash, g, redirect, render_template, request,
                   url_for)
from flask_babel import format_decimal, gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from facilitator.domain import context
from facilitator.domain import synthesizing as synthesizing_rules
from facilitator.domain import workshop as rules
from facilitator.domain.workshop import Mode, PairKind, Role
from facilitator.realtime import emit as out
from facilitator.realtime.live import evict
from facilitator.services import UserError
from facilitator.services import diagnostic, live, privacy
from facilitator.services import roster as roster_service
from facilitator.services import seating as seating_service
from facilitator.services import workshops as service
from facilitator.web import owned_workshop
from facilitator.web.downloads import private_file
from facilitator.web.urls import external_base, form_id
from facilitator.web.workshops.checks import check_link, check_message, step_labels, step_url
from facilitator.web.workshops.forms import (ActionForm, DuplicateForm, NewWorkshopForm,
                                             PairRuleForm, ParticipantForm,
                                             RosterImportForm, RoundForm, TableCountForm,
                                             TableForm, WorkshopForm)

bp = Blueprint("workshops", __name__, url_prefix="/workshops")


@bp.before_request
@login_required
def _signed_in():
    """Every page here is the facilitator's."""


@bp.app_template_global()
def workshop_path(workshop) -> list[dict]:
    """The tabs of a workshop's pages: the method's steps in order, each with its state."""
    labels = step_labels()
    return [{"code": step.code, "label": labels[step.code], "state": step.state.value,
             "url": step_url(step.code, workshop.id) if step.code != "brief"
             else url_for("workshops.show", workshop_id=workshop.id)}
            for step in service.path(workshop)]


def join_url(workshop) -> str:
    return f"{external_base()}{url_for('live.join', code=workshop.join_code)}"


# List, create, edit ----------------------------------------------------------------------

@bp.get("/")
def index():
    return render_template("workshops/index.html", workshops=service.list_for(current_user),
                           action=ActionForm())


@bp.route("/new", methods=["GET", "POST"])
def new():
    language = request.accept_languages.best_match(["fr", "en"]) or "fr"
    form = NewWorkshopForm(language=language, etiquette=context.default_etiquette(language))
    if form.validate_on_submit():
        workshop = service.create(current_user, title=form.title.data,
                                  language=form.language.data, mode=Mode(form.mode.data),
                                  date_=form.date.data, place=form.place.data or "",
                                  brief=form.brief.data or "", tables=form.tables.data,
                                  rounds=form.rounds.data,
                                  phases=(form.reflection.data, form.sharing.data,
                                          form.discussion.data), **_options(form))
        flash(_("Workshop created. Follow the path: each step says what is left to do."),
              "success")
        return redirect(url_for(".show", workshop_id=workshop.id))
    return render_template("workshops/form.html", form=form, workshop=None)


@bp.get("/<int:workshop_id>")
def show(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    checks = service.readiness(workshop)
    steps = service.path(workshop, checks)
    return render_template(
        "workshops/show.html", workshop=workshop, checks=checks, check_message=check_message,
        check_link=check_link, steps=steps, agenda=service.agenda(workshop),
        clock=lambda minutes: service.clock(workshop, minutes),
        # The checklist already says which question is missing or long.
        question_warnings=diagnostic.question_warnings(workshop, skip=("empty", "too_long")),
        ready=rules.is_ready(checks), join_url=join_url(workshop), action=ActionForm(),
        duplicate_form=DuplicateForm())


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = WorkshopForm(obj=workshop, mode=workshop.mode.value)
    if not form.is_submitted() and not workshop.etiquette:
        form.etiquette.data = context.default_etiquette(workshop.language)
    if form.validate_on_submit():
        service.update(workshop, title=form.title.data, date=form.date.data,
                       place=form.place.data or "", language=form.language.data,
                       mode=Mode(form.mode.data), brief=form.brief.data or "",
                       **_options(form))
        flash(_("Saved."), "success")
        return redirect(url_for(".show", workshop_id=workshop.id))
    return render_template("workshops/form.html", form=form, workshop=workshop)


def _options(form: WorkshopForm) -> dict:
    """The craft options and the time slot; the etiquette is stored empty while it is the
    default text."""
    return {"etiquette": context.stored_etiquette(form.etiquette.data, form.language.data),
            "hold_notes": form.hold_notes.data,
            "participant_photos": form.participant_photos.data,
            "starts_at": form.starts_at.data, "ends_at": form.ends_at.data,
            "rotation_minutes": form.rotation_minutes.data,
            "plenary_minutes": form.plenary_minutes.data}


@bp.post("/<int:workshop_id>/delete")
def delete(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        service.delete(workshop)
        flash(_("Workshop deleted, with its roster and notes."), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:workshop_id>/duplicate")
def duplicate(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = DuplicateForm()
    if form.validate_on_submit():
        copy = service.duplicate(workshop, service.CopyChoices(
            tables=form.tables.data, rounds=form.rounds.data, roster=form.roster.data,
            diagnostic=form.diagnostic.data))
        flash(_("A copy was created as a new draft with what you chose."), "success")
        return redirect(url_for(".show", workshop_id=copy.id))
    return redirect(url_for(".show", workshop_id=workshop.id))


@bp.post("/<int:workshop_id>/ready")
def mark_ready(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        try:
            service.mark_ready(workshop)
            flash(_("The workshop is ready."), "success")
        except UserError as error:
            flash(error.message, "error")
    return redirect(url_for(".show", workshop_id=workshop.id))


# Personal data --------------------------------------------------------------------------

@bp.get("/<int:workshop_id>/personal-data.json")
def personal_data(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    return private_file(privacy.export(workshop), "application/json",
                        f"{workshop.join_code}-personal-data.json", inline=False)


@bp.post("/<int:workshop_id>/personal-data/erase")
def erase_personal_data(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        count = privacy.erase(workshop)
        evict(workshop.id, [p.id for p in workshop.participants])
        flash(_("Names and emails of %(count)s people were erased; their devices are "
                "disconnected. Notes and syntheses stay, anonymous.", count=count), "success")
    return redirect(url_for(".show", workshop_id=workshop.id))


# Join QR code and poster -----------------------------------------------------------------

@bp.get("/<int:workshop_id>/qr.svg")
def qr_svg(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    buffer = io.BytesIO()
    # A standalone file (with xmlns), unlike svg_inline, so browsers render it in <img>.
    segno.make(join_url(workshop), error="m").save(
        buffer, kind="svg", scale=8, dark="#111", light="#fff", border=2, xmldecl=False)
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=300"})


@bp.get("/<int:workshop_id>/poster")
def poster(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    g.workshop_language = workshop.language
    qr = segno.make(join_url(workshop), error="m")
    return render_template("workshops/poster.html", workshop=workshop, join_url=join_url(workshop),
                           qr_svg=qr.svg_inline(scale=10, border=2, omitsize=True))


# Tables ----------------------------------------------------------------------------------

@bp.route("/<int:workshop_id>/tables", methods=["GET", "POST"])
def tables(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = TableForm(prefix="add")
    suggested = rules.suggest_table_count(len(workshop.participants))
    count_form = TableCountForm(prefix="count", count=suggested or len(workshop.tables) or 1)
    if form.validate_on_submit():
        service.add_table(workshop, name=form.name.data or "", theme=form.theme.data or "",
                          capacity=form.capacity.data)
        flash(_("Table added."), "success")
        return redirect(url_for(".tables", workshop_id=workshop.id))
    return render_template("workshops/tables.html", workshop=workshop, form=form,
                           count_form=count_form, suggested=suggested, action=ActionForm(),
                           hosts=_hosts_by_table(workshop))


@bp.post("/<int:workshop_id>/tables/count")
def table_count(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = TableCountForm(prefix="count")
    if form.validate_on_submit():
        service.set_table_count(workshop, form.count.data)
        flash(_("%(count)s tables.", count=len(workshop.tables)), "success")
    else:
        flash(_("Give a number of tables between 1 and 40."), "error")
    return redirect(url_for(".tables", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/tables/<int:table_id>", methods=["GET", "POST"])
def edit_table(workshop_id: int, table_id: int):
    workshop = owned_workshop(workshop_id)
    table = service.get_table(workshop, table_id)
    form = TableForm(obj=table)
    if form.validate_on_submit():
        service.update_table(table, name=form.name.data or "", theme=form.theme.data or "",
                             capacity=form.capacity.data)
        flash(_("Saved."), "success")
        return redirect(url_for(".tables", workshop_id=workshop.id))
    return render_template("workshops/table_form.html", workshop=workshop, table=table, form=form)


@bp.post("/<int:workshop_id>/tables/<int:table_id>/delete")
def delete_table(workshop_id: int, table_id: int):
    workshop = owned_workshop(workshop_id)
    table = service.get_table(workshop, table_id)
    if ActionForm().validate_on_submit():
        service.delete_table(workshop, table)
        flash(_("Table deleted."), "success")
    return redirect(url_for(".tables", workshop_id=workshop.id))


def _hosts_by_table(workshop) -> dict[int, list]:
    hosts: dict[int, list] = {}
    for person in workshop.participants:
        if person.is_host and person.host_table_id:
            hosts.setdefault(person.host_table_id, []).append(person)
    return hosts


# Rounds ----------------------------------------------------------------------------------

@bp.route("/<int:workshop_id>/rounds", methods=["GET", "POST"])
def rounds(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = RoundForm(prefix="add")
    if form.validate_on_submit():
        try:
            round_ = service.add_round(
                workshop, question=form.question.data, reflection=form.reflection.data,
                sharing=form.sharing.data, discussion=form.discussion.data,
                synthesizing=form.synthesizing.data)
        except UserError as error:
            form.synthesizing.errors.append(error.message)
        else:
            _warn_long_question(round_.question)
            flash(_("Round added."), "success")
            return redirect(url_for(".rounds", workshop_id=workshop.id))
    return render_template("workshops/rounds.html", workshop=workshop, form=form,
                           action=ActionForm(), warn_length=rules.QUESTION_WARN_LENGTH,
                           suggestion=synthesizing_rules.suggested_question(workshop.language))


@bp.route("/<int:workshop_id>/rounds/<int:round_id>", methods=["GET", "POST"])
def edit_round(workshop_id: int, round_id: int):
    workshop = owned_workshop(workshop_id)
    round_ = service.get_round(workshop, round_id)
    form = RoundForm(obj=round_, reflection=round_.reflection_minutes,
                     sharing=round_.sharing_minutes, discussion=round_.discussion_minutes)
    if form.validate_on_submit():
        try:
            service.update_round(workshop, round_, question=form.question.data,
                                 reflection=form.reflection.data, sharing=form.sharing.data,
                                 discussion=form.discussion.data,
                                 synthesizing=form.synthesizing.data)
        except UserError as error:
            form.synthesizing.errors.append(error.message)
        else:
            _warn_long_question(round_.question)
            flash(_("Saved."), "success")
            return redirect(url_for(".rounds", workshop_id=workshop.id))
    return render_template("workshops/round_form.html", workshop=workshop, round=round_,
                           form=form, warn_length=rules.QUESTION_WARN_LENGTH,
                           suggestion=synthesizing_rules.suggested_question(workshop.language))


@bp.post("/<int:workshop_id>/rounds/<int:round_id>/delete")
def delete_round(workshop_id: int, round_id: int):
    workshop = owned_workshop(workshop_id)
    round_ = service.get_round(workshop, round_id)
    if ActionForm().validate_on_submit():
        try:
            service.delete_round(workshop, round_)
            flash(_("Round deleted."), "success")
        except UserError as error:
            flash(error.message, "error")
    return redirect(url_for(".rounds", workshop_id=workshop.id))


@bp.post("/<int:workshop_id>/rounds/<int:round_id>/move/<direction>")
def move_round(workshop_id: int, round_id: int, direction: str):
    workshop = owned_workshop(workshop_id)
    round_ = service.get_round(workshop, round_id)
    if direction not in ("up", "down"):
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            service.move_round(workshop, round_, -1 if direction == "up" else 1)
        except UserError as error:
            flash(error.message, "error")
    return redirect(url_for(".rounds", workshop_id=workshop.id))


def _warn_long_question(question: str) -> None:
    if len(question.strip()) > rules.QUESTION_WARN_LENGTH:
        flash(_("This question is longer than %(limit)s characters: short, precise questions "
                "work better.", limit=rules.QUESTION_WARN_LENGTH), "warning")


# Roster ----------------------------------------------------------------------------------

def _participant_form(workshop, **kwargs) -> ParticipantForm:
    form = ParticipantForm(**kwargs)
    form.host_table.choices = [SelectChoice(0, _("(choose automatically)"))] + [
        SelectChoice(t.id, f"{t.number} · {t.label}") for t in workshop.tables]
    return form


@bp.route("/<int:workshop_id>/roster", methods=["GET", "POST"])
def roster(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = _participant_form(workshop, prefix="add")
    if form.validate_on_submit():
        try:
            roster_service.add(workshop, name=form.name.data, department=form.department.data or "",
                               role=Role(form.role.data), email=form.email.data or "",
                               host_table=_chosen_table(workshop, form.host_table.data))
            flash(_("%(name)s added.", name=form.name.data.strip()), "success")
            return redirect(url_for(".roster", workshop_id=workshop.id))
        except UserError as error:
            form.name.errors.append(error.message)
    return _render_roster(workshop, form, RosterImportForm(prefix="import"))


@bp.post("/<int:workshop_id>/roster/import")
def import_roster(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = RosterImportForm(prefix="import")
    report = None
    if form.validate_on_submit():
        try:
            report = roster_service.import_file(workshop, form.file.data.stream)
        except UserError as error:
            form.file.errors.append(error.message)
    status = 200 if report else 400
    return _render_roster(workshop, _participant_form(workshop, prefix="add", formdata=None),
                          form, report=report), status


def _render_roster(workshop, form, import_form, report=None):
    problems = [(p.line, roster_service.problem_message(p)) for p in report.problems] \
        if report else []
    return render_template("workshops/roster.html", workshop=workshop, form=form,
                           import_form=import_form, report=report, problems=problems,
                           action=ActionForm())


@bp.route("/<int:workshop_id>/roster/<int:person_id>", methods=["GET", "POST"])
def edit_person(workshop_id: int, person_id: int):
    workshop = owned_workshop(workshop_id)
    person = roster_service.get(workshop, person_id)
    form = _participant_form(workshop, obj=person, name=person.display_name,
                             role=person.role.value, host_table=person.host_table_id or 0)
    if form.validate_on_submit():
        try:
            roster_service.update(workshop, person, name=form.name.data,
                                  department=form.department.data or "",
                                  role=Role(form.role.data), email=form.email.data or "",
                                  host_table=_chosen_table(workshop, form.host_table.data))
            flash(_("Saved."), "success")
            return redirect(url_for(".roster", workshop_id=workshop.id))
        except UserError as error:
            form.name.errors.append(error.message)
    return render_template("workshops/person_form.html", workshop=workshop, person=person,
                           form=form)


@bp.post("/<int:workshop_id>/roster/<int:person_id>/delete")
def delete_person(workshop_id: int, person_id: int):
    workshop = owned_workshop(workshop_id)
    person = roster_service.get(workshop, person_id)
    if ActionForm().validate_on_submit():
        roster_service.remove(workshop, person)
        flash(_("%(name)s removed from the roster.", name=person.display_name), "success")
    return redirect(url_for(".roster", workshop_id=workshop.id))


def _chosen_table(workshop, table_id: int):
    return service.get_table(workshop, table_id) if table_id else None


# Seating ---------------------------------------------------------------------------------

@bp.get("/<int:workshop_id>/seating")
def seating(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    played = live.rounds_played(workshop)
    departments = sorted({p.department or "-" for p in workshop.participants})
    return render_template("workshops/seating.html", workshop=workshop,
                           seating=seating_service.view(workshop, played), action=ActionForm(),
                           department_index={d: i % 8 for i, d in enumerate(departments)},
                           departments=departments, pair_form=_pair_rule_form(workshop),
                           pair_rules=seating_service.pair_rules(workshop))


@bp.post("/<int:workshop_id>/seating/plan")
def plan_seating(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        try:
            plan = seating_service.replan(workshop, played=live.rounds_played(workshop),
                                          seed=request.form.get("seed", 0, type=int))
            flash(_("Seating planned in %(seconds)s s: %(repeats)s repeated encounters "
                    "(at least %(bound)s are unavoidable).",
                    seconds=format_decimal(round(plan.seconds, 1)),
                    repeats=plan.metrics.repeat_encounters, bound=plan.metrics.lower_bound),
                  "success")
            if plan.unreachable:
                flash(_("No plan has only %(bound)s repeated encounters: %(reason)s.",
                        bound=plan.metrics.lower_bound,
                        reason=seating_service.unreachable_message(plan.unreachable)), "info")
            out.seats(workshop)  # joined phones get their new route at once
        except UserError as error:
            flash(error.message, "error")
    return redirect(url_for(".seating", workshop_id=workshop.id))


@bp.post("/<int:workshop_id>/seating/move")
def move_person(workshop_id: int):
    """A hand placement, from the Move form or a drag and drop (which asks for JSON)."""
    workshop = owned_workshop(workshop_id)
    form = ActionForm()
    person = roster_service.get(workshop, form_id("person") or 0)
    round_ = service.get_round(workshop, form_id("round") or 0)
    table = service.get_table(workshop, form_id("table") or 0)
    ok, message = False, _("The form expired: reload the page and try again.")
    if form.validate_on_submit():
        try:
            seating_service.move(workshop, person, round_, table,
                                 played=live.rounds_played(workshop))
            ok, message = True, _(
                "%(name)s sits at table %(table)s in round %(round)s; the other seats were "
                "re-planned around it.", name=person.display_name, table=table.number,
                round=round_.number)
            out.seats(workshop)
        except UserError as error:
            message = error.message
    if request.accept_mimetypes.best == "application/json":
        return {"ok": ok, "message": message}, 200 if ok else 400
    flash(message, "success" if ok else "error")
    return redirect(url_for(".seating", workshop_id=workshop.id, _anchor=f"round-{round_.number}"))


def _pair_rule_form(workshop) -> PairRuleForm:
    form = PairRuleForm()
    people = sorted(workshop.participants, key=lambda p: p.display_name.casefold())
    # Nobody chosen at first: a rule is never saved between two people picked by default.
    form.first.choices = form.second.choices = [SelectChoice("", _("Choose a person…"))] + [
        SelectChoice(p.id, p.display_name) for p in people]
    return form


@bp.post("/<int:workshop_id>/seating/pairs")
def add_pair_rule(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = _pair_rule_form(workshop)
    if not form.validate_on_submit() or not form_id("first") or not form_id("second"):
        flash(_("Choose two people and a rule."), "error")
        return redirect(url_for(".seating", workshop_id=workshop.id, _anchor="pair-rules"))
    first = roster_service.get(workshop, form_id("first"))
    second = roster_service.get(workshop, form_id("second"))
    try:
        seating_service.add_pair_rule(workshop, first, second, PairKind(form.kind.data))
        flash(_("Pair rule saved for %(first)s and %(second)s; re-planning honours it.",
                first=first.display_name, second=second.display_name), "success")
    except UserError as error:
        flash(error.message, "error")
    return redirect(url_for(".seating", workshop_id=workshop.id, _anchor="pair-rules"))


@bp.post("/<int:workshop_id>/seating/pairs/<int:rule_id>/delete")
def delete_pair_rule(workshop_id: int, rule_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        seating_service.remove_pair_rule(workshop, rule_id)
        flash(_("Pair rule removed."), "success")
    return redirect(url_for(".seating", workshop_id=workshop.id, _anchor="pair-rules"))


@bp.post("/<int:workshop_id>/seating/unpin")
def unpin_seating(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        seating_service.unpin_all(workshop, played=live.rounds_played(workshop))
        flash(_("Hand placements released: the next re-plan is free to move everyone."),
              "success")
    return redirect(url_for(".seating", workshop_id=workshop.id))
