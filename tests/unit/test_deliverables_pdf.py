"""The two deliverable PDFs, read back as a reader would: text, order, fonts, metadata."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from facilitator.domain import deliverables as compose
from facilitator.domain.deliverables import sample_report
from facilitator.services.translations import gettext_for
from facilitator.domain.deliverables.data import Note, WorkshopReport
from facilitator.domain.deliverables.fonts import fonts

HOSTILE = (
    "<b>pas gras</b> & <font color=red>rouge</font> <img src=\"/etc/passwd\"/> "
    "<a href='javascript:alert(1)'>lien</a> </para>"
)
HOSTILE_STREAM = "<i>Chantier</i> & <u>co</u>"
LONG_WORD = "x" * 3000
WORLD = "Ελληνικά Кириллица العربية 中文汉字 日本語かな 한국어 😀 ✓ €"
ACCENTS = "Accents : éèêàùçœ ÉÈÇ «guillemets» l'été"


def text_of(pdf: bytes, first_page: int = 0) -> str:
    """All the text of the pages from ``first_page``, whitespace collapsed."""
    pages = PdfReader(io.BytesIO(pdf)).pages[first_page:]
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))


def assert_in_order(text: str, items: list[str]) -> None:
    position = 0
    for item in items:
        found = text.find(item, position)
        assert found >= 0, f"{item!r} missing or out of order"
        position = found + len(item)


def build_summary_pdf(report: WorkshopReport, gettext=None) -> bytes:
    """In the report's language, from its Babel catalogue, as services/deliverables does."""
    return compose.build_summary_pdf(report, gettext or gettext_for(report.language))


def build_detailed_pdf(report: WorkshopReport) -> bytes:
    return compose.build_detailed_pdf(report, gettext_for(report.language))


@pytest.fixture(scope="module")
def report() -> WorkshopReport:
    return sample_report()


@pytest.fixture(scope="module")
def summary(report: WorkshopReport) -> bytes:
    return build_summary_pdf(report)


@pytest.fixture(scope="module")
def detailed(report: WorkshopReport) -> bytes:
    return build_detailed_pdf(report)


@pytest.fixture(scope="module")
def hostile_report(report: WorkshopReport) -> WorkshopReport:
    notes = report.notes + tuple(
        Note(1, 1, text) for text in (HOSTILE, LONG_WORD, WORLD, ACCENTS + "\nline\x07 two")
    )
    first = dataclasses.replace(report.solutions[0], title=HOSTILE, work_stream=HOSTILE_STREAM,
                                description=f"{LONG_WORD} {WORLD}")
    return dataclasses.replace(report, notes=notes, title=f"{HOSTILE} {WORLD}",
                               solutions=(first, *report.solutions[1:]))


@pytest.fixture(scope="module")
def hostile_pdfs(hostile_report: WorkshopReport) -> tuple[bytes, bytes]:
    return build_summary_pdf(hostile_report), build_detailed_pdf(hostile_report)


def test_summary_lists_every_question_key_point_and_solution_in_order(report, summary):
    expected: list[str] = []
    for round_info in report.rounds:
        expected.append(round_info.question)
        for synthesis in round_info.syntheses:
            expected += [*synthesis.key_points, *synthesis.solutions]
    after_glance = text_of(summary).split("Les solutions les plus votées", 1)[1]
    assert_in_order(after_glance, expected)


def test_summary_page_one_is_the_workshop_at_a_glance(report, summary):
    first = re.sub(r"\s+", " ", PdfReader(io.BytesIO(summary)).pages[0].extract_text())
    for item in (report.title, report.place, report.facilitator_name, "14 mars 2025",
                 "36", *report.departments):
        assert item in first
    assert_in_order(first, ["participants", "Diagnostic client : NPS +24 ± 7,5 points",
                            "Principaux irritants", "Ce que les tables ont dit",
                            *(f"{r.number}. {r.question[:40]}" for r in report.rounds),
                            "Les solutions les plus votées"])
    top = sorted(report.solutions, key=lambda s: (-s.votes, s.id))[:5]
    assert_in_order(first.split("Les solutions les plus votées")[1], [s.title for s in top])
    assert len(PdfReader(io.BytesIO(summary)).pages) <= 3


