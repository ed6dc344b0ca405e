"""Charts drawn with reportlab.graphics: votes per solution and the NPS score distribution.

The votes chart is a table whose rows hold a bar drawing: solution titles are user text,
and a Paragraph cell gives them escaping, wrapping and fallback fonts that a chart label
(a plain string in one font) would not.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from .bidi import Paragraph
from .data import DiagnosticSnapshot, Solution
from .fonts import SANS, SANS_BOLD
from .i18n import Gettext
from .layout import (
    ACCENT, ACCENT_SOFT, CONTENT_WIDTH, INK, MUTED, NEGATIVE, NEUTRAL, POSITIVE, RULE, Styles,
    new_table,
)
from .text import markup

BAR_WIDTH = 62 * mm


def _drawing(width: float, height: float) -> Drawing:
    # Without an initial font the renderer selects Helvetica, which would stay unembedded.
    return Drawing(width, height, initialFontName=SANS, initialFontSize=8)


def _bar(votes: int, most: int) -> Drawing:
    drawing = _drawing(BAR_WIDTH, 10)
    drawing.add(Rect(0, 1, BAR_WIDTH, 8, fillColor=ACCENT_SOFT, strokeColor=None))
    if most > 0 and votes > 0:
        drawing.add(Rect(0, 1, BAR_WIDTH * votes / most, 8, fillColor=ACCENT, strokeColor=None))
    return drawing


def votes_chart(solutions: Sequence[Solution], st: Styles, _: Gettext) -> Table:
    """Every solution's votes, most voted first, as labelled horizontal bars."""
    ranked = sorted(solutions, key=lambda s: (-s.votes, s.id))
    most = max((s.votes for s in ranked), default=0)
    rows: list[list[Flowable]] = [[
        Paragraph(markup(_("Solution")), st.cell_head), Paragraph("", st.cell_head),
        Paragraph(markup(_("Votes")), st.cell_head),
    ]]
    rows += [[Paragraph(markup(s.title), st.cell), _bar(s.votes, most),
              Paragraph(str(s.votes), st.cell_right)] for s in ranked]
    widths = [CONTENT_WIDTH - BAR_WIDTH - 22 * mm, BAR_WIDTH + 6 * mm, 16 * mm]
    return new_table(rows, widths, [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ], repeatRows=1, splitInRow=1)


def nps_distribution_chart(diagnostic: DiagnosticSnapshot, _: Gettext) -> Drawing:
    """Respondents per score 0..10, bars coloured detractor, passive or promoter."""
    counts = list(diagnostic.distribution)[:11] + [0] * (11 - len(diagnostic.distribution))
    width, height = CONTENT_WIDTH, 70 * mm
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 14 * mm
    chart.width, chart.height = width - 16 * mm, height - 24 * mm
    chart.data = [counts]
    chart.barWidth, chart.groupSpacing = 8, 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.visibleGrid = 1
    chart.categoryAxis.categoryNames = [str(score) for score in range(11)]
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = RULE
    chart.bars.strokeColor = None
    for score in range(11):
        colour = NEGATIVE if score <= 6 else NEUTRAL if score <= 8 else POSITIVE
        chart.bars[(0, score)].fillColor = colour
    drawing.add(chart)
    legend = ((NEGATIVE, _("Detractors (0–6)")), (NEUTRAL, _("Passives (7–8)")),
              (POSITIVE, _("Promoters (9–10)")))
    x = 12 * mm
    for colour, text in legend:
        drawing.add(Rect(x, 2, 7, 7, fillColor=colour, strokeColor=None))
        drawing.add(String(x + 10, 2.5, text, fontName=SANS, fontSize=7.5, fillColor=INK))
        x += 45 * mm
    drawing.add(String(0, height - 6, _("Respondents per score"), fontName=SANS_BOLD,
                       fontSize=8, fillColor=MUTED))
    return drawing
