"""Reads of the archives: the ledger filtered in the database, a record's timeline and files."""

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from propdesk.core.access import narrow_to_site

from .models import ArchiveClass, ArchiveIntake, ArchiveLoan, ArchiveRecord, InspectionLine
from .permissions import intake_scope, loan_scope, record_scope, round_scope

LOAN_VIEWS = ("mine", "waiting", "out", "overdue")


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


def loan_list_for_user(
    user, *, site_id: int | None = None, show: str = "", state: str = "", q: str = ""
) -> QuerySet[ArchiveLoan]:
    """Loans the user may see; `show`: mine, waiting (for approval), out (lent), overdue."""
    qs = narrow_to_site(loan_scope(user), site_id)
    today = timezone.localdate()
    L = ArchiveLoan.State
    if show == "mine":
        qs = qs.filter(borrower_id=user.pk)
    elif show == "waiting":
        qs = qs.filter(state=L.REQUESTED).exclude(borrower_id=user.pk)
    elif show == "out":
        qs = qs.filter(state=L.LENT)
    elif show == "overdue":
        qs = qs.filter(state=L.LENT, due_date__lt=today)
    if state:
        qs = qs.filter(state=state)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(record__number__icontains=q))
    qs = qs.select_related("record", "site", "borrower")
    return qs.order_by("due_date", "id") if show in ("out", "overdue") else qs


def loans_of_record(record: ArchiveRecord) -> QuerySet[ArchiveLoan]:
    return record.loans.select_related("borrower").order_by("-created_at", "-id")


def intake_list_for_user(
    user, *, site_id: int | None = None, state: str = ArchiveIntake.State.WAITING
) -> QuerySet[ArchiveIntake]:
    """The intake queue, oldest first (what has waited longest is filed first)."""
    qs = narrow_to_site(intake_scope(user), site_id)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("site", "suggested_class", "record").order_by("received_at", "id")


def round_list_for_user(user, *, site_id: int | None = None):
    return narrow_to_site(round_scope(user), site_id).select_related("site", "closed_by")


def lines_of(rnd, *, result: str = "") -> QuerySet[InspectionLine]:
    qs = rnd.lines.select_related("record", "checked_by")
    if result == "bad_files":
        return qs.filter(files_ok=False)
    return qs.filter(result=result) if result else qs


def _missing_items():
    """The active required items of the outer record's class that the record has not ticked."""
    from .models import ChecklistItem, ChecklistTick

    ticked = ChecklistTick.objects.filter(
        record_id=OuterRef(OuterRef("pk")), item_id=OuterRef("pk")
    )
    return ChecklistItem.objects.filter(
        archive_class_id=OuterRef("archive_class_id"), active=True
    ).exclude(Exists(ticked))


def incomplete_list_for_user(
    user, *, site_id: int | None = None, q: str = "", archive_class: int | None = None
) -> QuerySet[ArchiveRecord]:
    """Filed records of the user's sites that lack a required item of their class (R-AR-1), with
    how many are missing (`missing`); one query, filtered in the database, oldest first."""
    missing = (
        _missing_items()
        .order_by()
        .values("archive_class_id")
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    qs = record_list_for_user(user, site_id=site_id, q=q, archive_class=archive_class)
    return (
        qs.filter(state=ArchiveRecord.State.FILED)
        .filter(Exists(_missing_items()))
        .annotate(missing=Subquery(missing, output_field=IntegerField()))
        .order_by("created_at", "id")
    )


DESK_ROWS = 10  # each panel of the desk shows the first ten; its list page has the rest


def desk_for_user(user, *, site_id: int | None = None) -> dict:
    """The archivist's desk: intake waiting (oldest first, with ages), loans due in three days
    and overdue, approved loans to hand over, inspections in progress with what is left to
    check, destruction batches awaiting approval or execution. A fixed number of queries."""
    from datetime import timedelta

    from django.db.models import Count, Q
    from django.utils import timezone

    from propdesk.core.access import narrow_to_site

    from .models import ArchiveIntake, ArchiveLoan, DestructionBatch, InspectionLine
    from .permissions import batch_scope, intake_scope, loan_scope, round_scope

    today = timezone.localdate()
    L = ArchiveLoan.State

    def narrow(qs):
        return narrow_to_site(qs, site_id) if site_id else qs

    intake = narrow(intake_scope(user).filter(state=ArchiveIntake.State.WAITING))
    loans = narrow(loan_scope(user)).select_related("record", "borrower")
    lent = loans.filter(state=L.LENT)
    overdue = lent.filter(due_date__lt=today).order_by("due_date", "id")
    due_soon = lent.filter(due_date__gte=today, due_date__lte=today + timedelta(days=3))
    to_hand = loans.filter(state=L.APPROVED).order_by("due_date", "id")
    rounds = (
        narrow(round_scope(user))
        .filter(state="open")
        .select_related("site")
        .annotate(
            total=Count("lines"),
            pending=Count("lines", filter=Q(lines__result=InspectionLine.Result.PENDING)),
        )
        .order_by("year", "quarter", "site__name")
    )
    batches = (
        narrow(batch_scope(user))
        .filter(state__in=(DestructionBatch.State.PROPOSED, DestructionBatch.State.APPROVED))
        .select_related("site")
        .annotate(n=Count("records"))
        .order_by("proposed_at", "id")
    )
    return {
        "intake": list(intake.select_related("site").order_by("received_at", "id")[:DESK_ROWS]),
        "intake_count": intake.count(),
        "overdue": list(overdue[:DESK_ROWS]),
        "overdue_count": overdue.count(),
        "due_soon": list(due_soon.order_by("due_date", "id")[:DESK_ROWS]),
        "to_hand": list(to_hand[:DESK_ROWS]),
        "rounds": list(rounds[:DESK_ROWS]),
        "batches": list(batches[:DESK_ROWS]),
        "today": today,
    }
