"""Reads of the archives: the ledger filtered in the database, a record's timeline and files."""

from django.db.models import Q, QuerySet

from propdesk.core.access import narrow_to_site

from .models import ArchiveClass, ArchiveRecord
from .permissions import record_scope


def record_list_for_user(
    user,
    *,
    site_id: int | None = None,
    q: str = "",
    archive_class: int | None = None,
    media: str = "",
    secrecy: str = "",
    year: int | None = None,
) -> QuerySet[ArchiveRecord]:
    """The archive ledger of the user's sites, newest first; every filter is a WHERE clause."""
    qs = narrow_to_site(record_scope(user), site_id)
    if archive_class:
        qs = qs.filter(
            Q(archive_class_id=archive_class) | Q(archive_class__parent_id=archive_class)
        )
    if media:
        qs = qs.filter(media=media)
    if secrecy:
        qs = qs.filter(secrecy=secrecy)
    if year:
        qs = qs.filter(year=year)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(box__icontains=q))
    return qs.select_related("archive_class", "site", "unit", "custodian")


def class_choices() -> QuerySet[ArchiveClass]:
    return ArchiveClass.objects.filter(active=True).select_related("parent")
