"""Who sees and changes archive records (SECURITY.md §c). Out of scope → 404."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import get_or_404, scope_queryset
from propdesk.core.exceptions import NotAllowed

from .models import ArchiveRecord
from .workflow import ARCHIVISTS, READERS


def is_reader(user) -> bool:
    return bool(user.is_active and user.has_any_role(READERS))


def is_archivist(user) -> bool:
    return bool(user.is_active and not user.is_read_only and user.has_any_role(ARCHIVISTS))


def require_reader(user) -> None:
    if not is_reader(user):
        raise NotAllowed()


def record_scope(user) -> QuerySet[ArchiveRecord]:
    """Archive records of the user's sites (every site for the archivist, GM and auditor)."""
    if not is_reader(user):
        return ArchiveRecord.objects.none()
    return scope_queryset(ArchiveRecord.objects.all(), user)


def record_get_for_user(user, pk: int) -> ArchiveRecord:
    qs = record_scope(user).select_related("archive_class", "site", "unit", "custodian")
    return get_or_404(qs, pk=pk)


def may_open_files(user, record: ArchiveRecord) -> bool:
    """A confidential record's electronic files are opened by its archivists only; every other
    reader needs an approved loan (R-AR-5)."""
    if record.secrecy != ArchiveRecord.Secrecy.CONFIDENTIAL:
        return True
    return user.has_any_role(ARCHIVISTS)


def require_open_files(user, record: ArchiveRecord) -> None:
    if not may_open_files(user, record):
        raise NotAllowed(
            _("The files of a confidential record are opened only during an approved loan."),
            code="confidential",
        )
