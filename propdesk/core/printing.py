"""PDF printing toolkit: A4 forms in Chinese with reportlab's built-in CJK font (no font files).

Every page carries the company logo (or, until one is uploaded, a mark with the company's first
character) and name in the header (R-FM-2) and the form name, record number and template version
(R-FM-7) with "page x of y" in the footer. Registers get a cover page (R-FM-4). Every piece of
user text is escaped before it reaches a reportlab Paragraph, whose mini-markup would otherwise
load images (`<img src>`), make links or change fonts (SECURITY.md I6); the only file a build
opens is the company logo, read through its storage.

Any text the forms accept lays out: a row with long text becomes sub-rows that read as one row
and split across pages (a 4,000-character description is taller than a page; `_pieces`), cells
wrap anywhere (long unbroken Latin strings too), and characters the font cannot show (emoji,
stored control characters) are replaced before they print as boxes (`printable`).
"""

import io
from datetime import date, datetime
from functools import lru_cache

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .print_glyphs import font_text
from .text import text_strip_unprintable

FONT = "STSong-Light"
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
HEADER_H = 16 * mm
FOOTER_H = 12 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
GRID = colors.HexColor("#666666")
SHADE = colors.HexColor("#eeeeee")
MARK = colors.HexColor("#0d6efd")  # the product's blue, as in the favicon


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _style(name: str, size: float, **kw) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=_font(), fontSize=size, leading=size * 1.4, wordWrap="CJK", **kw
    )


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles in the CJK font: title, heading, body, cell, small (built once)."""
    return {
        "title": _style("pd-title", 16, alignment=1, spaceAfter=4 * mm),
        "cover": _style("pd-cover", 24, alignment=1, spaceAfter=12 * mm),
        "heading": _style("pd-heading", 12, spaceBefore=3 * mm, spaceAfter=2 * mm),
        "body": _style("pd-body", 10),
        "cell": _style("pd-cell", 9),
        "small": _style("pd-small", 8, textColor=GRID),
    }


def text_of(value) -> str:
    """A value as print text: None → '', datetimes in local time, dates ISO, the rest str()."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def printable(value) -> str:
    """`value` as print text the font can show: control characters dropped, the rest mapped."""
    return font_text(text_strip_unprintable(text_of(value)))


def _markup(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>")


def escape(value) -> str:
    """Escape text for reportlab's Paragraph markup; newlines become line breaks."""
    return _markup(printable(value))


def para(value, style: str = "body") -> Paragraph:
    """A Paragraph of user text, always escaped (I6). Pass Flowables around this, not markup."""
    return Paragraph(escape(value), styles()[style])


def _cell(value, style: str = "cell"):
    return value if isinstance(value, Flowable) else para(value, style)


def _logo_reader(company) -> ImageReader | None:
    """The company logo, read once through its storage (a directory or a bucket); None when unset or unreadable."""
    logo = getattr(company, "logo", None)
    if not logo:
        return None
    try:
        with logo.open("rb") as fh:
            reader = ImageReader(io.BytesIO(fh.read()))
        reader.getSize()  # a file that is not an image fails here, not halfway through a page
        return reader
    except (OSError, ValueError):
        return None


def _draw_default_mark(canv, x: float, y: float, size: float, company_name: str) -> None:
    """The mark printed until a logo is uploaded: a blue tile with the name's first character."""
    canv.setFillColor(MARK)
    canv.roundRect(x, y, size, size, size * 0.18, stroke=0, fill=1)
    initial = printable(company_name.strip()[:1]) or "P"
    canv.setFillColor(colors.white)
    canv.setFont(FONT, size * 0.62)
    canv.drawCentredString(x + size / 2, y + size * 0.24, initial)
    canv.setFillColor(colors.black)


class _NumberedCanvas(canvas.Canvas):
    """Keeps every page until the end so the footer can say "page x of y"."""

    def __init__(self, *args, footer_right=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer_right = footer_right

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.drawRightString(
                PAGE_W - MARGIN, MARGIN - 8 * mm, printable(self._footer_right(number, total))
            )
            super().showPage()
        super().save()


class PrintDocument:
    """An A4 form: `PrintDocument(company=…, form_name=…, record_number=…).build(story)` → bytes."""

    def __init__(self, *, company=None, form_name: str, record_number="", template_version=""):
        self.company_name = getattr(company, "name", "") or ""
        self.logo = _logo_reader(company)
        self.form_name = form_name
        self.record_number = record_number
        self.template_version = template_version

    def footer_left(self) -> str:
        parts = [self.form_name]
        if self.record_number:
            parts.append(_("No. %(number)s") % {"number": self.record_number})
        if self.template_version:
            parts.append(_("Template version %(version)s") % {"version": self.template_version})
        return printable("　".join(str(p) for p in parts))  # ideographic space: "·" has no glyph

    def _page_decor(self, canv, doc) -> None:
        """Header (logo and company name, R-FM-2) and footer (form, number, version, R-FM-7)."""
        canv.saveState()
        top = PAGE_H - MARGIN + 2 * mm
        x = MARGIN
        height = 10 * mm
        if self.logo is not None:
            w, h = self.logo.getSize()
            width = min(40 * mm, height * w / max(h, 1))
            canv.drawImage(self.logo, x, top - height - 1 * mm, width, height, mask="auto")
        else:
            width = height
            _draw_default_mark(canv, x, top - height - 1 * mm, height, self.company_name)
        x += width + 3 * mm
        canv.setFont(FONT, 12)
        canv.drawString(x, top - 7 * mm, printable(self.company_name))
        canv.setStrokeColor(GRID)
        canv.line(MARGIN, top - 12 * mm, PAGE_W - MARGIN, top - 12 * mm)
        canv.line(MARGIN, MARGIN - 4 * mm, PAGE_W - MARGIN, MARGIN - 4 * mm)
        canv.setFont(FONT, 8)
        canv.drawString(MARGIN, MARGIN - 8 * mm, self.footer_left())
        canv.restoreState()

    def build(self, story: list) -> io.BytesIO:
        """Lay out `story` (flowables) and return the PDF in a buffer positioned at 0."""
        _font()
        buffer = io.BytesIO()
        frame = Frame(MARGIN, MARGIN, CONTENT_W, PAGE_H - 2 * MARGIN - HEADER_H + 2 * mm, id="body")
        doc = BaseDocTemplate(
            buffer,
            pagesize=A4,
            title=self.form_name,
            author=self.company_name,
            creator="PropDesk",
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_H,
            bottomMargin=MARGIN,
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page_decor)])

        def footer_right(number, total):
            return _("Page %(page)s of %(pages)s") % {"page": number, "pages": total}

        def maker(*args, **kwargs):
            return _NumberedCanvas(*args, footer_right=footer_right, **kwargs)

        doc.build(list(story), canvasmaker=maker)
        buffer.seek(0)
        return buffer


