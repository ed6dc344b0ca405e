"""Tablecloth photos over HTTP: a phone (its join cookie) or the console sends a photo as
multipart, anyone of the workshop fetches the resized image. Answers are JSON for the
scripts, errors included (an oversized upload too), never an HTML page or a trace."""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from flask import Blueprint, abort, jsonify, make_response, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from facilitator.domain import photos as rules
from facilitator.domain.workshop import normalise_join_code
from facilitator.extensions import limiter
from facilitator.realtime import emit as out
from facilitator.realtime.live import cookie_name
from facilitator.services import UserError, live
from facilitator.services import photos as service
from facilitator.services.live import LiveError
from facilitator.web import owned_workshop

if TYPE_CHECKING:
    from facilitator.models import Photo, Workshop

bp = Blueprint("photos", __name__)

# Room for the multipart envelope and the caption around the largest photo accepted.
REQUEST_LIMIT = rules.MAX_UPLOAD_BYTES + 256 * 1024
UPLOADS_PER_MINUTE = "20 per minute"
STATUS = {"forbidden": 403, "not_joined": 401, "not_found": 404, "too_large": 413,
          "too_many": 409, "not_now": 409}


def _uploader_key() -> str:
    """Per phone or per facilitator, not per address: a whole room shares one Wi-Fi."""
    code = (request.view_args or {}).get("code")
    token = request.cookies.get(cookie_name(normalise_join_code(code))) if code else None
    if token:
        return "photo:p:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    if current_user.is_authenticated:
        return f"photo:u:{current_user.id}"
    return "photo:a:" + (request.remote_addr or "")


def _refused(error: UserError):
    code = getattr(error, "code", "invalid")
    return jsonify(ok=False, code=code, error=error.message), STATUS.get(code, 400)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    return _refused(LiveError("too_large", _(
        "The photo is larger than %(limit)s MB: take it again at a lower resolution.",
        limit=rules.MAX_UPLOAD_BYTES // (1024 * 1024))))


@bp.errorhandler(UserError)
def _user_error(error: UserError):
    return _refused(error)


def _upload() -> tuple[bytes, str]:
    request.max_content_length = REQUEST_LIMIT  # refuse before reading more than a photo
    file = request.files.get("photo")
    if file is None:
        raise LiveError("empty", _("Choose a photo to send."))
    return file.read(REQUEST_LIMIT), request.form.get("caption", "")


def _round_number() -> int | None:
    return request.values.get("round", type=int)


def _changed(workshop: Workshop, photo: Photo) -> None:
    out.photos(workshop, photo.table, photo.round)


# A participant's phone ---------------------------------------------------------------------

def _participant(code: str):
    workshop = live.find_by_code(normalise_join_code(code))
    if workshop is None:
        raise LiveError("not_found", _("This workshop is not open."))
    person = live.participant_by_token(workshop, request.cookies.get(
        cookie_name(workshop.join_code)))
    if person is None:
        raise LiveError("not_joined", _("Join the workshop on this phone first."))
    return workshop, person


@bp.get("/p/<code>/photos")
def phone_list(code: str):
    """The photos of the caller's table for a round (the running one by default)."""
    workshop, person = _participant(code)
    round_ = service.current_round(workshop, _round_number())
    table = service.table_for(workshop, person, round_)
    if table is None:
        raise LiveError("not_found", _("You have no table in this round."))
    return jsonify(ok=True, **service.table_payload(workshop, table, round_),
                   may_add=service.may_add(workshop, table, round_, person))


@bp.post("/p/<code>/photos")
@limiter.limit(UPLOADS_PER_MINUTE, key_func=_uploader_key, error_message=_l(
    "Too many photos in a minute: wait a moment and try again."))
def phone_upload(code: str):
    workshop, person = _participant(code)
    upload, caption = _upload()
    round_ = service.current_round(workshop, _round_number())
    table = service.table_for(workshop, person, round_)
    if table is None:
        raise LiveError("forbidden", _("You have no table in this round."))
    photo = service.add(workshop, table, round_, person, upload, caption)
    _changed(workshop, photo)
    return jsonify(ok=True, photo=service.photo_payload(photo))


@bp.post("/p/<code>/photos/<int:photo_id>/delete")
def phone_delete(code: str, photo_id: int):
    workshop, person = _participant(code)
    photo = service.delete(workshop, photo_id, person)
    _changed(workshop, photo)
    return jsonify(ok=True, id=photo_id)


# The facilitator's console -----------------------------------------------------------------

@bp.post("/workshops/<int:workshop_id>/photos")
@login_required
@limiter.limit(UPLOADS_PER_MINUTE, key_func=_uploader_key, error_message=_l(
    "Too many photos in a minute: wait a moment and try again."))
def console_upload(workshop_id: int):
    workshop = owned_workshop(workshop_id)
    upload, caption = _upload()
    table, round_ = service.locate(workshop, request.form.get("table", type=int),
                                   _round_number())
    photo = service.add(workshop, table, round_, None, upload, caption)
    _changed(workshop, photo)
    return jsonify(ok=True, photo=service.photo_payload(photo))


@bp.post("/workshops/<int:workshop_id>/photos/<int:photo_id>/delete")
@login_required
def console_delete(workshop_id: int, photo_id: int):
    workshop = owned_workshop(workshop_id)
    try:
        photo = service.delete(workshop, photo_id, None)
    except LiveError:
        abort(404)  # another workshop's photo: the same answer as a missing one
    _changed(workshop, photo)
    return jsonify(ok=True, id=photo_id)


# The images --------------------------------------------------------------------------------

@bp.get("/photos/<int:photo_id>")
def image(photo_id: int):
    return _serve(photo_id, thumb=False)


@bp.get("/photos/<int:photo_id>/thumb")
def thumb(photo_id: int):
    return _serve(photo_id, thumb=True)


def _serve(photo_id: int, thumb: bool):
    photo = service.viewable(photo_id,
                             current_user.id if current_user.is_authenticated else None,
                             lambda join_code: request.cookies.get(cookie_name(join_code)))
    if photo is None:
        abort(404)  # missing or not theirs: one answer, so ids tell nothing
    response = make_response(photo.thumb if thumb else photo.data)
    response.headers["Content-Type"] = photo.content_type
    # Private: only this browser may keep it (never a shared proxy); a photo never changes.
    response.headers["Cache-Control"] = "private, max-age=86400, immutable"
    response.headers["Content-Disposition"] = "inline"
    return response
