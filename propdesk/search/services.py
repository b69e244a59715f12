"""Writes to the search index: apps call these from their own services (same transaction)."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from . import registry, segment
from .models import SearchDocument
from .registry import SearchFields

TITLE_MAX = 300
BODY_STORED_MAX = 4000  # kept for the result snippet
BODY_INDEXED_MAX = segment.SEGMENT_MAX
_UPDATE_FIELDS = ["site_id", "title", "body", "title_tokens", "body_tokens", "keys", "updated_at"]


def _keys(fields: SearchFields) -> str:
    """Key tokens: unit keys, phone fragments, record numbers, and the words of all of them."""
    tokens: list[str] = []
    for unit in fields.units:
        tokens.append(segment.unit_token(unit))
        tokens.extend(segment.words_for_search(unit))
    for number in fields.numbers:
        tokens.extend(segment.number_tokens(number))
        tokens.extend(segment.words_for_search(number))
    for phone in fields.phones:
        tokens.extend(segment.phone_tokens(phone))
    for keyword in fields.keywords:
        tokens.extend(segment.words_for_search(keyword))
    return " ".join(t for t in tokens if t)


def document_for(doc_type: str, obj) -> SearchDocument:
    """Build (not save) the index row of one object."""
    fields = registry.get(doc_type).build(obj)
    body = fields.body or ""
    return SearchDocument(
        doc_type=doc_type,
        object_id=obj.pk,
        site_id=fields.site_id,
        title=(fields.title or "")[:TITLE_MAX],
        body=body[:BODY_STORED_MAX],
        title_tokens=" ".join(segment.words_for_search((fields.title or "")[:TITLE_MAX])),
        body_tokens=" ".join(
            segment.words_for_search(body[:BODY_INDEXED_MAX])
            + segment.cjk_chars(f"{fields.title} {body[:BODY_INDEXED_MAX]}")
        ),
        keys=_keys(fields),
        updated_at=fields.updated_at or timezone.now(),
    )


def _upsert(docs: list[SearchDocument]) -> None:
    SearchDocument.objects.bulk_create(
        docs,
        update_conflicts=True,
        unique_fields=["doc_type", "object_id"],
        update_fields=_UPDATE_FIELDS,
    )


def search_index_update(doc_type: str, obj) -> None:
    """Index (or re-index) one object; call it in the service that changed the object."""
    _upsert([document_for(doc_type, obj)])


def search_index_delete(doc_type: str, object_id: int) -> None:
    """Remove one object from the index."""
    SearchDocument.objects.filter(doc_type=doc_type, object_id=object_id).delete()


def search_index_refresh(sender, pks, **kwargs) -> None:
    """Re-index the objects `pks` of model `sender`, of every document type built from it."""
    for name, kind in registry.types().items():
        if kind.model is sender:
            _upsert([document_for(name, obj) for obj in kind.all_objects().filter(pk__in=pks)])


def _batches(qs, size: int) -> Iterable[list]:
    """Walk a queryset by primary key in batches (no OFFSET, flat memory)."""
    last = None
    while True:
        page = qs.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page[:size])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def search_index_rebuild(doc_type: str | None = None, *, batch_size: int = 1000, log=None) -> int:
    """Re-index every object of one type (or of all types) and drop rows of deleted objects."""
    names = [doc_type] if doc_type else list(registry.types())
    total = 0
    for name in names:
        kind = registry.get(name)
        for rows in _batches(kind.all_objects(), batch_size):
            with transaction.atomic():
                _upsert([document_for(name, obj) for obj in rows])
            total += len(rows)
            if log:
                log(name, total)
        live = kind.model._default_manager.values("pk")
        SearchDocument.objects.filter(doc_type=name).exclude(object_id__in=live).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
    return total