def test_ties_in_the_ranking_share_a_rank_and_the_cut_keeps_them(report):
    from facilitator.domain.deliverables.summary import ranked_with_ties

    tied = tuple(dataclasses.replace(s, votes=v) for s, v in
                 zip(report.solutions[:7], (9, 7, 7, 5, 4, 4, 4)))
    ranked = ranked_with_ties(tied, 5)
    assert [rank for rank, _s in ranked] == [1, 2, 2, 4, 5, 5, 5]
    pdf = build_summary_pdf(dataclasses.replace(report, solutions=tied))
    first = re.sub(r"\s+", " ", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert first.count("(ex æquo)") == 5


def test_the_strongest_answers_are_the_ones_most_tables_wrote():
    from facilitator.domain.deliverables.data import RoundInfo, TableSynthesis
    from facilitator.domain.deliverables.summary import strongest_answers

    round_info = RoundInfo(1, "Q?", (
        TableSynthesis(1, ("Le délai d'accès", "Un tuteur trop lent")),
        TableSynthesis(2, ("Les vidéos", "le délai d'accès.")),
        TableSynthesis(3, ("Un tuteur trop lent", "Le délai d'accès !"))))
    assert strongest_answers(round_info) == ["Le délai d'accès", "Un tuteur trop lent",
                                             "Les vidéos"]


def test_summary_plenary_ranks_solutions_by_votes(report, summary):
    ranked = sorted(report.solutions, key=lambda s: (-s.votes, s.id))[:10]
    plenary = text_of(summary).split("Plénière")[-1]
    assert_in_order(plenary, [s.title for s in ranked])
    assert report.next_steps.splitlines()[0] in text_of(summary)


def test_summary_shows_the_diagnostic(report, summary):
    text = text_of(summary)
    assert "+24" in text and "7,5" in text  # NPS and margin, French decimal comma
    for stage in report.diagnostic.stages:
        for theme in (*stage.irritants, *stage.praised):
            assert theme.label in text


def test_detailed_lists_every_solution_with_its_fields(report, detailed):
    text = text_of(detailed, first_page=2)
    for solution in report.solutions:
        assert solution.title in text
        assert solution.description in text
        assert solution.irritant in text
        if solution.qualification:
            assert solution.qualification.owner in text


def test_detailed_groups_solutions_by_work_stream_then_journey_stage(detailed):
    section = text_of(detailed, first_page=2).split("Feuille de route")[0]
    assert_in_order(section, ["Accompagnement", "Démarrage", "Suivi de la formation",
                              "Certification", "Fidélisation", "Offre et financement",
                              "Parcours digital"])


def test_detailed_has_contents_roadmap_charts_and_every_note(report, detailed):
    text = text_of(detailed)
    assert_in_order(text, ["Sommaire", "Solutions", "Feuille de route", "Graphiques",
                           "Annexe"])
    appendix = text.split("Annexe : notes partagées")[-1]
    for note in report.notes:
        assert note.text in appendix


def test_note_authors_are_named_only_when_allowed(report, detailed):
    author = f"— {report.notes[0].author_name}"
    assert author not in text_of(detailed)
    named = build_detailed_pdf(dataclasses.replace(report, show_names=True))
    assert author in text_of(named)


@pytest.mark.parametrize("which", [0, 1], ids=["summary", "detailed"])
def test_markup_in_user_text_is_shown_literally(hostile_pdfs, which):
    pdf = hostile_pdfs[which]
    text = text_of(pdf)
    for literal in ("<b>pas gras</b>", "&", "<font color=red>rouge</font>",
                    '<img src="/etc/passwd"/>', "javascript:alert(1)"):
        assert literal in text
    reader = PdfReader(io.BytesIO(pdf))
    assert all(list(page.images) == [] for page in reader.pages)
    assert b"/URI" not in pdf and b"root:" not in pdf


def test_table_of_contents_entries_are_escaped_too(hostile_pdfs):
    contents = text_of(hostile_pdfs[1]).split("Sommaire")[1][:3000]
    assert HOSTILE_STREAM in contents


def test_markup_in_a_note_does_not_change_its_style(hostile_pdfs):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(hostile_pdfs[1])) as pdf:
        for page in reversed(pdf.pages):  # the appendix is last; skip the running header
            words = [w for w in page.extract_words(extra_attrs=["fontname"])
                     if w["text"].startswith("gras</b>") and w["top"] > 100]
            if words:
                assert all("Bold" not in w["fontname"] for w in words)
                return
    pytest.fail("the hostile note was not found")


def test_unicode_text_builds_and_extracts(hostile_pdfs):
    text = text_of(hostile_pdfs[1])
    for fragment in ("éèêàùçœ ÉÈÇ «guillemets» l'été", "Ελληνικά", "Кириллица",
                     "[grinning face]", "line two"):
        assert fragment in text
    if fonts().has_cjk:
        assert "中文汉字" in text and "日本語かな" in text and "한국어" in text
    else:  # without fonts-droid-fallback the ideographs are named rather than boxed
        assert "[cjk unified ideograph-4e2d]" in text


def test_a_3000_character_word_wraps_inside_the_page(hostile_pdfs):
    import pdfplumber

    assert LONG_WORD in re.sub(r"\s", "", text_of(hostile_pdfs[1]))
    with pdfplumber.open(io.BytesIO(hostile_pdfs[1])) as pdf:
        for page in pdf.pages:
            assert all(0 <= c["x1"] <= page.width for c in page.chars)


def test_same_data_gives_the_same_bytes(report, summary, detailed):
    assert build_summary_pdf(report) == summary
    assert build_detailed_pdf(report) == detailed


