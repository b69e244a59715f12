"""Charts of the analysis drawn with reportlab graphics in the CID font STSong-Light (no font
files): the same Drawing goes into the PDF as vector graphics and onto the page as SVG."""

import functools
import html
import itertools
import re

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from propdesk.core.printing import FONT, _font, printable

BLUE = colors.HexColor("#0d6efd")
GREEN = colors.HexColor("#198754")
WIDTH, HEIGHT = 460, 200


def _drawing(title: str, height: int = HEIGHT) -> Drawing:
    _font()
    d = Drawing(WIDTH, height)
    d.add(String(0, height - 14, printable(title), fontName=FONT, fontSize=11))
    return d


def _empty(d: Drawing, text: str) -> Drawing:
    d.add(
        String(
            WIDTH / 2,
            d.height / 2,
            printable(text),
            fontName=FONT,
            fontSize=9,
            textAnchor="middle",
            fillColor=colors.grey,
        )
    )
    return d


def bar_chart(
    title: str, rows: list[tuple[str, float]], *, empty: str, color=BLUE, percent: bool = False
) -> Drawing:
    """Horizontal bars (one per row, largest first): counts by category or department."""
    rows = rows[:10]
    height = max(120, 30 + 18 * len(rows))
    d = _drawing(title, height)
    if not rows:
        return _empty(d, empty)
    chart = HorizontalBarChart()
    chart.x, chart.y = 110, 10
    chart.width, chart.height = WIDTH - 140, height - 40
    chart.data = [[v or 0 for _, v in reversed(rows)]]
    chart.categoryAxis.categoryNames = [printable(str(n))[:12] for n, _ in reversed(rows)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if percent:
        chart.valueAxis.valueMax = 100
    chart.bars[0].fillColor = color
    chart.barLabelFormat = "%.1f" if percent else "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    return d


def column_chart(title: str, labels: list[str], values: list[float], *, empty: str) -> Drawing:
    """Vertical columns over time: the monthly trend."""
    d = _drawing(title)
    if not labels:
        return _empty(d, empty)
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 25
    chart.width, chart.height = WIDTH - 60, HEIGHT - 60
    chart.data = [[v or 0 for v in values]]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 7
    d.add(chart)
    return d


@functools.lru_cache(maxsize=128)
def column_chart_svg(title: str, labels: tuple, values: tuple, *, empty: str) -> str:
    """The column chart as page SVG, kept per process by its inputs: drawing it costs ~10 ms of
    reportlab, and a dashboard's trend changes once a day (with the rollup), not per view."""
    return svg(column_chart(title, list(labels), list(values), empty=empty))


def analysis_charts(a: dict) -> list[tuple[str, Drawing]]:
    """The four charts of an analysis (live or frozen in a report): key and drawing."""
    from django.utils.translation import gettext as _

    empty = _("No complaints in this quarter.")
    return [
        (
            "category",
            bar_chart(
                _("Complaints by category"),
                [(r["name"], r["n"]) for r in a["by_category"]],
                empty=empty,
            ),
        ),
        (
            "department",
            bar_chart(
                _("Complaints by department"),
                [(r["name"], r["n"]) for r in a["by_department"]],
                empty=empty,
                color=GREEN,
            ),
        ),
        (
            "month",
            column_chart(
                _("Complaints per month"),
                [m["month"] for m in a["by_month"]],
                [m["n"] for m in a["by_month"]],
                empty=empty,
            ),
        ),
        (
            "sla",
            bar_chart(
                _("SLA attainment (%)"),
                [(r["name"], r["attainment"]) for r in a["sla"] if r["decided"]],
                empty=_("No timed stages in this quarter."),
                percent=True,
            ),
        ),
    ]


_STYLE = re.compile(r'style="([^"]*)"')
_FONT_FALLBACK = "STSong-Light, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
_ids = itertools.count(1)


def _attributes(match: re.Match) -> str:
    """One `style` attribute as SVG presentation attributes: the page's CSP (style-src 'self')
    drops inline styles, which left the bars black and the labels at the browser's 16px."""
    out = []
    for declaration in match.group(1).split(";"):
        name, sep, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not sep or not name:
            continue
        if name == "font-family":
            value = _FONT_FALLBACK
        out.append(f'{name}="{html.escape(value, quote=True)}"')
    return " ".join(out)


def svg(drawing: Drawing) -> str:
    """The drawing as an SVG element for the page (reportlab escapes the text it writes), styled
    by attributes, with its clip path named uniquely among the page's charts."""
    text = renderSVG.drawToString(drawing)
    text = text[text.find("<svg") :]
    n = next(_ids)
    text = text.replace('id="clip"', f'id="chart-clip-{n}"').replace(
        "url(#clip)", f"url(#chart-clip-{n})"
    )
    text = text.replace('id="group"', f'id="chart-group-{n}"')
    return _STYLE.sub(_attributes, text)
