import os
from pathlib import Path

import pytest

from facilitator import create_app
from facilitator.config import DEFAULT_SECRET_KEY, SecretKeyError


def test_defaults_then_instance_file_then_environment_then_argument(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "PLACE_FROM = 'instance'\nBASE_URL = 'http://instance.test'\nMAX_CONTENT_LENGTH = 5\n")
    monkeypatch.setenv("FACILITATOR_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("FACILITATOR_BASE_URL", "http://env.test")
    monkeypatch.setenv("FACILITATOR_MAX_CONTENT_LENGTH", "7")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "MAX_CONTENT_LENGTH": 9})
    assert app.config["PLACE_FROM"] == "instance"          # instance file over defaults
    assert app.config["BASE_URL"] == "http://env.test"     # environment over instance file
    assert app.config["MAX_CONTENT_LENGTH"] == 9           # explicit argument over all
    assert app.config["LANGUAGES"] == ["fr", "en"]         # defaults remain


def test_database_url_from_environment_uses_psycopg3(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FACILITATOR_DATABASE_URL", "postgresql://u@127.0.0.1:5432/x")
    app = create_app({"TESTING": True, "SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1:5432/x"


def test_default_database_is_sqlite_in_instance(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("FACILITATOR_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/facilitator.sqlite3"


def test_production_refuses_the_default_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FACILITATOR_ENV_NAME", "production")
    monkeypatch.delenv("FACILITATOR_SECRET_KEY", raising=False)
    with pytest.raises(SecretKeyError, match="FACILITATOR_SECRET_KEY"):
        create_app()


def test_production_starts_with_a_real_secret_and_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FACILITATOR_ENV_NAME", "production")
    monkeypatch.setenv("FACILITATOR_SECRET_KEY", "a" * 64)
    app = create_app()
    assert app.config["SECRET_KEY"] == "a" * 64
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_development_keeps_a_random_secret_in_instance(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("FACILITATOR_SECRET_KEY", raising=False)
    monkeypatch.delenv("FACILITATOR_ENV_NAME", raising=False)
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second != DEFAULT_SECRET_KEY
    assert len(first) == 64
    assert (Path(tmp_path) / "secret_key").read_text() == first


def test_wsgi_module_is_production(tmp_path, monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("FACILITATOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("FACILITATOR_ENV_NAME", raising=False)
    monkeypatch.delenv("FACILITATOR_SECRET_KEY", raising=False)
    sys.modules.pop("wsgi", None)
    try:
        with pytest.raises(SecretKeyError):
            importlib.import_module("wsgi")
    finally:
        # wsgi.py sets it in os.environ; monkeypatch has nothing to undo for an absent name.
        os.environ.pop("FACILITATOR_ENV_NAME", None)
        sys.modules.pop("wsgi", None)
