"""Seal the events written before the timeline was chained, record by record in insertion order."""

from django.db import migrations

from propdesk.core.audit_chain import event_digest

BATCH = 2000


def seal_all(apps, schema_editor):
    Event = apps.get_model("core", "Event")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    current, prev, batch = None, "", []
    rows = Event.objects.order_by("content_type_id", "object_id", "id")
    for e in rows.iterator(chunk_size=BATCH):
        if (e.content_type_id, e.object_id) != current:
            current, prev = (e.content_type_id, e.object_id), ""
        e.prev_hash = prev
        e.hash = event_digest(
            target=labels[e.content_type_id],
            object_id=e.object_id,
            site_id=e.site_id,
            actor_id=e.actor_id,
            code=e.code,
            data=e.data,
            note=e.note,
            created_at=e.created_at,
            prev_hash=prev,
        )
        prev = e.hash
        batch.append(e)
        if len(batch) >= BATCH:
            Event.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    Event.objects.bulk_update(batch, ["prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0008_event_hash_chain"),
    ]

    operations = [migrations.RunPython(seal_all, migrations.RunPython.noop)]
