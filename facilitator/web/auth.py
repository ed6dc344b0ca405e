"""Facilitator sign-in and sign-out."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l, gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from facilitator.extensions import db, limiter, login
from facilitator.models import User
from facilitator.web.urls import safe_next

bp = Blueprint("auth", __name__)
login.login_view = "auth.login"
login.login_message = _l("Please sign in to see this page.")
login.login_message_category = "info"


@login.user_loader
def load_user(session_id: str) -> User | None:
    """`id:version` from the session or remember-me cookie; an older version was signed out."""
    user_id, _sep, version = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) < 19):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or version != str(user.session_version):
        return None
    return user


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in"))


@bp.route("/login", methods=["GET", "POST"], endpoint="login")
@limiter.limit("10 per minute", methods=["POST"],
               error_message=_l("Too many sign-in attempts: wait a minute and try again."))
def login_page():
    if current_user.is_authenticated:
        return redirect(url_for("workshops.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(
            select(User).where(func.lower(User.email) == form.email.data.strip().lower()))
        if user and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or url_for("workshops.index"))
        flash(_("Wrong email or password."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    # Copies of this session's cookies (another tab, a stolen one) stop working too.
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
