"""The action plan pages: the facilitator's (signed in) and the shareable one that
work-stream owners use without an account; the follow-up page that imports the next
feedback export; the PDF, CSV, JSON and iCalendar downloads."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import (Blueprint, abort, flash, g, redirect, render_template, request,
                   url_for)
from flask_babel import format_decimal, gettext as _
from flask_login import login_required

from facilitator.domain import actionplan as rules
from facilitator.services import NotFound, UserError
from facilitator.services import actionplan as service
from facilitator.services import followup
from facilitator.web import owned_workshop
from facilitator.web.actionplan_forms import ActionForm, FollowUpForm, IndicatorForm, ValueForm
from facilitator.web.downloads import private_file
from facilitator.web.urls import external_base
from facilitator.web.workshops.forms import ActionForm as ButtonForm

bp = Blueprint("actionplan", __name__)

DOWNLOADS = {"action-plan.pdf": "application/pdf", "action-plan.csv": "text/csv",
             "action-plan.json": "application/json", "action-plan.ics": "text/calendar"}


@bp.app_template_filter("plan_number")
def plan_number(value: float | None) -> str:
    """A figure as typed back: whole numbers bare, else one decimal, in the page's locale."""
    if value is None:
        return ""
    value = round(float(value), 1)
    return format_decimal(value, format="#,##0.#;\u2212#,##0.#")


def verdict(view: rules.IndicatorItem, point: rules.ValuePoint | None = None) -> str:
    """A value (the latest by default) against baseline and target, in the page's language."""
    from facilitator.domain.deliverables.actionplan import verdict as judge
    return judge(view, point if point is not None else view.latest, _)


@bp.app_template_global("solution_suggestions")
def solution_suggestions(workshop) -> dict[str, list[str]]:
    """The datalists of the solution form's irritant, stage and work-stream fields."""
    return service.solution_suggestions(workshop)


# Pages ------------------------------------------------------------------------------------

@bp.get("/workshops/<int:workshop_id>/action-plan")
@login_required
def index(workshop_id: int):
    return _page(owned_workshop(workshop_id), token=None)


