"""Telling a resident that mail waits, with the pickup code: in the app and by text message. R-FD-4.

An item counts as notified only when a notice reached the resident: an in-app notification is
delivered when it is written (the resident reads it in the portal); a text message goes to the
resident's phone through the SMS relay webhook (`notify.sms`) and counts once the relay took it.
The desk never sees the code's digits; it can send the code again through the same channels.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput
from propdesk.notify.delivery import PermanentFailure, enqueue_task, send_once
from propdesk.notify.services import notify
from propdesk.notify.sms import sms_endpoint, sms_post

from ..models import MailItem, MailNotice
from ..permissions import can_act, require_desk_agent
from .common import require_site

SMS_CODE = "sms.mail"
N = MailNotice.Channel
IN_FLIGHT = [MailNotice.Status.PENDING, MailNotice.Status.SENDING, MailNotice.Status.RETRY]


def _addressed(item: MailItem) -> list:
    """The addressed resident, or, for an item addressed to the unit, its current household."""
    if item.resident_id:
        return [item.resident]
    rows = item.unit.occupancies.filter(move_out__isnull=True).select_related("resident__user")
    return [o.resident for o in rows]


def mail_channels(item: MailItem) -> dict[str, bool]:
    """Which channels can reach the item's residents now (the re-send button follows this)."""
    residents = _addressed(item)
    app = any(r.user_id and r.user.is_active for r in residents)
    sms = any(r.phone for r in residents) and sms_endpoint(SMS_CODE) is not None
    return {"in_app": app, "sms": sms}


def can_resend(user, item: MailItem) -> bool:
    """Whether `mail_code_resend` would succeed for `user` now (the button and the API's actions)."""
    if not can_act(user) or not item.is_waiting or item.kind == MailItem.Kind.NEWSPAPER:
        return False
    if item.notices.filter(channel=N.SMS, status__in=IN_FLIGHT).exists():
        return False
    channels = mail_channels(item)
    return channels["in_app"] or channels["sms"]


def _in_app_text(item: MailItem) -> tuple[str, str]:
    # Written in the residents' language (the product's), whoever registered the item.
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("A %(kind)s is waiting for you at the front desk") % {
            "kind": item.get_kind_display()
        }
        body = gettext(
            "Please bring your pickup code %(code)s. Item %(number)s, shelf %(shelf)s."
        ) % {"code": item.pickup_code, "number": item.number, "shelf": item.shelf or "-"}
    return title, body


def _sms_text(item: MailItem) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(
            "%(site)s front desk: a %(kind)s is waiting for you. Pickup code %(code)s "
            "(item %(number)s, shelf %(shelf)s)."
        ) % {
            "site": item.site.name,
            "kind": item.get_kind_display(),
            "code": item.pickup_code,
            "number": item.number,
            "shelf": item.shelf or "-",
        }


def _in_app(item: MailItem, residents: list, actor, round_no: int) -> list[MailNotice]:
    from propdesk.portal.notices import channels_for

    by_user = {r.user_id: r for r in residents if r.user_id}
    title, body = _in_app_text(item)
    sent = []
    for r in by_user.values():  # the webhook channel only for those who chose it (the portal)
        sent += notify(
            recipients=[r.user],
            code="mail.received",
            title=title,
            body=body,
            url="/portal/parcels/",
            site_id=item.site_id,
            dedupe_key=f"mail.received.{item.pk}" + (f".{round_no}" if round_no > 1 else ""),
            channels=channels_for(r.user),
        )
    now = timezone.now()
    return MailNotice.objects.bulk_create(
        MailNotice(
            key=f"mail{item.pk}-n{n.pk}",
            item=item,
            channel=N.IN_APP,
            resident=by_user.get(n.recipient_id),
            notification=n,
            status=MailNotice.Status.SENT,
            sent_at=now,
            requested_by=actor,
        )
        for n in sent
    )


