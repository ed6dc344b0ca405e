"""An uploaded feedback file is kept in chunk rows of its own, so that the many small updates
of its import (status, progress) never copy the file again; follow-up imports are read on
the same bounded path as diagnostic imports."""
import hashlib
import io
import os
import sqlite3
from datetime import date

from flask_migrate import upgrade
from sqlalchemy import inspect

from facilitator import isolation
from facilitator.extensions import db
from facilitator.models import FeedbackFileChunk, FeedbackImport, FeedbackResponse
from facilitator.services import blobs, diagnostic as service, followup, workshops
from tests.conftest import make_app


def _workshop(user, title="Café CX"):
    return workshops.create(user, title=title, language="en")


def _export(rows: int) -> bytes:
    return ("score;comment\n" + "".join(f"{i % 11};attente au guichet numéro {i}\n"
                                        for i in range(rows))).encode()


def _wal_bytes(database: str) -> int:
    path = database + "-wal"
    return os.path.getsize(path) if os.path.exists(path) else 0


def test_an_imports_status_change_does_not_rewrite_its_file(app, facilitator):
    data = os.urandom(3 * 1024 * 1024)
    record = service.start_import(_workshop(facilitator), io.BytesIO(data), "big.csv")
    database = db.engine.url.database
    db.session.commit()
    db.session.close()
    db.engine.dispose()  # no connection holds a snapshot: the WAL can be emptied
    with sqlite3.connect(database) as raw:
        assert raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    assert _wal_bytes(database) == 0
    record = db.session.get(FeedbackImport, record.id)
    record.status, record.progress_done = "reading", 10
    db.session.commit()
    # A few pages for the row and its index, not the 3 MB of a row that holds the file.
    assert 0 < _wal_bytes(database) < 256 * 1024


def test_a_file_is_kept_in_chunks_outside_the_imports_row(app, facilitator, monkeypatch):
    monkeypatch.setattr(blobs, "CHUNK", 1000)
    data = _export(400)
    record = service.start_import(_workshop(facilitator), io.BytesIO(data), "nps.csv")
    columns = {c["name"] for c in inspect(db.engine).get_columns("feedback_import")}
    assert "data" not in columns
    sizes = [len(chunk.data) for chunk in db.session.get(FeedbackImport, record.id).chunks]
    assert len(sizes) == -(-len(data) // 1000) and max(sizes) == 1000
    assert record.data == data and record.sha256 == hashlib.sha256(data).hexdigest()


def test_removing_an_import_removes_its_chunks(app, facilitator):
    workshop = _workshop(facilitator)
    record = service.start_import(workshop, _export(50), "nps.csv")
    service.process_import(record.id)
    service.delete_import(workshop, db.session.get(FeedbackImport, record.id))
    assert db.session.query(FeedbackFileChunk).count() == 0


def test_a_duplicated_workshop_keeps_a_copy_of_each_file(app, facilitator, monkeypatch):
    monkeypatch.setattr(blobs, "CHUNK", 4096)
    source = _workshop(facilitator)
    data = _export(2000)
    record = service.start_import(source, data, "nps.csv")
    service.process_import(record.id)
    copy = _workshop(facilitator, "Copie")
    service.copy_to(source, copy)
    db.session.commit()
    twin = service.imports(copy)[0]
    assert twin.id != record.id and twin.data == data
    assert len(twin.chunks) == len(db.session.get(FeedbackImport, record.id).chunks) > 1


def test_a_kept_file_moves_into_a_chunk_at_the_upgrade_and_its_responses_stay(tmp_path):
    app = make_app(tmp_path, create_tables=False)
    with app.app_context():
        upgrade(revision="5a1e7c0d18f2")
        db.engine.dispose()
        # A row as the old schema kept it (foreign keys are off on a plain connection).
        with sqlite3.connect(db.engine.url.database) as raw:
            raw.execute(
                "INSERT INTO feedback_import (id, workshop_id, filename, size, sha256, format,"
                " encoding, delimiter, status, progress_done, error_code, error_params, "
                "mapping, accepted, known, rejected_count, rejections, data, created_at, "
                "updated_at) VALUES (7, 1, 'old.csv', 12, '', 'csv', '', ';', 'done', 0, '', "
                "'{}', '{}', 1, 0, 0, '[]', ?, '2026-01-01', '2026-01-01')",
                (b"score\n9\n10\n",))
            raw.execute("INSERT INTO feedback_response (id, workshop_id, import_id, line, "
                        "score, comment, segment, respondent, content_hash) "
                        "VALUES (1, 1, 7, 2, 9, '', '', '', 'h')")
        upgrade()
        assert db.session.get(FeedbackImport, 7).data == b"score\n9\n10\n"
        # Nothing that hangs on the import was lost on the way (no cascade).
        assert db.session.query(FeedbackResponse).count() == 1


def test_a_large_follow_up_goes_to_the_reader_from_the_spooled_upload(app, facilitator,
                                                                     monkeypatch):
    sent = []
    original = isolation.run
    monkeypatch.setattr(isolation, "run", lambda task, data, *a, **k: sent.append(
        (task, isinstance(data, bytes))) or original(task, data, *a, **k))
    data = _export(3000)
    assert len(data) > isolation.IN_PROCESS_BYTES
    record = followup.import_followup(_workshop(facilitator), io.BytesIO(data), "later.csv",
                                      date(2027, 3, 1))
    assert record.responses == 3000
    assert sent == [("feedback", False)]  # the open file, not its bytes read whole


def test_a_follow_up_past_the_readers_ceiling_is_refused_with_a_reason(signed_in, facilitator,
                                                                       monkeypatch):
    workshop = _workshop(facilitator)

    def too_large(*args, **kwargs):
        raise isolation.TooLarge(768, 60)
    monkeypatch.setattr(isolation, "run", too_large)
    response = signed_in.post(f"/workshops/{workshop.id}/follow-up", data={
        "measured_on": "2027-03-01",
        "file": (io.BytesIO(_export(3000)), "later.csv")},
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "more than 768 MB of memory or 60 s" in response.get_data(as_text=True)


def test_a_large_upload_body_is_read_with_the_hub_given_back(signed_in, facilitator,
                                                             monkeypatch):
    from facilitator.web import uploads

    yields = []
    monkeypatch.setattr(uploads, "give_back", lambda: yields.append(1))
    workshop = _workshop(facilitator)
    data = _export(40_000)  # about 1.4 MB
    response = signed_in.post(f"/workshops/{workshop.id}/diagnostic/import",
                              data={"file": (io.BytesIO(data), "nps.csv")},
                              content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    assert len(yields) >= len(data) // uploads.EVERY
    record = service.imports(workshop)[0]
    assert record.size == len(data) and record.data == data
    yields.clear()
    signed_in.get(f"/workshops/{workshop.id}/diagnostic/import")
    assert yields == []  # a page without a body reads as before
