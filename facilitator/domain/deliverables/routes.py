"""Routes in advance: one page per participant saying where they sit in each round, as an
A6 badge, four A6 badges to an A4 sheet, or an A4 sheet, composed from plain data (``services/routes.py`` fills it).

Every page keeps the same frame: the workshop in a band at the top, the join code and a QR
code of the join link at the bottom, the person's name and route in between, shrunk to
fit when a long name, long table names or eight rounds would not.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Literal

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, FrameBreak, KeepInFrame, PageBreak, PageTemplate, Spacer,
)

from .bidi import Paragraph
from .data import Language
from .fonts import SANS, SANS_BOLD, fonts
from .i18n import Gettext, format_date
from .layout import ACCENT, ACCENT_SOFT, INK, MUTED, RULE, _style, new_table
from .text import clean, label, markup, plain

Status = Literal["seated", "late", "left", "pending"]
Size = Literal["a6", "a4", "a4x4"]
SIZES: tuple[Size, ...] = ("a6", "a4", "a4x4")  # a4x4: four A6 badges on each A4 sheet
QUESTION_MAX = 280  # an A4 sheet quotes the question; a whole paragraph would crowd it out


@dataclass(frozen=True)
class Stop:
    """One round of a person's route: where they sit, or why they do not."""

    round: int
    status: Status = "pending"      # late: not arrived yet; left: gone; pending: no seat yet
    table_number: int | None = None
    table_name: str = ""            # the table's own name, empty when it has only a number
    theme: str = ""                 # themes mode only
    host_name: str = ""
    hosting: bool = False           # this person hosts the table
    played: bool = False
    current: bool = False
    question: str = ""


@dataclass(frozen=True)
class PersonRoute:
    id: int
    name: str
    department: str = ""
    host_table: int | None = None   # the number of the table a host keeps
    arrives_round: int | None = None
    stops: tuple[Stop, ...] = ()


@dataclass(frozen=True)
class RouteBook:
    """Everyone's route, with what every page repeats (never a phone's token)."""

    title: str
    date: dt.date
    language: Language
    join_code: str
    join_url: str
    place: str = ""
    people: tuple[PersonRoute, ...] = ()


@dataclass(frozen=True)
class Sheet:
    """The measures of one paper format."""

    pagesize: tuple[float, float]
    margin: float
    band: float          # height of the title band
    qr: float            # side of the QR code
    name_size: float     # the name's largest and smallest font sizes
    name_min: float
    body: float          # table text size
    questions: bool      # room for each round's question


SHEETS: dict[Size, Sheet] = {
    "a6": Sheet(A6, 6 * mm, 11 * mm, 22 * mm, 22, 11, 9.5, questions=False),
    "a4": Sheet(A4, 18 * mm, 20 * mm, 36 * mm, 36, 16, 13, questions=True),
}
# Where the four A6 badges of an A4 sheet start (bottom-left corners), in reading order.
QUADRANTS = ((0.0, A4[1] / 2), (A4[0] / 2, A4[1] / 2), (0.0, 0.0), (A4[0] / 2, 0.0))


def build_routes_pdf(book: RouteBook, size: Size = "a6", *, gettext: Gettext) -> bytes:
    """One page per person of ``book``, in the language of ``gettext`` (the book's)."""
    if not book.people:
        raise ValueError("a route book needs at least one person")
    fonts()
    _ = gettext
    if size == "a4x4":
        return _four_up(book, _)
    sheet = SHEETS[size]
    buffer = io.BytesIO()
    width, height = sheet.pagesize
    bottom = sheet.margin + sheet.qr + 4 * mm
    frame = Frame(sheet.margin, bottom, width - 2 * sheet.margin,
                  height - sheet.band - 4 * mm - bottom, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="route")
    doc = BaseDocTemplate(
        buffer, pagesize=sheet.pagesize, invariant=1, initialFontName=SANS, lang=book.language,
        creator="facilitator", producer="facilitator", subject=_("World Café routes"),
        title=clean(f"{book.title} \u2013 {_('Routes')}").replace("\n", " "))
    qr = _qr_drawing(book.join_url, sheet.qr)
    doc.addPageTemplates([PageTemplate("route", [frame], onPage=lambda canvas, _doc: _frame(
        canvas, book, sheet, qr, _))])
    story: list[Flowable] = []
    for person in book.people:
        if story:
            story.append(PageBreak())
        story.append(KeepInFrame(frame._width, frame._height,
                                 _person_story(person, sheet, frame._width, _), mode="shrink"))
    doc.build(story)
    return buffer.getvalue()


