"""The detailed report: every solution, the roadmap, the charts and every shared note.

Solutions are grouped by work stream, then by customer-journey stage in the journey's
order; a table of contents (ReportLab multiBuild) opens the document. Note authors are
named only when the report allows it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable, Image, KeepTogether, PageBreak, Spacer, Table, TableStyle,
)

from .bidi import Paragraph
from .charts import nps_distribution_chart, votes_chart
from .cover import cover_story
from .data import HORIZONS, Horizon, Level, Note, Photo, Solution, WorkshopReport
from .fonts import SANS, SANS_BOLD
from .i18n import Gettext, format_signed
from .layout import (
    ACCENT, ACCENT_SOFT, CONTENT_WIDTH, RULE, Styles, data_table, heading, new_table,
    OnePassContents, prime_contents, render_pdf, styles,
)
from .text import label, markup

LABEL_WIDTH = 38 * mm


def build_detailed_pdf(report: WorkshopReport, gettext: Gettext) -> bytes:
    """The detailed PDF, in the language of ``gettext`` (the report's, given by the caller)."""
    _ = gettext
    st = styles()
    name = _("Detailed report")
    contents = _contents(st, _)
    story = cover_story(report, name, st, _) + contents
    story += _solutions_section(report, st, _)
    story += _roadmap_section(report, st, _)
    story += _charts_section(report, st, _)
    story += _notes_appendix(report, st, _)
    story += _photos_appendix(report, st, _)
    prime_contents(contents[1], story)
    return render_pdf(report, story, name, _, subject=_("World Café workshop detailed report"),
                      with_toc=True)


def _contents(st: Styles, _: Gettext) -> list[Flowable]:
    toc = OnePassContents(levelStyles=[st.toc1, st.toc2, st.toc3], dotsMinLevel=0,
                          tableStyle=TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS),
                                                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                 ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [Paragraph(markup(_("Table of contents"), SANS_BOLD), st.h1), toc, PageBreak()]


def _level_name(level: Level, _: Gettext) -> str:
    return {"low": _("Low"), "medium": _("Medium"), "high": _("High")}.get(level, level)


def horizon_name(horizon: Horizon | None, _: Gettext) -> str:
    names = {"short": _("Short term (0–3 months)"), "medium": _("Medium term (3–12 months)"),
             "long": _("Long term (12 months and more)")}
    return names.get(horizon, _("Not yet qualified")) if horizon else _("Not yet qualified")


def _stage_key(report: WorkshopReport, stage: str) -> tuple[int, str]:
    order = {s: i for i, s in enumerate(report.journey_stages)}
    return (order.get(stage, len(order)), stage.casefold())


def _stream_key(stream: str) -> tuple[bool, str]:
    return (not stream.strip(), stream.casefold())  # the unassigned come last


def _origins(report: WorkshopReport, solution: Solution, _: Gettext) -> str:
    parts = []
    for origin in sorted(solution.origins, key=lambda o: (o.round_number, o.table_number)):
        table = report.table(origin.table_number)
        parts.append(label(_("%(table)s, round %(round)s"),
                           table=table.name if table else str(origin.table_number),
                           round=origin.round_number))
    return "<br/>".join(parts) or "\u2014"


def reading_order(report: WorkshopReport) -> list[Solution]:
    """Solutions as the detailed report reads them: by work stream, journey stage, votes."""
    return sorted(report.solutions, key=lambda s: (
        _stream_key(s.work_stream), _stage_key(report, s.stage), -s.votes, s.id))


def numbers(report: WorkshopReport) -> dict[int, int]:
    """Solution id -> its number, 1..n in reading order (ids have gaps: merges, deletions)."""
    return {s.id: n for n, s in enumerate(reading_order(report), start=1)}


def _solution_card(report: WorkshopReport, s: Solution, number: int, st: Styles,
                   _: Gettext) -> Table:
    """A solution as a compact two-column grid of fields under a title bar."""
    q = s.qualification
    dash = "\u2014"

    def name(text: str) -> Paragraph:
        return Paragraph(markup(text), st.label)

    def value(text: str) -> Paragraph:
        return Paragraph(text or dash, st.cell)

    title = label(_("#%(id)s %(title)s"), SANS_BOLD, id=number, title=s.title)
    rows = [
        [Paragraph(title, st.cell_head), "", "", ""],
        [name(_("Description")), value(markup(s.description)), "", ""],
        [name(_("Irritant addressed")), value(_irritant(report, s, _)), "", ""],
        [name(_("Channel")), value(markup(s.channel)), name(_("Votes")), value(str(s.votes))],
        [name(_("Impact")), value(markup(_level_name(q.impact, _)) if q else ""),
         name(_("Effort")), value(markup(_level_name(q.effort, _)) if q else "")],
        [name(_("Owner")), value(markup(q.owner) if q else ""),
         name(_("Horizon")), value(markup(horizon_name(q.horizon if q else None, _)))],
        [name(_("Came from")), value(_origins(report, s, _)), "", ""],
    ]
    half = CONTENT_WIDTH / 2
    widths = [LABEL_WIDTH, half - LABEL_WIDTH, LABEL_WIDTH * 0.7, half - LABEL_WIDTH * 0.7]
    spans = [("SPAN", (0, 0), (-1, 0))] + [("SPAN", (1, r), (-1, r)) for r in (1, 2, 6)]
    return new_table(rows, widths, spans + [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("BACKGROUND", (0, 1), (-1, -1), ACCENT_SOFT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -2), 0.5, "white"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ], splitInRow=1)


def _irritant(report: WorkshopReport, s: Solution, _: Gettext) -> str:
    """The irritant, and when it is one of the diagnostic's themes, that theme's figures."""
    theme = report.theme(s.irritant)
    if theme is None:
        return markup(s.irritant)
    return markup(s.irritant) + "<br/>" + label(
        _("Diagnostic theme: %(stage)s \u00b7 %(mentions)s mentions \u00b7 NPS %(nps)s"),
        stage=theme.stage or "\u2014", mentions=theme.mentions, nps=format_signed(theme.nps, _))


def _solutions_section(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [heading(markup(_("Solutions"), SANS_BOLD), st.h1, 0)]
    if not report.solutions:
        return story + [Paragraph(markup(_("No solution was recorded.")), st.body), PageBreak()]
    ordered = reading_order(report)
    number = numbers(report)
    for stream, in_stream in groupby(ordered, key=lambda s: s.work_stream):
        stream_name = stream.strip() or _("No work stream")
        # Headings travel with the first card below them, never alone at a page's foot.
        lead: list[Flowable] = [heading(markup(stream_name, SANS_BOLD), st.h2, 1,
                                        markup(stream_name))]
        for stage, in_stage in groupby(in_stream, key=lambda s: s.stage):
            stage_name = stage.strip() or _("No journey stage")
            lead.append(heading(markup(stage_name, SANS_BOLD), st.h3, 2, markup(stage_name)))
            for solution in in_stage:
                card = _solution_card(report, solution, number[solution.id], st, _)
                story.append(KeepTogether([*lead, card, Spacer(1, 5 * mm)]))
                lead = []
    return story + [PageBreak()]


def _roadmap_section(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [
        heading(markup(_("Roadmap"), SANS_BOLD), st.h1, 0),
        Paragraph(markup(_("Solutions by work stream and horizon, most voted first.")), st.body),
        Spacer(1, 2 * mm),
    ]
    columns: list[Horizon | None] = list(HORIZONS)
    if any(s.qualification is None for s in report.solutions):
        columns.append(None)
    streams = sorted({s.work_stream for s in report.solutions}, key=_stream_key)
    number = numbers(report)
    rows = []
    for stream in streams:
        row: list[Flowable | str | list[Flowable]] = [
            Paragraph(markup(stream.strip() or _("No work stream"), SANS_BOLD), st.cell_bold)]
        for horizon in columns:
            cell = sorted((s for s in report.solutions if s.work_stream == stream and
                           (s.qualification.horizon if s.qualification else None) == horizon),
                          key=lambda s: (-s.votes, s.id))
            row.append([Paragraph(label(_("%(title)s (votes: %(votes)s)"), title=s.title,
                                        votes=s.votes), st.cell_item,
                                  bulletText=f"{number[s.id]}.")
                        for s in cell] or "")
        rows.append(row)
    header = [markup(_("Work stream"))] + [markup(horizon_name(h, _)) for h in columns]
    first = 36 * mm
    widths = [first] + [(CONTENT_WIDTH - first) / len(columns)] * len(columns)
    return story + [data_table(header, rows, widths, st), PageBreak()]


def _matrix(report: WorkshopReport, st: Styles, _: Gettext) -> Table:
    """Impact (rows, high first) by effort (columns, low first), solutions by number."""
    number = numbers(report)
    levels_up: tuple[Level, ...] = ("low", "medium", "high")
    header = [Paragraph(markup(_("Impact \\ effort")), st.cell_head)] + [
        Paragraph(markup(_level_name(e, _)), st.cell_head) for e in levels_up]
    rows: list[list[object]] = [header]
    for impact in reversed(levels_up):
        row: list[object] = [Paragraph(markup(_level_name(impact, _), SANS_BOLD), st.cell_bold)]
        for effort in levels_up:
            found = sorted((s for s in report.solutions if s.qualification
                            and s.qualification.impact == impact
                            and s.qualification.effort == effort), key=lambda s: number[s.id])
            row.append([Paragraph(label(_("%(number)s. %(title)s"), number=number[s.id],
                                        title=s.title), st.cell_item_plain) for s in found]
                       or "")
        rows.append(row)
    first = 26 * mm
    widths = [first] + [(CONTENT_WIDTH - first) / 3] * 3
    return new_table(rows, widths, [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (1, 1), (1, 1), ACCENT_SOFT),  # high impact, low effort: quick wins
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)],
        splitInRow=1)


def _charts_section(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [heading(markup(_("Charts"), SANS_BOLD), st.h1, 0)]
    if any(s.qualification for s in report.solutions):
        story += [heading(markup(_("Impact and effort"), SANS_BOLD), st.h2, 1,
                          markup(_("Impact and effort"))),
                  Paragraph(markup(_("Each qualified solution by its number: quick wins at the "
                                     "top left (high impact, low effort).")), st.small),
                  Spacer(1, 2 * mm), _matrix(report, st, _)]
    if report.solutions:
        story += [heading(markup(_("Votes per solution"), SANS_BOLD), st.h2, 1,
                          markup(_("Votes per solution"))),
                  votes_chart(report.solutions, st, _)]
    if report.diagnostic is not None:
        story += [heading(markup(_("NPS score distribution"), SANS_BOLD), st.h2, 1,
                          markup(_("NPS score distribution"))),
                  nps_distribution_chart(report.diagnostic, _)]
    return story + [PageBreak()]


def _note_paragraph(note: Note, show_names: bool, st: Styles, _: Gettext) -> Paragraph:
    if show_names and note.author_name:
        text = label(_("%(text)s \u2014 %(author)s"), text=note.text, author=note.author_name)
    else:
        text = markup(note.text)
    return Paragraph(text, st.bullet, bulletText="\u2022")


def _notes_appendix(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [heading(markup(_("Appendix: shared notes"), SANS_BOLD), st.h1, 0)]
    intro = (_("Notes are shown with their author's name, as agreed by the participants.")
             if report.show_names else _("Notes are shown without their authors' names."))
    story.append(Paragraph(markup(intro), st.small))
    if not report.notes:
        return story + [Paragraph(markup(_("No note was shared.")), st.body)]
    ordered: Sequence[Note] = sorted(report.notes, key=lambda n: (n.round_number, n.table_number))
    for round_number, in_round in groupby(ordered, key=lambda n: n.round_number):
        title = label(_("Round %(number)s"), SANS_BOLD, number=round_number)
        story.append(heading(title, st.h2, 1, label(_("Round %(number)s"), number=round_number)))
        for table_number, in_table in groupby(in_round, key=lambda n: n.table_number):
            table = report.table(table_number)
            story.append(Paragraph(label(_("Table %(number)s \u00b7 %(name)s"), SANS_BOLD,
                                         number=table_number,
                                         name=table.name if table else ""), st.h3))
            story += [_note_paragraph(n, report.show_names, st, _) for n in in_table]
    return story


PHOTO_MAX_HEIGHT = 95 * mm  # two landscape photos (and their tables' names) to a page


def _photo_parts(photo: Photo, st: Styles) -> list[Flowable]:
    """The photo scaled to fit the column (at most a point per pixel), its caption below."""
    scale = min(CONTENT_WIDTH / photo.width, PHOTO_MAX_HEIGHT / photo.height, 1.0)
    image = Image(io.BytesIO(photo.image), width=photo.width * scale,
                  height=photo.height * scale)
    parts: list[Flowable] = [image]
    if photo.caption:
        parts.append(Paragraph(markup(photo.caption), st.small))
    return parts + [Spacer(1, 4 * mm)]


def _photos_appendix(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    """The tablecloths and flip charts, by round then table; no section without photos."""
    if not report.photos:
        return []
    title = _("Appendix: tablecloths and flip charts")
    story: list[Flowable] = [PageBreak(), heading(markup(title, SANS_BOLD), st.h1, 0)]
    ordered = sorted(report.photos, key=lambda p: (p.round_number, p.table_number))
    for round_number, in_round in groupby(ordered, key=lambda p: p.round_number):
        story.append(heading(label(_("Round %(number)s"), SANS_BOLD, number=round_number),
                             st.h2, 1, label(_("Round %(number)s"), number=round_number)))
        for table_number, in_table in groupby(in_round, key=lambda p: p.table_number):
            table = report.table(table_number)
            lead = Paragraph(label(_("Table %(number)s \u00b7 %(name)s"), SANS_BOLD,
                                   number=table_number, name=table.name if table else ""), st.h3)
            for index, photo in enumerate(in_table):
                # The table's name travels with its first photo, never alone at a page's foot
                # (one flat group: a KeepTogether inside another one overestimates its height).
                parts = _photo_parts(photo, st)
                story.append(KeepTogether([lead, *parts] if index == 0 else parts))
    return story
