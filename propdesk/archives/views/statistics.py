"""The archive statistics page, its Excel export and its print (R-AR-6), for the readers of archive records
(the archivist, the CS and centre managers, the GM, the auditor), over their sites."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from propdesk.core.exports import Column, xlsx_response
from propdesk.core.printing import pdf_response
from propdesk.core.sites import current_site_id
from propdesk.orgs.models import Site

from ..printing import statistics_pdf
from ..statistics import archive_statistics, statistics_rows
from .common import archives_page


def _year(request) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def _stats(request):
    return archive_statistics(request.user, site_id=current_site_id(request), year=_year(request))


@require_GET
@archives_page
def statistics(request):
    return render(
        request, "archives/statistics.html", {"s": _stats(request), "year": _year(request)}
    )


@require_GET
@archives_page
def statistics_export(request):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        filename=f"archive-statistics-{stamp}.xlsx",
        title=_("Archive statistics"),
        filters={_("Year"): _year(request) or ""},
        columns=[
            Column(pgettext("statistics", "Section"), 20),
            Column(pgettext("statistics", "Item"), 30),
            Column(_("Count"), 10),
        ],
        rows=statistics_rows(_stats(request)),
    )


@require_GET
@archives_page
def statistics_print(request):
    """The same figures as the page (same user, site and year), printed with a cover page."""
    site_id = current_site_id(request)
    site = Site.objects.select_related("company").filter(pk=site_id).first() if site_id else None
    year = _year(request)
    buffer = statistics_pdf(_stats(request), site=site, year=year)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return pdf_response(buffer, f"{_('Archive statistics')}-{stamp}.pdf")
