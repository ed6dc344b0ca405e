"""facilitator: run World Café workshops end to end.

`create_app()` builds the Flask app: configuration, extensions, blueprints, socket
handlers and CLI commands.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def _give_the_domain_its_catalogues() -> None:
    # Every process that imports the package (the app, a command, the file reader's child
    # process, a notebook) gets the domain's French from the Babel catalogues; Babel itself
    # loads on the first text asked for in a language other than English.
    from facilitator.services import translations

    translations.install()


_give_the_domain_its_catalogues()


def create_app(config: dict | None = None) -> Flask:
    from facilitator import config as settings
    from facilitator.extensions import (babel, compress, csrf, db, limiter, login, migrate,
                                        socketio)

    app = Flask(
        __name__,
        instance_path=os.environ.get("FACILITATOR_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    settings.load(app, config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    from facilitator.web.urls import BoundedIntConverter
    app.url_map.converters["int"] = BoundedIntConverter
    if app.config.get("PROXY_COUNT"):
        # Behind nginx: trust its X-Forwarded-* so URLs, QR codes and cookies use https.
        from werkzeug.middleware.proxy_fix import ProxyFix
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    _sqlite_engine_options(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)  # phones on weak Wi-Fi: pages and scripts travel compressed
    _init_i18n(app, babel)
    # Handlers must be known before init_app: Flask-SocketIO hands its stored handlers to
    # each new server, but binds ones declared later to the current server only.
    _register_socket_handlers()
    socketio.init_app(app, message_queue=app.config.get("MESSAGE_QUEUE"),
                      channel=app.config.get("SOCKETIO_CHANNEL", "facilitator"),
                      # None: only pages of this site may open a socket (with its cookies).
                      cors_allowed_origins=_socket_origins(app),
                      async_mode=app.config.get("SOCKETIO_ASYNC_MODE"))
    from facilitator.realtime.packets import guard
    guard(socketio.server)
    _init_sqlite(app, db)
    _register_blueprints(app)
    _register_commands(app)
    _security_headers(app)
    from facilitator.web.uploads import CooperativeBody
    app.wsgi_app = CooperativeBody(app.wsgi_app)  # large uploads give the hub back
    return app


# Scripts only from our own files (no inline script can run); inline style attributes are
# allowed for server-drawn SVG charts.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; "
                           "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                           "connect-src 'self' ws: wss:; frame-ancestors 'none'; "
                           "base-uri 'self'; form-action 'self'")


def _security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def _socket_origins(app: Flask):
    """Same origin by default; behind a proxy, also the public address's origin."""
    configured = app.config.get("SOCKETIO_CORS_ORIGINS")
    if configured:
        return configured
    base = app.config.get("BASE_URL")
    if base:
        from urllib.parse import urlsplit
        parts = urlsplit(base)
        return [f"{parts.scheme}://{parts.netloc}"]
    return None


def _init_i18n(app: Flask, babel) -> None:
    from facilitator.services import translations
    from facilitator.web.i18n import select_locale

    from flask import g
    from flask_babel import format_date, get_locale, refresh

    translations.compile_catalogues()
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    @app.before_request
    def _fresh_locale():
        # Each request chooses its language anew (a test or a worker may reuse a context).
        g.pop("workshop_language", None)
        refresh()

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "en")
    app.jinja_env.filters["format_date"] = lambda value, fmt="medium": format_date(value, fmt)


BUSY_TIMEOUT_SECONDS = 5


def _sqlite_engine_options(app: Flask) -> None:
    """SQLite needs no liveness ping, and a pool wide enough that a burst of greenlets does
    not open and close a connection (and its PRAGMAs) per event: overflow connections are
    closed on return, and reopening them was 12 % of a storm's samples with 20 kept."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and \
            app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": False, "pool_size": 100,
                                                   "max_overflow": 100}


def _init_sqlite(app: Flask, db) -> None:
    """WAL lets readers and one writer work together; SQLite leaves foreign keys off by
    default; the writes of this process wait for each other cooperatively (sqlite_writes)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from facilitator import sqlite_writes
    with app.app_context():
        sqlite_writes.install(db.engine, timeout=app.config.get("SQLITE_BUSY_SECONDS",
                                                                BUSY_TIMEOUT_SECONDS))

    @event.listens_for(Engine, "connect")
    def _pragmas(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL's recommended level: a commit survives a crash of the server process (the
            # faults benchmark kills it), and no longer waits for the disk, which under one
            # gevent worker stalled every socket for each vote or note (docs/deploy.md).
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
            cursor.close()


def _register_socket_handlers() -> None:
    # Importing the package registers its handlers on the shared SocketIO object.
    import facilitator.realtime.handlers  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from facilitator.web import auth, deliverables, diagnostic, errors, live, main, workshops

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(workshops.bp)
    app.register_blueprint(live.bp)
    app.register_blueprint(deliverables.bp)
    app.register_blueprint(diagnostic.bp)
    from facilitator.web import photos
    app.register_blueprint(photos.bp)
    from facilitator.web import actionplan
    app.register_blueprint(actionplan.bp)
    errors.register(app)


def _register_commands(app: Flask) -> None:
    from facilitator.cli import register

    register(app)
