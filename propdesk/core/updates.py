"""Partial updates: an update changes exactly the fields it names, and says what it changed.

The API turns a body into the fields the client sent with `sent_fields` (pydantic's
`model_fields_set`: a field left out is left alone, an explicit `null` is passed on as None, the
schema's types decide where null is allowed). A service writes them with `update_apply`: only
the values that differ, guarded on the version, with one event carrying old → new per field.
"""

from datetime import date, datetime

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .events import event_record
from .exceptions import Conflict, InvalidInput


def sent_fields(payload, *, exclude: frozenset[str] | set[str] = frozenset({"version"})) -> dict:
    """The fields present in the request body (never the schema's defaults), without `exclude`."""
    return payload.model_dump(exclude_unset=True, exclude=set(exclude))


def require_known(values: dict, allowed: frozenset[str] | set[str]) -> None:
    """Refuse a field the update does not handle (400), rather than ignoring it."""
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here."),
            code="bad_field",
            fields={k: _("Not changeable.") for k in unknown},
        )


def _plain(value):
    """A value as stored in the event's JSON (a related row by its id)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def update_apply(
    *,
    obj: models.Model,
    values: dict,
    actor,
    expected_version: int | None = None,
    code: str = "edited",
) -> dict:
    """Write the fields of `values` that differ from `obj`, guarded on its version; one event.

    Returns `{field: {"old": …, "new": …}}` (empty, and nothing written, when nothing differs).
    Call inside the service's transaction, after its own checks.
    """
    if expected_version is not None and expected_version != obj.version:
        raise Conflict(_("Someone else changed this record; reload and try again."), code="stale")
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if _plain(old) != _plain(new):
            changes[name] = {"old": _plain(old), "new": _plain(new)}
    if not changes:
        return {}
    written = {name: values[name] for name in changes}
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, version=obj.version)
        .update(version=F("version") + 1, **written)
    )
    if updated != 1:
        raise Conflict(_("Someone else changed this record; reload and try again."), code="stale")
    for name, value in written.items():
        setattr(obj, name, value)
    obj.version += 1
    event_record(target=obj, code=code, actor=actor, data={"changes": changes})
    return changes
