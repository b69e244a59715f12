"""Borrowing archive records (档案借阅): request, approvals, lending, return. R-AR-5.

Who approves a request (the "head" step), by the borrower's role — the first that applies:
the GM for a centre manager or the GM; the centre manager for a CS manager or a department head;
the head of the borrower's own department for department staff; the CS manager for desk staff
(agents and shift leads). A confidential record needs the centre manager as well, an outside body
the GM as well. One approval fills every step its approver may sign (a centre manager approving a
CS manager's request for a confidential record signs both steps). Nobody approves their own
request. Approvers act only on requests of their sites.

Lending: the archivist hands over an approved request (never two loans of one record out at a
time, never after the due date); the borrower then reads the record and opens its files until the
due date. Taking back records whether it came back intact, or a damage note. Every step is an
event on the loan; handing over and taking back are also on the record's timeline.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, visible_site_ids
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.numbering import number_next
from propdesk.core.statemachine import STALE_MESSAGE, transition_apply
from propdesk.core.text import optional_text, require_text
from propdesk.people.roles import Role

from ..models import ArchiveLoan, ArchiveLoanRenewal, ArchiveRecord
from ..workflow import DESK_STAFF, LOAN_FLOW, RENEWAL_FLOW, REQUESTERS

MAX_DAYS = 90
LOAN_SCHEME = "DA-JY"


def _fail(field: str, message):
    return InvalidInput(message, fields={field: message})


def _sees_site(user, site_id: int) -> bool:
    ids = visible_site_ids(user)
    return ids is None or site_id in ids


def record_for_request(user, number: str) -> ArchiveRecord:
    """The filed record `number` at one of the user's sites, or a clear refusal."""
    number = (number or "").strip().upper()[:24]
    if not number:
        raise _fail("record", _("Give the number of the archive record."))
    record = ArchiveRecord.objects.filter(number=number, state=ArchiveRecord.State.FILED).first()
    if record is None or not _sees_site(user, record.site_id):
        raise _fail("record", _("No archive record with this number at your sites."))
    return record


@transaction.atomic
def loan_request(
    *,
    actor,
    record: ArchiveRecord,
    mode: str,
    purpose: str,
    due_date,
    outside_body: str = "",
    contact: str = "",
) -> ArchiveLoan:
    """Ask to read on site, borrow or copy a record; it waits for its approvals. R-AR-5."""
    require_role(actor, REQUESTERS)
    if record is None or not _sees_site(actor, record.site_id):
        raise _fail("record", _("No archive record with this number at your sites."))
    if record.state != ArchiveRecord.State.FILED:
        raise _fail("record", _("This record can no longer be borrowed."))
    if mode not in ArchiveLoan.Mode.values:
        raise _fail("mode", _("Choose how the record is used: read on site, borrow or copy."))
    purpose = require_text(purpose, "purpose", _("Say what the record is needed for."), 500)
    today = timezone.localdate()
    if due_date is None:
        raise _fail("due_date", _("Give the date it comes back."))
    if not today <= due_date <= today + timedelta(days=MAX_DAYS):
        raise _fail(
            "due_date",
            _("The due date is between today and %(n)d days from now.") % {"n": MAX_DAYS},
        )
    outside_body = optional_text(outside_body, "outside_body", 100)
    contact = optional_text(contact, "contact", 60)
    loan = ArchiveLoan.objects.create(
        number=number_next(scheme=LOAN_SCHEME, year=today.year),
        record=record,
        site_id=record.site_id,
        borrower=actor,
        mode=mode,
        purpose=purpose,
        due_date=due_date,
        outside_body=outside_body,
        contact=contact,
    )
    event_record(target=loan, code="requested", actor=actor, data={"record": record.number})
    return loan


def _head_ok(approver, borrower) -> bool:
    if borrower.has_any_role({Role.CENTRE_MANAGER, Role.GM}):
        return approver.has_any_role({Role.GM})
    if borrower.has_any_role({Role.CS_MANAGER, Role.DEPT_HEAD}):
        return approver.has_any_role({Role.CENTRE_MANAGER})
    if borrower.has_any_role({Role.DEPT_STAFF}):
        profile = getattr(borrower, "staff", None)
        dept = getattr(profile, "department", None)
        return dept is not None and dept.head_id == approver.pk
    if borrower.has_any_role(DESK_STAFF):
        return approver.has_any_role({Role.CS_MANAGER})
    return approver.has_any_role({Role.GM})


