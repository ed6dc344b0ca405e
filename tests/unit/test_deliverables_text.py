"""User text made safe for ReportLab, fonts, and the deliverables' dates and numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

import facilitator.domain.deliverables as deliverables
from facilitator.domain.deliverables import fonts as fonts_module
from facilitator.domain.deliverables.fonts import (
    CJK, SANS, SANS_BOLD, SANS_ITALIC, FontsMissingError,
)
from facilitator.domain.deliverables.i18n import format_date, format_signed
from facilitator.domain.deliverables.layout import styles
from facilitator.domain.deliverables.text import clean, label, markup, plain
from facilitator.services.translations import gettext_for


def test_markup_escapes_tags_and_entities():
    assert markup('<b>x</b> & <img src="/etc/passwd"/>') == (
        '&lt;b&gt;x&lt;/b&gt; &amp; &lt;img src="/etc/passwd"/&gt;')


def test_markup_turns_newlines_into_breaks_and_drops_controls():
    assert markup("a\r\nb\rc\nd\x00\x07\x1b") == "a<br/>b<br/>c<br/>d"
    assert markup("tab\there") == "tab here"
    assert markup("bidi \u202eoverride\u200b") == "bidi override"


def test_markup_wraps_cjk_in_the_fallback_font():
    if not deliverables.fonts.fonts().has_cjk:
        pytest.skip("no CJK fallback font (Debian package fonts-droid-fallback)")
    assert markup("Réunion 会议") == f'Réunion <font name="{CJK}">会议</font>'


def test_emoji_are_spelled_out_by_name():
    assert markup("Bravo 😀👍🏽") == "Bravo [grinning face][thumbs up sign]"
    assert plain("ok 🎉") == "ok [party popper]"


def test_arabic_in_an_italic_paragraph_falls_back_to_the_upright_face():
    assert "FacilitatorSansUpright" in markup("نعم", SANS_ITALIC)
    assert markup("نعم", SANS) == "\ufee7\ufecc\ufee2"  # joined forms: initial, medial, final


def test_label_escapes_the_translation_and_the_values():
    assert label("Q & R: %(who)s", who="<i>Ève</i>") == "Q &amp; R: &lt;i&gt;Ève&lt;/i&gt;"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_makes_a_paragraph_that_shows_it_literally(text):
    para = Paragraph(markup(text, SANS_BOLD), styles().body)
    para.wrap(200, 1000)  # must not raise
    shown = para.getPlainText()
    for ch in "<>&":
        assert shown.count(ch) == text.count(ch)


def test_clean_keeps_ordinary_text():
    assert clean("Œuvre « été » – 3 €") == "Œuvre « été » – 3 €"


def test_missing_dejavu_names_the_debian_package(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts_module, "DEJAVU_DIR", tmp_path)
    with pytest.raises(FontsMissingError, match="fonts-dejavu-core"):
        fonts_module.fonts.__wrapped__()


def test_dates_and_signed_numbers_follow_the_language():
    import datetime as dt

    fr, en = gettext_for("fr"), gettext_for("en")
    assert format_date(dt.date(2025, 8, 1), fr) == "1 août 2025"
    assert format_date(dt.date(2025, 8, 1), en) == "1 August 2025"
    assert format_signed(-4.5, fr, 1) == "\u22124,5"
    assert format_signed(12, en) == "+12"


def test_fonts_register_the_dejavu_family():
    font_set = deliverables.fonts.fonts()
    assert {SANS, SANS_BOLD} <= font_set.coverage.keys()
    assert ord("é") in font_set.coverage[SANS]


def test_right_to_left_lines_are_drawn_in_reading_order_and_aligned_right():
    """Arabic joined before wrapping; each wrapped line reordered on its own (a paragraph
    reordered as a whole would print its last line first)."""
    from facilitator.domain.deliverables.bidi import Paragraph as BidiParagraph
    from facilitator.domain.deliverables.bidi import _visual_copy

    hebrew = "אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע עשר"
    para = BidiParagraph(markup(hebrew), styles().body)
    para.wrap(60, 1000)
    assert para.style.alignment == 2 and len(para.blPara.lines) > 1
    shown = _visual_copy(para.blPara, True)
    first_logical = para.blPara.lines[0][1]
    first_shown = shown.lines[0][1]
    assert first_shown == [word[::-1] for word in reversed(first_logical)]
    assert markup("سلام") != "سلام"  # joined forms from the reshaper
