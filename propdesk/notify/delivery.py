"""Sending one delivery (e-mail or webhook) from a background task, at most once per key.

A delivery is claimed with a guarded UPDATE (pending/retry → sending), so two workers running the
same task cannot both send it. A failed attempt waits with exponential back-off; a worker killed
mid-send leaves the row `sending` until the lease sweeper releases it (`sweeps.py`).
"""

import datetime
import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

from . import webhooks
from .models import Delivery
from .urlguard import WebhookRefused

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class PermanentFailure(Exception):
    """Trying again cannot help (no address, refused URL, redirect, 4xx)."""


def header_safe(text: str) -> str:
    """One line without CR, LF or other control characters: no e-mail header injection (I5)."""
    return _CONTROL.sub(" ", text).strip()[:200]


def max_attempts() -> int:
    return int(getattr(settings, "PROPDESK_DELIVERY_MAX_ATTEMPTS", 6))


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before the next attempt: 30 s, 1 min, 2 min, 4 min … at most one hour."""
    base = int(getattr(settings, "PROPDESK_DELIVERY_BACKOFF_SECONDS", 30))
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def _claim(delivery_id: int) -> bool:
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimable = Q(status__in=[Delivery.Status.PENDING, Delivery.Status.RETRY]) & due
    return bool(
        Delivery.objects.filter(claimable, pk=delivery_id).update(
            status=Delivery.Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
        )
    )


def _send_email(delivery: Delivery) -> None:
    notification = delivery.notification
    user = notification.recipient
    if not user.is_active or not user.email:
        raise PermanentFailure("recipient has no active e-mail address")
    body = notification.body + (f"\n\n{notification.url}" if notification.url else "")
    EmailMessage(subject=header_safe(notification.title), body=body, to=[user.email]).send()


def webhook_payload(delivery: Delivery, timestamp: int) -> dict:
    """The JSON body of a webhook request (documented in docs/notifications.md)."""
    n = delivery.notification
    return {
        "delivery": delivery.key,
        "event": n.code,
        "timestamp": timestamp,
        "notification": {
            "id": n.pk,
            "title": n.title,
            "body": n.body,
            "url": n.url,
            "site_id": n.site_id,
            "created_at": n.created_at.isoformat(),
        },
        "recipient": {"id": n.recipient_id, "username": n.recipient.username},
    }


def _send_webhook(delivery: Delivery) -> None:
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.active:
        raise PermanentFailure("endpoint inactive")
    timestamp = int(timezone.now().timestamp())
    headers = {
        "X-PropDesk-Timestamp": str(timestamp),
        "X-PropDesk-Delivery": delivery.key,
        "X-PropDesk-Event": delivery.notification.code,
    }
    try:
        webhooks.post(
            url=endpoint.url,
            secret=endpoint.secret,
            payload=webhook_payload(delivery, timestamp),
            headers=headers,
        )
    except WebhookRefused as exc:
        raise PermanentFailure(exc.message) from exc
    except webhooks.WebhookFailed as exc:
        if not exc.retry:
            raise PermanentFailure(str(exc)) from exc
        raise


def delivery_send(*, delivery_id: int) -> str:
    """Claim and send one delivery; record sent, retry (with back-off) or failed. Never raises."""
    if not _claim(delivery_id):
        return "skipped"
    delivery = Delivery.objects.select_related("notification__recipient", "endpoint").get(
        pk=delivery_id
    )
    try:
        if delivery.channel == Delivery.Channel.EMAIL:
            _send_email(delivery)
        else:
            _send_webhook(delivery)
    except PermanentFailure as exc:
        return _finish(delivery, Delivery.Status.FAILED, str(exc))
    except Exception as exc:  # any channel error must end in a recorded retry
        log.warning("delivery %s failed: %s", delivery.key, exc)
        return _retry_later(delivery, f"{type(exc).__name__}: {exc}")
    return _finish(delivery, Delivery.Status.SENT, "")


def _finish(delivery: Delivery, status: str, error: str) -> str:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=status,
        sent_at=timezone.now() if status == Delivery.Status.SENT else None,
        last_error=error[:300],
        next_attempt_at=None,
    )
    return status


def _retry_later(delivery: Delivery, error: str) -> str:
    if delivery.attempts >= max_attempts():
        return _finish(delivery, Delivery.Status.FAILED, error)
    when = timezone.now() + backoff(delivery.attempts)
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.RETRY, next_attempt_at=when, last_error=error[:300]
    )
    enqueue_delivery(delivery.pk, run_after=when)
    return Delivery.Status.RETRY


def enqueue_delivery(delivery_id: int, *, run_after: datetime.datetime | None = None) -> None:
    """Queue the task that sends a delivery; a queue failure is logged, never raised."""
    from .tasks import send_delivery

    try:
        task = send_delivery.using(run_after=run_after) if run_after else send_delivery
        task.enqueue(delivery_id)
    except Exception:  # the lease sweeper re-queues deliveries whose task was lost
        log.exception("could not enqueue delivery %s", delivery_id)
