"""Gap-free record numbers per (scheme, site, year), e.g. TS-2026-000123. R-FM-3.

The counter row is incremented with one `UPDATE … RETURNING`: the update locks the row until the
caller's transaction ends (PostgreSQL row lock; SQLite serialises writers with IMMEDIATE
transactions), so two concurrent callers can never get the same number, and because the increment
happens inside the caller's transaction a rolled-back record gives its number back: no gaps.
One statement, not lock + update + re-read, because the lock is held until commit and every
create of a site waits on it.
"""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import NumberCounter

_BUMP = (
    "UPDATE core_numbercounter SET last = last + 1"
    " WHERE scheme = %s AND site_id = %s AND year = %s RETURNING last"
)


def number_next(*, scheme: str, site_id: int | None = None, year: int | None = None) -> str:
    """Issue the next number of `scheme` for the site and year; call inside the creating transaction."""
    year = year or timezone.localdate().year
    key = [scheme, site_id or 0, year]
    last = _bump(key)
    if last is None:  # the first number of this scheme, site and year
        try:
            with transaction.atomic():
                NumberCounter.objects.create(scheme=scheme, site_id=key[1], year=year)
        except IntegrityError:
            pass  # another transaction created it first; its row is bumped below
        last = _bump(key)
    return f"{scheme}-{year}-{last:06d}"


def _bump(key: list) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(_BUMP, key)
        row = cursor.fetchone()
    return row[0] if row else None
