"""Live pages: join from a phone, the phone itself, the facilitator's console and projector.

The pages render a first snapshot; static/js/*.js keep them live over Socket.IO.
"""
from __future__ import annotations

import segno
from flask import (Blueprint, abort, current_app, flash, g, make_response, redirect,
                   render_template, request, url_for)
from flask_babel import gettext as _, lazy_gettext as _l, refresh
from flask_login import login_required

from facilitator.domain.run import EXTENSIONS_SECONDS, PHASES
from facilitator.domain.workshop import NOTE_MAX_LENGTH, normalise_join_code
from facilitator.extensions import limiter
from facilitator.realtime import emit as out
from facilitator.realtime.live import cookie_name, evict
from facilitator.realtime.protocol import NAMESPACE, PROTOCOL_VERSION
from facilitator.services import UserError, live, live_views, workshops
from facilitator.services.live import BROADCAST_MAX_LENGTH, SHARING_PHASES
from facilitator.web import owned_workshop
from facilitator.web.live_strings import js_strings
from facilitator.web.urls import external_base, form_id
from facilitator.web.workshops.forms import ActionForm

bp = Blueprint("live", __name__)
TOKEN_DAYS = 3
WALK_IN_RATE = "20 per minute"


def _config() -> dict:
    return {"protocol": PROTOCOL_VERSION, "namespace": NAMESPACE,
            "note_max_length": NOTE_MAX_LENGTH, "broadcast_max_length": BROADCAST_MAX_LENGTH,
            "phases": [p.value for p in PHASES], "extensions": list(EXTENSIONS_SECONDS),
            "share_phases": [p.value for p in SHARING_PHASES]}


def _join_url(workshop) -> str:
    return f"{external_base()}{url_for('live.join', code=workshop.join_code)}"


def _qr_svg(workshop) -> str:
    return segno.make(_join_url(workshop), error="m").svg_inline(scale=10, border=2,
                                                                  omitsize=True)


def _speak(workshop) -> None:
    """Pages in the workshop's language. The rate limiter has already read a translated
    message by then (choosing the browser's language), so the choice is made again."""
    g.workshop_language = workshop.language
    refresh()


def _open_workshop(code: str):
    workshop = live.find_by_code(normalise_join_code(code))
    if workshop is None:
        abort(404)
    _speak(workshop)
    return workshop


# Participants ------------------------------------------------------------------------------

@bp.route("/j/<code>", methods=["GET", "POST"])
@limiter.limit("120 per minute", methods=["POST"], error_message=_l(
    "Too many attempts to join from this network: wait a minute and try again."))
# Only misses count: a whole room may share one public address, while guessing among the
# 387 million codes is hopeless at this pace.
@limiter.limit("60 per minute", methods=["GET"], deduct_when=lambda r: r.status_code == 404,
               error_message=_l("Too many unknown codes: wait a minute and try again."))
# Only walk-ins count: late arrivals trickle in, a script inventing names does not. Picking
# one's name on the list is never held back by it.
@limiter.limit(WALK_IN_RATE, methods=["POST"], deduct_when=lambda r: g.get("walked_in", False),
               exempt_when=lambda: bool(request.form.get("claim") or request.form.get("request")),
               error_message=_l("Too many people joined from this network without being on the "
                                "list: wait a minute and try again."))
def join(code: str):
    workshop = live.find_by_code(normalise_join_code(code))
    if workshop is None:
        over = live.find_closed_by_code(normalise_join_code(code))
        if over is not None:  # a known code: say it is over, not that it does not exist
            _speak(over)
            return render_template("live/join.html", workshop=over, waiting="over")
        return render_template("main/join.html", code=code, workshop=None, unknown=True), 404
    _speak(workshop)
    token = request.cookies.get(cookie_name(workshop.join_code))
    if live.participant_by_token(workshop, token) is not None:
        return redirect(url_for(".phone", code=workshop.join_code))
    claim_waiting = live.pending_claim(workshop, token)
    error, values = None, {}
    if request.method == "POST" and ActionForm().validate_on_submit():
        values = {"name": request.form.get("name", ""),
                  "department": request.form.get("department", "")}
        try:
            if request.form.get("request"):
                person, token = live.request_claim(workshop, form_id("request") or 0)
                out.board_changed(workshop.id)
                return _cookie(redirect(url_for(".join", code=workshop.join_code)),
                               workshop, token)
            if request.form.get("claim"):
                person, token = live.claim(workshop, form_id("claim") or 0)
            else:
                person, token = live.walk_in(workshop, values["name"], values["department"])
                g.walked_in = True
                if person.display_name != " ".join(values["name"].split()):
                    flash(_("Someone on the list is already called %(name)s: you joined as "
                            "%(new)s, a new person. If you are on the list, ask the "
                            "facilitator.", name=" ".join(values["name"].split()),
                            new=person.display_name), "info")
            return _joined(workshop, token)
        except UserError as problem:
            error = problem.message
    elif request.method == "POST":
        error = _("The form expired: please try again.")
    return render_template(
        "live/join.html", workshop=workshop, error=error, values=values,
        closed=not live.joinable(workshop), waiting=_waiting(workshop),
        claim_waiting=claim_waiting,
        unclaimed=[{"id": p.id, "name": p.display_name, "department": p.department}
                   for p in live.unclaimed(workshop)],
        joined=[{"id": p.id, "name": p.display_name} for p in live.joined_elsewhere(workshop)],
        departments=sorted({p.department for p in workshop.participants if p.department}))


