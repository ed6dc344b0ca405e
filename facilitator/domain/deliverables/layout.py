"""The shared look of both deliverables: A4 pages, styles, header, footer, "page X of Y".

One accent colour, one font family (DejaVu Sans), generous margins. The document template
turns headings into PDF bookmarks and table-of-contents entries; the canvas defers every
page until the end so that the footer can say how many there are.
"""

from __future__ import annotations

import io
from ast import literal_eval
from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.tableofcontents import TableOfContents
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Table,
    TableStyle,
)

from .bidi import Paragraph
from .fonts import SANS, SANS_BOLD, fonts
from .i18n import Gettext, format_date
from .data import WorkshopReport
from .text import clean, markup
from .wordsplit import install as _install_word_split

_install_word_split()  # same lines as ReportLab's, without measuring each character anew

ACCENT = colors.HexColor("#14506E")
ACCENT_SOFT = colors.HexColor("#E6EEF2")
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#C9D1D9")
POSITIVE = colors.HexColor("#2E7D5B")
NEGATIVE = colors.HexColor("#B5473A")
NEUTRAL = colors.HexColor("#A7B1BC")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 22 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 22 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X


def _style(name: str, **kw: object) -> ParagraphStyle:
    base = {"fontName": SANS, "bulletFontName": SANS, "fontSize": 9.5, "leading": 13.5,
            "textColor": INK}
    return ParagraphStyle(name, **{**base, **kw})


class Styles:
    """Paragraph styles, shared by both documents (ReportLab styles are plain objects)."""

    body = _style("body", spaceAfter=4)
    small = _style("small", fontSize=8, leading=11, textColor=MUTED)
    kicker = _style("kicker", fontName=SANS_BOLD, fontSize=9, leading=12, textColor=ACCENT,
                    spaceAfter=6)
    cover_title = _style("cover_title", fontName=SANS_BOLD, fontSize=26, leading=32,
                         textColor=INK, spaceAfter=10)
    slim_title = _style("slim_title", fontName=SANS_BOLD, fontSize=17, leading=21,
                        textColor=INK, spaceAfter=3)
    cover_sub = _style("cover_sub", fontSize=12, leading=17, textColor=MUTED, spaceAfter=3)
    h1 = _style("h1", fontName=SANS_BOLD, fontSize=18, leading=23, textColor=ACCENT,
                spaceAfter=10, keepWithNext=1)
    # A section that follows another on the same page: room above it instead of a new page.
    h1sec = _style("h1sec", fontName=SANS_BOLD, fontSize=14, leading=18, textColor=ACCENT,
                   spaceBefore=9, spaceAfter=4, keepWithNext=1)
    glance_head = _style("glance_head", fontName=SANS_BOLD, fontSize=11, leading=15,
                         textColor=ACCENT, spaceBefore=8, spaceAfter=2, keepWithNext=1)
    glance_question = _style("glance_question", fontName=SANS_BOLD, fontSize=9, leading=12,
                             spaceBefore=4, spaceAfter=1, keepWithNext=1)
    glance_item = _style("glance_item", fontSize=8.5, leading=11, leftIndent=11,
                         bulletIndent=2, spaceAfter=1)
    round_entry = _style("round_entry", fontSize=8, leading=10.2, spaceBefore=1.5,
                         spaceAfter=1.5)
    figure_small = _style("figure_small", fontName=SANS_BOLD, fontSize=16, leading=19,
                          textColor=ACCENT)
    h2 = _style("h2", fontName=SANS_BOLD, fontSize=12.5, leading=17, spaceBefore=14,
                spaceAfter=6, keepWithNext=1)
    h1_loose = _style("h1_loose", fontName=SANS_BOLD, fontSize=18, leading=23, textColor=ACCENT,
                      spaceBefore=8, spaceAfter=10)
    h2_loose = _style("h2_loose", fontName=SANS_BOLD, fontSize=12.5, leading=17,
                      spaceBefore=10, spaceAfter=6)
    h3 = _style("h3", fontName=SANS_BOLD, fontSize=10.5, leading=14, textColor=ACCENT,
                spaceBefore=10, spaceAfter=3, keepWithNext=1)
    label = _style("label", fontName=SANS_BOLD, fontSize=8, leading=11, textColor=MUTED,
                   spaceBefore=4, keepWithNext=1)
    bullet = _style("bullet", leftIndent=12, bulletIndent=2, spaceAfter=2)
    quote = _style("quote", fontSize=8.5, leading=12, textColor=MUTED, leftIndent=12,
                   spaceAfter=2)
    cell = _style("cell", fontSize=8.5, leading=11.5)
    cell_bold = _style("cell_bold", fontName=SANS_BOLD, fontSize=8.5, leading=11.5)
    cell_head = _style("cell_head", fontName=SANS_BOLD, fontSize=8, leading=11,
                       textColor=colors.white)
    cell_item = _style("cell_item", fontSize=8.5, leading=11.5, leftIndent=14, bulletIndent=0,
                       spaceAfter=3)
    cell_item_plain = _style("cell_item_plain", fontSize=8, leading=10.5, spaceAfter=3)
    cell_right = _style("cell_right", fontSize=8.5, leading=11.5, alignment=TA_RIGHT)
    figure = _style("figure", fontName=SANS_BOLD, fontSize=22, leading=26, textColor=ACCENT)
    header = _style("header", fontSize=7.5, leading=9, textColor=MUTED, alignment=TA_LEFT)
    toc1 = _style("toc1", fontName=SANS_BOLD, fontSize=10, leading=15, spaceBefore=6)
    toc2 = _style("toc2", fontSize=9, leading=13, leftIndent=14)
    toc3 = _style("toc3", fontSize=8.5, leading=12, leftIndent=28, textColor=MUTED)


