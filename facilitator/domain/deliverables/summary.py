"""The workshop summary: a short PDF for participants and sponsors.

Page 1, under a slim band, is the workshop at a glance: its figures, the diagnostic's
headline, each question with its strongest answers across tables, and the most voted
solutions (ties shown). Then what is emerging (the synthesizing round, once), each round
table by table, the diagnostic by journey stage, the full ranking and the next steps.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from .bidi import Paragraph
from .cover import slim_header
from .data import (
    DiagnosticSnapshot, RoundInfo, Solution, StageInsight, TableSynthesis, Theme, WorkshopReport,
)
from .fonts import SANS_BOLD
from .i18n import Gettext, format_date, format_decimal, format_signed
from .layout import (
    ACCENT, ACCENT_SOFT, CONTENT_WIDTH, Styles, bullets, data_table, heading, new_table, render_pdf, styles,
)
from .text import clean, label, markup

TOP_SOLUTIONS = 10
SMALL_SAMPLE = 30  # below this many respondents an NPS moves a lot with each answer


def build_summary_pdf(report: WorkshopReport, gettext: Gettext) -> bytes:
    """The summary PDF, in the language of ``gettext`` (the report's, given by the caller)."""
    _ = gettext
    st = styles()
    name = _("Workshop summary")
    story = slim_header(report, name, st, _) + glance_section(report, st, _)
    story += emerging_section(report, st, _)
    for round_info in sorted(report.rounds, key=lambda r: r.number):
        if not round_info.synthesizing:  # its key points are what is emerging, above
            story += _round_section(report, round_info, st, _)
    if report.diagnostic is not None:
        story += diagnostic_section(report.diagnostic, st, _)
    story += _plenary_section(report, st, _)
    story += _closing_section(report, st, _)
    return render_pdf(report, story, name, _, subject=_("World Café workshop summary"))


# Page 1: the workshop at a glance ---------------------------------------------------------

GLANCE_ANSWERS = 3
GLANCE_TOP = 5
GLANCE_TEXT = 170  # characters of an answer or a question on page 1; the rest follows


def _short(text: str, limit: int = GLANCE_TEXT) -> str:
    text = " ".join(clean(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def _folded(text: str) -> str:
    return " ".join(clean(text).casefold().split()).strip(" .!;:")


def strongest_answers(round_info: RoundInfo, limit: int = GLANCE_ANSWERS) -> list[str]:
    """The key points most tables wrote (same words), then each table's first ones in turn:
    what the room said most strongly about the question."""
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, int, str]] = {}
    syntheses = sorted(round_info.syntheses, key=lambda s: s.table_number)
    for synthesis in syntheses:
        for position, point in enumerate(synthesis.key_points or synthesis.solutions):
            key = _folded(point)
            if not key:
                continue
            counts[key] = counts.get(key, 0) + 1
            first.setdefault(key, (position, synthesis.table_number, point))
    ranked = sorted(counts, key=lambda k: (-counts[k], first[k][0], first[k][1]))
    return [first[k][2] for k in ranked[:limit]]


def ranked_with_ties(solutions: Sequence[Solution], top: int) -> list[tuple[int, Solution]]:
    """(rank, solution), most votes first; equal votes share a rank (1, 2, 2, 4) and the
    cut never splits a tie, so the list may run past ``top``."""
    ordered = sorted(solutions, key=lambda s: (-s.votes, s.id))
    ranked: list[tuple[int, Solution]] = []
    for index, solution in enumerate(ordered):
        rank = ranked[-1][0] if ranked and ranked[-1][1].votes == solution.votes else index + 1
        if index >= top and rank != ranked[-1][0]:
            break
        ranked.append((rank, solution))
    return ranked


def _glance_figures(report: WorkshopReport, st: Styles, _: Gettext) -> Table:
    votes = sum(s.votes for s in report.solutions)
    figures = ((report.participants_count, _("participants")), (len(report.tables), _("tables")),
               (len(report.rounds), _("rounds")), (len(report.notes), _("notes shared")),
               (len(report.solutions), _("solutions")), (votes, _("votes")))
    cells = [[Paragraph(str(value), st.figure_small), Paragraph(markup(text), st.small)]
             for value, text in figures]
    return new_table([cells], [CONTENT_WIDTH / len(figures)] * len(figures), [
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_SOFT),
        ("LINEAFTER", (0, 0), (-2, -1), 2, "white"),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 8)])


def _glance_diagnostic(diag: DiagnosticSnapshot, st: Styles, _: Gettext) -> list[Flowable]:
    headline = label(_("Customer diagnostic: NPS %(nps)s \u00b1 %(margin)s points, "
                       "%(count)s respondents"), SANS_BOLD, nps=format_signed(diag.nps, _),
                     margin=format_decimal(diag.margin_of_error, _), count=diag.respondents)
    story: list[Flowable] = [Paragraph(headline, st.glance_head)]
    irritants = sorted(((t, s.stage) for s in diag.stages for t in s.irritants),
                       key=lambda pair: -pair[0].mentions)[:3]
    if irritants:
        story.append(Paragraph(markup(_("Top irritants")), st.label))
        story += [Paragraph(label(_("%(theme)s (%(stage)s, mentions: %(count)s)"),
                                  theme=theme.label, stage=stage, count=theme.mentions),
                            st.glance_item, bulletText="\u2022") for theme, stage in irritants]
    return story


