"""Shared fixtures: an app on a temporary SQLite file, clients, facilitators, services."""
from __future__ import annotations

import os
import socket

import pytest

from facilitator import create_app
from facilitator.extensions import db as _db

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


def make_app(tmp_path, create_tables=True, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "cafe.test",
    }
    config.update(overrides)
    app = create_app(config)
    if create_tables:
        with app.app_context():
            _db.create_all()
    return app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        yield app
        _db.session.remove()


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
