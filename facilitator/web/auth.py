"""Facilitator sign-in and sign-out."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l, gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from facilitator.extensions import limiter, login
from facilitator.services import accounts
from facilitator.web.urls import safe_next

if TYPE_CHECKING:
    from facilitator.models import User

bp = Blueprint("auth", __name__)
login.login_view = "auth.login"
login.login_message = _l("Please sign in to see this page.")
login.login_message_category = "info"


@login.user_loader
def load_user(session_id: str) -> User | None:
    return accounts.from_session(session_id)


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
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or url_for("workshops.index"))
        flash(_("Wrong email or password."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    accounts.sign_out_everywhere(current_user)
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
