"""Mail and parcel writes (邮件收发记录表). R-FD-4, R-FM-5."""

import hmac
import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import scope_queryset
from propdesk.core.attachments import attachment_add
from propdesk.core.events import event_record
from propdesk.core.exceptions import InvalidInput
from propdesk.core.numbering import number_next
from propdesk.core.signatures import signature_request
from propdesk.core.statemachine import StateMachine, Transition, transition_apply
from propdesk.notify.services import notify

from ..models import MailItem, MailLogDay, NewspaperSubscription
from ..permissions import AGENTS, require_desk_agent
from ..selectors import parcel_overdue_days
from .common import require_site, require_text
from .notices import mail_notices_send

M = MailItem.State
WAITING = {M.RECEIVED, M.NOTIFIED}
MAIL_FLOW = StateMachine(
    {
        "hand_over": Transition(sources=WAITING, target=M.PICKED_UP, roles=AGENTS),
        "return": Transition(sources=WAITING, target=M.RETURNED, roles=AGENTS),
    }
)


def _day_open(*, site_id: int, day: date, actor) -> MailLogDay:
    """The day's mail log line, with its countersign slot for the direct supervisor (R-FM-5)."""
    row, _created = MailLogDay.objects.get_or_create(site_id=site_id, date=day)
    signature_request(target=row, slot="countersign", requested_by=actor, summary=str(day))
    return row


def _check_recipient(site_id: int, unit, resident) -> None:
    if unit is None or unit.site_id != site_id:
        raise InvalidInput(_("Choose a unit of this site."), fields={"unit": _("Required.")})
    if resident is not None and not resident.occupancies.filter(unit=unit).exists():
        raise InvalidInput(
            _("This resident is not registered in that unit."),
            fields={"resident": _("Not in unit.")},
        )


@transaction.atomic
def mail_register(
    *,
    actor,
    site_id: int,
    unit,
    kind: str = MailItem.Kind.PARCEL,
    resident=None,
    carrier: str = "",
    tracking_no: str = "",
    shelf: str = "",
    pieces: int = 1,
    condition: str = MailItem.Condition.OK,
    photo=None,
    subscription=None,
    delivery_date: date | None = None,
) -> MailItem:
    """Register an item received at the desk and send the resident its pickup code (in the app,
    and by text message where the SMS relay is set up); notified only once one reached them. R-FD-4."""
    require_desk_agent(actor)
    require_site(actor, site_id)
    _check_recipient(site_id, unit, resident)
    if kind not in MailItem.Kind.values or condition not in MailItem.Condition.values:
        raise InvalidInput(_("Choose a type and a condition from the list."), code="bad_choice")
    now = timezone.now()
    item = MailItem.objects.create(
        site_id=site_id,
        number=number_next(scheme="YJ", site_id=site_id),
        kind=kind,
        carrier=carrier.strip()[:40],
        tracking_no=tracking_no.strip()[:60],
        unit=unit,
        resident=resident,
        pieces=max(1, min(int(pieces or 1), 99)),
        condition=condition,
        shelf=shelf.strip()[:20],
        pickup_code=f"{secrets.randbelow(10**6):06d}",
        received_at=now,
        received_by=actor,
        subscription=subscription,
        delivery_date=delivery_date,
    )
    if photo is not None:
        attachment_add(target=item, upload=photo, actor=actor, purpose="photo")
    _day_open(site_id=site_id, day=timezone.localdate(now), actor=actor)
    event_record(target=item, code="received", actor=actor)
    if kind != MailItem.Kind.NEWSPAPER:  # newspapers come daily: no notice (docs/frontdesk.md)
        mail_notices_send(item=item, actor=actor)
    return item


