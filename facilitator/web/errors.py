"""Error pages: every failure a person can meet gets a page in their language, never a trace."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import BadRequest

from facilitator.domain.deliverables import FontsMissingError
from facilitator.extensions import db
from facilitator.services import NotFound


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json")


def _page(status: int, title: str, message: str):
    if _wants_json():
        return jsonify(error=message), status
    return render_template("error.html", status=status, title=title, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(NotFound)
    @app.errorhandler(404)
    def not_found(_error):
        return _page(404, _("Not found"), _("This page does not exist, or is not yours."))

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return _page(400, _("Form expired"),
                     _("This form has expired or was sent from elsewhere. Go back, reload the "
                       "page and send it again: nothing was saved."))

    @app.errorhandler(FontsMissingError)
    def fonts_missing(error):
        return _page(503, _("Fonts missing"), str(error))

    @app.errorhandler(413)
    def too_large(_error):
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return _page(413, _("File too large"),
                     _("The file is larger than %(limit)s MB. Split it or remove columns, "
                       "then try again.", limit=limit))

    @app.errorhandler(429)
    def too_many(error):
        return _page(429, _("Slow down"), str(error.description))

    @app.errorhandler(405)
    def not_allowed(_error):
        return _page(405, _("Not allowed"), _("This address does not accept that request."))

    @app.errorhandler(400)
    def bad_request(error):
        # abort(400, description=...) carries a message for the person; Werkzeug's own
        # description is English jargon.
        custom = getattr(error, "description", None)
        if not custom or custom == BadRequest.description:
            custom = _("The request could not be understood.")
        return _page(400, _("Bad request"), str(custom))

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        db.session.rollback()
        app.logger.warning("database unavailable: %s", error)
        return _page(503, _("Busy for a moment"),
                     _("The database is busy or out of reach: nothing was half-saved. Wait a "
                       "few seconds and try again."))

    @app.errorhandler(500)
    def server_error(_error):
        db.session.rollback()
        return _page(500, _("Something went wrong"),
                     _("The server hit an unexpected problem; nothing you sent was half-saved. "
                       "Try again in a moment."))
