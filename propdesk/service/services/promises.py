"""Promised replies (承诺回复): make, keep, reassign, cancel; reminders and overdue flags. R-FS-7, R-FS-8."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.events import event_record
from propdesk.core.exceptions import InvalidInput
from propdesk.core.numbering import number_next
from propdesk.core.statemachine import transition_apply
from propdesk.notify.services import notify

from .. import selectors
from ..models import Promise, ReplyChannel
from ..permissions import require_site
from ..workflow import DESK, LEADS, PROMISE_FLOW
from .common import recipients_language, require_choice, require_text

DEFAULT_REMIND_MINUTES = 30


def _url(p: Promise) -> str:
    return reverse("service:promise-detail", args=[p.pk])


def _remind_minutes(value: int | None) -> int:
    if value is None:
        value = settings.PROPDESK.get("PROMISE_REMIND_MINUTES", DEFAULT_REMIND_MINUTES)
    if not 0 <= int(value) <= 7 * 24 * 60:
        raise InvalidInput(fields={"remind_minutes": _("Between 0 minutes and 7 days.")})
    return int(value)


def _check_owner(owner, site_id: int) -> None:
    if owner is None or not selectors.owner_choices(site_id).filter(pk=owner.pk).exists():
        msg = _("Choose a staff member of this site.")
        raise InvalidInput(msg, fields={"owner": msg})


def _site_id(actor, site, contact, ticket) -> int:
    """The promise's site comes from its contact or ticket; all given records must agree; the
    actor must be desk staff of that site."""
    require_role(actor, DESK)
    ids = {obj.site_id for obj in (contact, ticket) if obj is not None}
    if site is not None:
        ids.add(site.pk)
    if len(ids) != 1:
        raise InvalidInput(_("Give the site, or a contact or ticket of one site."), code="site")
    site_id = ids.pop()
    require_site(actor, site_id)
    return site_id


def _party(contact, ticket, to_name: str, to_phone: str, resident) -> dict:
    """To whom: given explicitly, or the contact's / ticket's resident and caller."""
    for src, name, phone in (
        (contact, "caller_name", "caller_phone"),
        (ticket, "contact_name", "contact_phone"),
    ):
        if src is not None:
            resident = resident or src.resident
            to_name = to_name or getattr(src, name)
            to_phone = to_phone or getattr(src, phone)
    if resident is not None:
        to_name = to_name or resident.name
        to_phone = to_phone or resident.phone
    if not (to_name or to_phone):
        msg = _("Say to whom the answer was promised.")
        raise InvalidInput(msg, fields={"to_name": msg})
    return {"resident": resident, "to_name": to_name[:50], "to_phone": to_phone[:20]}


@transaction.atomic
def promise_make(
    *,
    actor,
    subject: str,
    due_at,
    owner,
    site=None,
    contact=None,
    ticket=None,
    resident=None,
    to_name: str = "",
    to_phone: str = "",
    department=None,
    remind_minutes: int | None = None,
) -> Promise:
    """Record a promise to answer later, with due time and owner (R-FS-7)."""
    site_id = _site_id(actor, site, contact, ticket)
    subject = require_text(subject, "subject", _("Say what was promised."), 1000)
    _check_terms(site_id, due_at=due_at, owner=owner, department=department)
    minutes = _remind_minutes(remind_minutes)
    promise = Promise.objects.create(
        number=number_next(scheme="CN", site_id=site_id),
        site_id=site_id,
        contact=contact,
        ticket=ticket,
        subject=subject,
        department=department,
        due_at=due_at,
        remind_minutes=minutes,
        remind_at=due_at - timedelta(minutes=minutes),
        owner=owner,
        made_by=actor,
        **_party(contact, ticket, to_name, to_phone, resident),
    )
    fields = ("owner_id", "contact_id", "ticket_id", "department_id")
    data = {f: getattr(promise, f) for f in fields} | {"due_at": due_at.isoformat()}
    event_record(target=promise, code="made", actor=actor, data=data)
    if owner.pk != actor.pk:
        _tell_owner(promise, key="assigned")
    return promise


def _check_terms(site_id: int, *, due_at, owner, department) -> None:
    if due_at is None or due_at <= timezone.now():
        raise InvalidInput(fields={"due_at": _("The due time must be in the future.")})
    _check_owner(owner, site_id)
    if department is not None and department.site_id != site_id:
        raise InvalidInput(fields={"department": _("Choose a department of this site.")})


def _tell_owner(promise: Promise, *, key: str) -> None:
    with recipients_language():
        notify(
            recipients=[promise.owner],
            code="promise.assigned",
            title=gettext("Promised reply %(number)s is yours: answer by %(due)s")
            % {
                "number": promise.number,
                "due": timezone.localtime(promise.due_at).strftime("%m-%d %H:%M"),
            },
            body=promise.subject,
            url=_url(promise),
            site_id=promise.site_id,
            dedupe_key=f"promise.{key}.{promise.pk}.{promise.owner_id}.{promise.version}",
        )


@transaction.atomic
def promise_keep(
    *, actor, promise: Promise, channel: str, text: str, version: int | None = None
) -> Promise:
    """The answer was given: record when, how and what; on time or late (R-FS-7, R-FS-8)."""
    require_site(actor, promise.site_id)
    require_choice(channel, ReplyChannel.values, "channel")
    text = require_text(text, "text", _("Write the answer that was given."), 4000)
    now = timezone.now()
    on_time = now <= promise.due_at
    changes = {
        "kept_at": now,
        "kept_by": actor,
        "reply_channel": channel,
        "reply_text": text,
        "kept_on_time": on_time,
    }
    data = {
        "channel": channel,
        "on_time": on_time,
        "minutes": int((now - promise.made_at).total_seconds() // 60),
    }
    transition_apply(
        obj=promise,
        machine=PROMISE_FLOW,
        action="keep",
        actor=actor,
        changes=changes,
        data=data,
        expected_version=version,
    )
    return promise


@transaction.atomic
def promise_reassign(
    *, actor, promise: Promise, owner, note: str = "", version: int | None = None
) -> Promise:
    """Hand the promise to another staff member of the site, who is told at once (R-FS-7)."""
    require_site(actor, promise.site_id)
    _check_owner(owner, promise.site_id)
    if owner.pk == promise.owner_id:
        raise InvalidInput(fields={"owner": _("This person already owns the promise.")})
    changes = {"owner": owner}
    if promise.remind_at > timezone.now():
        changes["reminded_at"] = None  # the new owner gets the reminder when it is due
    old = promise.owner_id
    transition_apply(
        obj=promise,
        machine=PROMISE_FLOW,
        action="reassign",
        actor=actor,
        changes=changes,
        data={"old_owner": old, "new_owner": owner.pk},
        note=(note or "").strip()[:500],
        expected_version=version,
    )
    _tell_owner(promise, key="assigned")
    return promise


@transaction.atomic
def promise_cancel(*, actor, promise: Promise, reason: str, version: int | None = None) -> Promise:
    """A lead withdraws a promise recorded by mistake; the reason stays visible (R-FM-6)."""
    require_role(actor, LEADS)
    require_site(actor, promise.site_id)
    reason = require_text(reason, "reason", _("Say why the promise is cancelled."), 300)
    transition_apply(
        obj=promise,
        machine=PROMISE_FLOW,
        action="cancel",
        actor=actor,
        changes={"cancel_reason": reason},
        note=reason,
        expected_version=version,
    )
    return promise


@transaction.atomic
def promise_remind(*, promise: Promise, now) -> bool:
    """Remind the owner once before the due time; True if this call sent it (R-FS-7).

    The guarded UPDATE on `reminded_at` lets exactly one of two concurrent sweeps through.
    """
    won = Promise.objects.filter(
        pk=promise.pk, state=Promise.State.OPEN, reminded_at__isnull=True
    ).update(reminded_at=now)
    if won != 1:
        return False
    due = timezone.localtime(promise.due_at).strftime("%H:%M")
    with recipients_language():
        notify(
            recipients=[promise.owner],
            code="promise.reminder",
            title=gettext("Promised reply %(number)s is due at %(due)s")
            % {"number": promise.number, "due": due},
            body=promise.subject,
            url=_url(promise),
            site_id=promise.site_id,
            dedupe_key=f"promise.remind.{promise.pk}.{promise.owner_id}",
        )
    event_record(target=promise, code="reminded", data={"owner": promise.owner_id})
    return True


@transaction.atomic
def promise_flag_overdue(*, promise: Promise, now) -> bool:
    """Tell the owner and the site's shift leads once that a promise is overdue (R-FS-7)."""
    won = Promise.objects.filter(
        pk=promise.pk, state=Promise.State.OPEN, overdue_notified_at__isnull=True
    ).update(overdue_notified_at=now)
    if won != 1:
        return False
    leads = list(selectors.site_staff(promise.site_id, {"supervisor"}))
    with recipients_language():
        notify(
            recipients=[promise.owner, *leads],
            code="promise.overdue",
            title=gettext("Promised reply %(number)s is overdue") % {"number": promise.number},
            body=promise.subject,
            url=_url(promise),
            site_id=promise.site_id,
            dedupe_key=f"promise.overdue.{promise.pk}",
        )
    event_record(target=promise, code="overdue", data={"owner": promise.owner_id})
    return True


def promise_sweep(*, now=None) -> dict:
    """Periodic sweep: reminders before due, overdue notices after; idempotent (R-FS-7)."""
    now = now or timezone.now()
    reminded = [promise_remind(promise=p, now=now) for p in selectors.promise_reminders_due(now)]
    flagged = [
        promise_flag_overdue(promise=p, now=now) for p in selectors.promises_overdue_unflagged(now)
    ]
    return {"reminded": sum(reminded), "overdue": sum(flagged)}
