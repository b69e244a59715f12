"""Background tasks of the notify app (run by `propdesk db_worker`, or `rqworker` on Redis)."""

from django_tasks import task

from .delivery import delivery_send


@task()
def send_delivery(delivery_id: int) -> str:
    """Send one e-mail or webhook delivery; safe to run twice (the delivery key is claimed once)."""
    return delivery_send(delivery_id=delivery_id)
