"""Reminders of documents not yet signed (R-DOC-1): once, N days after issue, through the
notification worker; the sweep may run any number of times."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from propdesk.core.events import event_record
from propdesk.notify.services import notify

from ..common import document_url, recipients_language
from ..models import Document, DocumentSigner

D = Document.State


@transaction.atomic
def document_remind(*, signer: DocumentSigner, now) -> bool:
    """Remind one signer who has not signed after N days, once (guarded update); True if sent."""
    won = DocumentSigner.objects.filter(
        pk=signer.pk, reminded_at__isnull=True, signature__signed_at__isnull=True
    ).update(reminded_at=now)
    if won != 1:
        return False
    document = signer.document
    with recipients_language():
        notify(
            recipients=[signer.user],
            code="document.reminder",
            title=gettext("Still to sign: %(title)s") % {"title": document.title},
            body=document.number,
            url=document_url(document),
            dedupe_key=f"document.remind.{signer.pk}",
        )
    event_record(target=document, code="reminded", data={"user": signer.user_id})
    return True


def reminder_sweep(*, now=None) -> int:
    """Periodic sweep: remind every signer whose reminder time has come (R-DOC-1); idempotent."""
    now = now or timezone.now()
    due = DocumentSigner.objects.filter(
        remind_at__lte=now,
        reminded_at__isnull=True,
        signature__signed_at__isnull=True,
        document__state__in=[D.CIRCULATING, D.SIGNING],
    ).select_related("document", "user")
    return sum(document_remind(signer=s, now=now) for s in due.order_by("remind_at", "id")[:500])