def steps_for(approver, loan) -> list[str]:
    """The pending approval steps of `loan` (or of its renewal, which needs the same steps) that
    `approver` may sign (none for the borrower)."""
    if approver.pk == loan.borrower_id or not _sees_site(approver, loan.site_id):
        return []
    steps = []
    if loan.head_approved_at is None and _head_ok(approver, loan.borrower):
        steps.append("head")
    if (
        loan.needs_centre
        and loan.centre_approved_at is None
        and approver.has_any_role({Role.CENTRE_MANAGER})
    ):
        steps.append("centre")
    if loan.needs_gm and loan.gm_approved_at is None and approver.has_any_role({Role.GM}):
        steps.append("gm")
    return steps


def _require_approver(actor, loan: ArchiveLoan) -> list[str]:
    LOAN_FLOW.check_role(action="approve", user=actor)
    if actor.pk == loan.borrower_id:
        raise NotAllowed(_("Nobody approves their own request."), code="self_approval")
    steps = steps_for(actor, loan)
    if not steps:
        raise NotAllowed(_("This request waits for another approver."), code="not_approver")
    return steps


def missing_steps(loan) -> list[str]:
    missing = [] if loan.head_approved_at else ["head"]
    if loan.needs_centre and not loan.centre_approved_at:
        missing.append("centre")
    if loan.needs_gm and not loan.gm_approved_at:
        missing.append("gm")
    return missing


@transaction.atomic
def loan_approve(*, actor, loan: ArchiveLoan, note: str = "", version: int | None = None):
    """Sign every pending step the actor may sign; the last one approves the request."""
    steps = _require_approver(actor, loan)
    now = timezone.now()
    changes = {}
    for step in steps:
        changes[f"{step}_approved_by"] = actor
        changes[f"{step}_approved_at"] = now
        setattr(loan, f"{step}_approved_at", now)
    if not missing_steps(loan):
        changes["state"] = ArchiveLoan.State.APPROVED
    if note:
        changes["decision_note"] = note.strip()[:500]
    transition_apply(
        obj=loan,
        machine=LOAN_FLOW,
        action="approve",
        actor=actor,
        changes=changes,
        data={"steps": steps},
        note=note.strip()[:500],
        expected_version=version,
    )
    return loan


@transaction.atomic
def loan_refuse(*, actor, loan: ArchiveLoan, note: str, version: int | None = None):
    LOAN_FLOW.check_role(action="refuse", user=actor)
    _require_approver(actor, loan)
    note = (note or "").strip()
    if not note:
        raise _fail("note", _("Say why the request is refused."))
    transition_apply(
        obj=loan,
        machine=LOAN_FLOW,
        action="refuse",
        actor=actor,
        changes={"decision_note": note[:500]},
        note=note[:500],
        expected_version=version,
    )
    return loan


@transaction.atomic
def loan_cancel(*, actor, loan: ArchiveLoan, version: int | None = None):
    if actor.pk != loan.borrower_id:
        raise NotAllowed(_("Only the borrower withdraws a request."), code="not_borrower")
    transition_apply(
        obj=loan, machine=LOAN_FLOW, action="cancel", actor=actor, expected_version=version
    )
    return loan


@transaction.atomic
def loan_lend(*, actor, loan: ArchiveLoan, version: int | None = None):
    """Hand the record over (the archivist) to an approved request."""
    LOAN_FLOW.check_role(action="lend", user=actor)
    if actor.pk == loan.borrower_id:
        raise NotAllowed(_("Nobody hands a record over to themselves."), code="self_lend")
    out = (
        ArchiveLoan.objects.select_for_update()
        .filter(record_id=loan.record_id, state=ArchiveLoan.State.LENT)
        .exclude(pk=loan.pk)
        .first()
    )
    if out is not None:
        raise Conflict(
            _("This record is out on loan %(number)s until %(due)s.")
            % {"number": out.number, "due": out.due_date.isoformat()},
            code="already_lent",
        )
    if loan.due_date < timezone.localdate():
        raise Conflict(_("The due date has passed; the borrower asks again."), code="past_due")
    if loan.record.state != ArchiveRecord.State.FILED:
        raise Conflict(_("This record can no longer be borrowed."), code="not_filed")
    transition_apply(
        obj=loan,
        machine=LOAN_FLOW,
        action="lend",
        actor=actor,
        changes={"lent_by": actor, "lent_at": timezone.now()},
        expected_version=version,
    )
    event_record(
        target=loan.record,
        code="lent",
        actor=actor,
        data={"loan": loan.number, "borrower": loan.borrower_id, "mode": loan.mode},
    )
    return loan


