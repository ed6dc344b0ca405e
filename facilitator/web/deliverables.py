"""Deliverables: the facilitator downloads the two PDFs and the exports, sets what they show,
and shares a read-only link with participants (valid until revoked)."""
from __future__ import annotations

from flask import (Blueprint, abort, flash, g, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import login_required

from facilitator.extensions import limiter
from facilitator.services import deliverables as service
from facilitator.services import roster, routes
from facilitator.web import owned_workshop
from facilitator.web.downloads import private_file
from facilitator.web.urls import external_base, query_id
from facilitator.web.workshops.forms import ActionForm

bp = Blueprint("deliverables", __name__)

FILES = {
    "summary.pdf": (service.summary_pdf, "application/pdf"),
    "detailed.pdf": (service.detailed_pdf, "application/pdf"),
    "data.json": (service.export_json, "application/json"),
    "csv.zip": (service.export_zip, "application/zip"),
}
PUBLIC_FILES = ("summary.pdf", "detailed.pdf")
SHARED_RATE = "30 per minute"


def _share_url(workshop) -> str | None:
    if not workshop.share_token:
        return None
    return f"{external_base()}{url_for('.shared', token=workshop.share_token)}"


@bp.get("/workshops/<int:workshop_id>/deliverables")
@login_required
def index(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    return render_template("deliverables/index.html", workshop=workshop, action=ActionForm(),
                           share_url=_share_url(workshop))


@bp.get("/workshops/<int:workshop_id>/deliverables/<name>")
@login_required
def download(workshop_id: int, name: str):
    workshop = owned_workshop(workshop_id)
    return _file(workshop, name, FILES)


def _file(workshop, name: str, allowed):
    if name not in allowed:
        abort(404)
    build, mimetype = FILES[name]
    return private_file(build(workshop), mimetype, f"{service.file_stem(workshop)}-{name}",
                        inline=name.endswith(".pdf"))


@bp.get("/workshops/<int:workshop_id>/routes.pdf")
@login_required
def routes_pdf(workshop_id: int):
    """Routes in advance to print: ?format=a6 (badges) or a4 (sheets), &person=<id> for one."""
    workshop = owned_workshop(workshop_id)
    size = request.args.get("format", "a6")
    if size not in routes.SIZES:
        abort(404)
    person_id = query_id("person")
    person = roster.get(workshop, person_id) if person_id is not None else None
    join_url = f"{external_base()}{url_for('live.join', code=workshop.join_code)}"
    try:
        content = routes.routes_pdf(workshop, join_url, size, person)
    except routes.NoSeating as error:
        flash(error.message, "error")
        return redirect(url_for("workshops.seating", workshop_id=workshop.id))
    who = f"route-{person.id}" if person else "routes"
    return private_file(content, "application/pdf",
                        f"{service.file_stem(workshop)}-{who}-{size}.pdf", inline=True)


@bp.post("/workshops/<int:workshop_id>/deliverables/settings")
@login_required
def settings(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        next_steps = request.form.get("next_steps", "")[:5000]
        service.save_settings(workshop, show_names=request.form.get("show_names") == "y",
                              next_steps=next_steps)
        flash(_("Saved: the deliverables follow these settings."), "success")
    return redirect(url_for(".index", workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/deliverables/share")
@login_required
def share(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        if request.form.get("revoke"):
            service.revoke_share(workshop)
            flash(_("The shared link no longer works."), "success")
        else:
            service.share(workshop)
            flash(_("A link was created: anyone with it can download the two PDFs until you "
                    "revoke it."), "success")
    return redirect(url_for(".index", workshop_id=workshop.id))


@bp.get("/d/<token>")
def shared(token: str):
    workshop = service.by_share_token(token)
    if workshop is None:
        abort(404)
    g.workshop_language = workshop.language
    return render_template("deliverables/shared.html", workshop=workshop, token=token)


@bp.get("/d/<token>/<name>")
# A sponsor downloads twice, a mail client prefetches: a script fetching in a loop does not.
@limiter.limit(SHARED_RATE, error_message=_l(
    "Too many downloads from this network: wait a minute and try again."))
def shared_file(token: str, name: str):
    workshop = service.by_share_token(token)
    if workshop is None or name not in PUBLIC_FILES:
        abort(404)
    g.workshop_language = workshop.language
    content, version = service.shared_pdf(workshop, name)
    response = private_file(content, "application/pdf", f"{service.file_stem(workshop)}-{name}",
                            inline=True, cache="private, no-cache")
    response.set_etag(version)
    return response.make_conditional(request)
