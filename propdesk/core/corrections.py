"""Corrections instead of edits once a record is submitted (R-FM-6)."""

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .events import event_record
from .exceptions import InvalidInput
from .models import Correction


def _json(value):
    if isinstance(value, models.Model):
        return value.pk
    return (
        DjangoJSONEncoder().default(value)
        if not isinstance(value, str | int | float | bool | type(None))
        else value
    )


@transaction.atomic
def correction_apply(
    *, target: models.Model, field: str, new_value, reason: str, actor
) -> Correction:
    """Set `field` to `new_value` and keep the old value in a visible errata row with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("A correction needs a reason."), fields={"reason": _("Required.")})
    old = getattr(target, field)
    if old == new_value:
        raise InvalidInput(
            _("The new value is the same as the old one."), fields={field: _("Unchanged.")}
        )
    setattr(target, field, new_value)
    update = [field] + (["version"] if hasattr(target, "version") else [])
    if hasattr(target, "version"):
        target.version += 1
    target.save(update_fields=update)
    fname = field[:-3] if field.endswith("_id") else field
    row = Correction.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        site_id=getattr(target, "site_id", None),
        field=fname,
        old_value=_json(old),
        new_value=_json(new_value),
        reason=reason[:300],
        actor=actor,
    )
    event_record(
        target=target,
        code="corrected",
        actor=actor,
        note=reason,
        data={"field": fname, "old": row.old_value, "new": row.new_value},
    )
    return row


def correction_list_for(target: models.Model):
    """The errata of one record, oldest first, with who made them (one query)."""
    ct = ContentType.objects.get_for_model(target)
    qs = Correction.objects.filter(content_type=ct, object_id=target.pk)
    return qs.select_related("actor").order_by("created_at", "id")


def corrections_by_object(model: type[models.Model], ids) -> dict[int, list[Correction]]:
    """{object id: its errata, oldest first} for many records of one model (one query)."""
    ids = list(ids)
    out: dict[int, list[Correction]] = {pk: [] for pk in ids}
    if not ids:
        return out
    ct = ContentType.objects.get_for_model(model)
    rows = Correction.objects.filter(content_type=ct, object_id__in=ids).select_related("actor")
    for row in rows.order_by("created_at", "id"):
        out[row.object_id].append(row)
    return out
