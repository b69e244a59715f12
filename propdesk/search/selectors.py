"""The one search selector: ranked, scoped, highlighted results from the shared index."""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Exists,
    Expression,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone

from propdesk.core.access import visible_site_ids

from . import highlight, query, registry
from .models import SearchDocument

MAX_LIMIT = 100
# Above this many matches, results come newest first instead of by rank, and the count stops
# there ("more than 10000"). Ranking reads every match: a company-wide search of one very common
# word (漏水, ~114,000 documents at a million tickets) took ~1.1 s, now ~100 ms. A desk's search
# of its own site stays ranked (漏水 at one site of a million tickets: ~1,500–2,700 matches).
# At 2,000, one of the bench's 55 labelled queries (装修垃圾, 5,436 matches company-wide) lost its
# ticket from the first page; at 10,000 all are found.
RANK_LIMIT = 10_000


@dataclass(frozen=True)
class SearchHit:
    doc_type: str
    type_label: str
    object_id: int
    site_id: int | None
    title: str
    title_html: str
    snippet_html: str
    url: str
    updated_at: datetime


@dataclass
class SearchPage:
    """One page of results; `total` counts every visible match."""

    q: str
    total: int = 0
    limit: int = 20
    offset: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)  # time and kind words that narrowed it
    more: bool = False  # more than RANK_LIMIT matches: `total` is RANK_LIMIT, newest first

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


class _OnDocument(Expression):
    """SQL on the search table's own columns, under whatever alias the query gives the table.

    RawSQL would name the table, which breaks once the search is a subquery of another list
    (the ticket list's words filter): Django then renames the table (U0 …).
    """

    def __init__(self, template: str, params: list, output_field):
        super().__init__(output_field=output_field)
        self.template, self.params = template, params

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return self.template.format(t=table), list(self.params)

    def get_group_by_cols(self):
        return []


# The score counts whole words only: a match of a word's characters one by one (query.Chars)
# finds a differently segmented text but scores 0, below every whole-word match; before, the
# single characters (水 of 水管, 水槽, 滴水 …) raised old tickets above today's.
# Recency lifts the text score by up to FRESH_BOOST for a record registered now, half of that
# after FRESH_DAYS, fading with age: among equally good matches today's ticket comes first, while
# a clearly better match (the words in the title, or together) still beats a newer weak one.
# bm25 otherwise put today's ticket with 漏水 in its title last of ten, below older tickets whose
# shorter descriptions scored ~10 % higher (SQLite); the labelled queries of bench/ keep recall.
FRESH_BOOST = 0.3
FRESH_DAYS = 7


def _fresh_params(now: float) -> list:
    """Parameters of the recency factor `(1 + boost / (1 + age / span))` in the rank SQL."""
    return [FRESH_BOOST, now, FRESH_DAYS * 86400.0]


def _pg_rank(parsed: query.ParsedQuery, fresh: list) -> _OnDocument:
    return _OnDocument(
        "ts_rank_cd({t}.tsv, to_tsquery('simple', %s))"
        " * (1 + %s / (1 + greatest(0, %s - extract(epoch from {t}.updated_at)) / %s))",
        [parsed.tsquery(strict=True), *fresh],
        FloatField(),
    )


RANKED = ("-search_rank", "-updated_at", "-id")  # best first; among equals, the newest


def _match(qs: QuerySet, parsed: query.ParsedQuery) -> QuerySet:
    """Filter by the full-text query and annotate `search_rank` (higher is better)."""
    fresh = _fresh_params(timezone.now().timestamp())
    if connection.vendor == "postgresql":
        tsq = parsed.tsquery()
        hit = _OnDocument("{t}.tsv @@ to_tsquery('simple', %s)", [tsq], BooleanField())
        rank = _pg_rank(parsed, fresh)
    else:
        fts = parsed.fts5()
        hit = _OnDocument(
            "{t}.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
            [fts],
            BooleanField(),
        )
        # FTS5's rank is bm25 with the column weights set in migration 0002 (lower is better).
        rank = _OnDocument(
            "coalesce((SELECT -rank FROM search_fts WHERE search_fts MATCH %s AND rowid = {t}.id), 0)"
            " * (1 + %s / (1 + max(0, %s - (julianday({t}.updated_at) - 2440587.5) * 86400.0) / %s))",
            [parsed.fts5(strict=True), *fresh],
            FloatField(),
        )
    return qs.filter(hit).annotate(search_rank=rank)


