"""Timeline/audit events: one append-only row per action, with codes and raw values."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from . import audit_chain
from .models import Event


def event_record(
    *,
    target: models.Model,
    code: str,
    actor=None,
    data: dict | None = None,
    note: str = "",
    site_id: int | None = None,
) -> Event:
    """Append one sealed event about `target`; call inside the action's transaction."""
    if site_id is None:
        site_id = getattr(target, "site_id", None)
    event = Event(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        site_id=site_id,
        actor=actor if getattr(actor, "pk", None) else None,
        code=code,
        data=audit_chain.as_stored(data or {}),
        note=note,
        created_at=timezone.now(),
    )
    return audit_chain.insert_sealed(event)


def event_list_for(target: models.Model):
    """The timeline of one record, oldest first, with actors loaded in the same query."""
    ct = ContentType.objects.get_for_model(target)
    return Event.objects.filter(content_type=ct, object_id=target.pk).select_related("actor")
