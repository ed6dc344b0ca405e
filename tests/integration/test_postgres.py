"""The model tests once more against PostgreSQL, in a schema of their own."""
import uuid

import pytest
from sqlalchemy import create_engine, text

from facilitator.domain.workshop import Role, Status
from facilitator.extensions import db
from tests.conftest import POSTGRES_URL, make_app, need_service

pytestmark = pytest.mark.services


@pytest.fixture
def pg_app(tmp_path):
    need_service("PostgreSQL", "127.0.0.1", 5432)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    app = make_app(tmp_path, create_tables=False, DATABASE_URL=POSTGRES_URL,
                   SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {
                       "options": f"-csearch_path={schema}"}})
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def test_design_a_workshop_on_postgresql(pg_app):
    from facilitator.services import roster, workshops as service
    from facilitator.services.accounts import create_or_reset

    user, _ = create_or_reset("pg@cafe.test", "long enough")
    workshop = service.create(user, title="Café PG")
    service.set_table_count(workshop, 2)
    service.add_round(workshop, question="Q?")
    roster.add(workshop, name="Hôte A", role=Role.HOST)
    roster.add(workshop, name="Hôte B", role=Role.HOST)
    service.mark_ready(workshop)
    db.session.expire_all()
    assert workshop.status is Status.READY
    assert [p.host_table.number for p in workshop.participants if p.is_host] == [1, 2]
    copy = service.duplicate(workshop, service.CopyChoices(roster=True))
    assert len(copy.participants) == 2
    service.delete(workshop)
    assert service.list_for(user) == [copy]


def test_postgresql_enforces_foreign_keys_and_unique_codes(pg_app):
    from sqlalchemy.exc import IntegrityError

    from facilitator.models import Workshop
    from facilitator.services.accounts import create_or_reset
    from facilitator.services import workshops as service

    user, _ = create_or_reset("pg@cafe.test", "long enough")
    first = service.create(user, title="A")
    db.session.add(Workshop(owner_id=user.id, title="B", join_code=first.join_code))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Workshop(owner_id=987654, title="C", join_code="ZZZZZZ"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_large_feedback_import_is_stored_in_chunks_and_analysed_apart(pg_app, monkeypatch):
    """The upload appended 1 MB at a time (here 4 KB), read back in chunks by the reader,
    and the analysis run in the child with the server's search_path."""
    from facilitator.services import blobs, diagnostic, workshops as service
    from facilitator.services.accounts import create_or_reset

    monkeypatch.setattr(blobs, "CHUNK", 4096)
    pg_app.config["ANALYSE_APART_ROWS"] = 100
    user, _ = create_or_reset("pg@cafe.test", "long enough")
    workshop = service.create(user, title="Café PG", language="fr")
    data = ("score;comment\n" + "".join(f"{i % 11};accueil lent numéro {i}\n"
                                        for i in range(3000))).encode()
    record = diagnostic.start_import(workshop, data, "nps.csv")
    db.session.expire_all()
    assert record.data == data
    diagnostic.process_import(record.id)
    db.session.expire_all()
    assert record.status == "done" and record.accepted == 3000
    assert diagnostic.analysis(workshop)["responses"] == 3000
