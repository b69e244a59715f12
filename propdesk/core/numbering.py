"""Gap-free record numbers per (scheme, site, year), e.g. TS-2026-000123. R-FM-3.

The counter row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers
with IMMEDIATE transactions), so two concurrent callers can never get the same number,
and because the increment happens inside the caller's transaction a rolled-back record
gives its number back: no gaps.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import NumberCounter


def number_next(*, scheme: str, site_id: int | None = None, year: int | None = None) -> str:
    """Issue the next number of `scheme` for the site and year; call inside the creating transaction."""
    year = year or timezone.localdate().year
    site_key = site_id or 0
    with transaction.atomic():
        counter = _locked_counter(scheme, site_key, year)
        NumberCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        counter.refresh_from_db(fields=["last"])
    return f"{scheme}-{year}-{counter.last:06d}"


def _locked_counter(scheme: str, site_key: int, year: int) -> NumberCounter:
    qs = NumberCounter.objects.select_for_update()
    counter = qs.filter(scheme=scheme, site_id=site_key, year=year).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            NumberCounter.objects.create(scheme=scheme, site_id=site_key, year=year)
    except IntegrityError:
        pass  # another transaction created it first; lock theirs
    return qs.get(scheme=scheme, site_id=site_key, year=year)
