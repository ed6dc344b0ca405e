"""Deliverables from a finished workshop: PDFs with every question, synthesis and solution,
downloads for the owner only, a shared link until revoked, the CLI, the exports."""
import io
import json
import zipfile

import pytest
from sqlalchemy import select
from pypdf import PdfReader

from facilitator.extensions import db
from facilitator.models import KeyPoint, Solution, Workshop
from facilitator.services import deliverables, demo_run
from facilitator.services import workshops as service
from facilitator.services.demo import _design
from tests.conftest import app_in_context, seeded_database, sign_in


def _play_the_pilot() -> None:
    from facilitator.services.accounts import create_or_reset

    owner, _created = create_or_reset("ana@cafe.test", "correct horse", "Ana")
    demo_run.play(_design(owner, "Café pilote", None))
    db.session.commit()


@pytest.fixture
def app(request, tmp_path):
    """A test that asks for the finished workshop starts from the demo's pilot, played once
    a session and copied; the others from an empty database."""
    played = ("finished" in request.fixturenames
              and seeded_database("pilot-played", _play_the_pilot))
    yield from app_in_context(tmp_path, played or None)


@pytest.fixture
def finished(facilitator):
    return db.session.scalar(select(Workshop).where(Workshop.title == "Café pilote"))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squash(text: str) -> str:
    return " ".join(text.split())


def test_the_summary_has_every_question_and_synthesis_in_order(finished):
    text = squash(text_of(deliverables.summary_pdf(finished)))
    positions = [text.index(squash(r.question)) for r in finished.rounds]
    assert positions == sorted(positions)
    for point in db.session.query(KeyPoint):
        assert squash(point.text) in text, point.text
    assert "Café pilote" in text


def test_the_detailed_document_has_every_solution_qualified(finished):
    pdf = deliverables.detailed_pdf(finished)
    text = squash(text_of(pdf))
    kept = [s for s in db.session.query(Solution) if s.merged_into_id is None]
    for solution in kept:
        assert squash(solution.title) in text, solution.title
        assert solution.impact and solution.horizon  # the demo qualifies them all
    assert "Fonctionnalité de l'application mobile" in text  # channel labelled in French
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title.startswith("Café pilote")


def test_notes_are_anonymous_unless_the_facilitator_shows_names(finished):
    report = deliverables.build_report(finished)
    assert all(n.author_name is None for n in report.notes) and report.notes
    deliverables.save_settings(finished, show_names=True, next_steps="Comité le 15 janvier.")
    report = deliverables.build_report(finished)
    authors = {n.author_name for n in report.notes}
    assert None not in authors and authors <= {p.display_name for p in finished.participants}
    assert "Comité le 15 janvier." in text_of(deliverables.summary_pdf(finished))


def test_merged_solutions_keep_every_origin_and_their_votes(finished):
    report = deliverables.build_report(finished)
    merged = [s for s in report.solutions if len(s.origins) > 1]
    assert merged, "the demo merges duplicate solutions"
    assert all(s.votes >= 0 for s in report.solutions)
    assert sum(s.votes for s in report.solutions) > 0


def test_a_merged_solution_stays_in_the_round_summary_of_the_table_that_proposed_it(finished):
    report = deliverables.build_report(finished)
    absorbed = [s for s in db.session.query(Solution) if s.merged_into_id is not None]
    assert absorbed, "the demo merges duplicate solutions"
    for solution in absorbed:
        round_info = report.rounds[solution.round.number - 1]
        titles = {t.table_number: t.solutions for t in round_info.syntheses}
        assert solution.title in titles[solution.table.number]


def test_the_same_data_gives_the_same_bytes(finished):
    assert deliverables.summary_pdf(finished) == deliverables.summary_pdf(finished)
    assert deliverables.detailed_pdf(finished) == deliverables.detailed_pdf(finished)


def test_downloads_are_for_the_owner_and_the_shared_link_until_revoked(client, finished,
                                                                       other_facilitator):
    sign_in(client)
    for name, kind in (("summary.pdf", "application/pdf"), ("detailed.pdf", "application/pdf"),
                       ("data.json", "application/json"), ("csv.zip", "application/zip")):
        response = client.get(f"/workshops/{finished.id}/deliverables/{name}")
        assert response.status_code == 200 and response.mimetype == kind, name
    archive = zipfile.ZipFile(io.BytesIO(client.get(
        f"/workshops/{finished.id}/deliverables/csv.zip").data))
    assert sorted(archive.namelist()) == ["notes.csv", "solutions.csv", "syntheses.csv"]
    assert archive.read("solutions.csv").startswith(b"\xef\xbb\xbf")  # Excel reads accents
    data = json.loads(client.get(f"/workshops/{finished.id}/deliverables/data.json").data)
    assert data["workshop"]["title"] == "Café pilote"
    assert client.get(f"/workshops/{finished.id}/deliverables/secret.txt").status_code == 404

    client.post(f"/workshops/{finished.id}/deliverables/share")
    token = db.session.get(type(finished), finished.id).share_token
    assert token
    anonymous = client.application.test_client()
    assert anonymous.get(f"/d/{token}").status_code == 200
    assert anonymous.get(f"/d/{token}/summary.pdf").mimetype == "application/pdf"
    assert anonymous.get(f"/d/{token}/data.json").status_code == 404  # PDFs only
    client.post(f"/workshops/{finished.id}/deliverables/share", data={"revoke": "1"})
    assert anonymous.get(f"/d/{token}").status_code == 404
    assert anonymous.get(f"/d/{token}/summary.pdf").status_code == 404

    client.post("/logout")
    sign_in(client, "bob@cafe.test", "battery staple")
    assert client.get(f"/workshops/{finished.id}/deliverables").status_code == 404
    assert client.get(f"/workshops/{finished.id}/deliverables/summary.pdf").status_code == 404
    assert client.post(f"/workshops/{finished.id}/deliverables/share").status_code == 404


