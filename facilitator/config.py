"""Configuration: defaults, then instance/config.py, then FACILITATOR_* environment variables.

`create_app(config=...)` applies an explicit mapping last (tests use it).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

DEFAULT_SECRET_KEY = "change-me-facilitator-dev-key"


class SecretKeyError(RuntimeError):
    """Raised when a production start would run with the default secret key."""


def default_settings(instance_path: str) -> dict:
    return {
        "ENV_NAME": "development",
        "SECRET_KEY": DEFAULT_SECRET_KEY,
        "DATABASE_URL": "sqlite:///" + os.path.join(instance_path, "facilitator.sqlite3"),
        "MESSAGE_QUEUE": None,
        # Threads by default (make run, tests); production runs gevent (docs/deploy.md).
        "SOCKETIO_ASYNC_MODE": "threading",
        "BASE_URL": None,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ["fr", "en"],
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript",
                               "application/javascript", "application/json", "image/svg+xml"],
    }


def load(app, overrides: dict | None) -> None:
    """Fill app.config in precedence order and derive the SQLAlchemy settings."""
    app.config.update(default_settings(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("FACILITATOR")
    if overrides:
        app.config.update(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(app.config["DATABASE_URL"])
    app.config.setdefault("RATELIMIT_KEY_PREFIX", app.config.get("SOCKETIO_CHANNEL",
                                                                 "facilitator"))
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    if app.config["ENV_NAME"] == "production" and not app.config.get("ALLOW_HTTP_COOKIES"):
        # Behind HTTPS in production; ALLOW_HTTP_COOKIES is for a closed-network LAN event.
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    guard_secret_key(app)


def _normalise_db_url(url: str) -> str:
    # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def guard_secret_key(app) -> None:
    """Refuse the default key in production; in development keep a random one in instance/."""
    if app.config["SECRET_KEY"] != DEFAULT_SECRET_KEY:
        return
    if app.config["ENV_NAME"] == "production":
        raise SecretKeyError(
            "Refusing to start in production with the default secret key: set "
            "FACILITATOR_SECRET_KEY to a long random value, for example the output of "
            "`python3 -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    if app.config.get("TESTING"):
        return
    app.config["SECRET_KEY"] = _development_secret(Path(app.instance_path))


def _development_secret(instance: Path) -> str:
    # A per-install random key, so sessions survive a restart of `make run`.
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        instance.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key