def _four_up(book: RouteBook, _: Gettext) -> bytes:
    """The A6 badges four to an A4 sheet, for an office printer, with cutting marks."""
    sheet = SHEETS["a6"]
    width, height = sheet.pagesize
    bottom = sheet.margin + sheet.qr + 4 * mm
    frames = [Frame(x + sheet.margin, y + bottom, width - 2 * sheet.margin,
                    height - sheet.band - 4 * mm - bottom, leftPadding=0, rightPadding=0,
                    topPadding=0, bottomPadding=0, id=f"badge{index}")
              for index, (x, y) in enumerate(QUADRANTS)]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, invariant=1, initialFontName=SANS, lang=book.language,
        creator="facilitator", producer="facilitator", subject=_("World Café routes"),
        title=clean(f"{book.title} \u2013 {_('Routes')}").replace("\n", " "))
    qr = _qr_drawing(book.join_url, sheet.qr)

    def chrome(canvas: Canvas, template_doc: BaseDocTemplate) -> None:
        first = (template_doc.page - 1) * len(QUADRANTS)
        for index, (x, y) in enumerate(QUADRANTS):
            if first + index < len(book.people):
                canvas.saveState()
                canvas.translate(x, y)
                _frame(canvas, book, sheet, qr, _)
                canvas.restoreState()
        canvas.saveState()  # where to cut: thin dashes on the middle lines
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        canvas.setDash(2, 3)
        canvas.line(A4[0] / 2, 0, A4[0] / 2, A4[1])
        canvas.line(0, A4[1] / 2, A4[0], A4[1] / 2)
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate("four", frames, onPage=chrome)])
    story: list[Flowable] = []
    for person in book.people:
        if story:
            story.append(FrameBreak())
        story.append(KeepInFrame(frames[0]._width, frames[0]._height,
                                 _person_story(person, sheet, frames[0]._width, _),
                                 mode="shrink"))
    doc.build(story)
    return buffer.getvalue()


# What every page repeats -------------------------------------------------------------------