def styles() -> Styles:
    fonts()  # the styles name fonts that must exist before any paragraph is built
    return Styles()


def heading(text: str, style: ParagraphStyle, toc_level: int | None = None,
            toc_text: str | None = None) -> Paragraph:
    """A heading paragraph from markup; with a level it becomes a bookmark and TOC entry.

    ``toc_text`` is markup as well: the table of contents parses it again.
    """
    para = Paragraph(text, style)
    if toc_level is not None:
        para.toc_level = toc_level  # type: ignore[attr-defined]
        para.toc_text = toc_text or text  # type: ignore[attr-defined]
    return para


def bullets(items: Sequence[str], st: Styles, face: str = SANS,
            style: ParagraphStyle | None = None) -> list[Flowable]:
    """User strings as a bulleted list."""
    return [Paragraph(markup(item, face), style or st.bullet, bulletText="\u2022")
            for item in items]


def new_table(rows: Sequence[Sequence[object]], widths: Sequence[float],
              commands: Sequence[tuple[object, ...]], **kwargs: object) -> Table:
    """A Table in our font: without FONTNAME a Table asks for Helvetica, left unembedded."""
    table = Table(rows, colWidths=list(widths), hAlign="LEFT", **kwargs)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS), *commands]))
    return table


def data_table(header: Sequence[str], rows: Sequence[Sequence[Flowable | str | list[Flowable]]],
               widths: Sequence[float], st: Styles) -> Table:
    """A table with a coloured header row repeated on each page and cells that can split.

    Header and string cells are markup; they become Paragraphs so that they wrap.
    """
    def cell(value: Flowable | str | list[Flowable]) -> Flowable | list[Flowable]:
        return Paragraph(value, st.cell) if isinstance(value, str) else value

    body = [[Paragraph(h, st.cell_head) for h in header]]
    body += [[cell(v) for v in row] for row in rows]
    return new_table(body, widths, [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ], repeatRows=1, splitInRow=1)


