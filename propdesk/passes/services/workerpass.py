"""Worker pass writes: issue, extend, return (deposit rule), revoke. R-FD-2."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.attachments import attachment_add
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput
from propdesk.core.numbering import number_next
from propdesk.core.statemachine import transition_apply

from ..models import Renovation, WorkerPass
from ..permissions import require_desk
from ..search import search_index
from ..selectors import rules_for_site
from ..validators import clean_id_number, clean_phone
from ..workflow import PASS_FLOW, R_PASSABLE
from .common import future_date, money, optional_text, require_site, require_text
from .renovation import PHOTO_KINDS, PHOTO_MAX_BYTES

KEEP_ON_REVOKE = {
    WorkerPass.RevokeReason.LOST,
    WorkerPass.RevokeReason.LENT,
    WorkerPass.RevokeReason.ALTERED,
}


def _check_renovation(renovation: Renovation) -> None:
    if renovation.state not in R_PASSABLE:
        raise Conflict(
            _("Passes are issued only for an approved renovation whose works are not suspended."),
            code="renovation_not_active",
        )


def _check_until(renovation: Renovation, valid_from: date, valid_until: date) -> None:
    """R-FD-2: a pass never outlives its renovation (nor starts before it)."""
    if not isinstance(valid_until, date) or valid_until < valid_from:
        raise InvalidInput(
            _("The pass must end on or after the day it starts."),
            code="bad_period",
            fields={"valid_until": _("On or after the first day.")},
        )
    if valid_until > renovation.end_date:
        raise InvalidInput(
            _("A pass cannot be valid beyond its renovation, which ends on %(date)s.")
            % {"date": renovation.end_date},
            code="beyond_renovation",
            fields={"valid_until": _("At the latest %(date)s.") % {"date": renovation.end_date}},
        )
    if valid_from < renovation.start_date:
        raise InvalidInput(
            _("A pass cannot start before its renovation, which starts on %(date)s.")
            % {"date": renovation.start_date},
            code="before_renovation",
            fields={"valid_from": _("From %(date)s.") % {"date": renovation.start_date}},
        )


def _worker(d: dict) -> dict:
    gender = d.get("gender") or ""
    if gender not in ("", *WorkerPass.Gender.values):
        raise InvalidInput(_("Choose the gender from the list."), fields={"gender": _("Invalid.")})
    return {
        "name": require_text(d.get("name"), "name", _("Enter the worker's name."), 50),
        "gender": gender,
        "phone": clean_phone(d.get("phone")),
        "id_number": clean_id_number(d.get("id_number")),
        "company": require_text(d.get("company"), "company", _("Name the worker's company."), 100),
        "trade": require_text(d.get("trade"), "trade", _("Enter the worker's trade."), 30),
        "receipt_no": optional_text(d.get("receipt_no"), "receipt_no", 30),
    }


@transaction.atomic
def pass_issue(
    *,
    actor,
    renovation: Renovation,
    photo,
    valid_from: date,
    valid_until: date,
    fee=None,
    deposit=None,
    **worker,
) -> WorkerPass:
    """Issue a worker's temporary pass for an approved renovation, with the worker's photo. R-FD-2."""
    require_desk(actor)
    require_site(actor, renovation.site_id)
    _check_renovation(renovation)
    future_date(valid_from, "valid_from", label=_("first day of the pass"))
    _check_until(renovation, valid_from, valid_until)
    fields = _worker(worker)
    if photo is None:
        raise InvalidInput(_("A pass needs the worker's photo."), fields={"photo": _("Required.")})
    duplicate = renovation.passes.filter(
        id_number=fields["id_number"], state=WorkerPass.State.ACTIVE, valid_until__gte=valid_from
    )
    if duplicate.exists():
        raise Conflict(
            _("This worker already holds a valid pass for this renovation."), code="duplicate_pass"
        )
    rules = rules_for_site(renovation.site_id)
    worker_pass = WorkerPass.objects.create(
        site_id=renovation.site_id,
        number=number_next(scheme="CZ", site_id=renovation.site_id),
        renovation=renovation,
        valid_from=valid_from,
        valid_until=valid_until,
        fee=money(fee, "fee", default=rules.pass_fee),
        deposit=money(deposit, "deposit", default=rules.pass_deposit),
        issued_by=actor,
        issued_at=timezone.now(),
        **fields,
    )
    att = attachment_add(
        target=worker_pass,
        upload=photo,
        actor=actor,
        purpose="photo",
        kinds=PHOTO_KINDS,
        max_bytes=PHOTO_MAX_BYTES,
    )
    WorkerPass.objects.filter(pk=worker_pass.pk).update(photo=att)
    worker_pass.photo = att
    event_record(target=worker_pass, code="issued", actor=actor)
    search_index("worker_pass", worker_pass)
    return worker_pass


def _move(worker_pass, action, actor, *, note="", changes=None, data=None, version=None):
    return transition_apply(
        obj=worker_pass,
        machine=PASS_FLOW,
        action=action,
        actor=actor,
        note=note,
        changes=changes,
        data=data,
        expected_version=version,
    )


@transaction.atomic
def pass_extend(
    *,
    actor,
    worker_pass: WorkerPass,
    valid_until: date,
    fee=None,
    receipt_no: str = "",
    version=None,
) -> WorkerPass:
    """Extend a pass (延期), never beyond its renovation's end date. R-FD-2."""
    renovation = worker_pass.renovation
    _check_renovation(renovation)
    if not isinstance(valid_until, date) or valid_until <= worker_pass.valid_until:
        raise InvalidInput(
            _("The new last day must be after the current one (%(date)s).")
            % {"date": worker_pass.valid_until},
            code="bad_period",
            fields={"valid_until": _("After the current last day.")},
        )
    _check_until(renovation, worker_pass.valid_from, valid_until)
    amount = money(fee, "fee", default=rules_for_site(worker_pass.site_id).pass_fee)
    changes = {"valid_until": valid_until, "extension_fees": worker_pass.extension_fees + amount}
    data = {
        "old_until": worker_pass.valid_until.isoformat(),
        "new_until": valid_until.isoformat(),
        "fee": str(amount),
        "receipt_no": optional_text(receipt_no, "receipt_no", 30),
    }
    _move(worker_pass, "extend", actor, changes=changes, data=data, version=version)
    return worker_pass


