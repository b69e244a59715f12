"""Background tasks of the front desk (run by `propdesk db_worker`, or `rqworker` on Redis)."""

from django_tasks import task

from .services.notices import mail_notice_send


@task()
def send_mail_notice(notice_id: int) -> str:
    """Send one pickup-code text message; safe to run twice (its key is claimed once)."""
    return mail_notice_send(notice_id=notice_id)