def title(text) -> Paragraph:
    """The form name as the page title."""
    return para(text, "title")


def cover_page(*, form_name, department="", site="", date_from=None, date_to=None) -> list:
    """Cover page of a register: form name, department, site, period of use (R-FM-4)."""
    period = " — ".join(filter(None, [text_of(date_from), text_of(date_to)]))
    rows = [(_("Department"), department), (_("Site"), site), (_("Period of use"), period)]
    table = field_table(rows, columns=1)
    return [Spacer(1, 50 * mm), para(form_name, "cover"), table, PageBreak()]


def field_table(rows, *, columns: int = 2) -> Table:
    """Key/value table of a form: `[(label, value), …]` in 1 or 2 label/value column pairs."""
    label_w = 28 * mm
    value_w = CONTENT_W / columns - label_w
    cells = [c for label, value in rows for c in (label, value)]
    width = 2 * columns
    cells += [""] * (-len(cells) % width)
    data = [cells[i : i + width] for i in range(0, len(cells), width)]
    return _ruled_table(data, [label_w, value_w] * columns, shaded=range(0, width, 2))


def data_table(headers, rows, *, widths=None) -> Table:
    """A register table: the header row repeats on every page; cells wrap Chinese text.

    `widths` are fractions of the content width (e.g. `[0.2, 0.5, 0.3]`) or None for equal.
    """
    count = len(headers)
    fractions = widths or [1 / count] * count
    col_widths = [CONTENT_W * f / sum(fractions) for f in fractions]
    return _ruled_table(rows, col_widths, header=headers)


CELL_SIZE = 9  # the "cell" style
CELL_PAD = 6  # reportlab's left and right padding of a cell
RUN_LINES = 8  # a sub-row holds at most this many printed lines (the most a page leaves blank)


def _fits(text: str, width: float) -> bool:
    return pdfmetrics.stringWidth(text, FONT, CELL_SIZE) <= width - 2 * CELL_PAD


def _paragraph(text: str) -> Paragraph:
    """A cell paragraph of text already `printable`."""
    return Paragraph(_markup(text), styles()["cell"])


def _pieces(value, width: float) -> list:
    """The cells of one value in a column of `width`, one per sub-row.

    A tall cell is split across pages by reportlab slowly (with line breaks the time grows with
    their square: 2,000 short lines took 40 s, past any web timeout), so a long text is laid out
    as a run of sub-rows the table splits between cheaply, each at most RUN_LINES printed lines:
    lines that fit the column as plain strings (not parsed as markup, a tenth of the cost of a
    paragraph), a longer line as a wrapping paragraph cut between its printed lines.
    """
    if isinstance(value, Flowable):
        return [value]
    cells: list = []
    run: list[str] = []
    for line in printable(value).split("\n"):
        if _fits(line, width):
            run.append(line)
            if len(run) == RUN_LINES:
                cells.append("\n".join(run))
                run = []
            continue
        if run:
            cells.append("\n".join(run))
            run = []
        cells += _wrapped(_paragraph(line), width - 2 * CELL_PAD)
    if run:
        cells.append("\n".join(run))
    return cells


