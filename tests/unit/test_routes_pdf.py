"""Routes in advance, read back as a participant would: one page each, their name, and
"Round 1 … Table 3" lines in the workshop's language, on A6 badges and A4 sheets."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4, A6

from facilitator.domain.deliverables import routes
from facilitator.domain.deliverables.routes import PersonRoute, RouteBook, Stop
from facilitator.services.translations import gettext_for

def build_routes_pdf(book: RouteBook, size: str = "a6") -> bytes:
    """In the book's language, from its Babel catalogue, as services/routes does."""
    return routes.build_routes_pdf(book, size, gettext=gettext_for(book.language))


LONG_NAME = ("Maria-Magdalena Wolkenstein-Rodríguez de la Fuente y Villanueva "
             "Hohenzollern-Sigmaringen")
LONG_TABLE = "La grande table du fond, près de la fenêtre qui donne sur le jardin d'hiver"


def seated(number: int, table: int, host: str = "Hana Host", **kw) -> Stop:
    return Stop(round=number, status="seated", table_number=table, host_name=host, **kw)


def sample_book(language: str = "en") -> RouteBook:
    ana = PersonRoute(1, "Ana Martin", "Sales", stops=(
        seated(1, 3), seated(2, 5, table_name="Garden"), seated(3, 1)))
    hana = PersonRoute(2, "Hana Host", "IT", host_table=2, stops=tuple(
        seated(n, 2, hosting=True) for n in (1, 2, 3)))
    late = PersonRoute(3, "Léo Late", "", arrives_round=2, stops=(
        Stop(round=1, status="late"), seated(2, 4), Stop(round=3, status="pending")))
    gone = PersonRoute(4, "Gus Gone", "Finance", stops=(
        seated(1, 1, played=True), seated(2, 2, current=True), Stop(round=3, status="left")))
    return RouteBook(title="Customer café", date=dt.date(2025, 3, 14), language=language,
                     join_code="K7P2QX", join_url="https://cafe.test/j/K7P2QX",
                     place="Lyon", people=(ana, hana, late, gone))


