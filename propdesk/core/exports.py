"""Excel export of any list: title row, the filters used, export time, typed columns.

Any stored text is written safely: characters that XML (and so .xlsx) cannot hold are dropped
(control characters stored before the input rule of `core.text`; openpyxl would refuse the whole
file), and user text is never a formula (SECURITY.md I6): a string that a spreadsheet would
evaluate (`= + - @`, tab) is a text cell with Excel's quote prefix (the hidden apostrophe), so it
stays text even when someone edits the cell.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .text import text_strip_unprintable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    label: str
    width: int = 14
    number_format: str | None = None


def _cell(ws, value, cell_class):
    """One write-only cell (`cell_class`: openpyxl's WriteOnlyCell, imported by the writer)."""
    if isinstance(value, datetime):
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
    if isinstance(value, str):
        value = text_strip_unprintable(value)
    cell = cell_class(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # keep it literal text, never a formula
        cell.quotePrefix = True
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def xlsx_write(
    fh, *, title: str, filters: dict, columns: Sequence[Column], rows: Iterable[Sequence]
) -> int:
    """Stream `rows` into an .xlsx in `fh` (write-only mode keeps memory flat); returns row count."""
    # openpyxl (~15 MB, 0.1 s) is imported when a file is written, not by every web worker
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    for i, col in enumerate(columns):
        ws.column_dimensions[get_column_letter(i + 1)].width = col.width
    head = WriteOnlyCell(ws, value=title)
    head.font = Font(bold=True, size=14)
    ws.append([head])
    described = "；".join(f"{k}：{v}" for k, v in filters.items() if v not in (None, "")) or _(
        "none"
    )
    ws.append([_cell(ws, _("Filters: %(filters)s") % {"filters": described}, WriteOnlyCell)])
    exported = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    ws.append([_cell(ws, _("Exported at %(time)s") % {"time": exported}, WriteOnlyCell)])
    header = []
    for col in columns:
        c = WriteOnlyCell(ws, value=str(col.label))
        c.font = Font(bold=True)
        header.append(c)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([_cell(ws, v, WriteOnlyCell) for v in row])
        count += 1
    wb.save(fh)
    return count


def xlsx_response(*, filename: str, **kwargs) -> HttpResponse:
    buf = BytesIO()
    xlsx_write(buf, **kwargs)
    response = HttpResponse(buf.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
