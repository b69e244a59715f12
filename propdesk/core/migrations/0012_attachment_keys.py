"""Attachments are addressed by a random key of 192 bits instead of their row number (F4)."""

import secrets

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    Attachment = apps.get_model("core", "Attachment")
    for att in Attachment.objects.filter(key__isnull=True).only("pk").iterator():
        Attachment.objects.filter(pk=att.pk).update(key=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [("core", "0011_config_stamp")]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="key",
            field=models.CharField(max_length=40, null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attachment",
            name="key",
            field=models.CharField(max_length=40, unique=True),
        ),
    ]