def _qr_drawing(url: str, side: float) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _fitted(canvas: Canvas, text: str, font: str, size: float, width: float,
            smallest: float = 5.5) -> float:
    """Set the largest font size (down to ``smallest``) at which ``text`` fits ``width``."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    canvas.setFont(font, size)
    return size


def _ellipsis(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _frame(canvas: Canvas, book: RouteBook, sheet: Sheet, qr: Drawing, _: Gettext) -> None:
    width, height = sheet.pagesize
    inner = width - 2 * sheet.margin
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.rect(0, height - sheet.band, width, sheet.band, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    title = plain(book.title, SANS_BOLD)
    size = _fitted(canvas, title, SANS_BOLD, sheet.band * 0.36, inner, sheet.band * 0.24)
    canvas.drawString(sheet.margin, height - sheet.band * 0.47,
                      _ellipsis(title, SANS_BOLD, size, inner))
    when = " \u00b7 ".join(x for x in (format_date(book.date, _), plain(book.place)) if x)
    size = _fitted(canvas, when, SANS, sheet.band * 0.24, inner, sheet.band * 0.18)
    canvas.drawString(sheet.margin, height - sheet.band * 0.82, _ellipsis(when, SANS, size, inner))
    # The bottom: how to join, the code in big, the QR of the join link on the right.
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    top = sheet.margin + sheet.qr + 2 * mm
    canvas.line(sheet.margin, top, width - sheet.margin, top)
    renderPDF.draw(qr, canvas, width - sheet.margin - sheet.qr, sheet.margin)
    text_width = inner - sheet.qr - 3 * mm
    unit = sheet.qr / 22  # type scale from the QR's size: the A6 and A4 look alike
    canvas.setFillColor(MUTED)
    _fitted(canvas, _("Join on your phone"), SANS, 3.4 * unit, text_width)
    canvas.drawString(sheet.margin, sheet.margin + 16 * unit, _("Join on your phone"))
    canvas.setFillColor(INK)
    code = _("Code: %(code)s") % {"code": book.join_code}
    _fitted(canvas, code, SANS_BOLD, 6.5 * unit, text_width)
    canvas.drawString(sheet.margin, sheet.margin + 8.5 * unit, code)
    canvas.setFillColor(MUTED)
    url = plain(book.join_url)
    size = _fitted(canvas, url, SANS, 3 * unit, text_width, 4.5)
    canvas.drawString(sheet.margin, sheet.margin + 2 * unit, _ellipsis(url, SANS, size, text_width))
    canvas.restoreState()


# One person's page -------------------------------------------------------------------------

def _name_size(name: str, sheet: Sheet, width: float) -> float:
    """The name as large as it can be on two lines at most (KeepInFrame shrinks the rest)."""
    size = sheet.name_size
    while size > sheet.name_min and stringWidth(name, SANS_BOLD, size) > 1.8 * width:
        size -= 1
    return size


def _person_story(person: PersonRoute, sheet: Sheet, width: float, _: Gettext) -> list[Flowable]:
    body = sheet.body
    name_size = _name_size(clean(person.name), sheet, width)
    story: list[Flowable] = [
        Paragraph(markup(person.name, SANS_BOLD), _style(
            "route_name", fontName=SANS_BOLD, fontSize=name_size, leading=name_size * 1.15,
            textColor=INK)),
    ]
    if person.department:
        story.append(Paragraph(markup(person.department), _style(
            "route_department", fontSize=body * 1.1, leading=body * 1.45, textColor=MUTED)))
    story.append(Spacer(1, body * 0.6))
    if person.host_table is not None:
        story += [Paragraph(label(_("You host table %(number)s: you stay there for every round "
                                    "and welcome each new group."), SANS_BOLD,
                                  number=person.host_table),
                            _style("route_host", fontName=SANS_BOLD, fontSize=body,
                                   leading=body * 1.35, textColor=ACCENT, backColor=ACCENT_SOFT,
                                   borderPadding=(body * 0.4, body * 0.5))),
                  Spacer(1, body * 0.9)]
    story += [Paragraph(markup(_("My route"), SANS_BOLD), _style(
        "route_title", fontName=SANS_BOLD, fontSize=body * 0.9, leading=body * 1.3,
        textColor=MUTED)), Spacer(1, body * 0.3), _route_table(person, sheet, width, _)]
    return story


def _route_table(person: PersonRoute, sheet: Sheet, width: float, _: Gettext) -> Flowable:
    body = sheet.body
    cell = _style("route_cell", fontSize=body, leading=body * 1.3)
    bold = _style("route_bold", fontName=SANS_BOLD, fontSize=body, leading=body * 1.3)
    head = _style("route_head", fontName=SANS_BOLD, fontSize=body * 0.85, leading=body * 1.1,
                  textColor=colors.white)
    small = _style("route_small", fontSize=body * 0.85, leading=body * 1.15, textColor=MUTED)
    rows: list[list[object]] = [[Paragraph(markup(h), head)
                                 for h in (_("Round"), _("Table"), _("Host"))]]
    commands: list[tuple[object, ...]] = []
    # Played rounds are dimmed: history, printed only when a route is reprinted mid-workshop.
    dim_cell, dim_bold = (ParagraphStyle(f"{s.name}_played", parent=s, textColor=MUTED)
                          for s in (cell, bold))
    for stop in person.stops:
        row = len(rows)
        rows.append(_stop_cells(stop, person, dim_cell if stop.played else cell,
                                dim_bold if stop.played else bold, small, _))
        if stop.current:
            commands.append(("BACKGROUND", (0, row), (-1, row), ACCENT_SOFT))
        if sheet.questions and stop.question:
            question = clean(stop.question).replace("\n", " ")
            if len(question) > QUESTION_MAX:
                question = question[:QUESTION_MAX - 1].rstrip() + "…"
            rows.append(["", Paragraph(markup(question), small), ""])
            commands += [("SPAN", (1, row + 1), (2, row + 1)),
                         ("TOPPADDING", (0, row + 1), (-1, row + 1), 0)]
            if stop.current:
                commands.append(("BACKGROUND", (0, row + 1), (-1, row + 1), ACCENT_SOFT))
        commands.append(("LINEABOVE", (0, row), (-1, row), 0.4, RULE))
    first, where = 0.21 * width, 0.47 * width
    return new_table(rows, [first, where, width - first - where], [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), body * 0.4),
        ("RIGHTPADDING", (0, 0), (-1, -1), body * 0.4),
        ("TOPPADDING", (0, 0), (-1, -1), body * 0.35),
        ("BOTTOMPADDING", (0, 0), (-1, -1), body * 0.4),
        *commands,
    ])


def _stop_cells(stop: Stop, person: PersonRoute, cell, bold, small, _: Gettext) -> list[object]:
    """Round, where, with whom: the three cells of one round."""
    round_cell: list[Flowable] = [Paragraph(label(_("Round %(number)s"), SANS_BOLD,
                                                  number=stop.round), bold)]
    if stop.played:
        round_cell.append(Paragraph(markup(_("played")), small))
    if stop.status == "late":
        where = label(_("Not there yet: you arrive in round %(number)s"),
                      number=person.arrives_round or stop.round + 1)
        return [round_cell, Paragraph(where, small), ""]
    if stop.status == "left":
        return [round_cell, Paragraph(markup(_("Not there: you leave before this round")),
                                      small), ""]
    if stop.status == "pending" or stop.table_number is None:
        return [round_cell, Paragraph(markup(_("To be announced")), small), ""]
    if stop.table_name and stop.table_name != str(stop.table_number):
        table = label(_("Table %(number)s \u00b7 %(name)s"), SANS_BOLD,
                      number=stop.table_number, name=stop.table_name)
    else:
        table = label(_("Table %(number)s"), SANS_BOLD, number=stop.table_number)
    where_cell: list[Flowable] = [Paragraph(table, bold)]
    if stop.theme:
        where_cell.append(Paragraph(markup(stop.theme), small))
    host = (Paragraph(markup(_("You host it: you stay")), bold) if stop.hosting
            else Paragraph(markup(stop.host_name or "\u2014"), cell))
    return [round_cell, where_cell, host]
