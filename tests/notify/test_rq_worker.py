"""The Redis task queue (several machines): a notification queued through django-tasks' RQ backend
on the machine's real Redis is delivered by a real `rqworker` process. CI starts Redis (.ci/run);
elsewhere the test is skipped when no Redis answers on 127.0.0.1:6379."""

import os
import uuid

import django_rq
import pytest
import redis

from propdesk.notify.models import Delivery, WebhookEndpoint
from propdesk.notify.services import notify

pytestmark = [pytest.mark.instances, pytest.mark.django_db(transaction=True)]
LOCK = "propdesk:test:lock"
DATABASES = range(7, 16)  # Redis databases a test run may claim, one run each


@pytest.fixture
def redis_url():
    """A Redis database of this run alone: the first of 7–15 whose lock it could take."""
    token = uuid.uuid4().hex
    for number in DATABASES:
        conn = redis.Redis(host="127.0.0.1", port=6379, db=number, socket_connect_timeout=2)
        try:
            claimed = conn.set(LOCK, token, nx=True, ex=300)
        except redis.ConnectionError:
            if os.environ.get("CI"):
                raise
            pytest.skip("no Redis on 127.0.0.1:6379")
        if claimed:
            break
    else:
        pytest.fail("every Redis database 7–15 is claimed by another run")
    for key in conn.scan_iter():  # an earlier run's queues and registries, left on a crash
        if key != LOCK.encode():
            conn.delete(key)
    yield f"redis://127.0.0.1:6379/{number}"
    if conn.get(LOCK) == token.encode():
        conn.delete(LOCK)


@pytest.fixture
def rq_backend(settings, redis_url):
    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default")
    queue.empty()  # anything an interrupted earlier run left in this run's database
    return queue


def test_notification_queued_on_redis_is_delivered_by_an_rq_worker(
    rq_backend, redis_url, worker_db, receiver, agent_a
):
    WebhookEndpoint.objects.create(name="gw", url=receiver.url, secret=receiver.secret)
    notify(recipients=[agent_a], code="ticket.dispatched", title="工单已派发", channels=["webhook"])
    assert rq_backend.count == 1 and Delivery.objects.get().status == Delivery.Status.PENDING

    worker_db.push()
    proc = worker_db.worker(
        env_extra={"TASKS_BACKEND": "django_tasks_rq.RQBackend", "REDIS_URL": redis_url},
        command=["rqworker", "default", "--burst", "--job-class", "django_tasks_rq.backend.Job"],
    )
    out, _ = proc.communicate(timeout=120)
    worker_db.pull()

    assert proc.returncode == 0, out
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SENT and receiver.answered == [delivery.key]
    assert receiver.received[0]["signed"] and rq_backend.count == 0
    assert len(rq_backend.finished_job_registry) == 1
