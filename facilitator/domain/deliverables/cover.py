"""The cover page both deliverables open with: what, when, where, who, and the key figures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer, Table

from .bidi import Paragraph
from .data import WorkshopReport
from .fonts import SANS_BOLD
from .i18n import Gettext, format_date
from .layout import ACCENT_SOFT, CONTENT_WIDTH, Styles, data_table, new_table
from .text import label, markup


def _key_figures(report: WorkshopReport, st: Styles, _: Gettext) -> Table:
    figures = (
        (report.participants_count, _("participants")),
        (len(report.tables), _("tables")),
        (len(report.rounds), _("rounds")),
        (len(report.solutions), _("solutions")),
    )
    cells = [[Paragraph(str(value), st.figure), Paragraph(markup(text), st.small)]
             for value, text in figures]
    return new_table([cells], [CONTENT_WIDTH / len(figures)] * len(figures), [
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_SOFT),
        ("LINEAFTER", (0, 0), (-2, -1), 2, "white"),
        ("TOPPADDING", (0, 0), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
    ])


def _tables_list(report: WorkshopReport, st: Styles, _: Gettext) -> Table:
    """Tables and hosts; a Theme column only when some table has one (themes mode)."""
    tables = sorted(report.tables, key=lambda t: t.number)
    themed = any(t.theme.strip() for t in tables)
    header = [markup(_("No.")), markup(_("Table")), markup(_("Host"))]
    rows = [[str(t.number), markup(t.name), markup(t.host_name)] for t in tables]
    rest = CONTENT_WIDTH - 12 * mm
    widths = [12 * mm, 0.5 * rest, 0.5 * rest]
    if themed:
        header.append(markup(_("Theme")))
        rows = [row + [markup(t.theme)] for row, t in zip(rows, tables)]
        widths = [12 * mm, 0.3 * rest, 0.3 * rest, 0.4 * rest]
    return data_table(header, rows, widths, st)


def cover_story(report: WorkshopReport, document_name: str, st: Styles,
                _: Gettext) -> list[Flowable]:
    """Cover flowables; the page after the cover, and any overflow, use the body template."""
    when_where = " \u00b7 ".join(x for x in (format_date(report.date, _), report.place) if x)
    story: list[Flowable] = [
        NextPageTemplate("body"),
        Spacer(1, 22 * mm),
        Paragraph(markup(_("World Café workshop") + " \u00b7 " + document_name, SANS_BOLD),
                  st.kicker),
        Paragraph(markup(report.title, SANS_BOLD), st.cover_title),
        Paragraph(markup(when_where), st.cover_sub),
        Paragraph(label(_("Facilitated by %(name)s"), name=report.facilitator_name),
                  st.cover_sub),
        Spacer(1, 10 * mm),
        _key_figures(report, st, _),
        Spacer(1, 8 * mm),
    ]
    if report.departments:
        story += [Paragraph(markup(_("Departments represented")), st.label),
                  Paragraph(markup(" \u00b7 ".join(report.departments)), st.body),
                  Spacer(1, 4 * mm)]
    if report.tables:
        story += [Paragraph(markup(_("Tables and hosts")), st.label), Spacer(1, 2),
                  _tables_list(report, st, _), Spacer(1, 6 * mm)]
    if report.rounds:
        story.append(Paragraph(markup(_("Rounds")), st.label))
        story += [Paragraph(markup(r.question), st.bullet, bulletText=f"{r.number}.")
                  for r in sorted(report.rounds, key=lambda r: r.number)]
    story.append(PageBreak())
    return story


def slim_header(report: WorkshopReport, document_name: str, st: Styles,
                _: Gettext) -> list[Flowable]:
    """A slim band instead of a cover page: the content starts on page 1 under it."""
    when_where = " \u00b7 ".join(x for x in (format_date(report.date, _), report.place) if x)
    byline = label(_("Facilitated by %(name)s"), name=report.facilitator_name)
    return [
        NextPageTemplate("body"),
        Spacer(1, 4 * mm),
        Paragraph(markup(_("World Café workshop") + " \u00b7 " + document_name, SANS_BOLD),
                  st.kicker),
        Paragraph(markup(report.title, SANS_BOLD), st.slim_title),
        Paragraph(f"{markup(when_where)} \u00b7 {byline}" if when_where else byline, st.small),
        Spacer(1, 5 * mm),
    ]