def deposit_outcome(worker_pass: WorkerPass, on: date) -> tuple[str, str]:
    """R-FD-2: returned more than N days (7 by default, per site) after expiry, the deposit is kept."""
    keep_after = rules_for_site(worker_pass.site_id).deposit_keep_after_days
    late = (on - worker_pass.valid_until).days
    if late > keep_after:
        reason = gettext("Returned %(days)s days after expiry (more than %(limit)s).") % {
            "days": late,
            "limit": keep_after,
        }
        return WorkerPass.Deposit.KEPT, reason
    return WorkerPass.Deposit.REFUNDED, ""


@transaction.atomic
def pass_return(*, actor, worker_pass: WorkerPass, version=None) -> WorkerPass:
    """Take the pass back; the deposit is refunded, or kept if it comes back too late. R-FD-2."""
    now = timezone.now()
    outcome, reason = deposit_outcome(worker_pass, timezone.localdate(now))
    changes = {
        "returned_at": now,
        "deposit_state": outcome,
        "forfeit_reason": reason,
        "deposit_settled_at": now,
        "deposit_settled_by": actor,
    }
    _move(
        worker_pass,
        "return",
        actor,
        note=reason,
        changes=changes,
        data={"deposit": outcome},
        version=version,
    )
    return worker_pass


@transaction.atomic
def pass_revoke(*, actor, worker_pass: WorkerPass, reason: str, note: str = "", version=None):
    """Revoke a pass: lost, lent or altered (deposit kept), or the worker left (deposit refunded)."""
    if reason not in WorkerPass.RevokeReason.values:
        raise InvalidInput(_("Choose why the pass is revoked."), fields={"reason": _("Required.")})
    text = optional_text(note, "note", 300)
    kept = reason in KEEP_ON_REVOKE
    now = timezone.now()
    changes = {
        "revoked_at": now,
        "revoke_reason": reason,
        "revoke_note": text,
        "deposit_state": WorkerPass.Deposit.KEPT if kept else WorkerPass.Deposit.REFUNDED,
        "forfeit_reason": str(WorkerPass.RevokeReason(reason).label) if kept else "",
        "deposit_settled_at": now,
        "deposit_settled_by": actor,
    }
    data = {"reason": reason, "deposit": changes["deposit_state"]}
    _move(worker_pass, "revoke", actor, note=text, changes=changes, data=data, version=version)
    return worker_pass