def glance_section(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    """Page 1: what a sponsor reads first."""
    story: list[Flowable] = [_glance_figures(report, st, _), Spacer(1, 2 * mm)]
    if report.departments:
        story.append(Paragraph(label(_("Departments represented: %(list)s"),
                                     list=" \u00b7 ".join(report.departments)), st.small))
    if report.diagnostic is not None:
        story += _glance_diagnostic(report.diagnostic, st, _)
    rounds = sorted(report.rounds, key=lambda r: r.number)
    if rounds:
        story.append(Paragraph(markup(_("What the tables said"), SANS_BOLD), st.glance_head))
    for round_info in rounds:
        story.append(Paragraph(label(_("%(number)s. %(question)s"), SANS_BOLD,
                                     number=round_info.number,
                                     question=_short(round_info.question)), st.glance_question))
        answers = strongest_answers(round_info)
        story += [Paragraph(markup(_short(a)), st.glance_item, bulletText="\u2022")
                  for a in answers] or [Paragraph(markup(_("No synthesis was written.")),
                                                  st.small)]
    story.append(Paragraph(markup(_("The most voted solutions"), SANS_BOLD), st.glance_head))
    if not report.solutions:
        return story + [Paragraph(markup(_("No solution was put to the vote.")), st.small)]
    story.append(_ranking_table(report, ranked_with_ties(report.solutions, GLANCE_TOP), st, _,
                                compact=True))
    return story


def _share(count: int, total: int) -> float:
    return 100 * count / total if total else 0.0


def _themes_cell(themes: tuple[Theme, ...], st: Styles, _: Gettext,
                 quotes: int = 1) -> list[Flowable]:
    cell: list[Flowable] = []
    for index, theme in enumerate(themes[:2]):  # the two that matter most; the rest is noise
        cell.append(Paragraph(
            label(_("%(theme)s (mentions: %(count)s)"), SANS_BOLD, theme=theme.label,
                  count=theme.mentions), st.cell_bold))
        cell += [Paragraph(label(_("\u201c%(verbatim)s\u201d"), verbatim=v), st.quote)
                 for v in theme.verbatims[:quotes if index == 0 else 0]]
    return cell or [Paragraph("\u2014", st.cell)]


def _stages_table(stages: tuple[StageInsight, ...], st: Styles, _: Gettext) -> Table:
    header = [markup(_("Journey stage")), markup(_("Top irritants")),
              markup(_("Praised practices"))]
    rows = [[Paragraph(markup(s.stage, SANS_BOLD), st.cell_bold),
             _themes_cell(s.irritants, st, _), _themes_cell(s.praised, st, _, quotes=0)]
            for s in stages]
    widths = [0.22 * CONTENT_WIDTH, 0.39 * CONTENT_WIDTH, 0.39 * CONTENT_WIDTH]
    table = data_table(header, rows, widths, st)
    table.setStyle([("TOPPADDING", (0, 1), (-1, -1), 2), ("BOTTOMPADDING", (0, 1), (-1, -1), 3)])
    return table


def diagnostic_section(diag: DiagnosticSnapshot, st: Styles, _: Gettext) -> list[Flowable]:
    """The diagnostic's headline figures and its irritants and praise by journey stage."""
    story: list[Flowable] = [heading(markup(_("Customer diagnostic"), SANS_BOLD), st.h1sec, 0)]
    if diag.source:
        story.append(Paragraph(label(_("Source: %(source)s"), source=diag.source), st.small))
    # The headline figures are on page 1; here, where they come from and the detail.
    story.append(Paragraph(label(
        _("NPS %(nps)s \u00b1 %(margin)s points (95%% confidence): %(promoters)s%% promoters, "
          "%(detractors)s%% detractors, %(count)s respondents."),
        nps=format_signed(diag.nps, _), margin=format_decimal(diag.margin_of_error, _),
        promoters=format_decimal(_share(diag.promoters, diag.respondents), _, 0),
        detractors=format_decimal(_share(diag.detractors, diag.respondents), _, 0),
        count=diag.respondents), st.body))
    if diag.respondents < SMALL_SAMPLE:
        story.append(Paragraph(markup(
            _("Small sample: with fewer than 30 respondents, read the score with caution.")),
            st.small))
    if diag.stages:
        # Not kept with its heading: a table kept whole would leave most of a page blank.
        story += [CondPageBreak(28 * mm),
                  Paragraph(markup(_("Irritants and praised practices by journey stage"),
                                   SANS_BOLD), st.h2_loose),
                  _stages_table(diag.stages, st, _)]
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
    story: list[Flowable] = [heading(markup(_("What is emerging"), SANS_BOLD), st.h1sec, 0)]
    for round_info in rounds:
        story.append(Paragraph(label(_("Synthesizing round %(number)s: %(question)s"),
                                     number=round_info.number, question=round_info.question),
                               st.body))
        with_points = [s for s in sorted(round_info.syntheses, key=lambda s: s.table_number)
                       if s.key_points]
        story += [_table_entry(report, synthesis, st, _, with_solutions=False)
                  for synthesis in with_points]
        if not with_points:
            story.append(Paragraph(markup(_("No key point was written.")), st.small))
    return story


def _round_section(report: WorkshopReport, round_info: RoundInfo, st: Styles,
                   _: Gettext) -> list[Flowable]:
    """A round, one dense paragraph per table: its key points, then its solutions. Every
    word the hosts wrote, without a page per round (the 2,000-note workshop fits in 6)."""
    story: list[Flowable] = [
        heading(label(_("Round %(number)s"), SANS_BOLD, number=round_info.number), st.h1sec, 0),
        Paragraph(markup(round_info.question, SANS_BOLD), st.glance_question),
    ]
    syntheses = sorted(round_info.syntheses, key=lambda s: s.table_number)
    if not syntheses:
        return story + [Paragraph(markup(_("No synthesis was written.")), st.small)]
    return story + [_table_entry(report, synthesis, st, _) for synthesis in syntheses]


def _table_entry(report: WorkshopReport, synthesis: TableSynthesis, st: Styles, _: Gettext,
                 with_solutions: bool = True) -> Flowable:
    """One table's synthesis as one dense paragraph: who, key points, proposed solutions."""
    parts = [f'<font name="{SANS_BOLD}">{_table_title(report, synthesis.table_number, _)}'
             '</font>']
    parts += [f"\u2022\u00a0{markup(p)}" for p in synthesis.key_points]
    if synthesis.solutions and with_solutions:
        lead, _sep, _rest = _("Proposed solutions: %(list)s").partition("%(list)s")
        parts.append(f'<font name="{SANS_BOLD}" color="#{ACCENT.hexval()[2:]}">'
                     f'\u2192\u00a0{markup(lead.strip())}</font> '
                     + "; ".join(markup(item) for item in synthesis.solutions))
    return Paragraph(" ".join(parts), st.round_entry)


def _ranking_table(report: WorkshopReport, ranked: list[tuple[int, Solution]], st: Styles,
                   _: Gettext, compact: bool = False) -> Table:
    tied = {rank for rank, _s in ranked if sum(1 for r, _x in ranked if r == rank) > 1}
    header = [markup(_("Rank")), markup(_("Solution")), markup(_("Work stream")),
              markup(_("Votes"))]
    rows = []
    for rank, solution in ranked:
        place = label(_("%(rank)s (tie)"), rank=rank) if rank in tied else str(rank)
        title = [Paragraph(markup(solution.title, SANS_BOLD), st.cell_bold)]
        if solution.stage and not compact:
            title.append(Paragraph(markup(solution.stage), st.small))
        rows.append([Paragraph(place, st.cell), title, markup(solution.work_stream),
                     Paragraph(str(solution.votes), st.cell_right)])
    widths = [25 * mm, CONTENT_WIDTH - 25 * mm - 46 * mm - 14 * mm, 46 * mm, 14 * mm]
    table = data_table(header, rows, widths, st)
    if compact:
        table.setStyle([("TOPPADDING", (0, 1), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 1), (-1, -1), 3)])
    return table


