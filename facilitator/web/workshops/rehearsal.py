"""The rehearsal page: start a rehearsal at a speed, open a phone as one of the roster,
reset the workshop to ready. The simulation itself lives in services.rehearsal."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from facilitator.realtime import emit as out
from facilitator.realtime import rehearsal as players
from facilitator.services import UserError, live
from facilitator.services import rehearsal as service
from facilitator.services import roster as roster_service
from facilitator.services import workshops as workshops_service
from facilitator.domain import workshop as rules
from facilitator.web import owned_workshop
from facilitator.web.urls import form_id
from facilitator.web.workshops.forms import ActionForm, RehearsalForm
from facilitator.web.workshops.views import bp


@bp.get("/<int:workshop_id>/rehearsal")
def rehearsal(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    running = service.is_rehearsing(workshop)
    if running:
        players.ensure_playing(workshop)
    checks = workshops_service.readiness(workshop)
    people = sorted(workshop.participants, key=lambda p: (not p.is_host, p.display_name))
    return render_template("workshops/rehearsal.html", workshop=workshop, running=running,
                           ready=rules.is_ready(checks), form=RehearsalForm(),
                           action=ActionForm(), people=people, speeds=service.SPEEDS)


@bp.post("/<int:workshop_id>/rehearsal/start")
def start_rehearsal(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    form = RehearsalForm()
    if form.validate_on_submit():
        try:
            service.start(workshop, speed=form.speed.data, autopilot=form.autopilot.data)
        except UserError as error:
            flash(error.message, "error")
            return redirect(url_for(".rehearsal", workshop_id=workshop.id))
        out.run(workshop)
        players.ensure_playing(workshop)
        flash(_("The rehearsal is running: open the console, the projector and a phone."),
              "success")
    return redirect(url_for(".rehearsal", workshop_id=workshop.id))


@bp.post("/<int:workshop_id>/rehearsal/reset")
def reset_rehearsal(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    if ActionForm().validate_on_submit():
        try:
            service.reset(workshop)
            flash(_("The rehearsal is over and erased: the workshop is as it was, nothing of "
                    "it is left in the notes or the deliverables."), "success")
        except UserError as error:
            flash(error.message, "error")
    return redirect(url_for(".rehearsal", workshop_id=workshop.id))


@bp.post("/<int:workshop_id>/rehearsal/phone")
def rehearsal_phone(workshop_id: int):
    """This browser becomes the phone of one person of the roster (no longer simulated)."""
    workshop = owned_workshop(workshop_id)
    if not ActionForm().validate_on_submit() or not service.is_rehearsing(workshop):
        return redirect(url_for(".rehearsal", workshop_id=workshop.id))
    person = roster_service.get(workshop, form_id("person") or 0)
    if person.token_hash is not None:
        live.revoke(workshop, person)  # the preview may be opened again
    try:
        _person, token = live.claim(workshop, person.id)
    except UserError as error:
        flash(error.message, "error")
        return redirect(url_for(".rehearsal", workshop_id=workshop.id))
    from facilitator.web.live import phone_response  # that blueprint imports this package
    return phone_response(workshop, token)
