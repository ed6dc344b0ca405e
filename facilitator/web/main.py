"""Home, health check and the language switch."""
from __future__ import annotations

from flask import (Blueprint, current_app, jsonify, redirect, render_template, request, session,
                   url_for)
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from facilitator.domain.workshop import normalise_join_code
from facilitator.extensions import db
from facilitator.web.urls import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("workshops.index"))
    return redirect(url_for("auth.login"))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.warning("health check: database unreachable: %s", error)
        return jsonify(status="error", database="unreachable",
                       reason=type(error).__name__), 503
    return jsonify(status="ok", database="ok")


@bp.post("/language/<lang>")
def set_language(lang: str):
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next")) or url_for("main.index"))


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Where a participant types the code shown on the projector."""
    code = normalise_join_code(request.values.get("code", ""))
    if code:
        return redirect(url_for("live.join", code=code))
    return render_template("main/join.html", code="", workshop=None)
