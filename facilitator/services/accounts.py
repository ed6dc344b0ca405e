"""Facilitator accounts: creating one, signing in and out (the session's user)."""
from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import func, select

from facilitator.extensions import db
from facilitator.models import User
from facilitator.models.user import PASSWORD_HASH

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
MIN_PASSWORD = 8


class AccountError(ValueError):
    pass


def create_or_reset(email: str, password: str, name: str = "") -> tuple[User, bool]:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError(f"{email!r} is not an email address.")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"The password needs at least {MIN_PASSWORD} characters.")
    user = _by_email(email)
    created = user is None
    if created:
        user = User(email=email, name=name or email.split("@")[0])
        db.session.add(user)
    elif name:
        user.name = name
    user.set_password(password, _hash_method())
    db.session.commit()
    return user, created


def _by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The user with this email (in any case) and password, or None."""
    user = _by_email(email)
    return user if user is not None and user.check_password(password) else None


def from_session(session_id: str) -> User | None:
    """`id:version` from the session or remember-me cookie; an older version was signed out."""
    user_id, _sep, version = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) < 19):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or version != str(user.session_version):
        return None
    return user


def sign_out_everywhere(user: User) -> None:
    """Every copy of the user's session cookies (another tab, a stolen one) stops working."""
    user.end_sessions()
    db.session.commit()


def _hash_method() -> str:
    """scrypt, except in the test suite, which may ask for a cheap hash: scrypt was a third
    of its time. Honoured only under TESTING, so no setting can weaken a real install."""
    config = current_app.config
    return (config.get("TESTING_PASSWORD_HASH") if config.get("TESTING") else None) \
        or PASSWORD_HASH
