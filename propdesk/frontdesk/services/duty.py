"""Duty log writes (客服前台值班记录表). R-FS-9, R-FM-5, R-FM-6."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.corrections import correction_apply
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.numbering import number_next
from propdesk.core.updates import require_known, update_apply
from propdesk.orgs.models import FrontDesk, Shift

from ..models import DutyLog, DutyLogEntry
from ..permissions import require_desk_agent
from ..selectors import shift_at
from .common import require_site, require_text

CORRECTABLE = {"content", "action", "kind", "status", "reference", "unit_id", "occurred_at"}
EDITABLE = frozenset({"content", "action", "kind", "status", "reference", "unit"})


def duty_log_for_shift(*, desk: FrontDesk, shift: Shift, day: date, recorder) -> DutyLog:
    """The duty log of the desk shift, created (with its ZB number) the first time it is needed."""
    log = DutyLog.objects.filter(desk=desk, shift=shift, date=day).first()
    if log is not None:
        return log
    try:
        with transaction.atomic():
            return DutyLog.objects.create(
                site_id=desk.site_id,
                desk=desk,
                shift=shift,
                date=day,
                recorder=recorder,
                number=number_next(scheme="ZB", site_id=desk.site_id, year=day.year),
            )
    except IntegrityError:  # created concurrently by a colleague on the same shift
        return DutyLog.objects.get(desk=desk, shift=shift, date=day)


@transaction.atomic
def duty_entry_add(
    *,
    actor,
    desk: FrontDesk,
    content: str,
    kind: str = DutyLogEntry.Kind.OTHER,
    occurred_at: datetime | None = None,
    unit=None,
    action: str = "",
    reference: str = "",
    status: str = DutyLogEntry.Status.CLOSED,
    mail_item=None,
) -> DutyLogEntry:
    """Write one timestamped line into the duty log of the shift running now. R-FS-9."""
    require_desk_agent(actor)
    require_site(actor, desk.site_id)
    content = require_text(content, "content", _("Write what happened."), 2000)
    if kind not in DutyLogEntry.Kind.values or status not in DutyLogEntry.Status.values:
        raise InvalidInput(_("Choose a type and a status from the list."), code="bad_choice")
    if unit is not None and unit.site_id != desk.site_id:
        raise InvalidInput(_("The unit is not at this site."), fields={"unit": _("Other site.")})
    shift, day = shift_at(desk, occurred_at)
    if shift is None:
        raise InvalidInput(_("This desk has no shift at this time."), code="no_shift")
    log = duty_log_for_shift(desk=desk, shift=shift, day=day, recorder=actor)
    if log.is_closed:
        raise Conflict(_("This shift has been handed over; its log can only be corrected."))
    entry = DutyLogEntry.objects.create(
        log=log,
        site_id=desk.site_id,
        occurred_at=occurred_at or timezone.now(),
        kind=kind,
        unit=unit,
        content=content,
        action=action.strip()[:300],
        reference=reference.strip()[:40],
        status=status,
        mail_item=mail_item,
        handled_by=actor,
        created_by=actor,
    )
    event_record(target=log, code="entry_added", actor=actor, data={"entry": entry.pk})
    return entry


def _entry_values(entry: DutyLogEntry, values: dict) -> dict:
    """Check and tidy the values an edit sends (the same rules as a new entry)."""
    require_known(values, EDITABLE)
    out = dict(values)
    if "content" in out:
        out["content"] = require_text(out["content"], "content", _("Write what happened."), 2000)
    for name, size in (("action", 300), ("reference", 40)):
        if name in out:
            out[name] = (out[name] or "").strip()[:size]
    kinds, states = DutyLogEntry.Kind.values, DutyLogEntry.Status.values
    if out.get("kind", entry.kind) not in kinds or out.get("status", entry.status) not in states:
        raise InvalidInput(_("Choose a type and a status from the list."), code="bad_choice")
    unit = out.get("unit")
    if unit is not None and unit.site_id != entry.site_id:
        raise InvalidInput(_("The unit is not at this site."), fields={"unit": _("Other site.")})
    return out


@transaction.atomic
def duty_entry_update(
    *, actor, entry: DutyLogEntry, expected_version: int | None = None, **values
) -> DutyLogEntry:
    """Change exactly the given fields of an entry of the running shift (its writer only), old → new
    recorded; after the handover use a correction. R-FS-9, R-FM-6."""
    require_desk_agent(actor)
    if entry.log.is_closed:
        raise Conflict(
            _("This shift has been handed over; its log can only be corrected."), code="closed"
        )
    if entry.created_by_id != actor.pk:
        raise NotAllowed(_("Only the writer may change an entry before the handover."))
    values = _entry_values(entry, values)
    update_apply(obj=entry, values=values, actor=actor, expected_version=expected_version)
    return entry


def duty_entry_correct(*, actor, entry: DutyLogEntry, field: str, new_value, reason: str):
    """Correct an entry of a handed-over shift with a visible errata row (R-FM-6)."""
    require_desk_agent(actor)
    if field not in CORRECTABLE:
        raise InvalidInput(_("This field cannot be corrected."), code="bad_field")
    if not entry.log.is_closed:
        raise Conflict(_("The shift is still running; edit the entry instead."), code="not_closed")
    return correction_apply(
        target=entry, field=field, new_value=new_value, reason=reason, actor=actor
    )