def _plenary_section(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [heading(markup(_("Plenary: the most voted solutions"), SANS_BOLD),
                                     st.h1sec, 0)]
    if not report.solutions:
        return story + [Paragraph(markup(_("No solution was put to the vote.")), st.body)]
    ranked = ranked_with_ties(report.solutions, TOP_SOLUTIONS)
    if len(ranked) < len(report.solutions):
        story.append(Paragraph(label(
            _("%(count)s solutions were put to the vote; the %(top)s most voted are listed "
              "here. The detailed report covers them all."), count=len(report.solutions),
            top=len(ranked)), st.body))
    else:
        story.append(Paragraph(label(_("The %(count)s solutions put to the vote, most voted "
                                       "first."), count=len(ranked)), st.body))
    return story + [Spacer(1, 2 * mm), _ranking_table(report, ranked, st, _, compact=True)]


def _closing_section(report: WorkshopReport, st: Styles, _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [heading(markup(_("Next steps"), SANS_BOLD), st.h1sec, 0)]
    if report.next_steps.strip():
        story += [Paragraph(markup(p), st.body) for p in report.next_steps.split("\n") if p.strip()]
    else:
        story.append(Paragraph(markup(_("The next steps will be shared soon.")), st.body))
    hosts = [t.host_name for t in sorted(report.tables, key=lambda t: t.number)]
    story += [Spacer(1, 1.5 * mm), Paragraph(label(
        _("Thank you to the %(count)s participants and to the table hosts: %(hosts)s."),
        count=report.participants_count, hosts=", ".join(hosts)), st.body)]
    if report.generated_at is not None:
        story.append(Paragraph(label(_("Document generated on %(date)s."),
                                     date=format_date(report.generated_at, _)), st.small))
    return story