def _wrapped(paragraph: Paragraph, width: float) -> list[Paragraph]:
    """`paragraph` cut between its printed lines into parts of at most RUN_LINES lines."""
    parts, most = [], RUN_LINES * CELL_SIZE * 1.4
    while paragraph.wrap(width, 1e9)[1] > most + 1:
        split = paragraph.split(width, most)
        if len(split) != 2:  # reportlab keeps it whole (nothing to cut between)
            break
        parts.append(split[0])
        paragraph = split[1]
    return [*parts, paragraph]


def _rules_below(ends: list[int]) -> list:
    """A rule below each row in `ends` (the last sub-row of each row), one command per run."""
    runs: list[list[int]] = []
    for row in ends:
        if runs and runs[-1][1] == row - 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return [("LINEBELOW", (0, a), (-1, b), 0.5, GRID) for a, b in runs]


def _ruled_table(rows, col_widths, *, header=None, shaded=()) -> Table:
    """A grid of `rows`; a row with long text becomes sub-rows that read as one row (no rule or
    padding between them). Style commands are per run of rows, not per row: a register has
    thousands, and reportlab applies every command again at each page break."""
    _font()
    data: list[list] = []
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_SIZE * 1.4),
        *[("BACKGROUND", (col, 0), (col, -1), SHADE) for col in shaded],
        ("BOX", (0, 0), (-1, -1), 0.5, GRID),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, GRID),
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.5, GRID),  # a row cut by the page
    ]
    if header is not None:
        data.append([_pieces(h, w)[0] for h, w in zip(header, col_widths, strict=True)])
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    ends = [0] if header is not None else []
    for row in rows:
        parts = [_pieces(v, w) or [""] for v, w in zip(row, col_widths, strict=True)]
        height = max(len(p) for p in parts)
        data += [[p[i] if i < len(p) else "" for p in parts] for i in range(height)]
        ends.append(len(data) - 1)
        if height > 1:
            first, last = len(data) - height, len(data) - 1
            style.append(("BOTTOMPADDING", (0, first), (-1, last - 1), 0))
            style.append(("TOPPADDING", (0, first + 1), (-1, last), 0))
    table = Table(
        data,
        colWidths=col_widths,
        repeatRows=1 if header is not None else 0,
        splitByRow=1,  # every (sub-)row is at most RUN_LINES lines: it fits on a page
    )
    table.setStyle(TableStyle(style + _rules_below(ends)))
    return table


def timeline_table(events) -> Table:
    """The record's timeline: `[(time, who, what), …]`."""
    headers = [_("Time"), _("Done by"), _("What happened")]
    return data_table(headers, events, widths=[0.22, 0.18, 0.6])


def signature_lines(entries) -> KeepTogether:
    """Signature block: `[(label, name, time), …]`; empty name or time leaves a line to sign on.

    The block is kept on one page: a form's signatures are read together.
    """
    data = [
        [_cell(label), _cell(name), _cell(_("Date")), _cell(text_of(when))]
        for label, name, when in entries
    ]
    table = Table(data, colWidths=[40 * mm, 60 * mm, 16 * mm, CONTENT_W - 116 * mm])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, -1), 0.5, GRID),
                ("LINEBELOW", (3, 0), (3, -1), 0.5, GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 5 * mm),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return KeepTogether([table])


class QRCode(Flowable):
    """A QR code (segno) of `url`, drawn as vector squares, clickable in PDF viewers."""

    def __init__(self, url: str, size: float = 28 * mm):
        super().__init__()
        self.url = url
        import segno  # ~8 MB: imported by the prints that carry a code, not by every worker

        self.qr = segno.make(url, error="m", micro=False)
        self.size = size
        self.width = self.height = size

    def draw(self):
        rows = list(self.qr.matrix_iter(scale=1, border=2))
        module = self.size / len(rows)
        self.canv.setFillColor(colors.black)
        for r, row in enumerate(rows):
            for c, dark in enumerate(row):
                if dark:
                    y = self.size - (r + 1) * module
                    self.canv.rect(c * module, y, module, module, stroke=0, fill=1)
        self.canv.linkURL(self.url, (0, 0, self.size, self.size), relative=1)


def pdf_response(buffer, filename: str) -> HttpResponse:
    """Send a built PDF as a download (attachment; RFC 6266 name for Chinese file names)."""
    data = buffer.getvalue() if hasattr(buffer, "getvalue") else bytes(buffer)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
