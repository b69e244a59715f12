"""Handover check items of built-in codes stored with their Chinese label (as filled in before
labels were translated at display) get an empty label, so they show in the viewer's language.
Custom labels (anything that is not the built-in text of its code) stay as typed."""

from django.db import migrations
from django.utils import translation


def _known_labels():
    from propdesk.frontdesk.checklists import HANDOVER_DEFAULTS

    known = {}
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            for code, label in HANDOVER_DEFAULTS:
                known.setdefault(code, set()).add(str(label))
    return known


def forwards(apps, schema_editor):
    HandoverCheck = apps.get_model("frontdesk", "HandoverCheck")
    for code, labels in _known_labels().items():
        HandoverCheck.objects.filter(code=code, label__in=labels).update(label="")


def backwards(apps, schema_editor):
    HandoverCheck = apps.get_model("frontdesk", "HandoverCheck")
    from propdesk.frontdesk.checklists import HANDOVER_DEFAULTS

    with translation.override("zh-hans"):
        for code, label in HANDOVER_DEFAULTS:
            HandoverCheck.objects.filter(code=code, label="").update(label=str(label)[:100])


class Migration(migrations.Migration):
    dependencies = [("frontdesk", "0003_handover_state_taken_over")]
    operations = [migrations.RunPython(forwards, backwards)]
