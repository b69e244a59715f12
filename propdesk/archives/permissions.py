"""Who sees and changes archive records (SECURITY.md §c). Out of scope → 404."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import get_or_404, scope_queryset, visible_site_ids
from propdesk.core.exceptions import NotAllowed

from .models import ArchiveIntake, ArchiveLoan, ArchiveRecord, DestructionBatch, InspectionRound
from .workflow import APPROVERS, ARCHIVISTS, READERS, REQUESTERS


def is_reader(user) -> bool:
    return bool(user.is_active and user.has_any_role(READERS))


def is_archivist(user) -> bool:
    return bool(user.is_active and not user.is_read_only and user.has_any_role(ARCHIVISTS))


def require_reader(user) -> None:
    if not is_reader(user):
        raise NotAllowed()


def active_loans(user) -> QuerySet[ArchiveLoan]:
    """The user's loans that are handed over and not yet due: read access until the due date
    (SECURITY.md §c rule 5, time-boxed grants)."""
    return ArchiveLoan.objects.filter(
        borrower_id=user.pk, state=ArchiveLoan.State.LENT, due_date__gte=timezone.localdate()
    )


def record_scope(user) -> QuerySet[ArchiveRecord]:
    """Archive records of the user's sites (every site for the archivist, GM and auditor); for
    anyone else, the records lent to them until the due date."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ArchiveRecord.objects.none()
    if not is_reader(user):
        return ArchiveRecord.objects.filter(pk__in=active_loans(user).values("record_id"))
    return scope_queryset(ArchiveRecord.objects.all(), user)


def record_get_for_user(user, pk: int) -> ArchiveRecord:
    qs = record_scope(user).select_related("archive_class", "site", "unit", "custodian")
    return get_or_404(qs, pk=pk)


def may_open_files(user, record: ArchiveRecord) -> bool:
    """A confidential record's electronic files are opened by its archivists only; every other
    reader needs an approved loan (R-AR-5)."""
    if record.secrecy != ArchiveRecord.Secrecy.CONFIDENTIAL or user.has_any_role(ARCHIVISTS):
        return True
    return active_loans(user).filter(record=record).exists()


def require_open_files(user, record: ArchiveRecord) -> None:
    if not may_open_files(user, record):
        raise NotAllowed(
            _("The files of a confidential record are opened only during an approved loan."),
            code="confidential",
        )


def may_request(user) -> bool:
    return bool(user.is_active and not user.is_read_only and user.has_any_role(REQUESTERS))


def loan_scope(user) -> QuerySet[ArchiveLoan]:
    """Loans the user may see: every loan for the archivist, GM and auditor; those of their sites
    for the CS and centre managers; a department head's own and their department's; everyone
    else their own requests only."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ArchiveLoan.objects.none()
    qs = ArchiveLoan.objects.all()
    ids = visible_site_ids(user)
    if user.has_any_role(READERS):
        return qs if ids is None else qs.filter(site_id__in=ids)
    if user.has_any_role(APPROVERS):  # department heads
        return qs.filter(
            Q(borrower_id=user.pk)
            | Q(borrower__staff__department__head_id=user.pk, site_id__in=ids or ())
        )
    return qs.filter(borrower_id=user.pk)


def loan_get_for_user(user, pk: int) -> ArchiveLoan:
    qs = loan_scope(user).select_related(
        "record__archive_class",
        "site",
        "borrower",
        "head_approved_by",
        "centre_approved_by",
        "gm_approved_by",
        "lent_by",
        "returned_by",
    )
    return get_or_404(qs, pk=pk)


def intake_scope(user) -> QuerySet[ArchiveIntake]:
    """The intake queue is read by the readers of archive records, within their sites."""
    if not is_reader(user):
        return ArchiveIntake.objects.none()
    return scope_queryset(ArchiveIntake.objects.all(), user)


def intake_get_for_user(user, pk: int) -> ArchiveIntake:
    qs = intake_scope(user).select_related("site", "suggested_class", "record", "offered_by")
    return get_or_404(qs, pk=pk)


def round_scope(user) -> QuerySet[InspectionRound]:
    if not is_reader(user):
        return InspectionRound.objects.none()
    return scope_queryset(InspectionRound.objects.all(), user)


def round_get_for_user(user, pk: int) -> InspectionRound:
    qs = round_scope(user).select_related("site", "closed_by", "countersigned_by")
    return get_or_404(qs, pk=pk)


def batch_scope(user) -> QuerySet[DestructionBatch]:
    if not is_reader(user):
        return DestructionBatch.objects.none()
    return scope_queryset(DestructionBatch.objects.all(), user)


def batch_get_for_user(user, pk: int) -> DestructionBatch:
    qs = batch_scope(user).select_related(
        "site", "proposed_by", "csm_approved_by", "pcm_approved_by", "destroyed_by"
    )
    return get_or_404(qs, pk=pk)
