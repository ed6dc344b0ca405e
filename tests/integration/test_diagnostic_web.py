"""The feedback diagnostic in the web app: import every export format through the page, exact
figures, rejected rows, re-imports, the mapping screen, theme edits, questions and privacy."""
from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import pytest

from facilitator.domain.deliverables.data import DiagnosticSnapshot
from facilitator.extensions import db
from facilitator.models import FeedbackImport, FeedbackResponse, Round
from facilitator.services import diagnostic as service
from facilitator.services import workshops as workshops_service
from tests.conftest import sign_in

FIXTURES = Path(__file__).parent.parent / "fixtures" / "feedback"
LABELS = json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))
FORMATS = ["excel_fr_cp1252.csv", "utf8_bom.csv", "surveymonkey.csv", "qualtrics_utf16.tsv",
           "responses.xlsx", "delighted.json", "broken_rows.csv"]
MESSY = (  # headers that say nothing: the columns must be confirmed by the facilitator
    "Q1,Q2,Q3,Q4\n"
    '"2024-03-02",8,"Le formateur était bien mais la plateforme est lente le soir",A\n'
    '"2024-03-05",3,"Impossible de joindre le support, j\'ai attendu deux semaines",B\n'
    '"2024-03-09",10,"Super formation, formatrice très claire et disponible",A\n'
    '"2024-03-11",,"pas de note ici",B\n'
    '"2024-04-01",9,"La plateforme est agréable et les vidéos sont claires",A\n'
    '"2024-04-03",2,"Facture fausse et aucun remboursement, le support ne répond pas",C\n'
    '"2024-04-08",12,"hors échelle",C\n'
    '"2024-04-12",6,"Inscription compliquée, trop de formulaires à remplir",B\n'
    '"2024-04-20",9,"Très bon accompagnement du support quand j\'ai eu un souci",A\n'
    '"31/31/2024",7,"date fausse",A\n'
).encode("utf-8")


@pytest.fixture
def workshop(facilitator):
    return workshops_service.create(facilitator, title="Café CX", language="fr")


def url(workshop, path: str = "/") -> str:
    return f"/workshops/{workshop.id}/diagnostic{path}"


def upload(client, workshop, data: bytes, name: str, follow: bool = True):
    return client.post(url(workshop, "/import"), data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=follow)


def upload_fixture(client, workshop, name: str):
    return upload(client, workshop, (FIXTURES / name).read_bytes(), name)


def shown_nps(client, workshop) -> str:
    page = client.get(url(workshop)).get_data(as_text=True)
    return re.search(r'class="nps-value[^"]*">([^<]+)<', page).group(1)


def expected_nps_text(value: float) -> str:
    return "0" if value == 0 else f"{value:+.0f}".replace("-", "\u2212")


def metric(page: str, label: str) -> int:
    return int(re.search(rf"<dt>{label}</dt><dd>(\d+)</dd>", page).group(1))


# Import ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", FORMATS)
def test_each_export_format_imports_through_the_page_with_its_exact_nps(signed_in, workshop,
                                                                          name):
    expected = LABELS[name]
    report = upload_fixture(signed_in, workshop, name)
    assert report.status_code == 200
    assert "/mapping" not in report.request.path
    page = report.get_data(as_text=True)
    assert metric(page, "New responses") == expected["responses"]
    assert shown_nps(signed_in, workshop) == expected_nps_text(expected["nps"])
    figures = service.key_figures(workshop)
    assert (figures["responses"], figures["promoters"], figures["passives"],
            figures["detractors"], figures["nps"]) == (
        expected["responses"], expected["promoters"], expected["passives"],
        expected["detractors"], expected["nps"])


def test_rejected_rows_are_listed_with_their_line_and_reason(signed_in, workshop):
    page = upload_fixture(signed_in, workshop, "broken_rows.csv").get_data(as_text=True)
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td>([^<]+)</td></tr>', page)
    assert [int(line) for line, _ in rows] == [3, 4, 5, 6, 11, 12, 14]
    reasons = dict((int(line), reason) for line, reason in rows)
    assert reasons[3] == "score 11 outside 0-10"
    assert reasons[4] == "empty score"
    assert reasons[11].startswith("duplicate of line ")
    record = db.session.scalar(db.select(FeedbackImport))
    download = signed_in.get(url(workshop, f"/imports/{record.id}/rejected.csv"))
    assert download.status_code == 200 and download.mimetype == "text/csv"
    lines = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert [int(row[0]) for row in lines[1:]] == [3, 4, 5, 6, 11, 12, 14]
    assert lines[2][1] == "empty score"