def _visible(user, names: list[str], filters: dict) -> Q:
    """Per type: the type's own visibility (and filters) as a subquery, OR-ed together.

    A correlated EXISTS on the object's primary key, not `object_id IN (…)`: the words, the site
    and the time leave a few hundred candidates, each checked by one index lookup, where an IN
    list of every complaint of the company (220,000 at a million tickets) cost ~300 ms.
    """
    scope = Q(pk__in=[])
    for name in names:
        kind = registry.get(name)
        objects = kind.visible(user) if kind.visible else None
        if kind.narrow and filters:
            base = objects if objects is not None else kind.model._default_manager.all()
            objects = kind.narrow(base, filters)
        part = Q(doc_type=name)
        if objects is not None:
            part &= Q(Exists(objects.filter(pk=OuterRef("object_id"))))
        scope |= part
    return scope


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _bigints(ids) -> list:
    """Site ids typed as bigint, like the column: PostgreSQL uses the (site_id, tsv) GIN index
    (migration 0003) only for a bigint = bigint comparison, not for a plain integer literal."""
    return [Cast(Value(int(i)), BigIntegerField()) for i in ids]


def search_queryset(user, parsed, *, doc_types=None, site_id=None, filters=None) -> QuerySet:
    """Matching documents `user` may see, best first (site scope AND the type's own scope)."""
    known = registry.types()
    names = [n for n in (doc_types or known) if n in known]
    signed_in = getattr(user, "is_authenticated", False) and user.is_active
    if parsed.expr is None or not names or not signed_in:
        return SearchDocument.objects.none()
    filters = dict(filters or {})
    if parsed.kind and not filters.get("kind"):
        filters["kind"] = parsed.kind  # 投诉, 报修 … in the query (query.KIND_WORDS)
    qs = SearchDocument.objects.filter(_visible(user, names, filters))
    if parsed.period:  # 上个月, 昨天 … in the query: when the record was registered
        start, end = (_local_midnight(d) for d in parsed.period)
        qs = qs.filter(updated_at__gte=start, updated_at__lt=end)
    site_ids = visible_site_ids(user)
    if site_ids is not None:
        qs = qs.filter(site_id__in=_bigints(site_ids))
    if site_id is not None:
        qs = qs.filter(site_id__in=_bigints([site_id]))
    return _match(qs, parsed).order_by(*RANKED)


def search_object_ids(user, q: str, doc_type: str) -> QuerySet | None:
    """Ids of the `doc_type` objects matching `q` that `user` may see, as a subquery for a list's
    own filters and order (the ticket list's words filter); None when `q` has nothing to search."""
    parsed = query.parse(q or "")
    if parsed.expr is None:
        return None
    return search_queryset(user, parsed, doc_types=[doc_type]).order_by().values("object_id")


def search(user, q, *, doc_types=None, site_id=None, filters=None, limit=20, offset=0):
    """Search the index for `user`: two queries (the matches, then the page), whatever the page size.

    Up to RANK_LIMIT matches are ranked (rank, then recency); beyond it they come newest first
    and `page.more` is set.
    """
    parsed = query.parse(q or "")
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    qs = search_queryset(user, parsed, doc_types=doc_types, site_id=site_id, filters=filters)
    page = SearchPage(q=q or "", limit=limit, offset=offset, hints=parsed.hints)
    if parsed.expr is None:
        return page
    if connection.vendor == "postgresql":
        # The matches' ids in one read of the full-text index, then the page ranked among them by
        # primary key: the index is read once per search, not once for the count and again for
        # the page (a unit search such as 3栋 漏水 spent ~60 ms in each at a million tickets).
        matched = list(qs.order_by().values_list("pk", flat=True)[: RANK_LIMIT + 1])
        page.total = len(matched)
        if page.total <= RANK_LIMIT:
            among = _OnDocument("{t}.id = ANY(%s)", [matched], BooleanField())
            rank = _pg_rank(parsed, _fresh_params(timezone.now().timestamp()))
            qs = SearchDocument.objects.filter(among).annotate(search_rank=rank).order_by(*RANKED)
    else:
        page.total = qs.order_by()[: RANK_LIMIT + 1].count()
    if page.total > RANK_LIMIT:
        page.total, page.more = RANK_LIMIT, True
        qs = qs.order_by("-updated_at", "-id")
    rows = qs.defer("title_tokens", "body_tokens", "keys")[offset : offset + limit]
    regex = highlight.compile_patterns(parsed.highlights)
    kinds = registry.types()
    page.hits = [_hit(doc, kinds[doc.doc_type], regex) for doc in rows] if page.total else []
    return page


def _hit(doc: SearchDocument, kind, regex) -> SearchHit:
    return SearchHit(
        doc_type=doc.doc_type,
        type_label=str(kind.label),
        object_id=doc.object_id,
        site_id=doc.site_id,
        title=doc.title,
        title_html=highlight.highlight(doc.title, regex),
        snippet_html=highlight.snippet(doc.body, regex),
        url=kind.url(doc.object_id),
        updated_at=doc.updated_at,
    )
