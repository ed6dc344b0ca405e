"""Facilitator accounts."""
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
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    created = user is None
    if created:
        user = User(email=email, name=name or email.split("@")[0])
        db.session.add(user)
    elif name:
        user.name = name
    user.set_password(password, _hash_method())
    db.session.commit()
    return user, created


def _hash_method() -> str:
    """scrypt, except in the test suite, which may ask for a cheap hash: scrypt was a third
    of its time. Honoured only under TESTING, so no setting can weaken a real install."""
    config = current_app.config
    return (config.get("TESTING_PASSWORD_HASH") if config.get("TESTING") else None) \
        or PASSWORD_HASH
