"""Shared fixtures: an app on a temporary SQLite file, clients, facilitators, services."""
from __future__ import annotations

import atexit
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from facilitator import create_app
from facilitator.extensions import db as _db

def _refuse_tuple_choices() -> None:
    """WTForms 3.4 drops choices given as tuples, and 3.3 warns only for those declared on a
    form's class: a view that assigns tuples fails here rather than after an upgrade."""
    from wtforms.fields.choices import SelectField

    declared = SelectField.choices

    def assign(field, value):
        if value is not None and not callable(value) and not isinstance(value, dict):
            tuples = [item for item in value if isinstance(item, tuple)]
            if tuples:
                raise TypeError(f"{field.name}: choices as tuples ({tuples[0]!r}); WTForms "
                                "3.4 takes SelectChoice(value, label) only")
        declared.fset(field, value)

    SelectField.choices = property(declared.fget, assign, doc=declared.__doc__)


_refuse_tuple_choices()


def _share_url_builders() -> None:
    """Each app compiles a function per URL rule to build its URLs (Werkzeug's
    Rule._compile_builder, through ast and compile): three quarters of create_app, which the
    suite calls for nearly every test. The function depends only on the rule's parts and the
    names of its defaults, so apps after the first reuse it."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    built: dict[tuple, object] = {}

    def shared(rule, append_unknown=True):
        defaults = rule.defaults or {}
        if any(dynamic and part in defaults for dynamic, part in rule._trace):
            return compile_builder(rule, append_unknown)  # a default baked in: not shared
        key = (tuple(rule._trace), tuple(map(str, defaults)), append_unknown)
        if key not in built:
            built[key] = compile_builder(rule, append_unknown)
        return built[key]

    Rule._compile_builder = shared


_share_url_builders()

REQUIRE_SERVICES = os.environ.get("FACILITATOR_REQUIRE_SERVICES") == "1"
POSTGRES_URL = os.environ.get("FACILITATOR_TEST_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("FACILITATOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def service_reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def need_service(name: str, host: str, port: int) -> None:
    """Skip with the reason when a service is down; fail instead when CI requires it."""
    if service_reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if REQUIRE_SERVICES:
        pytest.fail(message + " and FACILITATOR_REQUIRE_SERVICES=1")
    pytest.skip(message)


# A salted hash of one round: the suite signs in hundreds of times (see _hash_method).
CHEAP_PASSWORD_HASH = "pbkdf2:sha256:1"


def make_app(tmp_path, create_tables=True, database: Path | None = None, **overrides):
    """An app on tmp_path's SQLite file, a copy of the empty template (or of `database`)."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "cafe.test",
        "TESTING_PASSWORD_HASH": CHEAP_PASSWORD_HASH,
    }
    config.update(overrides)
    fresh_file = _new_sqlite_file(config["DATABASE_URL"]) if create_tables else None
    if fresh_file:
        shutil.copyfile(database or _template_database(), fresh_file)
    app = create_app(config)
    if create_tables and not fresh_file:
        with app.app_context():
            _db.create_all()
    return app


def _new_sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL when it does not exist yet (it may take the template)."""
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url.removeprefix("sqlite:///"))
    return path if path.parent.is_dir() and not path.exists() else None


_TEMPLATE: Path | None = None


def _template_database() -> Path:
    """An empty database with every table, created once a session: copying a file takes a
    millisecond where creating the tables took a third of a second a test."""
    global _TEMPLATE
    if _TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="facilitator-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "template.sqlite3"
        app = create_app({"TESTING": True, "SECRET_KEY": "template",
                          "DATABASE_URL": f"sqlite:///{path}"})
        with app.app_context():
            _db.create_all()
            _db.session.remove()
            _db.engine.dispose()  # the last connection closed: the WAL is folded into the file
        assert not Path(f"{path}-wal").exists()
        _TEMPLATE = path
    return _TEMPLATE


_SEEDED: dict[str, Path] = {}


def seeded_database(name: str, seed) -> Path:
    """A database file that `seed()` fills once a session (in an app context), for the tests
    that each start from the same played workshop: given to make_app, it is copied per test
    as the empty template is, where playing the demo again took 2 to 8 s a test."""
    if name not in _SEEDED:
        folder = Path(tempfile.mkdtemp(prefix=f"facilitator-{name}-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        seeding = make_app(folder)
        with seeding.app_context():
            seed()
            _db.session.commit()
            _db.session.remove()
            _db.engine.dispose()  # the WAL is folded into the file
        path = folder / "test.sqlite3"
        assert not Path(f"{path}-wal").exists()
        _SEEDED[name] = path
    return _SEEDED[name]


def app_in_context(tmp_path, database: Path | None = None):
    """The `app` fixture's body: an app (on a copy of `database`, else of the empty
    template) inside its app context for the test."""
    app = make_app(tmp_path, database=database)
    with app.app_context():
        yield app
        _db.session.remove()


@pytest.fixture
def app(tmp_path):
    yield from app_in_context(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def facilitator(app):
    from facilitator.services.accounts import create_or_reset

    user, _ = create_or_reset("ana@cafe.test", "correct horse", "Ana")
    return user


@pytest.fixture
def other_facilitator(app):
    from facilitator.services.accounts import create_or_reset

    user, _ = create_or_reset("bob@cafe.test", "battery staple", "Bob")
    return user


def sign_in(client, email="ana@cafe.test", password="correct horse"):
    return client.post("/login", data={"email": email, "password": password},
                       follow_redirects=False)


@pytest.fixture
def signed_in(client, facilitator):
    response = sign_in(client)
    assert response.status_code == 302
    return client