@transaction.atomic
def loan_take_back(
    *, actor, loan: ArchiveLoan, intact: bool, damage_note: str = "", version: int | None = None
):
    """Take the record back (the archivist): intact, or with a note of the damage."""
    LOAN_FLOW.check_role(action="take_back", user=actor)
    damage_note = optional_text(damage_note, "damage_note", 500)
    if not intact and not damage_note:
        raise _fail("damage_note", _("Describe the damage."))
    transition_apply(
        obj=loan,
        machine=LOAN_FLOW,
        action="take_back",
        actor=actor,
        changes={
            "returned_by": actor,
            "returned_at": timezone.now(),
            "returned_intact": bool(intact),
            "damage_note": "" if intact else damage_note,
        },
        data={"intact": bool(intact)},
        note="" if intact else damage_note,
        expected_version=version,
    )
    event_record(
        target=loan.record,
        code="returned",
        actor=actor,
        data={"loan": loan.number, "intact": bool(intact)},
        note="" if intact else damage_note,
    )
    return loan


# Renewals (续借) and overdue reminders ----------------------------------------------------------


def renewal_pending(loan: ArchiveLoan):
    return loan.renewals.filter(state=ArchiveLoanRenewal.State.REQUESTED).first()


@transaction.atomic
def loan_renew_request(
    *, actor, loan: ArchiveLoan, new_due_date, reason: str, version: int | None = None
) -> ArchiveLoanRenewal:
    """The borrower asks to keep a lent record until `new_due_date`; approved as the loan was."""
    if actor.pk != loan.borrower_id:
        raise NotAllowed(_("Only the borrower asks for a renewal."), code="not_borrower")
    LOAN_FLOW.check(action="renew", state=loan.state, user=actor)
    reason = require_text(reason, "reason", _("Say why the record is needed longer."), 500)
    if new_due_date is None:
        raise _fail("new_due_date", _("Give the new date it comes back."))
    today = timezone.localdate()
    if new_due_date <= max(loan.due_date, today) or new_due_date > today + timedelta(days=MAX_DAYS):
        raise _fail(
            "new_due_date",
            _(
                "The new due date is after the present one (%(due)s) and at most %(n)d days "
                "from now."
            )
            % {"due": loan.due_date.isoformat(), "n": MAX_DAYS},
        )
    ArchiveLoan.objects.select_for_update().filter(pk=loan.pk).first()
    if renewal_pending(loan) is not None:
        raise Conflict(_("A renewal of this loan already waits for approval."), code="pending")
    renewal = ArchiveLoanRenewal.objects.create(
        loan=loan, old_due_date=loan.due_date, new_due_date=new_due_date, reason=reason
    )
    transition_apply(
        obj=loan,
        machine=LOAN_FLOW,
        action="renew",
        actor=actor,
        data={"renewal": renewal.pk, "due": new_due_date.isoformat()},
        note=reason,
        expected_version=version,
    )
    return renewal


def _renewal_update(renewal: ArchiveLoanRenewal, version, **values) -> None:
    version = renewal.version if version is None else version
    updated = ArchiveLoanRenewal.objects.filter(
        pk=renewal.pk, version=version, state=ArchiveLoanRenewal.State.REQUESTED
    ).update(version=F("version") + 1, **values)
    if updated != 1:
        raise Conflict(STALE_MESSAGE, code="stale")
    for k, v in values.items():
        setattr(renewal, k, v)
    renewal.version = version + 1


