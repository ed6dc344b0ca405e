"""Every schema change is a migration: upgrading an empty database gives the models' schema."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from facilitator.extensions import db
from tests.conftest import make_app


def test_migrations_upgrade_an_empty_database_to_the_models(tmp_path):
    app = make_app(tmp_path, create_tables=False)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"user", "workshop", "cafe_table", "round", "participant"} <= tables
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"


def test_migrations_downgrade_to_empty_and_up_again(tmp_path):
    app = make_app(tmp_path, create_tables=False)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "workshop" in inspect(db.engine).get_table_names()


def test_sqlite_runs_with_wal_and_foreign_keys(app):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
