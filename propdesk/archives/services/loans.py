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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, visible_site_ids
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.numbering import number_next
from propdesk.core.statemachine import transition_apply
from propdesk.core.text import optional_text, require_text
from propdesk.people.roles import Role

from ..models import ArchiveLoan, ArchiveRecord
from ..workflow import DESK_STAFF, LOAN_FLOW, REQUESTERS

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


def steps_for(approver, loan: ArchiveLoan) -> list[str]:
    """The pending approval steps of `loan` that `approver` may sign (none for the borrower)."""
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


def missing_steps(loan: ArchiveLoan) -> list[str]:
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