def test_a_long_rejection_list_is_capped_on_the_page_but_complete_in_the_download(
        signed_in, workshop):
    rows = ["Note;Commentaire"] + [f"{i % 11};Réponse numéro {i} sur la formation"
                                   for i in range(250)] + ["abc;illisible"] * 150
    page = upload(signed_in, workshop, "\n".join(rows).encode(), "many.csv").get_data(
        as_text=True)
    assert "The first 100 of 150 rejected rows." in page
    assert len(re.findall(r'<tr><td class="num">\d+</td><td>', page)) == 100
    record = db.session.scalar(db.select(FeedbackImport))
    download = signed_in.get(url(workshop, f"/imports/{record.id}/rejected.csv"))
    lines = download.get_data(as_text=True).strip().splitlines()
    assert len(lines) == 151 and lines[-1].startswith("401,")


def test_reimporting_the_same_file_does_not_count_twice(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    page = upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv").get_data(as_text=True)
    assert metric(page, "New responses") == 0
    assert metric(page, "Already imported") == 40
    assert service.response_count(workshop) == 40
    assert shown_nps(signed_in, workshop) == "+25"


def test_another_file_adds_to_the_diagnostic_and_removing_it_takes_its_responses(
        signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    upload_fixture(signed_in, workshop, "delighted.json")
    assert service.key_figures(workshop)["responses"] == 60
    second = db.session.scalars(db.select(FeedbackImport).order_by(FeedbackImport.id)).all()[1]
    signed_in.post(url(workshop, f"/imports/{second.id}/delete"))
    assert service.key_figures(workshop)["responses"] == 40
    assert shown_nps(signed_in, workshop) == "+25"


def test_unsure_columns_open_the_mapping_screen_and_a_corrected_mapping_imports(signed_in,
                                                                                 workshop):
    response = upload(signed_in, workshop, MESSY, "messy.csv")
    assert response.request.path.endswith("/mapping")
    page = response.get_data(as_text=True)
    assert "Which column holds what?" in page and "Q3" in page
    assert service.response_count(workshop) == 0  # nothing counted before confirmation
    record = db.session.scalar(db.select(FeedbackImport))
    assert record.status == "needs_mapping"

    no_score = signed_in.post(url(workshop, f"/imports/{record.id}/mapping"), data={
        "score": -1, "comment": 2, "date": 0, "segment": 3, "respondent": -1})
    assert no_score.status_code == 400
    assert "Choose the column that holds the 0-10 score." in no_score.get_data(as_text=True)

    done = signed_in.post(url(workshop, f"/imports/{record.id}/mapping"), data={
        "score": 1, "comment": 2, "date": 0, "segment": 3, "respondent": -1},
        follow_redirects=True)
    page = done.get_data(as_text=True)
    assert metric(page, "New responses") == 7 and metric(page, "Rejected rows") == 3
    assert "<strong>Segment</strong>: Q4" in page
    figures = service.analysis(workshop)
    assert [group["key"] for group in figures["by_segment"]] == ["A", "B", "C"]


def test_the_mapping_can_always_be_corrected_and_the_import_re_run(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    record = db.session.scalar(db.select(FeedbackImport))
    page = signed_in.get(url(workshop, f"/imports/{record.id}/mapping")).get_data(as_text=True)
    assert "Import with these columns" in page
    header = record.mapping["guess"]["header"]
    mapping = {field: record.mapping["guess"]["mapping"][field] for field in service.FIELDS}
    mapping["segment"] = -1  # drop the segment column
    mapping = {key: -1 if value is None else value for key, value in mapping.items()}
    signed_in.post(url(workshop, f"/imports/{record.id}/mapping"), data=mapping)
    assert service.response_count(workshop) == 40  # replaced, not added
    assert service.analysis(workshop)["by_segment"] == []
    assert "Formation" in header


def test_files_that_are_not_feedback_get_a_clear_message_and_never_a_500(signed_in,
                                                                         workshop):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    page = upload(signed_in, workshop, png, "photo.png")
    assert page.status_code == 200
    assert "The file is not text; export it as CSV, XLSX or JSON." in page.get_data(as_text=True)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    page = upload(signed_in, workshop, ole, "old.xls")
    assert "old .xls or a password-protected workbook" in page.get_data(as_text=True)
    empty = upload(signed_in, workshop, b"", "empty.csv")
    assert empty.status_code == 400
    assert "The file is empty." in empty.get_data(as_text=True)
    broken_zip = upload(signed_in, workshop, b"PK\x03\x04garbage", "broken.xlsx")
    assert "cannot be opened as .xlsx" in broken_zip.get_data(as_text=True)
    no_file = signed_in.post(url(workshop, "/import"), data={},
                             content_type="multipart/form-data")
    assert no_file.status_code == 400 and "Choose a file." in no_file.get_data(as_text=True)
    assert service.response_count(workshop) == 0
    assert signed_in.get(url(workshop)).status_code == 200


def test_a_large_file_is_read_in_the_background_and_the_page_polls_its_progress(
        app, signed_in, workshop):
    app.config["DIAGNOSTIC_INLINE_BYTES"] = 0
    response = upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    record_id = int(re.search(r"/imports/(\d+)", response.request.path).group(1))
    progress_url = url(workshop, f"/imports/{record_id}/progress")
    deadline = time.monotonic() + 30
    state = signed_in.get(progress_url).get_json()
    while state["running"] and time.monotonic() < deadline:
        time.sleep(0.1)
        state = signed_in.get(progress_url).get_json()
    assert state["status"] == "done", state
    db.session.expire_all()
    assert service.response_count(workshop) == 40
    assert shown_nps(signed_in, workshop) == "+25"


# Themes and stages ----------------------------------------------------------------------

def themes_by_name(workshop) -> dict[str, dict]:
    return {theme["name"]: theme for theme in service.analysis(workshop)["themes"]}


def test_renaming_merging_and_moving_themes_changes_the_figures(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    before = themes_by_name(workshop)
    # Names are phrases ("formateurs experts" when customers say it often enough).
    trainers = next(name for name in before if name.split()[0] == "formateurs")
    assert {"plateforme", "support"} <= before.keys()
    platform, support = "plateforme", "support"

    signed_in.post(url(workshop, "/themes/rename"), data={"old": trainers, "new": "Équipe"})
    after = themes_by_name(workshop)
    assert trainers not in after and after["Équipe"]["count"] == before[trainers]["count"]
    assert "Équipe" in signed_in.get(url(workshop, "/themes")).get_data(as_text=True)

    signed_in.post(url(workshop, "/themes/merge"),
                   data={"sources": ["Équipe", platform], "into": "Apprentissage"})
    merged = themes_by_name(workshop)["Apprentissage"]
    assert before[trainers]["count"] < merged["count"] <= (
        before[trainers]["count"] + before[platform]["count"])

    stage_counts = {s["stage"]: s["count"] for s in service.analysis(workshop)["stages"]}
    signed_in.post(url(workshop, "/themes/move"), data={"theme": support, "stage": "after"})
    moved = {s["stage"]: s["count"] for s in service.analysis(workshop)["stages"]}
    assert themes_by_name(workshop)[support]["stage"] == "after"
    assert moved["after"] > stage_counts["after"]

    assert len(service.state(workshop).edits) == 3
    signed_in.post(url(workshop, "/themes/undo"))
    assert themes_by_name(workshop)[support]["stage"] == "support"
    signed_in.post(url(workshop, "/themes/reset"))
    assert themes_by_name(workshop).keys() == before.keys()


def test_an_edit_naming_an_unknown_theme_is_refused(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    page = signed_in.post(url(workshop, "/themes/rename"), data={"old": "nope", "new": "x"},
                          follow_redirects=True).get_data(as_text=True)
    assert "This theme no longer exists" in page
    assert service.state(workshop).edits == []


def stage_rows(*rows):
    data = {}
    for index, (key, name, description) in enumerate(rows):
        data.update({f"stages-{index}-key": key, f"stages-{index}-name": name,
                     f"stages-{index}-description": description})
    return data


def test_stages_are_a_form_of_names_and_descriptions(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    page = signed_in.get(url(workshop, "/stages")).get_data(as_text=True)
    assert 'name="stages-0-name"' in page and 'name="stages-0-description"' in page
    assert "Utilisation" in page or "Use" in page  # the defaults, ready to edit
    signed_in.post(url(workshop, "/stages"), data=stage_rows(
        ("", "Inscription", "s'inscrire, facture, paiement, prix, inscription"),
        ("use", "Apprendre", "formateurs, plateforme, cours, vidéos, sous-titres"),
        ("", "Aide", "support, service client, réponse, attente"),
        ("", "", "")))
    names = {stage["stage"] for stage in service.analysis(workshop)["stages"]}
    assert {"Inscription", "Apprendre", "Aide"} & names and names <= {
        "Inscription", "Apprendre", "Aide", "unassigned"}
    # A kept default label keeps its key (and so its translations).
    rows = service.stage_rows(workshop)
    assert [row["name"] for row in rows] == ["Inscription", "Apprendre", "Aide"]
    bad = signed_in.post(url(workshop, "/stages"), data=stage_rows(("", "Sans description", "")))
    assert bad.status_code == 400
    assert "description" in bad.get_data(as_text=True)
    assert service.stage_rows(workshop)[0]["name"] == "Inscription"  # nothing lost
    signed_in.post(url(workshop, "/stages/reset"))
    assert service.state(workshop).stages_text == ""


def test_page_views_use_the_cached_analysis_until_something_changes(signed_in, workshop,
                                                                    monkeypatch):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    calls = []
    original = service._compute
    monkeypatch.setattr(service, "_compute", lambda *a: calls.append(1) or original(*a))
    for path in ("/", "/themes", "/questions", "/present"):
        assert signed_in.get(url(workshop, path)).status_code == 200
    assert calls == []
    upload_fixture(signed_in, workshop, "utf8_bom.csv")
    assert len(calls) == 1  # recomputed once, by the import
    signed_in.get(url(workshop))
    assert len(calls) == 1


# Questions ------------------------------------------------------------------------------

def test_picking_a_suggested_question_adds_a_round_with_its_kind(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    page = signed_in.get(url(workshop, "/questions")).get_data(as_text=True)
    suggestion = service.analysis(workshop)["suggested_questions"][0]
    assert suggestion["kind"] == "best_practice"
    assert "best practices" in page and suggestion["verbatims"][0].split("\u2019")[0] in page
    response = signed_in.post(url(workshop, "/questions/add"), data={
        "prefix": "q0", "q0-question": "Edited: " + suggestion["text"], "q0-kind": "best_practice"},
        follow_redirects=True)
    assert "Added as round 1." in response.get_data(as_text=True)
    round_ = db.session.scalar(db.select(Round).where(Round.workshop_id == workshop.id))
    assert round_.question.startswith("Edited: ") and round_.kind == "best_practice"


def test_a_question_put_in_a_round_is_marked_in_the_bank(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    suggestion = service.analysis(workshop)["suggested_questions"][1]
    assert "Used in round" not in signed_in.get(url(workshop, "/questions")).get_data(as_text=True)
    signed_in.post(url(workshop, "/questions/add"), data={
        "prefix": "q1", "q1-question": suggestion["text"], "q1-kind": suggestion["kind"]})
    page = signed_in.get(url(workshop, "/questions")).get_data(as_text=True)
    assert page.count("Used in round 1") == 1
    rounds = signed_in.get(f"/workshops/{workshop.id}/rounds").get_data(as_text=True)
    assert url(workshop, "/questions") in rounds  # the Rounds page links to the bank


def test_rounds_that_do_not_progress_are_warned_about(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    for kind in ("solution", "best_practice"):
        signed_in.post(url(workshop, "/questions/add"), data={
            "q0-question": f"A {kind} question?", "q0-kind": kind, "prefix": "q0"})
    db.session.expire_all()
    warnings = service.question_warnings(workshop)
    assert warnings == ["Question 2 (best practices) comes after a later round (solutions)."]
    page = signed_in.get(url(workshop, "/questions")).get_data(as_text=True)
    assert "Question 2 (best practices) comes after a later round (solutions)." in page
    workshops_service.add_round(workshop, question="x" * 201)
    assert "Question 3 is 201 characters long (max 200)." in service.question_warnings(workshop)


# Privacy and pages ----------------------------------------------------------------------

def test_another_facilitator_gets_404_on_every_diagnostic_url(app, client, workshop,
                                                              other_facilitator):
    sign_in(client)
    upload_fixture(client, workshop, "excel_fr_cp1252.csv")
    record = db.session.scalar(db.select(FeedbackImport))
    client.post("/logout")
    sign_in(client, "bob@cafe.test", "battery staple")
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("diagnostic.")]
    assert len(rules) >= 15
    for rule in rules:
        path = rule.rule.replace("<int:workshop_id>", str(workshop.id)).replace(
            "<int:import_id>", str(record.id))
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(path, method=method, data={"old": "support", "new": "x"})
            assert response.status_code == 404, (method, path, response.status_code)
    assert service.response_count(workshop) == 40
    assert db.session.scalar(db.select(FeedbackImport)).id == record.id


def test_pages_need_a_signed_in_facilitator(client, workshop):
    response = client.get(url(workshop))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_every_page_renders_before_and_after_an_import(signed_in, workshop):
    for path in ("/", "/themes", "/questions", "/stages", "/import", "/present"):
        assert signed_in.get(url(workshop, path)).status_code == 200, path
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    page = signed_in.get(url(workshop)).get_data(as_text=True)
    assert "<svg class=\"dist-chart\"" in page and "1.96 × √((p + d − (p − d)²) / n)" in page
    assert page.count('class="bar ') == 11
    for path in ("/", "/themes", "/questions", "/stages", "/import", "/present"):
        page = signed_in.get(url(workshop, path))
        assert page.status_code == 200, path
        # script-src 'self': an inline script would silently not run
        assert "<script>" not in page.get_data(as_text=True), path


def test_the_presentation_speaks_the_workshop_language(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    signed_in.post("/language/en")
    page = signed_in.get(url(workshop, "/present")).get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Achat et inscription" in page  # stage labels in French
    assert "+25" in page


def test_the_presentation_is_slides_with_a_well_formed_figures_list(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    page = signed_in.get(url(workshop, "/present")).get_data(as_text=True)
    assert page.count('<section class="slide') >= 2 and "js/present.js" in page
    # a <dl>'s groups hold only <dt> and <dd> (axe: definition-list)
    for figures in (page, signed_in.get(url(workshop, "")).get_data(as_text=True)):
        for block in figures.split("<dl")[1:]:
            assert "<p" not in block.split("</dl>")[0]


# Plain data for the other parts of the app ---------------------------------------------

def test_key_figures_and_the_deliverables_snapshot(signed_in, workshop):
    assert service.key_figures(workshop) is None
    assert service.snapshot_for_deliverables(workshop) is None
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    figures = service.key_figures(workshop)
    assert figures["nps"] == 25.0 and figures["responses"] == 40
    p, d = 20 / 40, 10 / 40  # Wald: 1.96 * sqrt((p + d - (p - d)^2) / n) * 100
    assert figures["margin_of_error"] == pytest.approx(
        1.96 * ((p + d - (p - d) ** 2) / 40) ** 0.5 * 100, abs=0.01)
    assert not figures["small_sample"]
    assert 1 <= len(figures["top_irritants"]) <= 3 and 1 <= len(figures["top_praise"]) <= 3
    first = figures["top_irritants"][0]
    assert {"stage", "theme", "verbatim"} <= first.keys() and first["verbatim"]
    counts = [item["count"] for item in figures["top_irritants"]]
    assert counts == sorted(counts, reverse=True)
    snapshot = service.snapshot_for_deliverables(workshop)
    assert isinstance(snapshot, DiagnosticSnapshot)
    assert snapshot.respondents == 40 and sum(snapshot.distribution) == 40
    assert len(snapshot.distribution) == 11 and snapshot.source == "excel_fr_cp1252.csv"
    assert any(stage.irritants for stage in snapshot.stages)


def test_responses_are_unique_per_workshop_by_content_hash(signed_in, workshop, facilitator):
    other = workshops_service.create(facilitator, title="Other", language="fr")
    upload_fixture(signed_in, workshop, "utf8_bom.csv")
    upload_fixture(signed_in, other, "utf8_bom.csv")
    assert service.response_count(workshop) == service.response_count(other) == 30
    assert db.session.scalar(db.select(db.func.count(FeedbackResponse.id))) == 60


def test_deleting_a_workshop_deletes_its_feedback(signed_in, workshop):
    upload_fixture(signed_in, workshop, "excel_fr_cp1252.csv")
    service.analysis(workshop)
    workshops_service.delete(workshop)
    assert db.session.scalar(db.select(db.func.count(FeedbackResponse.id))) == 0
    assert db.session.scalar(db.select(db.func.count(FeedbackImport.id))) == 0
