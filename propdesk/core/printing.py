"""PDF printing toolkit: A4 forms in Chinese with reportlab's built-in CJK font (no font files).

Every page carries the company logo and name in the header (R-FM-2) and the form name, record
number and template version (R-FM-7) with "page x of y" in the footer. Registers get a cover
page (R-FM-4). Every piece of user text is escaped before it reaches a reportlab Paragraph,
whose mini-markup would otherwise load images (`<img src>`), make links or change fonts
(SECURITY.md I6); the only file a build opens is the company logo, read through its storage.
"""

import io
from datetime import date, datetime

import segno
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
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

FONT = "STSong-Light"
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
HEADER_H = 16 * mm
FOOTER_H = 12 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
GRID = colors.HexColor("#666666")
SHADE = colors.HexColor("#eeeeee")


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _style(name: str, size: float, **kw) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=_font(), fontSize=size, leading=size * 1.4, wordWrap="CJK", **kw
    )


def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles in the CJK font: title, heading, body, cell, small."""
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


def escape(value) -> str:
    """Escape text for reportlab's Paragraph markup; newlines become line breaks."""
    text = text_of(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r\n", "\n").replace("\n", "<br/>")


def para(value, style: str = "body") -> Paragraph:
    """A Paragraph of user text, always escaped (I6). Pass Flowables around this, not markup."""
    return Paragraph(escape(value), styles()[style])


def _cell(value, style: str = "cell"):
    return value if isinstance(value, Flowable) else para(value, style)


def _logo_reader(company) -> ImageReader | None:
    """The company logo, read once through its storage (a directory or a bucket); None when unset
    or unreadable."""
    logo = getattr(company, "logo", None)
    if not logo:
        return None
    try:
        with logo.open("rb") as fh:
            return ImageReader(io.BytesIO(fh.read()))
    except (OSError, ValueError):
        return None


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
                PAGE_W - MARGIN, MARGIN - 8 * mm, self._footer_right(number, total)
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
        return " · ".join(parts)

    def _page_decor(self, canv, doc) -> None:
        """Header (logo and company name, R-FM-2) and footer (form, number, version, R-FM-7)."""
        canv.saveState()
        top = PAGE_H - MARGIN + 2 * mm
        x = MARGIN
        if self.logo is not None:
            w, h = self.logo.getSize()
            height = 10 * mm
            width = min(40 * mm, height * w / max(h, 1))
            canv.drawImage(self.logo, x, top - height, width, height, mask="auto")
            x += width + 3 * mm
        canv.setFont(FONT, 12)
        canv.drawString(x, top - 7 * mm, self.company_name)
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
    cells = [c for label, value in rows for c in (_cell(label), _cell(value))]
    width = 2 * columns
    cells += [""] * (-len(cells) % width)
    data = [cells[i : i + width] for i in range(0, len(cells), width)]
    table = Table(data, colWidths=[label_w, value_w] * columns)
    shaded = [("BACKGROUND", (2 * i, 0), (2 * i, -1), SHADE) for i in range(columns)]
    table.setStyle(TableStyle([*_grid(), *shaded]))
    return table


def _grid() -> list:
    return [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
    ]


def data_table(headers, rows, *, widths=None) -> Table:
    """A register table: the header row repeats on every page; cells wrap Chinese text.

    `widths` are fractions of the content width (e.g. `[0.2, 0.5, 0.3]`) or None for equal.
    """
    count = len(headers)
    fractions = widths or [1 / count] * count
    col_widths = [CONTENT_W * f / sum(fractions) for f in fractions]
    data = [[_cell(h) for h in headers]]
    data += [[_cell(v) for v in row] for row in rows]
    table = Table(data, colWidths=col_widths, repeatRows=1)
    table.setStyle(TableStyle([*_grid(), ("BACKGROUND", (0, 0), (-1, 0), SHADE)]))
    return table


def timeline_table(events) -> Table:
    """The record's timeline: `[(time, who, what), …]`."""
    headers = [_("Time"), _("By"), _("What happened")]
    return data_table(headers, events, widths=[0.22, 0.18, 0.6])


def signature_lines(entries) -> Table:
    """Signature block: `[(label, name, time), …]`; empty name or time leaves a line to sign on."""
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
    return table


class QRCode(Flowable):
    """A QR code (segno) of `url`, drawn as vector squares, clickable in PDF viewers."""

    def __init__(self, url: str, size: float = 28 * mm):
        super().__init__()
        self.url = url
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