def test_metadata_names_the_workshop(report, detailed):
    reader = PdfReader(io.BytesIO(detailed))
    meta = reader.metadata
    assert meta.title == f"{report.title} – Rapport détaillé"
    assert meta.author == report.facilitator_name
    assert meta.subject == "Rapport détaillé d'un atelier World Café"
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_english_workshop_gets_english_labels(report):
    english = dataclasses.replace(report, language="en")
    text = text_of(build_summary_pdf(english))
    assert "Workshop summary" in text and "What the tables said" in text
    assert "14 March 2025" in text
    assert re.search(r"Page 2 of \d+", text)
    assert "Ce que les tables ont dit" not in text


def test_french_workshop_gets_french_labels(summary, detailed):
    assert re.search(r"Page 2 sur \d+", text_of(summary))
    for label in ("Synthèse de l'atelier", "Ce que les tables ont dit", "Solutions proposées"):
        assert label in text_of(summary)
    for label in ("Sommaire", "Irritant traité", "Porteur", "Feuille de route"):
        assert label in text_of(detailed)


def test_an_injected_gettext_is_used(report):
    pdf = build_summary_pdf(report, gettext=lambda msgid: msgid.replace("What the tables said",
                                                                        "KP!"))
    assert "KP!" in text_of(pdf)


def test_a_workshop_with_nothing_yet_builds(report):
    empty = WorkshopReport(title="Vide", date=report.date, place="", facilitator_name="",
                           language="en", participants_count=0)
    assert "No solution was put to the vote." in text_of(build_summary_pdf(empty))
    assert "No note was shared." in text_of(build_detailed_pdf(empty))


@pytest.mark.parametrize("which", [0, 1], ids=["summary", "detailed"])
def test_every_font_is_embedded(hostile_pdfs, which):
    reader = PdfReader(io.BytesIO(hostile_pdfs[which]))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(font["/BaseFont"])
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    assert not any("Helvetica" in name for name in seen)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("FACILITATOR_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{name} is required (Debian package poppler-utils)")
        pytest.skip(f"{name} not installed (Debian package poppler-utils)")
    return path


@pytest.mark.parametrize("which", [0, 1], ids=["summary", "detailed"])
def test_poppler_reads_and_renders_every_page(hostile_pdfs, which, tmp_path):
    pdf_path = tmp_path / "doc.pdf"
    pdf_path.write_bytes(hostile_pdfs[which])
    fonts = subprocess.run([_tool("pdffonts"), str(pdf_path)], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
    result = subprocess.run([_tool("pdftoppm"), "-png", "-r", "20", str(pdf_path),
                             str(tmp_path / "page")], capture_output=True, text=True)
    assert result.returncode == 0 and "Error" not in result.stderr, result.stderr
    pages = len(PdfReader(io.BytesIO(hostile_pdfs[which])).pages)
    assert len(list(tmp_path.glob("page-*.png"))) == pages


def test_contents_point_at_the_right_pages(detailed):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(detailed)) as pdf:  # lines in reading order
        contents = pdf.pages[1].extract_text()
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(detailed)).pages]
    for title in ("Feuille de route", "Graphiques", "Annexe : notes partagées"):
        number = int(re.search(re.escape(title) + r"[ .]*(\d+)", contents).group(1))
        assert title in pages[number - 1][:200], title  # near the top: a heading, not a mention


def test_detailed_numbers_solutions_one_to_n_in_reading_order(report, detailed):
    from facilitator.domain.deliverables.detailed import reading_order

    text = text_of(detailed, first_page=2)
    body = text.split("Feuille de route")[0]
    numbers = [int(n) for n in re.findall(r"n° (\d+) ", body)]
    assert numbers == list(range(1, len(report.solutions) + 1))
    assert_in_order(body, [f"n° {i} {s.title}" for i, s in
                           enumerate(reading_order(report), start=1)])


def test_levels_are_capitalised_and_an_empty_theme_column_is_left_out(report):
    english = dataclasses.replace(report, language="en", tables=tuple(
        dataclasses.replace(t, theme="") for t in report.tables))
    text = text_of(build_detailed_pdf(english))
    assert "High" in text and "Medium" in text and " high" not in text
    assert "Theme" not in text


def test_the_pdf_creation_date_is_the_workshops(report, summary):
    info = PdfReader(io.BytesIO(summary)).metadata
    assert info["/CreationDate"].startswith("D:20250317")  # generated_at, not 1 January 2000


def test_runs_of_blank_lines_make_no_empty_page_nor_a_slow_build():
    from facilitator.domain.deliverables.sample import build_hostile_report

    hostile = build_hostile_report()
    for build, most in ((build_summary_pdf, 12), (build_detailed_pdf, 18)):
        pages = PdfReader(io.BytesIO(build(hostile))).pages
        assert len(pages) <= most
        for page in pages:  # header and footer aside, every page says something
            body = re.sub(r"Page \d+ sur \d+|Synthèse de l'atelier|Rapport détaillé|"
                          r"\d+ mars 2025", "", page.extract_text())
            body = body.replace(" ".join(hostile.title.split())[:60], "")
            assert len(body.split()) > 5, page.extract_text()
