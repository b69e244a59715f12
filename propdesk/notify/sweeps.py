"""Lease sweeper: recover work left behind by a worker that died (django-tasks issue #46, D4).

`db_worker` marks a task RUNNING and never looks at it again; a worker killed with SIGKILL leaves
it RUNNING forever. A task RUNNING longer than the lease (`PROPDESK_TASK_LEASE_SECONDS`, 5 min) is
made READY again, and a delivery left `sending` is released, so the re-run sends it; the delivery
key keeps it to one send. A task that keeps killing its workers fails after a few leases.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .delivery import enqueue_delivery
from .models import Delivery

log = logging.getLogger(__name__)

MAX_LEASES = 5
# Every OutboundSend model and how to queue one of its rows: notification deliveries, and the
# models other apps register in their AppConfig.ready() (`register_outbound`).
_OUTBOUND: dict[type, object] = {Delivery: enqueue_delivery}


def register_outbound(model, requeue) -> None:
    """Let the lease sweeper release and re-queue rows of another `OutboundSend` model."""
    _OUTBOUND[model] = requeue


def lease() -> datetime.timedelta:
    """How long a task may run before it counts as abandoned."""
    return datetime.timedelta(seconds=int(getattr(settings, "PROPDESK_TASK_LEASE_SECONDS", 300)))


def requeue_stale_tasks(*, now: datetime.datetime | None = None) -> int:
    """Put tasks RUNNING past their lease back in the queue (or fail them after MAX_LEASES)."""
    now = now or timezone.now()
    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - lease()
    ).only("id", "started_at", "worker_ids")
    count = 0
    for row in stale:
        # Guarded on started_at: a task another worker has just claimed again is left alone.
        guard = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if len(row.worker_ids) >= MAX_LEASES:
            count += guard.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="propdesk.notify.sweeps.LeaseExpired",
                traceback="The task outlived its lease on every worker that ran it.",
            )
        else:
            count += guard.update(status=TaskResultStatus.READY)
    if count:
        log.warning("re-queued %s task(s) whose worker stopped", count)
    return count


def release_stale_deliveries(*, now: datetime.datetime | None = None) -> int:
    """Deliveries left `sending` past the lease may be sent again (by the re-queued task)."""
    now = now or timezone.now()
    return sum(
        model.objects.filter(status=model.Status.SENDING, last_attempt_at__lt=now - lease()).update(
            status=model.Status.RETRY, next_attempt_at=None
        )
        for model in _OUTBOUND
    )


def requeue_orphan_deliveries(*, now: datetime.datetime | None = None) -> int:
    """Re-enqueue deliveries overdue by more than a lease (their task was lost, e.g. queue down)."""
    now = now or timezone.now()
    limit = now - lease()
    overdue = Q(next_attempt_at__lt=limit) | Q(next_attempt_at__isnull=True, created_at__lt=limit)
    count = 0
    for model, requeue in _OUTBOUND.items():
        ids = list(
            model.objects.filter(
                overdue, status__in=[model.Status.PENDING, model.Status.RETRY]
            ).values_list("pk", flat=True)[:500]
        )
        for pk in ids:
            requeue(pk)
        count += len(ids)
    return count


def recover_abandoned_work() -> None:
    """The periodic sweep registered by the notify app (every minute)."""
    requeue_stale_tasks()
    release_stale_deliveries()
    requeue_orphan_deliveries()