def _require_renewal_approver(actor, renewal: ArchiveLoanRenewal, action: str) -> list[str]:
    RENEWAL_FLOW.check(action=action, state=renewal.state, user=actor)
    if actor.pk == renewal.borrower_id:
        raise NotAllowed(_("Nobody approves their own request."), code="self_approval")
    steps = steps_for(actor, renewal)
    if not steps:
        raise NotAllowed(_("This request waits for another approver."), code="not_approver")
    return steps


@transaction.atomic
def loan_renew_approve(
    *, actor, renewal: ArchiveLoanRenewal, note: str = "", version: int | None = None
) -> ArchiveLoanRenewal:
    """Sign the renewal's steps the actor may sign; the last one moves the loan's due date."""
    steps = _require_renewal_approver(actor, renewal, "approve")
    note = optional_text(note, "note", 500)
    now = timezone.now()
    values = {}
    for step in steps:
        values[f"{step}_approved_by"] = actor
        values[f"{step}_approved_at"] = now
        setattr(renewal, f"{step}_approved_at", now)
    done = not missing_steps(renewal)
    if done:
        values["state"] = ArchiveLoanRenewal.State.APPROVED
    if note:
        values["decision_note"] = note
    _renewal_update(renewal, version, **values)
    loan = renewal.loan
    event_record(
        target=loan,
        code="renewal_approved",
        actor=actor,
        data={"renewal": renewal.pk, "steps": steps},
        note=note,
    )
    if done:
        moved = ArchiveLoan.objects.filter(pk=loan.pk, state=ArchiveLoan.State.LENT).update(
            due_date=renewal.new_due_date, reminded_on=None, version=F("version") + 1
        )
        if moved != 1:
            raise Conflict(_("The record is no longer out on this loan."), code="not_lent")
        loan.due_date, loan.reminded_on, loan.version = renewal.new_due_date, None, loan.version + 1
        event_record(
            target=loan,
            code="renewed",
            actor=actor,
            data={"from": renewal.old_due_date.isoformat(), "to": renewal.new_due_date.isoformat()},
        )
    return renewal


@transaction.atomic
def loan_renew_refuse(
    *, actor, renewal: ArchiveLoanRenewal, note: str, version: int | None = None
) -> ArchiveLoanRenewal:
    _require_renewal_approver(actor, renewal, "refuse")
    note = require_text(note, "note", _("Say why the request is refused."), 500)
    _renewal_update(renewal, version, state=ArchiveLoanRenewal.State.REFUSED, decision_note=note)
    event_record(
        target=renewal.loan,
        code="renewal_refused",
        actor=actor,
        data={"renewal": renewal.pk},
        note=note,
    )
    return renewal


def overdue_sweep(day=None) -> int:
    """The scheduler's daily turn: remind the borrower and the archivists of every overdue loan,
    once per day per loan (the guarded UPDATE of `reminded_on` claims the day). Returns how many
    loans were reminded."""
    from propdesk.notify.services import notify
    from propdesk.people.models import User
    from propdesk.records.common import recipients_language

    day = day or timezone.localdate()
    due = ArchiveLoan.objects.filter(state=ArchiveLoan.State.LENT, due_date__lt=day).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=day)
    )
    archivists = list(User.objects.filter(is_active=True, groups__name="archivist").distinct())
    sent = 0
    for loan in due.select_related("record", "borrower").iterator():
        with transaction.atomic():
            claimed = (
                ArchiveLoan.objects.filter(pk=loan.pk, state=ArchiveLoan.State.LENT)
                .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=day))
                .update(reminded_on=day)
            )
            if not claimed:
                continue  # another runner reminded it today
            days = (day - loan.due_date).days
            with recipients_language():
                title = str(
                    _("Archive loan %(number)s is %(days)d days overdue: %(record)s")
                    % {"number": loan.number, "days": days, "record": loan.record.number}
                )
                notify(
                    recipients=[loan.borrower, *archivists],
                    code="archive_overdue",
                    title=title,
                    body=loan.record.title,
                    url=reverse("archives:loan-detail", args=[loan.pk]),
                    site_id=loan.site_id,
                    dedupe_key=f"archive-overdue-{loan.pk}-{day.isoformat()}",
                )
            event_record(target=loan, code="overdue_reminder", data={"days": days})
            sent += 1
    return sent