def _numbered_canvas(page_label: Callable[[int, int], str]) -> type[Canvas]:
    """A canvas class that holds pages back and writes "page X of Y" once Y is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:  # the cover carries no number
                    self.setFont(SANS, 7.5)
                    self.setFillColor(MUTED)
                    self.drawRightString(PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM - 12 * mm,
                                         page_label(self._pageNumber, total))
                super().showPage()
            super().save()

    return NumberedCanvas


class DeliverableTemplate(BaseDocTemplate):
    """A4 document with a cover template and a body template; headings feed the TOC."""

    def __init__(self, buffer: object, report: WorkshopReport, document_name: str,
                 _: Gettext, **metadata: object) -> None:
        super().__init__(
            buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, invariant=1,
            initialFontName=SANS, lang=report.language, creator="facilitator",
            producer="facilitator", **metadata,
        )
        self.report, self.document_name, self._ = report, document_name, _
        self._styles = styles()
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH,
                      PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover_frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH,
                            PAGE_HEIGHT - 2 * MARGIN_BOTTOM, id="cover",
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover_frame], onPage=self._draw_cover_band),
            PageTemplate("body", [frame], onPage=self._draw_header_footer),
        ])
        self._bookmarks = 0

    def _draw_cover_band(self, canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, PAGE_HEIGHT - 14 * mm, PAGE_WIDTH, 14 * mm, stroke=0, fill=1)
        canvas.rect(0, 0, 8 * mm, PAGE_HEIGHT, stroke=0, fill=1)
        canvas.restoreState()

    def _draw_header_footer(self, canvas: Canvas, _doc: object) -> None:
        st, _ = self._styles, self._
        canvas.saveState()
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.2)
        top = PAGE_HEIGHT - MARGIN_TOP + 8 * mm
        canvas.line(MARGIN_X, top, PAGE_WIDTH - MARGIN_X, top)
        title = " ".join(clean(self.report.title).split())
        title = title if len(title) <= 90 else title[:89] + "…"
        left = Paragraph(markup(title), st.header)
        left.wrapOn(canvas, CONTENT_WIDTH * 0.68, 20)
        left.drawOn(canvas, MARGIN_X, top + 2.5 * mm)
        canvas.setFont(SANS_BOLD, 7.5)
        canvas.setFillColor(ACCENT)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top + 2.5 * mm, self.document_name)
        canvas.setFont(SANS, 7.5)
        canvas.setFillColor(MUTED)
        footer = format_date(self.report.date, _)
        canvas.drawString(MARGIN_X, MARGIN_BOTTOM - 12 * mm, footer)
        canvas.restoreState()

    def _makeCanvas(self, *args: object, **kwargs: object) -> Canvas:  # noqa: N802
        canvas = super()._makeCanvas(*args, **kwargs)
        # The document's creation date is the workshop's (or the day it was generated),
        # not ReportLab's invariant 1 January 2000: same data, same bytes still.
        day = getattr(self.report, "generated_at", None) or self.report.date
        canvas.setDateFormatter(
            lambda *_parts: f"D:{day.year:04d}{day.month:02d}{day.day:02d}120000+00'00'")
        return canvas

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        self._bookmarks += 1
        key = f"h{self._bookmarks}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, flowable.toc_text, self.page, key))

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab's name
        self._bookmarks = 0  # multiBuild runs the story more than once: same keys each pass


def _headings(story: Sequence[Flowable]) -> list[Flowable]:
    found: list[Flowable] = []
    for flowable in story:
        if getattr(flowable, "toc_level", None) is not None:
            found.append(flowable)
        elif isinstance(flowable, KeepTogether):
            found += _headings(flowable._content)
    return found


def prime_contents(toc: TableOfContents, story: Sequence[Flowable]) -> None:
    """Fill the TOC before the first pass with the entries it will get, pages unknown.

    The first pass then lays the TOC out at its final length, so page numbers settle in
    two passes instead of three: a third of the detailed report's build time.
    """
    toc._entries = [(h.toc_level, h.toc_text, 0, f"h{i}")  # keys as afterFlowable makes them
                    for i, h in enumerate(_headings(story), start=1)]


class OnePassContents(TableOfContents):
    """A table of contents laid out in the same pass as the story it lists.

    prime_contents() gives it its final entries before layout, and each page number is a
    PDF form drawn in a right-hand slot as wide as "888" and filled in once the pages are
    known: nothing a page number changes moves anything else, so the story is laid out
    once, not twice (the second pass cost as much as the first: 1.2 s of the hostile
    detailed report's 2.6 s).
    """

    SLOT = "888"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        size = super().wrap(availWidth, availHeight)
        self._canvas = self.canv
        self.canv.setNamedCB("drawTOCEntryEnd", lambda canvas, _kind, label:
                             self._draw_entry_end(canvas, label, availWidth))
        return size

    def _draw_entry_end(self, canvas: Canvas, label: str, avail_width: float) -> None:
        """Dot leaders, then the entry's page number (a form named after its key)."""
        _page, level, key = label.split(",", 2)
        style = self.getLevelStyle(int(level))
        x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
        slot = stringWidth(self.SLOT, style.fontName, style.fontSize)
        dot = " . "
        count = max(0, int((avail_width - x - slot) / stringWidth(dot, style.fontName,
                                                                   style.fontSize)))
        text = canvas.beginText(avail_width - slot - count * stringWidth(
            dot, style.fontName, style.fontSize), y)
        text.setFont(style.fontName, style.fontSize)
        text.setFillColor(style.textColor)
        text.textOut(dot * count)
        canvas.drawText(text)
        canvas.saveState()
        canvas.translate(avail_width - slot, y)
        canvas.doForm(_page_form(literal_eval(key)))
        canvas.restoreState()

    def isSatisfied(self) -> bool:  # noqa: N802 - ReportLab's name
        return True  # the page numbers are filled in below, whatever they turn out to be

    def afterBuild(self) -> None:  # noqa: N802 - ReportLab's name
        canvas = getattr(self, "_canvas", None)
        if canvas is None:
            return
        slot_styles = {level: self.getLevelStyle(level) for level, *_rest in self._entries}
        for level, _text, page, key in self._entries:
            style = slot_styles[level]
            canvas.beginForm(_page_form(key))
            canvas.setFont(style.fontName, style.fontSize)
            canvas.setFillColor(style.textColor)
            canvas.drawRightString(stringWidth(self.SLOT, style.fontName, style.fontSize), 0,
                                   str(page))
            canvas.endForm()


def _page_form(key: str) -> str:
    return f"tocpage-{key}"


def canvas_maker(_: Gettext) -> type[Canvas]:
    def page_label(page: int, total: int) -> str:
        return _("Page %(page)s of %(total)s") % {"page": page, "total": total}

    return _numbered_canvas(page_label)


def render_pdf(report: WorkshopReport, story: list[Flowable], document_name: str,
               _: Gettext, subject: str, with_toc: bool = False) -> bytes:
    """Lay the story out on A4 pages and return the PDF; two passes or more with a TOC."""
    buffer = io.BytesIO()
    doc = DeliverableTemplate(
        buffer, report, document_name, _,
        title=clean(f"{report.title} \u2013 {document_name}").replace("\n", " "),
        author=clean(report.facilitator_name).replace("\n", " "), subject=subject,
    )
    maker = canvas_maker(_)
    if with_toc:
        doc.multiBuild(story, canvasmaker=maker, maxPasses=6)
    else:
        doc.build(story, canvasmaker=maker)
    return buffer.getvalue()