@bp.post("/workshops/<int:workshop_id>/action-plan")
@login_required
def change(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    return _change(workshop, None, url_for(".index", workshop_id=workshop.id))


@bp.get("/plan/<token>")
def shared(token: str):
    return _page(_shared_workshop(token), token=token)


@bp.post("/plan/<token>")
def shared_change(token: str):
    return _change(_shared_workshop(token), token, url_for(".shared", token=token))


def _shared_workshop(token: str):
    workshop = service.by_share_token(token)
    if workshop is None:
        abort(404)
    g.workshop_language = workshop.language
    return workshop


def _page(workshop, token: str | None, status: int = 200):
    """The plan editor; after a refused change, the posted values stay in their form."""
    plan = service.report(workshop)
    rows = []
    for action, item in zip(service.actions(workshop), plan.actions):
        indicators = [(ind, view) for ind, view in zip(action.indicators, item.indicators)]
        rows.append((action, item, indicators))
    share_token = service.share_token(workshop) if token is None else None
    return render_template(
        "actionplan/index.html", workshop=workshop, token=token, rows=rows, plan=plan,
        candidates=service.candidate_solutions(workshop), sources=service.sources(workshop),
        share_url=(f"{external_base()}{url_for('.shared', token=share_token)}"
                   if share_token else None),
        posted=request.form if request.method == "POST" else {},
        statuses=[(s, rules.status_name(s, _)) for s in rules.STATUSES], limits=rules.LIMITS,
        source_name=service.source_name, verdict=verdict, button=ButtonForm()), status


def _int(name: str) -> int:
    value = request.form.get(name, "")
    if not value.isdigit() or len(value) > 12:
        raise NotFound(value)
    return int(value)


def _errors(form) -> str:
    return " ".join(f"{getattr(form, name).label.text}: {messages[0]}"
                    for name, messages in form.errors.items() if name != "csrf_token")


OPERATIONS = ("add_action", "edit_action", "delete_action", "add_indicator",
              "edit_indicator", "delete_indicator", "add_value", "delete_value")


def _change(workshop, token: str | None, back: str):
    """Apply one posted change; a refused one re-renders the page with what was typed."""
    op = request.form.get("op", "")
    if op not in OPERATIONS:
        abort(400)
    form = {"add_action": ActionForm, "edit_action": ActionForm, "add_indicator": IndicatorForm,
            "edit_indicator": IndicatorForm, "add_value": ValueForm}.get(op, ButtonForm)()
    try:
        if not form.validate_on_submit():
            if "csrf_token" in form.errors:
                raise UserError(_("This form has expired: reload the page and send it again."))
            raise UserError(_errors(form))
        message = _apply(workshop, op, form)
    except UserError as error:
        flash(error.message, "error")
        return _page(workshop, token, status=400)
    except NotFound:
        flash(_("This item no longer exists: reload the page."), "error")
        return redirect(back)
    flash(message, "success")
    anchor = request.form.get("anchor", "")
    return redirect(back + (f"#{anchor}" if anchor.replace("-", "").isalnum() else ""))


def _apply(workshop, op: str, form) -> str:
    if op in ("add_action", "edit_action"):
        fields = dict(title=form.title.data or "", owner=form.owner.data or "",
                      due_date=form.due_date.data, status=form.status.data)
        if op == "add_action":
            service.add_action(workshop, solution_id=form.solution_id.data, **fields)
            return _("Action added.")
        service.update_action(workshop, _int("action_id"), **fields)
        return _("Action saved.")
    if op == "delete_action":
        service.delete_action(workshop, _int("action_id"))
        return _("Action deleted.")
    if op in ("add_indicator", "edit_indicator"):
        fields = dict(name=form.name.data or "", unit=form.unit.data or "",
                      baseline=form.baseline.data or "", target=form.target.data or "",
                      due_date=form.due_date.data)
        if op == "add_indicator":
            service.add_indicator(workshop, _int("action_id"), source=form.source.data or "",
                                  **fields)
            return _("Indicator added.")
        service.update_indicator(workshop, _int("indicator_id"), **fields)
        return _("Indicator saved.")
    if op == "delete_indicator":
        service.delete_indicator(workshop, _int("indicator_id"))
        return _("Indicator deleted.")
    if op == "add_value":
        service.add_value(workshop, _int("indicator_id"), measured_on=form.measured_on.data,
                          value=form.value.data or "", comment=form.comment.data or "")
        return _("Value recorded.")
    service.delete_value(workshop, _int("value_id"))
    return _("Value deleted.")


@bp.post("/workshops/<int:workshop_id>/action-plan/share")
@login_required
def share(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ButtonForm().validate_on_submit():
        if request.form.get("revoke"):
            service.revoke_share(workshop)
            flash(_("The action plan link no longer works."), "success")
        else:
            service.share(workshop)
            flash(_("A link was created: anyone with it can update the action plan until you "
                    "revoke it."), "success")
    return redirect(url_for(".index", workshop_id=workshop.id))


# Follow-up --------------------------------------------------------------------------------

@bp.route("/workshops/<int:workshop_id>/follow-up", methods=["GET", "POST"])
@login_required
def follow_up(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = FollowUpForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            upload = form.file.data
            try:
                record = followup.import_followup(workshop, upload.stream,
                                                  upload.filename or "", form.measured_on.data)
            except UserError as error:
                flash(error.message, "error")
                status = 400
            else:
                flash(_("%(count)s responses measured: every indicator that follows a "
                        "diagnostic figure has a new value.", count=record.responses),
                      "success")
                return redirect(url_for(".follow_up", workshop_id=workshop.id))
        else:
            status = 400
    plan = service.report(workshop)
    return render_template("actionplan/followup.html", workshop=workshop, form=form, plan=plan,
                           imports=service.followups(workshop), source_name=service.source_name,
                           judge=verdict, button=ButtonForm()), status


@bp.post("/workshops/<int:workshop_id>/follow-up/<int:followup_id>/delete")
@login_required
def delete_follow_up(workshop_id: int, followup_id: int):
    workshop = owned_workshop(workshop_id)
    if ButtonForm().validate_on_submit():
        followup.delete_followup(workshop, followup_id)
        flash(_("The import and the values it measured were removed."), "success")
    return redirect(url_for(".follow_up", workshop_id=workshop.id))


# Downloads --------------------------------------------------------------------------------

@bp.get("/workshops/<int:workshop_id>/action-plan/<name>")
@login_required
def download(workshop_id: int, name: str):
    return _download(owned_workshop(workshop_id), name)


@bp.get("/plan/<token>/<name>")
def shared_download(token: str, name: str):
    return _download(_shared_workshop(token), name)


def _download(workshop, name: str):
    if name not in DOWNLOADS:
        abort(404)
    from facilitator.services import deliverables

    content = _content(service.report(workshop), name)
    return private_file(content, DOWNLOADS[name], f"{deliverables.file_stem(workshop)}-{name}",
                        inline=name.endswith(".pdf"))


def _content(plan: rules.ActionPlanReport, name: str) -> bytes:
    if name == "action-plan.pdf":
        return service.action_plan_pdf(plan)
    if name == "action-plan.csv":
        return rules.export_csv(plan).encode("utf-8-sig")
    if name == "action-plan.json":
        return rules.export_json(plan).encode()
    return service.ical(plan, datetime.now(timezone.utc)).encode()
