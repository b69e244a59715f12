"""Sending notifications. Other apps call `notify(...)`; it never breaks the calling action.

In-app rows are written in the caller's transaction. E-mail and webhook deliveries are planned in
the same transaction and sent by background tasks queued with `transaction.on_commit`, so a slow or
failing channel neither blocks nor rolls back the action that caused the notification.
"""

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from .delivery import enqueue_delivery
from .models import Delivery, Notification, WebhookEndpoint

log = logging.getLogger(__name__)

CHANNELS = ("in_app", "email", "webhook")


def notify(
    *,
    recipients: Iterable,
    code: str,
    title: str,
    body: str = "",
    url: str = "",
    site_id: int | None = None,
    dedupe_key: str = "",
    channels: Iterable[str] = CHANNELS,
) -> list[Notification]:
    """Create in-app notifications for active `recipients` and queue their e-mail and webhooks.

    `title`/`body` are already rendered text in the recipient's language; `dedupe_key` makes a
    repeated call a no-op per recipient. Callers pass only recipients who may see the record
    (SECURITY.md: recipients are re-checked against scope). `channels` narrows the outside
    channels (the in-app row is always written).
    """
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=user,
                        code=code,
                        title=title[:200],
                        body=body,
                        url=url[:300],
                        site_id=site_id,
                        dedupe_key=dedupe_key[:200],
                    )
                )
        except IntegrityError:
            continue  # already delivered under this dedupe key
    if created:
        _plan_deliveries(created, code=code, channels=set(channels))
    return created


def _plan_deliveries(notifications: list[Notification], *, code: str, channels: set[str]) -> None:
    """Write one Delivery per (channel or endpoint, notification); queue them after commit."""
    try:
        with transaction.atomic():
            rows = _delivery_rows(notifications, code=code, channels=channels)
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            ids = list(
                Delivery.objects.filter(key__in=[r.key for r in rows]).values_list("pk", flat=True)
            )
    except Exception:  # an outside channel must never break the action that notified
        log.exception("could not plan deliveries for %s", code)
        return
    for delivery_id in ids:
        transaction.on_commit(lambda pk=delivery_id: enqueue_delivery(pk))


def _delivery_rows(notifications, *, code: str, channels: set[str]) -> list[Delivery]:
    rows = []
    if "email" in channels:
        rows += [
            Delivery(key=f"n{n.pk}-email", notification=n, channel=Delivery.Channel.EMAIL)
            for n in notifications
            if n.recipient.email
        ]
    if "webhook" in channels:
        endpoints = [e for e in WebhookEndpoint.objects.filter(active=True) if e.wants(code)]
        rows += [
            Delivery(
                key=f"n{n.pk}-w{e.pk}",
                notification=n,
                channel=Delivery.Channel.WEBHOOK,
                endpoint=e,
            )
            for n in notifications
            for e in endpoints
        ]
    return rows


@transaction.atomic
def notification_mark_read(*, user, notification_id: int) -> bool:
    """Mark one of `user`'s notifications read; False if it is not theirs."""
    mine = Notification.objects.filter(pk=notification_id, recipient=user)
    if not mine.exists():
        return False
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    return True


@transaction.atomic
def notification_mark_all_read(*, user) -> int:
    """Mark every unread notification of `user` read; return how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
