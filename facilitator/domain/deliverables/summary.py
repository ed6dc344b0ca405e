"""The workshop summary: a short PDF for participants and sponsors.

Cover, what is emerging (the synthesizing round's key points, when there is one), the
customer diagnostic when there is one, each round's question with every table's synthesis,
the plenary's most voted solutions, and the next steps.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from .bidi import Paragraph
from .cover import cover_story
from .data import DiagnosticSnapshot, RoundInfo, StageInsight, Theme, WorkshopReport
from .fonts import SANS_BOLD
from .i18n import Gettext, format_date, format_decimal, format_signed, translator
from .layout import (
    ACCENT_SOFT, CONTENT_WIDTH, Styles, bullets, data_table, heading, new_table, render_pdf, styles,
)
from .text import label, markup

TOP_SOLUTIONS = 10
SMALL_SAMPLE = 30  # below this many respondents an NPS moves a lot with each answer


def build_summary_pdf(report: WorkshopReport, gettext: Gettext | None = None) -> bytes:
    """The summary PDF, in the report's language (``gettext`` or the built-in French)."""
    _ = translator(report, gettext)
    st = styles()
    name = _("Workshop summary")
    story = cover_story(report, name, st, _)
    story += emerging_section(report, st, _)
    if report.diagnostic is not None:
        story += diagnostic_section(report.diagnostic, st, _)
    for round_info in sorted(report.rounds, key=lambda r: r.number):
        story += _round_section(report, round_info, st, _)
    story += _plenary_section(report, st, _)
    story += _closing_section(report, st, _)
    return render_pdf(report, story, name, _, subject=_("World Café workshop summary"))


def _share(count: int, total: int) -> float:
    return 100 * count / total if total else 0.0


def _nps_figures(diag: DiagnosticSnapshot, st: Styles, _: Gettext) -> Table:
    n = diag.respondents
    cells = [
        [Paragraph(format_signed(diag.nps, _), st.figure),
         Paragraph(label(_("Net Promoter Score, \u00b1 %(margin)s points (95%% confidence)"),
                         margin=format_decimal(diag.margin_of_error, _)), st.small)],
        [Paragraph(str(n), st.figure), Paragraph(markup(_("respondents")), st.small)],
        [Paragraph(label(_("%(share)s%%"), share=format_decimal(_share(diag.promoters, n), _, 0)),
                   st.figure),
         Paragraph(markup(_("promoters (9–10)")), st.small)],
        [Paragraph(label(_("%(share)s%%"), share=format_decimal(_share(diag.detractors, n), _, 0)),
                   st.figure),
         Paragraph(markup(_("detractors (0–6)")), st.small)],
    ]
    return new_table([cells], [CONTENT_WIDTH * w for w in (0.34, 0.2, 0.23, 0.23)], [
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_SOFT),
        ("LINEAFTER", (0, 0), (-2, -1), 2, "white"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
    ])


def _themes_cell(themes: tuple[Theme, ...], st: Styles, _: Gettext) -> list[Flowable]:
    cell: list[Flowable] = []
    for theme in themes:
        cell.append(Paragraph(
            label(_("%(theme)s (mentions: %(count)s)"), SANS_BOLD, theme=theme.label,
                  count=theme.mentions), st.cell_bold))
        cell += [Paragraph(label(_("\u201c%(verbatim)s\u201d"), verbatim=v), st.quote)
                 for v in theme.verbatims[:2]]
    return cell or [Paragraph("\u2014", st.cell)]


def _stages_table(stages: tuple[StageInsight, ...], st: Styles, _: Gettext) -> Table:
    header = [markup(_("Journey stage")), markup(_("Top irritants")),
              markup(_("Praised practices"))]
    rows = [[Paragraph(markup(s.stage, SANS_BOLD), st.cell_bold),
             _themes_cell(s.irritants, st, _), _themes_cell(s.praised, st, _)]
            for s in stages]
    widths = [0.22 * CONTENT_WIDTH, 0.39 * CONTENT_WIDTH, 0.39 * CONTENT_WIDTH]
    return data_table(header, rows, widths, st)


def diagnostic_section(diag: DiagnosticSnapshot, st: Styles, _: Gettext) -> list[Flowable]:
    """The diagnostic's headline figures and its irritants and praise by journey stage."""
    story: list[Flowable] = [heading(markup(_("Customer diagnostic"), SANS_BOLD), st.h1, 0)]
    if diag.source:
        story.append(Paragraph(label(_("Source: %(source)s"), source=diag.source), st.small))
    story += [Spacer(1, 3 * mm), _nps_figures(diag, st, _), Spacer(1, 3 * mm)]
    if diag.respondents < SMALL_SAMPLE:
        story.append(Paragraph(markup(
            _("Small sample: with fewer than 30 respondents, read the score with caution.")),
            st.small))
    if diag.stages:
        story += [heading(markup(_("Irritants and praised practices by journey stage"),
                                 SANS_BOLD), st.h2),
                  _stages_table(diag.stages, st, _)]
    story.append(PageBreak())
    return story


