"""The registry of searchable document types: apps add their documents to the one index.

An app registers a type once (from its `AppConfig.ready()` or from `search/providers.py`):

    register("ticket", model=Ticket, label=_("Ticket"), build=ticket_search_fields,
             url=lambda pk: reverse("tickets:detail", args=[pk]),
             visible=lambda user: ticket_list_for_user(user))

`build(obj)` returns the `SearchFields` of one object; `visible(user)` returns the queryset of
objects `user` may see (or None when site scoping alone decides), evaluated inside the search
query as a subquery, so out-of-scope documents never leave the database.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save


@dataclass(frozen=True)
class SearchFields:
    """What one object contributes to the index."""

    title: str
    body: str = ""
    site_id: int | None = None
    updated_at: datetime | None = None
    numbers: Sequence[str] = ()  # record numbers (TS-CUIHU-2026-00042): exact, compact, fragments
    units: Sequence[str] = ()  # unit codes (3栋1单元502): matched via `unit_search_key`
    phones: Sequence[str] = ()  # phones: any fragment of 3+ digits; never shown in results
    keywords: Sequence[str] = ()  # other words that should match like a title (names, codes)


@dataclass(frozen=True)
class DocType:
    """A registered document type."""

    name: str
    model: type[Model]
    label: str
    build: Callable[[Model], SearchFields]
    url: Callable[[int], str]
    visible: Callable[[object], QuerySet | None] | None = None
    narrow: Callable[[QuerySet, dict], QuerySet] | None = None
    queryset: Callable[[], QuerySet] | None = None
    extra: dict = field(default_factory=dict)

    def all_objects(self) -> QuerySet:
        """Objects to index on a rebuild (the type may add select_related/prefetch)."""
        return self.queryset() if self.queryset else self.model._default_manager.all()


_TYPES: dict[str, DocType] = {}


def register(
    name: str,
    *,
    model: type[Model],
    label,
    build: Callable[[Model], SearchFields],
    url: Callable[[int], str],
    visible: Callable[[object], QuerySet | None] | None = None,
    narrow: Callable[[QuerySet, dict], QuerySet] | None = None,
    queryset: Callable[[], QuerySet] | None = None,
    signals: bool = False,
) -> DocType:
    """Register (or replace) a document type; `signals=True` also keeps it fresh on save/delete."""
    doc_type = DocType(name, model, label, build, url, visible, narrow, queryset)
    _TYPES[name] = doc_type
    if signals:
        connect_signals(name)
    return doc_type


def unregister(name: str) -> None:
    """Remove a type (tests); its signal handlers are disconnected too."""
    doc_type = _TYPES.pop(name, None)
    if doc_type is not None:
        post_save.disconnect(sender=doc_type.model, dispatch_uid=f"search-save-{name}")
        post_delete.disconnect(sender=doc_type.model, dispatch_uid=f"search-delete-{name}")


def get(name: str) -> DocType:
    return _TYPES[name]


def types() -> dict[str, DocType]:
    return dict(_TYPES)


def connect_signals(name: str) -> None:
    """Index on post_save and unindex on post_delete (STYLE: signals only for the search index).

    Prefer explicit `search_index_update` calls from services: queryset `.update()` and
    `bulk_create` send no signals.
    """
    doc_type = _TYPES[name]

    def on_save(sender, instance, **kwargs):
        from .services import search_index_update

        search_index_update(name, instance)

    def on_delete(sender, instance, **kwargs):
        from .services import search_index_delete

        search_index_delete(name, instance.pk)

    post_save.connect(
        on_save, sender=doc_type.model, weak=False, dispatch_uid=f"search-save-{name}"
    )
    post_delete.connect(
        on_delete, sender=doc_type.model, weak=False, dispatch_uid=f"search-delete-{name}"
    )