def _sms(item: MailItem, residents: list, actor, round_no: int) -> list[MailNotice]:
    endpoint = sms_endpoint(SMS_CODE)
    if endpoint is None:
        return []
    phones: dict[str, object] = {}
    for r in residents:
        if r.phone:
            phones.setdefault(r.phone, r)  # one text per phone number, even for a shared phone
    rows = MailNotice.objects.bulk_create(
        MailNotice(
            key=f"mail{item.pk}-s{round_no}-r{r.pk}",
            item=item,
            channel=N.SMS,
            resident=r,
            endpoint=endpoint,
            requested_by=actor,
        )
        for r in phones.values()
    )
    for row in rows:
        transaction.on_commit(lambda pk=row.pk: enqueue_notice(pk))
    return rows


def mail_notices_send(*, item: MailItem, actor) -> list[MailNotice]:
    """Tell the item's residents through every channel that reaches them; in-app counts at once.

    Call inside the caller's transaction (registration or re-send). Returns the notices written.
    """
    residents = _addressed(item)
    round_no = item.notices.values("key").count() + 1
    notices = _in_app(item, residents, actor, round_no) + _sms(item, residents, actor, round_no)
    if any(n.status == MailNotice.Status.SENT for n in notices):
        _mark_notified(item, channel=N.IN_APP, actor=actor)
    return notices


def _mark_notified(item: MailItem, *, channel: str, actor=None) -> None:
    now = timezone.now()
    if MailItem.objects.filter(pk=item.pk, state=MailItem.State.RECEIVED).update(
        state=MailItem.State.NOTIFIED, notified_at=now
    ):
        item.state, item.notified_at = MailItem.State.NOTIFIED, now
        event_record(target=item, code="notified", actor=actor, data={"channel": channel})


@transaction.atomic
def mail_code_resend(*, actor, item: MailItem) -> list[MailNotice]:
    """Send the pickup code to the resident again, through the channels that reach them. R-FD-4."""
    require_desk_agent(actor)
    require_site(actor, item.site_id)
    item = MailItem.objects.select_for_update().select_related("site", "unit").get(pk=item.pk)
    if not item.is_waiting:
        raise Conflict(_("This item is no longer waiting at the desk."), code="wrong_state")
    if item.kind == MailItem.Kind.NEWSPAPER:
        raise InvalidInput(_("Newspapers are not announced to residents."), code="newspaper")
    if item.notices.filter(channel=N.SMS, status__in=IN_FLIGHT).exists():
        raise Conflict(_("A text message with the code is still on its way."), code="sending")
    notices = mail_notices_send(item=item, actor=actor)
    if not notices:
        raise Conflict(
            _("The resident cannot be reached: no portal login and no text-message channel."),
            code="no_channel",
        )
    event_record(
        target=item,
        code="code_resent",
        actor=actor,
        data={"channels": [n.channel for n in notices]},
    )
    return notices


def enqueue_notice(notice_id: int, *, run_after=None) -> None:
    from ..tasks import send_mail_notice

    enqueue_task(send_mail_notice, notice_id, run_after=run_after)


def _send(notice: MailNotice) -> None:
    resident = notice.resident
    if resident is None or not resident.phone:
        raise PermanentFailure("the resident has no phone number")
    sms_post(
        endpoint=notice.endpoint,
        key=notice.key,
        code=SMS_CODE,
        phone=resident.phone,
        text=_sms_text(notice.item),
        site_id=notice.item.site_id,
    )


def _sent(notice: MailNotice) -> None:
    with transaction.atomic():
        _mark_notified(notice.item, channel=N.SMS)


def mail_notice_send(*, notice_id: int) -> str:
    """Send one text-message notice (the task worker); the item is notified once it went out."""
    return send_once(
        MailNotice,
        notice_id,
        send=_send,
        requeue=enqueue_notice,
        related=("item__site", "resident", "endpoint"),
        on_sent=_sent,
    )
