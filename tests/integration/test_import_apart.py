"""The heavy parts of a feedback import leave the server's hub: the upload is stored and
handed to the reader in chunks, and a large analysis runs in the reader child process."""
import hashlib
import io

import pytest

from facilitator.extensions import db
from facilitator.models import FeedbackImport, FeedbackResponse
from facilitator.services import blobs, diagnostic as service, workshops as workshops_service


@pytest.fixture
def workshop(facilitator):
    return workshops_service.create(facilitator, title="Café CX", language="fr")


def feedback_csv(rows: int) -> bytes:
    themes = ["accueil chaleureux", "attente trop longue", "prix élevé", "livraison rapide"]
    return ("score;comment;segment\n" + "".join(
        f"{i % 11};{themes[i % 4]} numéro {i};S{i % 3}\n" for i in range(rows))).encode()


def test_an_upload_is_stored_chunk_by_chunk_exactly(app, workshop, monkeypatch):
    monkeypatch.setattr(blobs, "CHUNK", 1000)  # many chunks, the last one short
    data = feedback_csv(3000)
    assert len(data) % 1000
    paused = []
    monkeypatch.setattr(blobs, "pause", lambda: paused.append(1))
    record = service.start_import(workshop, io.BytesIO(data), "nps.csv")
    db.session.expire_all()
    stored = db.session.get(FeedbackImport, record.id)
    assert stored.data == data and stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert len(paused) >= len(data) // 1000  # the hub was given back between chunks


@pytest.mark.slow  # 5,000 rows through a child process
def test_a_large_upload_reaches_the_reader_in_chunks_and_imports_every_row(app, workshop,
                                                                           monkeypatch):
    monkeypatch.setattr(blobs, "CHUNK", 4096)
    data = feedback_csv(5000)  # over the in-process size: read by the child
    record = service.start_import(workshop, data, "nps.csv")
    service.process_import(record.id)
    db.session.expire_all()
    record = db.session.get(FeedbackImport, record.id)
    assert record.status == "done", (record.error_code, record.error_params)
    assert record.accepted == 5000
    assert service.response_count(workshop) == 5000


@pytest.mark.slow  # 2,500 responses analysed twice, once in a child process
def test_a_large_analysis_runs_in_the_child_with_the_same_result(app, workshop, monkeypatch):
    data = feedback_csv(2500)
    record = service.start_import(workshop, data, "nps.csv")
    app.config["ANALYSE_APART_ROWS"] = 10 ** 9  # analysed in the server
    service.process_import(record.id)
    here = service.analysis(workshop)
    assert here["responses"] == 2500 and here["themes"]

    apart = []
    original = service.isolation.run
    monkeypatch.setattr(service.isolation, "run",
                        lambda task, *a, **k: apart.append(task) or original(task, *a, **k))
    app.config["ANALYSE_APART_ROWS"] = 1000
    state = service.state(workshop)
    state.cache, state.cache_key = None, ""
    db.session.commit()
    # The order of a theme's equally weighted stems follows Python's string hashing,
    # which differs from one interpreter to the next: compare them as sets.
    assert _terms_as_sets(service.analysis(workshop)) == _terms_as_sets(here)
    assert apart == ["analyse"]


def _terms_as_sets(result: dict) -> dict:
    return {**result, "themes": [{**theme, "terms": set(theme["terms"])}
                                 for theme in result["themes"]]}


def test_reading_apart_off_analyses_in_the_server(app, workshop, monkeypatch):
    app.config["READ_FILES_IN_CHILD"] = False
    app.config["ANALYSE_APART_ROWS"] = 1
    monkeypatch.setattr(service.isolation, "run", lambda *a, **k: pytest.fail("no child"))
    record = service.start_import(workshop, feedback_csv(50), "nps.csv")
    service.process_import(record.id)
    assert service.analysis(workshop)["responses"] == 50
    assert db.session.query(FeedbackResponse).count() == 50


def test_a_large_roster_upload_goes_to_the_reader_from_the_spooled_file(signed_in, workshop,
                                                                        monkeypatch):
    sent = []
    original = service.isolation.run
    monkeypatch.setattr(service.isolation, "run", lambda task, data, *a, **k: sent.append(
        (task, isinstance(data, bytes))) or original(task, data, *a, **k))
    # 40 people, then padding rows of blank cells past the in-process size.
    rows = "".join(f"Personne {i},Ventes,participant\n" for i in range(40))
    data = ("name,department,role\n" + rows + ",,\n" * 40_000).encode()
    assert len(data) > service.isolation.IN_PROCESS_BYTES
    response = signed_in.post(f"/workshops/{workshop.id}/roster/import",
                              data={"import-file": (io.BytesIO(data), "roster.csv")},
                              content_type="multipart/form-data",
                              headers={"Accept-Language": "en"})
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    assert sent == [("roster", False)]  # the open file, handed over in chunks
    assert len(workshop.participants) == 40
