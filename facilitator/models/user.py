"""Facilitator accounts."""
from __future__ import annotations

from datetime import datetime, timezone

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from facilitator.extensions import db

# Werkzeug's scrypt: a memory-hard modern scheme (and its default).
PASSWORD_HASH = "scrypt"


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # Part of every session and remember-me cookie: bumping it signs out every device.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def set_password(self, password: str, method: str = PASSWORD_HASH) -> None:
        self.password_hash = generate_password_hash(password, method=method)
        if self.session_version is not None:  # a new password signs out every device
            self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Every cookie issued so far stops working (sign-out, new password)."""
        self.session_version += 1
