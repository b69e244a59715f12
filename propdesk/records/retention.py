"""Retention of completed records (R-FM-8): each kind keeps its form template's period; nothing is
deleted before it ends, and the end-of-retention list feeds the archives' destruction flow.

Apps (or `retention_kinds.py` for apps that do not register themselves yet) register a kind:

    retention.register("ticket", template="handling_form", label=_("Tickets"),
                       scope=ticket_scope, basis="closed_at", url=lambda pk: …)

`scope(user)` is the app's own scoped queryset; `basis` is the field (or expression) the period
counts from — a record not yet completed (basis empty) never reaches its end.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import DateTimeField, Expression, ExpressionWrapper, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import Conflict, NotFound

from .models import FormTemplate

DEFAULT_DAYS = 3 * 365  # company policy when a form names none (complaints, work orders …)


@dataclass(frozen=True)
class RetentionKind:
    code: str
    template: str
    label: object
    scope: Callable[[object], QuerySet]
    basis: str | Expression
    url: Callable[[int], str]
    number: str = "number"
    title: str = ""


_KINDS: dict[str, RetentionKind] = {}


def register(code: str, **kwargs) -> None:
    """Add (or replace) a record kind with its template and the date its period counts from."""
    _KINDS[code] = RetentionKind(code=code, **kwargs)


def kinds() -> list[RetentionKind]:
    return [_KINDS[c] for c in sorted(_KINDS)]


def kind(code: str) -> RetentionKind:
    if code not in _KINDS:
        raise NotFound(code="unknown_kind")
    return _KINDS[code]


def periods() -> dict[str, int]:
    """Retention days per template code (one query)."""
    return dict(FormTemplate.objects.values_list("code", "retention_days"))


def days_for(k: RetentionKind, table: dict[str, int] | None = None) -> int:
    table = periods() if table is None else table
    return table.get(k.template, DEFAULT_DAYS)


def _annotation(k: RetentionKind):
    if isinstance(k.basis, str):
        return F(k.basis)
    return ExpressionWrapper(k.basis, output_field=DateTimeField())


def expired(user, k: RetentionKind, *, now=None, days: int | None = None) -> QuerySet:
    """Records of kind `k` the user may see whose retention period has ended, oldest first."""
    now = now or timezone.now()
    days = days_for(k) if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    qs = k.scope(user).annotate(retention_basis=_annotation(k))
    return qs.filter(retention_basis__lte=cutoff).order_by("retention_basis", "pk")


def ends_on(k: RetentionKind, obj, days: int | None = None) -> datetime.date | None:
    """The last day `obj` must be kept, or None while it is not completed."""
    days = days_for(k) if days is None else days
    basis = getattr(obj, "retention_basis", None)
    if basis is None and isinstance(k.basis, str):
        basis = getattr(obj, k.basis, None)
    if basis is None:
        return None
    when = basis if isinstance(basis, datetime.datetime) else None
    day = timezone.localtime(when).date() if when else basis
    return day + datetime.timedelta(days=days)


def refuse_delete(k: RetentionKind, obj) -> None:
    """Deleting is never offered (R-FM-8): before its retention ends a record is kept; after, it
    leaves only through the archives' destruction flow. Always raises Conflict."""
    end = ends_on(k, obj)
    if end is None:
        raise Conflict(
            _(
                "This record is not completed yet; it is kept for %(days)d days after that and cannot be deleted."
            )
            % {"days": days_for(k)},
            code="retention",
        )
    if end > timezone.localdate():
        raise Conflict(
            _("This record is kept until %(date)s (its retention period): it cannot be deleted.")
            % {"date": end.isoformat()},
            code="retention",
        )
    raise Conflict(
        _(
            "Its retention period ended on %(date)s: it is destroyed only through the archives' destruction flow, with approval."
        )
        % {"date": end.isoformat()},
        code="retention_destruction",
    )
