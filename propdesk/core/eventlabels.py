"""Words for timeline event codes, for every app's timeline: events store codes, pages show words.

Each app registers the labels of its own codes from its `AppConfig.ready()`:

    event_labels_register("tickets", {"dispatch": _("Dispatched to the department"), …})

and every timeline, print and list asks `event_label(code, app_label=…)` (or passes the `Event`).
Codes shared by every app (corrections, signatures, attachments) are labelled here. A code nobody
labelled is shown as a neutral "Entry recorded", never as the code itself.
"""

from django.utils.translation import gettext_lazy as _

_TABLES: dict[str, dict[str, str]] = {}
COMMON = {
    "corrected": _("Corrected"),
    "attached": _("File attached"),
    "signed.countersign": _("Countersigned"),
    "signed.outgoing": _("Signed by the outgoing agent"),
    "signed.incoming": _("Signed by the incoming agent"),
    "signed.supervisor": _("Signed by the supervisor on duty"),
    "signed.manager": _("Signed by the manager"),
}


def event_labels_register(app_label: str, labels: dict) -> None:
    """Add (or replace) the labels of `app_label`'s event codes."""
    _TABLES.setdefault(app_label, {}).update(labels)


def event_label(event_or_code, app_label: str | None = None) -> str:
    """The words for an event (an `Event`, or a code and the app that wrote it)."""
    code = getattr(event_or_code, "code", event_or_code)
    if app_label is None and hasattr(event_or_code, "content_type_id"):
        from django.contrib.contenttypes.models import ContentType

        app_label = ContentType.objects.get_for_id(event_or_code.content_type_id).app_label
    label = _TABLES.get(app_label or "", {}).get(code) or COMMON.get(code)
    if label is None:
        label = _("Signed") if str(code).startswith("signed.") else _("Entry recorded")
    return str(label)
