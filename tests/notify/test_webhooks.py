"""Webhook signing, back-off, redirects, and e-mail header injection (I5), sent in-process."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from propdesk.notify.delivery import backoff, delivery_send
from propdesk.notify.models import Delivery, Notification, WebhookEndpoint
from propdesk.notify.services import notify

pytestmark = pytest.mark.django_db


def _hook(receiver, **kw):
    return WebhookEndpoint.objects.create(name="gw", url=receiver.url, secret=receiver.secret, **kw)


def _notify(user, capture, **kw):
    with capture(execute=True):
        kw.setdefault("channels", ["webhook"])
        notify(recipients=[user], code="complaint.major", title="重大投诉", **kw)
    return Delivery.objects.order_by("pk").last()


def test_webhook_is_signed_and_verified_by_the_receiver(
    receiver, agent_a, django_capture_on_commit_callbacks
):
    _hook(receiver)
    delivery = _notify(agent_a, django_capture_on_commit_callbacks)
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.SENT
    request = receiver.received[0]
    assert request["signed"]
    expected = hmac.new(b"test-secret", request["body"], hashlib.sha256).hexdigest()
    assert request["headers"]["X-PropDesk-Signature"] == f"sha256={expected}"
    payload = json.loads(request["body"])
    assert payload["event"] == "complaint.major" and payload["notification"]["title"] == "重大投诉"
    assert request["headers"]["X-PropDesk-Timestamp"] == str(payload["timestamp"])
    assert request["headers"]["X-PropDesk-Delivery"] == delivery.key


def test_sent_delivery_is_never_sent_again(receiver, agent_a, django_capture_on_commit_callbacks):
    _hook(receiver)
    delivery = _notify(agent_a, django_capture_on_commit_callbacks)
    delivery_send(delivery_id=delivery.pk)
    assert delivery_send(delivery_id=delivery.pk) == "skipped"
    assert len(receiver.received) == 1


def test_webhook_500_backs_off_exponentially_then_fails(
    receiver, agent_a, django_capture_on_commit_callbacks
):
    receiver.status = 500
    _hook(receiver)
    delivery = _notify(agent_a, django_capture_on_commit_callbacks)
    start = timezone.now()
    waits = []
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(6):
            with django_capture_on_commit_callbacks(execute=True):
                delivery_send(delivery_id=delivery.pk)
            delivery.refresh_from_db()
            if delivery.next_attempt_at:
                waits.append(delivery.next_attempt_at - timezone.now())
                assert delivery_send(delivery_id=delivery.pk) == "skipped"  # not due yet
                clock.shift(waits[-1])
    assert waits == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480)]
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 6
    assert len(receiver.received) == 6
    assert DBTaskResult.objects.filter(task_path__endswith="send_delivery").count() == 6


def test_backoff_is_capped_at_one_hour():
    assert backoff(1) == timedelta(seconds=30)
    assert backoff(20) == timedelta(hours=1)


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[::1]:22/",
        "http://127.0.0.1:1/",
    ],
)
def test_i7_redirect_is_not_followed(
    monkeypatch, receiver, agent_a, django_capture_on_commit_callbacks, target
):
    """I7: a 302 from the test server on 127.0.0.1 is not followed; a patched socket.connect fails
    the test on any connection other than the one to the receiver itself."""
    import socket
    from urllib.parse import urlsplit

    allowed = ("127.0.0.1", urlsplit(receiver.url).port)
    real_connect = socket.socket.connect
    dialled = []

    def guarded(sock, address):
        dialled.append(address[:2])
        if tuple(address[:2]) != allowed:
            raise AssertionError(f"connection to {address} attempted")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    receiver.redirect_to = target
    _hook(receiver)
    delivery = _notify(agent_a, django_capture_on_commit_callbacks)
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert "redirect" in delivery.last_error and len(receiver.received) == 1
    assert dialled == [allowed]


def test_endpoint_event_filter(receiver, agent_a, django_capture_on_commit_callbacks):
    _hook(receiver, event_codes="sla.*, promise.overdue")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[agent_a], code="complaint.major", title="a", channels=["webhook"])
        notify(recipients=[agent_a], code="sla.breach", title="b", channels=["webhook"])
    assert list(Delivery.objects.values_list("notification__code", flat=True)) == ["sla.breach"]


def test_i5_mail_header_injection_is_impossible(agent_a, django_capture_on_commit_callbacks):
    """I5: a title with CR/LF and a Bcc header goes to the intended recipient only."""
    agent_a.email = "agent@example.com"
    agent_a.save()
    delivery = _notify(
        agent_a,
        django_capture_on_commit_callbacks,
        channels=["email"],
        body="x",
    )
    Notification.objects.update(title="Leak\r\nBcc: x@example.com\nX-Evil: 1")
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.SENT
    (message,) = mail.outbox
    assert message.to == ["agent@example.com"] and message.bcc == []
    raw = message.message().as_bytes()
    assert b"\nBcc:" not in raw and b"\nX-Evil" not in raw
    assert message.subject == "Leak Bcc: x@example.com X-Evil: 1"


def test_user_without_email_gets_no_email_delivery(agent_a, django_capture_on_commit_callbacks):
    agent_a.email = ""
    agent_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(recipients=[agent_a], code="x", title="t")
    assert len(created) == 1 and not Delivery.objects.exists()


def test_enqueue_failure_does_not_break_the_action(
    monkeypatch, receiver, agent_a, django_capture_on_commit_callbacks
):
    """The queue is down when the action commits: the action stands, the sweeper re-queues later."""
    from django_tasks import task_backends

    from propdesk.notify.sweeps import requeue_orphan_deliveries

    def broken(*args, **kwargs):
        raise ConnectionError("queue down")

    _hook(receiver)
    with monkeypatch.context() as m:
        m.setattr(type(task_backends["default"]), "enqueue", broken)
        delivery = _notify(agent_a, django_capture_on_commit_callbacks)
    assert delivery.status == Delivery.Status.PENDING and not DBTaskResult.objects.exists()
    assert requeue_orphan_deliveries() == 0  # not overdue yet
    assert requeue_orphan_deliveries(now=timezone.now() + timedelta(minutes=6)) == 1
    assert DBTaskResult.objects.count() == 1
