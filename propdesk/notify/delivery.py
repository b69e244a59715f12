"""Sending one delivery (e-mail or webhook) from a background task, at most once per key.

A delivery is claimed with a guarded UPDATE (pending/retry → sending), so two workers running the
same task cannot both send it. A failed attempt waits with exponential back-off; a worker killed
mid-send leaves the row `sending` until the lease sweeper releases it (`sweeps.py`).

`send_once` runs that cycle for any `OutboundSend` model (a notification's delivery, or an app's
message to a phone number) and `webhook_post` sends one signed request to an endpoint.
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


def _claim(model, pk: int) -> bool:
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimable = Q(status__in=[model.Status.PENDING, model.Status.RETRY]) & due
    return bool(
        model.objects.filter(claimable, pk=pk).update(
            status=model.Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
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
        "recipient": _recipient(delivery),
    }


def _recipient(delivery: Delivery) -> dict:
    """Who the notification is for. A resident's mobile number goes only to an endpoint that
    names the notification's code (a resident gateway: `resident.*`, `mail.received`), never to
    one for "every notification"; staff numbers are never sent."""
    n = delivery.notification
    out = {"id": n.recipient_id, "username": n.recipient.username}
    endpoint = delivery.endpoint
    if endpoint is not None and endpoint.event_codes.strip() and endpoint.wants(n.code):
        resident = getattr(n.recipient, "resident", None)
        if resident is not None and n.recipient.has_any_role({"resident"}):
            out["mobile"] = resident.phone
    return out


def webhook_post(*, endpoint, key: str, event: str, build) -> None:
    """POST `build(timestamp)` to `endpoint`, signed; PermanentFailure when retrying cannot help."""
    if endpoint is None or not endpoint.active:
        raise PermanentFailure("endpoint inactive")
    timestamp = int(timezone.now().timestamp())
    headers = {
        "X-PropDesk-Timestamp": str(timestamp),
        "X-PropDesk-Delivery": key,
        "X-PropDesk-Event": event,
    }
    try:
        webhooks.post(
            url=endpoint.url, secret=endpoint.secret, payload=build(timestamp), headers=headers
        )
    except WebhookRefused as exc:
        raise PermanentFailure(exc.message) from exc
    except webhooks.WebhookFailed as exc:
        if not exc.retry:
            raise PermanentFailure(str(exc)) from exc
        raise


def _send_delivery(delivery: Delivery) -> None:
    if delivery.channel == Delivery.Channel.EMAIL:
        _send_email(delivery)
        return
    webhook_post(
        endpoint=delivery.endpoint,
        key=delivery.key,
        event=delivery.notification.code,
        build=lambda timestamp: webhook_payload(delivery, timestamp),
    )


def delivery_send(*, delivery_id: int) -> str:
    """Claim and send one delivery; record sent, retry (with back-off) or failed. Never raises."""
    return send_once(
        Delivery,
        delivery_id,
        send=_send_delivery,
        requeue=enqueue_delivery,
        related=("notification__recipient", "endpoint"),
    )


def send_once(model, pk: int, *, send, requeue, related=(), on_sent=None) -> str:
    """Claim row `pk` of the `OutboundSend` model, `send(row)`, and record sent, retry or failed.

    `requeue(pk, run_after=…)` queues the next attempt; `on_sent(row)` runs after a success.
    Never raises: a channel error ends in a recorded retry or failure.
    """
    if not _claim(model, pk):
        return "skipped"
    row = model.objects.select_related(*related).get(pk=pk)
    try:
        send(row)
    except PermanentFailure as exc:
        return _finish(row, model.Status.FAILED, str(exc))
    except Exception as exc:  # any channel error must end in a recorded retry
        log.warning("send %s failed: %s", row.key, exc)
        return _retry_later(row, f"{type(exc).__name__}: {exc}", requeue)
    status = _finish(row, model.Status.SENT, "")
    if on_sent is not None:
        on_sent(row)
    return status


def _finish(row, status: str, error: str) -> str:
    model = type(row)
    model.objects.filter(pk=row.pk, status=model.Status.SENDING).update(
        status=status,
        sent_at=timezone.now() if status == model.Status.SENT else None,
        last_error=error[:300],
        next_attempt_at=None,
    )
    return status


def _retry_later(row, error: str, requeue) -> str:
    model = type(row)
    if row.attempts >= max_attempts():
        return _finish(row, model.Status.FAILED, error)
    when = timezone.now() + backoff(row.attempts)
    model.objects.filter(pk=row.pk, status=model.Status.SENDING).update(
        status=model.Status.RETRY, next_attempt_at=when, last_error=error[:300]
    )
    requeue(row.pk, run_after=when)
    return model.Status.RETRY


def enqueue_delivery(delivery_id: int, *, run_after: datetime.datetime | None = None) -> None:
    """Queue the task that sends a delivery; a queue failure is logged, never raised."""
    from .tasks import send_delivery

    enqueue_task(send_delivery, delivery_id, run_after=run_after)


def enqueue_task(task, pk: int, *, run_after: datetime.datetime | None = None) -> None:
    """Queue `task(pk)`; a queue failure is logged, never raised (the lease sweeper re-queues)."""
    try:
        (task.using(run_after=run_after) if run_after else task).enqueue(pk)
    except Exception:  # the lease sweeper re-queues rows whose task was lost
        log.exception("could not enqueue %s for %s", task.name, pk)