@transaction.atomic
def mail_hand_over(
    *,
    actor,
    item: MailItem,
    picked_up_by_name: str,
    code: str = "",
    id_checked: bool = False,
    id_last4: str = "",
    proxy_relation: str = "",
    expected_version: int | None = None,
) -> MailItem:
    """Hand the item over on the pickup code, or on an ID check the agent records. Once only. R-FD-4."""
    name = require_text(picked_up_by_name, "picked_up_by_name", _("Who picked it up?"), 50)
    code = (code or "").strip()
    if code:
        if not hmac.compare_digest(code.encode(), item.pickup_code.encode()):
            raise InvalidInput(
                _("The pickup code does not match."),
                code="bad_code",
                fields={"code": _("Wrong code.")},
            )
        how, last4 = MailItem.Verification.CODE, ""
    elif id_checked and len((id_last4 or "").strip()) == 4:
        how, last4 = MailItem.Verification.ID_CHECK, id_last4.strip().upper()
    else:
        raise InvalidInput(
            _("Enter the pickup code, or check the ID and record its last 4 characters."),
            code="no_verification",
            fields={"code": _("Required.")},
        )
    transition_apply(
        obj=item,
        machine=MAIL_FLOW,
        action="hand_over",
        actor=actor,
        expected_version=expected_version,
        data={"verification": how},
        changes={
            "picked_up_at": timezone.now(),
            "picked_up_by_name": name,
            "verification": how,
            "id_last4": last4,
            "proxy_relation": proxy_relation.strip()[:30],
            "handed_over_by": actor,
        },
    )
    return item


@transaction.atomic
def mail_return(*, actor, item: MailItem, reason: str) -> MailItem:
    """Return an item to the sender (refused, wrong address, kept too long). R-FD-4."""
    text = require_text(reason, "reason", _("Give the reason for returning it."), 200)
    transition_apply(
        obj=item,
        machine=MAIL_FLOW,
        action="return",
        actor=actor,
        note=text,
        changes={"returned_at": timezone.now(), "return_reason": text},
    )
    return item


def mail_remind_overdue(*, actor=None, site_id: int | None = None) -> int:
    """Remind residents of items waiting longer than the configured days (once a day per item). R-FD-4."""
    cutoff = timezone.now() - timedelta(days=parcel_overdue_days())
    qs = MailItem.objects.filter(
        state__in=WAITING, received_at__lt=cutoff, resident__user__isnull=False
    )
    if actor is not None:
        qs = scope_queryset(qs, actor)
    if site_id:
        qs = qs.filter(site_id=site_id)
    today, count = timezone.localdate(), 0
    for item in qs.select_related("resident__user").iterator(chunk_size=200):
        sent = notify(
            recipients=[item.resident.user],
            code="mail.overdue",
            title=gettext("Your %(kind)s has been waiting at the front desk since %(date)s")
            % {"kind": item.get_kind_display(), "date": timezone.localdate(item.received_at)},
            body=gettext("Please bring your pickup code %(code)s.") % {"code": item.pickup_code},
            site_id=item.site_id,
            dedupe_key=f"mail.overdue.{item.pk}.{today}",
        )
        if sent:
            count += 1
            MailItem.objects.filter(pk=item.pk).update(
                reminded_at=timezone.now(), reminder_count=item.reminder_count + 1
            )
    return count


@transaction.atomic
def newspaper_deliver(*, actor, site_id: int, day: date | None = None) -> int:
    """Register today's newspapers of every active subscription of the site in one step. R-FD-4."""
    require_desk_agent(actor)
    require_site(actor, site_id)
    day = day or timezone.localdate()
    done = set(
        MailItem.objects.filter(
            site_id=site_id, delivery_date=day, subscription__isnull=False
        ).values_list("subscription_id", flat=True)
    )
    subs = NewspaperSubscription.objects.filter(site_id=site_id, is_active=True).select_related(
        "unit"
    )
    count = 0
    for sub in subs.exclude(pk__in=done):
        mail_register(
            actor=actor,
            site_id=site_id,
            unit=sub.unit,
            kind=MailItem.Kind.NEWSPAPER,
            resident=sub.resident,
            carrier=sub.title,
            pieces=sub.copies,
            subscription=sub,
            delivery_date=day,
        )
        count += 1
    return count