def _table_title(report: WorkshopReport, table_number: int, _: Gettext) -> str:
    table = report.table(table_number)
    if table is None:
        return label(_("Table %(number)s"), SANS_BOLD, number=table_number)
    return label(_("Table %(number)s \u00b7 %(name)s \u2014 host: %(host)s"), SANS_BOLD,
                 number=table.number, name=table.name, host=table.host_name)


def emerging_section(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    """The synthesizing round's key points from every table, first thing after the cover:
    what the room saw emerging across the tables. Nothing without a synthesizing round."""
    rounds = sorted((r for r in report.rounds if r.synthesizing), key=lambda r: r.number)
    if not rounds:
        return []
    story: list[Flowable] = [heading(markup(_("What is emerging"), SANS_BOLD), st.h1, 0)]
    for round_info in rounds:
        story.append(Paragraph(label(_("Synthesizing round %(number)s: %(question)s"),
                                     number=round_info.number, question=round_info.question),
                               st.body))
        with_points = [s for s in sorted(round_info.syntheses, key=lambda s: s.table_number)
                       if s.key_points]
        for synthesis in with_points:
            story += [Paragraph(_table_title(report, synthesis.table_number, _), st.h3),
                      *bullets(synthesis.key_points, st)]
        if not with_points:
            story.append(Paragraph(markup(_("No key point was written.")), st.small))
    story.append(PageBreak())
    return story


def _round_section(report: WorkshopReport, round_info: RoundInfo, st: Styles,
                   _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [
        heading(label(_("Round %(number)s"), SANS_BOLD, number=round_info.number), st.h1, 0),
    ]
    if round_info.synthesizing:
        story.append(Paragraph(markup(_("Synthesizing round: the room connected what the "
                                        "tables heard.")), st.label))
    story.append(Paragraph(markup(round_info.question, SANS_BOLD), st.h2))
    for synthesis in sorted(round_info.syntheses, key=lambda s: s.table_number):
        story.append(Paragraph(_table_title(report, synthesis.table_number, _), st.h3))
        if synthesis.key_points:
            story += [Paragraph(markup(_("Key points")), st.label),
                      *bullets(synthesis.key_points, st)]
        if synthesis.solutions:
            story += [Paragraph(markup(_("Proposed solutions")), st.label),
                      *bullets(synthesis.solutions, st)]
        if not synthesis.key_points and not synthesis.solutions:
            story.append(Paragraph(markup(_("No synthesis was written.")), st.small))
    story.append(PageBreak())
    return story


def _plenary_section(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [heading(markup(_("Plenary: the most voted solutions"), SANS_BOLD),
                                     st.h1, 0)]
    if not report.solutions:
        return story + [Paragraph(markup(_("No solution was put to the vote.")), st.body)]
    ranked = sorted(report.solutions, key=lambda s: (-s.votes, s.id))
    top = ranked[:TOP_SOLUTIONS]
    story.append(Paragraph(label(
        _("%(count)s solutions were put to the vote; the %(top)s most voted are listed here. "
          "The detailed report covers them all."), count=len(ranked), top=len(top)), st.body))
    header = [markup(_("Rank")), markup(_("Solution")), markup(_("Work stream")),
              markup(_("Votes"))]
    rows = [[str(rank),
             [Paragraph(markup(s.title, SANS_BOLD), st.cell_bold),
              Paragraph(markup(s.stage), st.small)],
             markup(s.work_stream), Paragraph(str(s.votes), st.cell_right)]
            for rank, s in enumerate(top, start=1)]
    widths = [13 * mm, CONTENT_WIDTH - 13 * mm - 48 * mm - 16 * mm, 48 * mm, 16 * mm]
    return story + [Spacer(1, 2 * mm), data_table(header, rows, widths, st)]


def _closing_section(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), heading(markup(_("Next steps"), SANS_BOLD), st.h1, 0)]
    if report.next_steps.strip():
        story += [Paragraph(markup(p), st.body) for p in report.next_steps.split("\n") if p.strip()]
    else:
        story.append(Paragraph(markup(_("The next steps will be shared soon.")), st.body))
    hosts = [t.host_name for t in sorted(report.tables, key=lambda t: t.number)]
    story += [Spacer(1, 8 * mm), Paragraph(label(
        _("Thank you to the %(count)s participants and to the table hosts: %(hosts)s."),
        count=report.participants_count, hosts=", ".join(hosts)), st.body)]
    if report.generated_at is not None:
        story.append(Paragraph(label(_("Document generated on %(date)s."),
                                     date=format_date(report.generated_at, _)), st.small))
    return story
