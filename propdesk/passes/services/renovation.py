"""Renovation writes: submit, review, works, inspections, extension, acceptance, deposit. R-FD-2."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.attachments import attachment_add
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.numbering import number_next
from propdesk.core.statemachine import transition_apply

from ..models import Renovation, RenovationInspection
from ..permissions import require_desk
from ..search import search_index
from ..selectors import rules_for_site, unit_owners
from ..validators import clean_phone
from ..workflow import RENOVATION_FLOW
from .common import add_working_days, future_date, money, optional_text, require_site, require_text

R = Renovation.State
OPEN_STATES = (
    R.SUBMITTED,
    R.RETURNED,
    R.APPROVED,
    R.IN_PROGRESS,
    R.SUSPENDED,
    R.AWAITING_ACCEPTANCE,
)
MAX_DURATION_DAYS = 366
PHOTO_KINDS = ("jpeg", "png", "webp")
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _check_owner(unit, owner) -> None:
    if owner is None or not unit_owners(unit).filter(resident=owner).exists():
        raise InvalidInput(
            _("Choose the owner of this unit as registered in the directory."),
            code="not_owner",
            fields={"owner": _("Not an owner of the unit.")},
        )


def _check_period(start: date, end: date) -> None:
    future_date(start, "start_date", label=_("start date"))
    if not isinstance(end, date) or end < start:
        raise InvalidInput(
            _("The end date must be on or after the start date."),
            code="bad_period",
            fields={"end_date": _("On or after the start date.")},
        )
    if (end - start).days > MAX_DURATION_DAYS:
        raise InvalidInput(
            _("A renovation lasts at most a year; apply for an extension later."),
            code="bad_period",
            fields={"end_date": _("At most a year after the start.")},
        )


def _parties(d: dict) -> dict:
    kind = d.get("applicant_kind") or Renovation.Applicant.OWNER
    if kind not in Renovation.Applicant.values:
        raise InvalidInput(_("Choose who applies."), fields={"applicant_kind": _("Required.")})
    if kind == Renovation.Applicant.CONTRACTOR and not d.get("owner_authorised"):
        raise InvalidInput(
            _("A contractor applies only with the owner's written authorisation."),
            code="no_authorisation",
            fields={"owner_authorised": _("Confirm the owner's authorisation.")},
        )
    return {
        "applicant_kind": kind,
        "applicant_name": require_text(
            d.get("applicant_name"), "applicant_name", _("Who applies?"), 50
        ),
        "applicant_phone": clean_phone(d.get("applicant_phone"), "applicant_phone"),
        "company": require_text(
            d.get("company"), "company", _("Name the renovation company."), 100
        ),
        "lead_name": require_text(d.get("lead_name"), "lead_name", _("Name the site lead."), 50),
        "lead_phone": clean_phone(d.get("lead_phone"), "lead_phone"),
        "scope": optional_text(d.get("scope"), "scope", 2000),
        "deposit": money(d.get("deposit"), "deposit"),
        "refund_account_name": optional_text(
            d.get("refund_account_name"), "refund_account_name", 50
        ),
        "refund_bank": optional_text(d.get("refund_bank"), "refund_bank", 60),
        "refund_account_no": optional_text(d.get("refund_account_no"), "refund_account_no", 40),
    }


@transaction.atomic
def renovation_submit(
    *, actor, unit, owner, start_date: date, end_date: date, **details
) -> Renovation:
    """Register a renovation application of a unit; the review is due in 5 working days. R-FD-2."""
    require_desk(actor)
    require_site(actor, unit.site_id)
    _check_owner(unit, owner)
    _check_period(start_date, end_date)
    fields = _parties(details)
    if Renovation.objects.filter(unit=unit, state__in=OPEN_STATES).exists():
        raise Conflict(
            _("This unit already has a renovation under way; finish or cancel it first."),
            code="renovation_open",
        )
    rules = rules_for_site(unit.site_id)
    now = timezone.now()
    renovation = Renovation.objects.create(
        site_id=unit.site_id,
        number=number_next(scheme="ZS", site_id=unit.site_id),
        unit=unit,
        owner=owner,
        start_date=start_date,
        end_date=end_date,
        planned_end_date=end_date,
        am_start=rules.am_start,
        am_end=rules.am_end,
        pm_start=rules.pm_start,
        pm_end=rules.pm_end,
        weekends_allowed=rules.weekends_allowed,
        submitted_at=now,
        review_due=add_working_days(timezone.localdate(now), rules.review_working_days),
        created_by=actor,
        **fields,
    )
    event_record(target=renovation, code="submitted", actor=actor)
    search_index("renovation", renovation)
    return renovation


def _move(renovation, action: str, actor, *, note: str = "", changes=None, data=None, version=None):
    return transition_apply(
        obj=renovation,
        machine=RENOVATION_FLOW,
        action=action,
        actor=actor,
        note=note,
        changes=changes,
        data=data,
        expected_version=version,
    )


def _reason(text, field="reason", message=None) -> str:
    return require_text(text, field, message or _("Give the reason."), 300)


@transaction.atomic
def renovation_resubmit(
    *, actor, renovation: Renovation, note: str = "", version=None
) -> Renovation:
    """Send a returned application back for review (after the applicant's changes)."""
    _move(renovation, "resubmit", actor, note=optional_text(note, "note", 300), version=version)
    return renovation


@transaction.atomic
def renovation_approve(
    *, actor, renovation: Renovation, note: str = "", version=None
) -> Renovation:
    """Approve the application (开工许可): passes can be issued from now on. R-FD-2.

    The desk person who registered the application never approves it (SECURITY.md A7)."""
    RENOVATION_FLOW.check(action="approve", state=renovation.state, user=actor)
    if renovation.created_by_id == actor.pk:
        raise NotAllowed(
            _("You registered this application yourself: another shift lead approves it."),
            code="self_approval",
        )
    text = optional_text(note, "note", 300)
    changes = {"reviewed_by": actor, "reviewed_at": timezone.now(), "review_note": text}
    _move(renovation, "approve", actor, note=text, changes=changes, version=version)
    return renovation


@transaction.atomic
def renovation_return(*, actor, renovation: Renovation, reason: str, version=None) -> Renovation:
    """Return the application to the applicant with the reason."""
    text = _reason(reason)
    changes = {"reviewed_by": actor, "reviewed_at": timezone.now(), "review_note": text}
    _move(renovation, "return", actor, note=text, changes=changes, version=version)
    return renovation


@transaction.atomic
def renovation_start(*, actor, renovation: Renovation, version=None) -> Renovation:
    _move(renovation, "start", actor, version=version)
    return renovation


@transaction.atomic
def renovation_suspend(*, actor, renovation: Renovation, reason: str, version=None) -> Renovation:
    """Stop the works (violation, complaint): its passes are refused at the gate until resumed."""
    _move(renovation, "suspend", actor, note=_reason(reason), version=version)
    return renovation


@transaction.atomic
def renovation_resume(*, actor, renovation: Renovation, note: str = "", version=None) -> Renovation:
    _move(renovation, "resume", actor, note=optional_text(note, "note", 300), version=version)
    return renovation


@transaction.atomic
def renovation_extend(
    *, actor, renovation: Renovation, end_date: date, reason: str, version=None
) -> Renovation:
    """Extend the works to a later end date (passes are extended one by one)."""
    text = _reason(reason)
    if not isinstance(end_date, date) or end_date <= renovation.end_date:
        raise InvalidInput(
            _("The new end date must be after the current one (%(date)s).")
            % {"date": renovation.end_date},
            code="bad_period",
            fields={"end_date": _("After the current end date.")},
        )
    if (end_date - renovation.start_date).days > 2 * MAX_DURATION_DAYS:
        raise InvalidInput(_("The extension is too long."), fields={"end_date": _("Too late.")})
    data = {"old_end": renovation.end_date.isoformat(), "new_end": end_date.isoformat()}
    _move(
        renovation,
        "extend",
        actor,
        note=text,
        changes={"end_date": end_date},
        data=data,
        version=version,
    )
    return renovation


@transaction.atomic
def renovation_inspect(
    *,
    actor,
    renovation: Renovation,
    day: date,
    inspector: str,
    result: str,
    notes: str = "",
    photo=None,
    version=None,
) -> RenovationInspection:
    """Record a patrol of the works; a violation needs what was found and a photo."""
    name = require_text(inspector, "inspector", _("Who inspected?"), 50)
    if result not in RenovationInspection.Result.values:
        raise InvalidInput(_("Choose the result."), fields={"result": _("Required.")})
    if not isinstance(day, date) or day > timezone.localdate():
        raise InvalidInput(
            _("The inspection date cannot be in the future."),
            fields={"day": _("Today or earlier.")},
        )
    text = optional_text(notes, "notes", 500)
    violation = result == RenovationInspection.Result.VIOLATION
    if violation and (not text or photo is None):
        raise InvalidInput(
            _("A violation needs a description of what was found and a photo."),
            code="violation_evidence",
            fields={"notes": _("Required."), "photo": _("Required.")},
        )
    changes = {"violation_count": renovation.violation_count + 1} if violation else {}
    inspection = RenovationInspection.objects.create(
        renovation=renovation,
        site_id=renovation.site_id,
        date=day,
        inspector=name,
        result=result,
        notes=text,
        recorded_by=actor,
    )
    if photo is not None:
        attachment_add(
            target=inspection,
            upload=photo,
            actor=actor,
            purpose="violation",
            kinds=PHOTO_KINDS,
            max_bytes=PHOTO_MAX_BYTES,
        )
    data = {"inspection": inspection.pk, "result": result}
    _move(renovation, "inspect", actor, note=text, changes=changes, data=data, version=version)
    return inspection


@transaction.atomic
def renovation_request_acceptance(*, actor, renovation: Renovation, note: str = "", version=None):
    """The works are finished: the final acceptance (验收) is requested."""
    _move(
        renovation,
        "request_acceptance",
        actor,
        note=optional_text(note, "note", 300),
        version=version,
    )
    return renovation


@transaction.atomic
def renovation_accept(*, actor, renovation: Renovation, note: str = "", version=None) -> Renovation:
    """Final acceptance passed (验收合格): the deposit can be settled."""
    text = optional_text(note, "note", 300)
    changes = {"accepted_by": actor, "accepted_at": timezone.now(), "acceptance_note": text}
    _move(renovation, "accept", actor, note=text, changes=changes, version=version)
    return renovation


@transaction.atomic
def renovation_fail(*, actor, renovation: Renovation, reason: str, version=None) -> Renovation:
    """Final acceptance failed: back to the works for rework, with what must be put right."""
    _move(renovation, "fail", actor, note=_reason(reason), version=version)
    return renovation


@transaction.atomic
def renovation_refund(
    *, actor, renovation: Renovation, deducted, reason: str = "", version=None
) -> Renovation:
    """Settle the deposit: refunded, less a deduction that needs its reason; closes the record."""
    deduction = money(deducted, "deducted_amount")
    if deduction > renovation.deposit:
        raise InvalidInput(
            _("The deduction cannot exceed the deposit of %(amount)s yuan.")
            % {"amount": renovation.deposit},
            code="bad_amount",
            fields={"deducted_amount": _("Too much.")},
        )
    text = optional_text(reason, "reason", 300)
    if deduction > Decimal("0") and not text:
        raise InvalidInput(
            _("A deduction from the deposit needs its reason."),
            code="deduction_reason",
            fields={"deduction_reason": _("Required.")},
        )
    changes = {
        "refunded_amount": renovation.deposit - deduction,
        "deducted_amount": deduction,
        "deduction_reason": text,
        "refunded_by": actor,
        "refunded_at": timezone.now(),
    }
    data = {"refunded": str(changes["refunded_amount"]), "deducted": str(deduction)}
    _move(renovation, "refund", actor, note=text, changes=changes, data=data, version=version)
    return renovation


@transaction.atomic
def renovation_cancel(*, actor, renovation: Renovation, reason: str, version=None) -> Renovation:
    """Withdraw the application (the owner gave up, or it was entered twice)."""
    _move(renovation, "cancel", actor, note=_reason(reason), version=version)
    return renovation
