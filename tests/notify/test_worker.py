"""The real task worker (`db_worker` in a subprocess) on the test database, SQLite and PostgreSQL. D4."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from propdesk.notify.models import Delivery, Notification, WebhookEndpoint
from propdesk.notify.services import notify
from propdesk.notify.sweeps import recover_abandoned_work, requeue_stale_tasks

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def _endpoint(receiver):
    return WebhookEndpoint.objects.create(name="gw", url=receiver.url, secret=receiver.secret)


def test_real_worker_sends_email_and_signed_webhook(worker_db, receiver, agent_a):
    agent_a.email = "agent@example.com"
    agent_a.save()
    _endpoint(receiver)
    notify(recipients=[agent_a], code="ticket.dispatched", title="Ticket 1", body="工单已派发")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2

    out = worker_db.run_batch()

    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert "工单已派发" in out and "To: agent@example.com" in out  # console e-mail backend
    hook = Delivery.objects.get(channel=Delivery.Channel.WEBHOOK)
    assert receiver.answered == [hook.key]
    assert receiver.received[0]["signed"]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_webhook_500_is_retried_later_and_the_action_still_succeeded(
    worker_db, receiver, agent_a, site_a
):
    receiver.status = 500
    _endpoint(receiver)
    with transaction.atomic():  # the action: rename the site and notify about it
        site_a.name = "翠湖花园二期"
        site_a.save()
        notify(recipients=[agent_a], code="site.renamed", title="Renamed", channels=["webhook"])

    worker_db.run_batch()

    site_a.refresh_from_db()
    assert site_a.name == "翠湖花园二期" and Notification.objects.count() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.RETRY and delivery.attempts == 1
    wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert timedelta(seconds=29) < wait < timedelta(seconds=31)
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.run_after == delivery.next_attempt_at
    assert len(receiver.received) == 1


def test_d4_worker_killed_mid_delivery_is_delivered_once_after_the_lease(
    worker_db, receiver, agent_a
):
    """D4: SIGKILL the worker while it waits on the webhook; after the lease the task completes once."""
    receiver.hold_first = 30
    _endpoint(receiver)
    notify(recipients=[agent_a], code="complaint.major", title="Major", channels=["webhook"])
    worker_db.push()
    proc = worker_db.worker()
    assert receiver.got_request.wait(60), "the worker never called the webhook"
    proc.kill()
    proc.wait(10)
    worker_db.pull()
    task = DBTaskResult.objects.get()
    delivery = Delivery.objects.get()
    assert task.status == TaskResultStatus.RUNNING and delivery.status == Delivery.Status.SENDING
    assert requeue_stale_tasks() == 0  # still within its lease

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        recover_abandoned_work()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    worker_db.run_batch()

    delivery.refresh_from_db()
    task.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 2
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.worker_ids) == 2
    assert receiver.answered == [delivery.key]  # delivered once
    assert {r["key"] for r in receiver.received} == {delivery.key}  # any repeat carries the key
