"""Paging done by the database: one COUNT and one slice, whatever the page size."""

from django.conf import settings
from django.core.paginator import Paginator


def page_of(request, qs, *, per_page: int | None = None):
    per_page = per_page or settings.PROPDESK["PAGE_SIZE"]
    raw = request.GET.get("size", "")
    if raw.isdigit():
        per_page = max(1, min(int(raw), settings.PROPDESK["MAX_PAGE_SIZE"]))
    return Paginator(qs, per_page).get_page(request.GET.get("page"))
