"""The quick long-word splitter cuts exactly where ReportLab's own does."""
from __future__ import annotations

from reportlab.platypus import paragraph

from facilitator.domain.deliverables import layout  # noqa: F401 - installs the splitter
from facilitator.domain.deliverables.fonts import SANS, fonts
from facilitator.domain.deliverables.wordsplit import split_word


def test_the_splitter_is_installed_and_cuts_like_reportlab():
    fonts()
    assert paragraph._splitWord is split_word
    original = paragraph._reportlab_split_word
    words = ("y" * 1000, "Antidisestablishmentarianism" * 108, "Ééé—中文ab" * 60, "w", "")
    for word in words:
        for line_width, widths in ((0, [120.0]), (37.5, [300.0, 80.0]), (10, [3.0, 50.0])):
            ours = split_word(word, line_width, widths, 0, SANS, 9)
            theirs = original(word, line_width, widths, 0, SANS, 9)
            assert [(type(p), str(p)) for p in ours] == [(type(p), str(p)) for p in theirs]
            assert "".join(ours) == word  # nothing lost


def test_a_pdf_with_long_words_keeps_every_character():
    from facilitator.domain.deliverables import build_detailed_pdf
    from facilitator.domain.deliverables.sample import build_hostile_report
    from facilitator.services.translations import gettext_for
    import io
    from pypdf import PdfReader

    report = build_hostile_report()
    pdf = build_detailed_pdf(report, gettext_for(report.language))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Début" + "x" * 1995 in text.replace("\n", "")  # the whole word, over lines


def test_the_one_pass_contents_point_at_the_pages_their_headings_are_on():
    import io
    import subprocess
    from pypdf import PdfReader
    from facilitator.domain.deliverables import build_detailed_pdf, sample_report
    from facilitator.services.translations import gettext_for

    french = gettext_for(sample_report().language)
    pdf = build_detailed_pdf(sample_report(), french)
    assert build_detailed_pdf(sample_report(), french) == pdf  # same data, same bytes
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    # pdftotext -layout puts each page number (a form) on its entry's line.
    laid_out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                              capture_output=True, check=True).stdout.decode()
    contents = next(text for text in laid_out.split("\f") if "Sommaire" in text)
    entries = [(title.strip(" ."), int(number)) for title, number in
               (line.strip().rsplit(" ", 1) for line in contents.splitlines()
                if line.rstrip()[-1:].isdigit() and " . " in line)]
    assert len(entries) >= 5
    for title, number in entries:
        assert title in " ".join(pages[number - 1].split()), (title, number)