def test_the_cli_writes_the_three_pdfs_and_the_exports(app, finished, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["deliverables", finished.join_code.lower(), "--out",
                                 str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["action-plan.csv", "action-plan.ics", "action-plan.json",
                       "action-plan.pdf", "data.json", "detailed.pdf", "notes.csv",
                       "solutions.csv", "summary.pdf", "syntheses.csv"]
    for name in ("summary.pdf", "detailed.pdf", "action-plan.pdf"):
        assert (tmp_path / "out" / name).read_bytes().startswith(b"%PDF")
    # In the workshop's language, from the Babel catalogue: French, then English.
    assert "Synthèse de l'atelier" in text_of((tmp_path / "out" / "summary.pdf").read_bytes())
    assert "Rapport détaillé" in text_of((tmp_path / "out" / "detailed.pdf").read_bytes())
    finished.language = "en"
    db.session.commit()
    result = runner.invoke(args=["deliverables", finished.join_code, "--out",
                                 str(tmp_path / "en")])
    assert result.exit_code == 0, result.output
    assert "Workshop summary" in text_of((tmp_path / "en" / "summary.pdf").read_bytes())
    assert "Detailed report" in text_of((tmp_path / "en" / "detailed.pdf").read_bytes())
    result = runner.invoke(args=["deliverables", "NOPE99", "--out", str(tmp_path / "x")])
    assert result.exit_code != 0 and "no workshop has the code" in result.output


def test_missing_fonts_give_a_503_page_for_every_pdf(signed_in, facilitator, monkeypatch):
    from facilitator.domain import deliverables as compose
    from facilitator.domain.deliverables import FontsMissingError

    def missing(*_args, **_kwargs):
        raise FontsMissingError("Install the Debian package fonts-dejavu-core.")

    for name in ("build_summary_pdf", "build_detailed_pdf", "build_action_plan_pdf"):
        monkeypatch.setattr(compose, name, missing)
    workshop = service.create(facilitator, title="Sans polices")
    for path in ("deliverables/summary.pdf", "deliverables/detailed.pdf",
                 "action-plan/action-plan.pdf"):
        response = signed_in.get(f"/workshops/{workshop.id}/{path}")
        assert response.status_code == 503, path
        assert "fonts-dejavu-core" in response.text and "Traceback" not in response.text


def test_a_workshop_without_a_run_still_gives_readable_pdfs(facilitator):
    workshop = service.create(facilitator, title="Pas encore joué")
    service.add_round(workshop, question="Qu'est-ce qui marche ?")
    text = text_of(deliverables.summary_pdf(workshop))
    assert "Qu'est-ce qui marche" in squash(text)
    assert text_of(deliverables.detailed_pdf(workshop))


def test_the_shared_link_serves_a_cached_pdf_until_the_data_changes(client, finished,
                                                                     monkeypatch):
    from facilitator.domain import deliverables as compose

    token = deliverables.share(finished)
    builds = []
    real = compose.build_summary_pdf
    monkeypatch.setattr(compose, "build_summary_pdf",
                        lambda report, gettext: builds.append(1) or real(report, gettext))
    anonymous = client.application.test_client()
    first = anonymous.get(f"/d/{token}/summary.pdf")
    second = anonymous.get(f"/d/{token}/summary.pdf")
    assert first.status_code == second.status_code == 200 and first.data == second.data
    assert len(builds) == 1
    etag = first.headers["ETag"]
    assert anonymous.get(f"/d/{token}/summary.pdf",
                         headers={"If-None-Match": etag}).status_code == 304
    deliverables.save_settings(finished, show_names=not finished.show_names,
                               next_steps="Revoir le parcours en juin")
    third = anonymous.get(f"/d/{token}/summary.pdf")
    assert len(builds) == 2 and third.headers["ETag"] != etag
    assert "Revoir le parcours en juin" in squash(text_of(third.data))


def test_the_shared_link_is_throttled(tmp_path):
    from facilitator.services.accounts import create_or_reset
    from facilitator.web.deliverables import SHARED_RATE
    from tests.conftest import make_app

    app = make_app(tmp_path, RATELIMIT_ENABLED=True)
    with app.app_context():
        user, _ = create_or_reset("ana@cafe.test", "correct horse", "Ana")
        workshop = _design(user, "Café pilote", None)
        token = deliverables.share(workshop)
        limit = int(SHARED_RATE.split()[0])
        anonymous = app.test_client()
        statuses = [anonymous.get(f"/d/{token}/nothing.pdf").status_code
                    for _ in range(limit + 1)]
        assert statuses[:limit] == [404] * limit and statuses[-1] == 429
        db.session.remove()