def _waiting(workshop) -> str | None:
    """Why nobody can join yet: the doors are not open ("not_yet"), or it is "over"."""
    if live.joinable(workshop):
        return None
    return "over" if workshop.run is not None else "not_yet"


def _joined(workshop, token: str):
    out.joined(workshop)
    out.seats(workshop)  # a walk-in may have moved others in the rounds to come
    return phone_response(workshop, token)


def phone_response(workshop, token: str):
    """To the phone page, this browser now holding the person's token."""
    return _cookie(redirect(url_for("live.phone", code=workshop.join_code)), workshop, token)


def _cookie(response, workshop, token: str):
    """The response, with this browser now holding the person's token."""
    response = make_response(response)
    response.set_cookie(cookie_name(workshop.join_code), token, max_age=TOKEN_DAYS * 86400,
                        httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


@bp.get("/p/<code>")
def phone(code: str):
    workshop = _open_workshop(code)
    person = live.participant_by_token(workshop, request.cookies.get(
        cookie_name(workshop.join_code)))
    if person is None:
        return redirect(url_for(".join", code=workshop.join_code))
    snapshot = live_views.participant_snapshot(workshop, person, _join_url(workshop))
    return render_template("live/phone.html", workshop=workshop, snapshot=snapshot,
                           strings=js_strings(), config=_config())


# The facilitator ---------------------------------------------------------------------------

@bp.get("/workshops/<int:workshop_id>/live")
@login_required
def console(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    snapshot = live_views.facilitator_snapshot(workshop, _join_url(workshop))
    return render_template("live/console.html", workshop=workshop, snapshot=snapshot,
                           strings=js_strings(), config=_config(), join_url=_join_url(workshop),
                           qr_svg=_qr_svg(workshop), action=ActionForm(),
                           walk_in_cap=live.walk_in_cap(workshop),
                           walk_ins=live.walk_ins(workshop))


@bp.get("/workshops/<int:workshop_id>/projector")
@login_required
def projector(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    _speak(workshop)
    snapshot = live_views.facilitator_snapshot(workshop, _join_url(workshop))
    return render_template("live/projector.html", workshop=workshop, snapshot=snapshot,
                           strings=js_strings(), config=_config(), join_url=_join_url(workshop),
                           qr_svg=_qr_svg(workshop))


@bp.post("/workshops/<int:workshop_id>/open")
@login_required
def open_doors(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        try:
            if workshop.run is not None and workshop.run.rehearsal:
                raise UserError(_("A rehearsal is running: end it before opening the doors."))
            workshops.mark_ready(workshop)  # the doors make a workshop ready: no extra step
            live.open_workshop(workshop)
            out.run(workshop)
            flash(_("The doors are open: participants can join with the code %(code)s.",
                    code=workshop.join_code), "success")
        except UserError as error:
            flash(error.message, "error")
            return redirect(url_for("workshops.show", workshop_id=workshop.id))
    return redirect(url_for(".console", workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/participants/<int:person_id>/release")
@login_required
def release(workshop_id: int, person_id: int):
    workshop = owned_workshop(workshop_id)
    person = live.get_participant(workshop, person_id)
    if ActionForm().validate_on_submit():
        live.revoke(workshop, person)
        evict(workshop.id, [person.id])
        out.board_changed(workshop.id)
        flash(_("%(name)s can join again from a new device.", name=person.display_name),
              "success")
    return redirect(url_for(".console", workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/participants/<int:person_id>/claim")
@login_required
def answer_claim(workshop_id: int, person_id: int):
    """Give a name to the new device that asked for it (the first device loses it), or not."""
    workshop = owned_workshop(workshop_id)
    person = live.get_participant(workshop, person_id)
    if ActionForm().validate_on_submit():
        approve = request.form.get("decision") == "approve"
        try:
            if live.answer_claim(workshop, person, approve):
                evict(workshop.id, [person.id])
                flash(_("%(name)s now joins from the new device.", name=person.display_name),
                      "success")
            else:
                flash(_("The new device was refused: %(name)s stays on the first one.",
                        name=person.display_name), "info")
        except UserError as error:
            flash(error.message, "error")
        out.board_changed(workshop.id)
    return redirect(url_for(".console", workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/walk-ins")
@login_required
def walk_in_cap(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        raw = request.form.get("cap", "").strip()
        try:
            live.set_walk_in_cap(workshop, None if raw == "" else _small_int(raw))
            flash(_("Up to %(count)s people not on the list may join.",
                    count=live.walk_in_cap(workshop)), "success")
        except UserError as error:
            flash(error.message, "error")
    return redirect(url_for(".console", workshop_id=workshop.id))


def _small_int(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6):
        raise live.LiveError("invalid", _("Walk-ins: a number from 0 to %(limit)s.",
                                          limit=live.MAX_WALK_IN_CAP))
    return int(raw)