def pages(pdf: bytes) -> list[tuple[tuple[float, float], str]]:
    """(size, text with whitespace collapsed) of each page."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [((float(p.width), float(p.height)), re.sub(r"\s+", " ", p.extract_text()))
                for p in doc.pages]


@pytest.mark.parametrize("size, paper", [("a6", A6), ("a4", A4)])
def test_one_page_per_participant_on_the_chosen_paper(size, paper):
    found = pages(build_routes_pdf(sample_book(), size))
    assert len(found) == 4
    for (width, height), _text in found:
        assert (round(width), round(height)) == (round(paper[0]), round(paper[1]))


@pytest.mark.parametrize("size", ["a6", "a4"])
def test_each_page_names_its_person_and_lists_round_and_table_in_english(size):
    found = [text for _, text in pages(build_routes_pdf(sample_book("en"), size))]
    ana = found[0]
    assert "Ana Martin" in ana and "Sales" in ana and "My route" in ana
    assert re.search(r"Round 1 Table 3 Hana Host", ana)
    assert re.search(r"Round 2 Table 5 · Garden", ana)
    assert re.search(r"Round 3 Table 1", ana)
    assert "Customer café" in ana and "14 March 2025" in ana and "Code: K7P2QX" in ana
    assert "https://cafe.test/j/K7P2QX" in ana
    assert "Léo Late" in found[2] and "Ana Martin" not in found[2]


def test_the_same_page_in_french():
    ana, hana, late, gone = (t for _, t in pages(build_routes_pdf(sample_book("fr"), "a6")))
    assert re.search(r"Tour 1 Table 3 Hana Host", ana)
    assert "Mon parcours" in ana and "14 mars 2025" in ana and "Code : K7P2QX" in ana
    assert "Vous êtes l'hôte de la table 2 : vous y restez" in hana
    assert re.search(r"Tour 1 Pas encore là : vous arrivez au tour 2", late)
    assert re.search(r"Tour 3 Absent : vous partez avant ce tour", gone)


def test_a_host_page_says_they_stay():
    hana = pages(build_routes_pdf(sample_book(), "a6"))[1][1]
    assert "You host table 2: you stay there for every round" in hana
    assert len(re.findall(r"Table 2 You host it: you stay", hana)) == 3


def test_late_arrival_leaver_and_unplanned_rounds_say_so():
    _, _, late, gone = (t for _, t in pages(build_routes_pdf(sample_book(), "a6")))
    assert re.search(r"Round 1 Not there yet: you arrive in round 2", late)
    assert re.search(r"Round 2 Table 4", late)
    assert re.search(r"Round 3 To be announced", late)
    assert re.search(r"Round 1 Table 1 Hana Host played", gone)
    assert re.search(r"Round 3 Not there: you leave before this round", gone)


def test_an_a4_sheet_quotes_each_question_a_badge_does_not():
    person = PersonRoute(1, "Ana", stops=(seated(1, 3, question="How do we welcome?"),))
    book = dataclasses.replace(sample_book(), people=(person,))
    assert "How do we welcome?" in pages(build_routes_pdf(book, "a4"))[0][1]
    assert "How do we welcome?" not in pages(build_routes_pdf(book, "a6"))[0][1]


@pytest.mark.parametrize("size", ["a6", "a4"])
def test_long_names_and_eight_rounds_stay_on_the_page(size):
    stops = tuple(seated(n, n, table_name=LONG_TABLE, host="Bartholomew Featherstonehaugh",
                         theme="Le parcours du client de bout en bout, de l'accueil au suivi",
                         question="Comment réinventer l'accueil ? " * 20)
                  for n in range(1, 9))
    book = dataclasses.replace(sample_book(), title="A very long workshop title " * 6,
                               people=(PersonRoute(1, LONG_NAME, "Customer Service " * 4,
                                                   stops=stops),))
    with pdfplumber.open(io.BytesIO(build_routes_pdf(book, size))) as doc:
        assert len(doc.pages) == 1
        page = doc.pages[0]
        assert page.chars
        for char in page.chars:
            assert 0 <= char["x0"] and char["x1"] <= page.width + 0.5, char["text"]
            assert 0 <= char["top"] and char["bottom"] <= page.height + 0.5, char["text"]
        text = re.sub(r"\s+", " ", page.extract_text())
    assert "Round 8" in text and "Table 8" in text
    assert "Hohenzollern" in text.replace("- ", "-")


def test_user_text_is_shown_literally():
    person = PersonRoute(1, "<b>Zoé</b> & co", "<i>R&D</i>", stops=(seated(1, 1, host="<x>"),))
    book = dataclasses.replace(sample_book(), people=(person,))
    text = pages(build_routes_pdf(book, "a6"))[0][1]
    assert "<b>Zoé</b> & co" in text and "<i>R&D</i>" in text and "<x>" in text


def test_an_empty_book_is_refused():
    with pytest.raises(ValueError):
        build_routes_pdf(dataclasses.replace(sample_book(), people=()), "a6")


@pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
                    reason="needs zbarimg (zbar-tools) and pdftoppm (poppler-utils)")
def test_the_qr_code_holds_the_join_link(tmp_path):
    (tmp_path / "badge.pdf").write_bytes(build_routes_pdf(sample_book(), "a6"))
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", "-f", "1",
                    str(tmp_path / "badge.pdf"), str(tmp_path / "badge")], check=True)
    found = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "badge.png")],
                           capture_output=True, text=True).stdout.split()
    assert found == ["https://cafe.test/j/K7P2QX"]


def test_four_badges_share_an_a4_sheet_in_reading_order(tmp_path):
    book = sample_book()
    book = dataclasses.replace(book, people=book.people + book.people[:1])  # five people
    pdf = build_routes_pdf(book, "a4x4")
    found = pages(pdf)
    assert len(found) == 2  # four, then one
    assert all((round(w), round(h)) == (round(A4[0]), round(A4[1])) for (w, h), _ in found)
    first = found[0][1]
    names = ["Ana Martin", "Hana Host", "Léo Late", "Gus Gone"]
    assert [first.index(n) for n in names] == sorted(first.index(n) for n in names)
    assert first.count("K7P2QX") >= 4 and found[1][1].count("Code: K7P2QX") == 1
    if shutil.which("pdftoppm"):
        (tmp_path / "four.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "30", str(tmp_path / "four.pdf"),
                        str(tmp_path / "page")], check=True)
        assert len(list(tmp_path.glob("page-*.png"))) == 2
