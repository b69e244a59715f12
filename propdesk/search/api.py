"""API: `GET /api/v1/search/?q=&type=&site=&limit=&offset=` — the same selector as the page."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from propdesk.core.api import Id, Limit, Offset, Page

from .selectors import search

router = Router(tags=["search"])


class SearchIn(Schema):
    q: str = ""
    type: str = ""
    site: Id | None = None
    limit: Limit = 20
    offset: Offset = 0


class HitOut(Schema):
    type: str
    id: int
    site_id: int | None
    title: str
    title_html: str
    snippet_html: str
    url: str
    updated_at: datetime


class SearchPageOut(Page):
    q: str
    more: bool = False  # more than `count` matches: the items come newest first, not ranked
    narrowed_by: list[str] = []  # time and kind words of `q` applied as filters (上个月, 投诉)
    items: list[HitOut]


@router.get("/search/", response=SearchPageOut)
def search_documents(request: HttpRequest, params: Query[SearchIn]):
    """Ranked full-text search over what the caller may see; `*_html` are escaped and marked."""
    page = search(
        request.auth,
        params.q[:100],
        doc_types=[params.type] if params.type else None,
        site_id=params.site,
        limit=params.limit,
        offset=params.offset,
    )
    items = [
        {
            "type": h.doc_type,
            "id": h.object_id,
            "site_id": h.site_id,
            "title": h.title,
            "title_html": str(h.title_html),
            "snippet_html": str(h.snippet_html),
            "url": h.url,
            "updated_at": h.updated_at,
        }
        for h in page.hits
    ]
    return {
        "count": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "q": page.q,
        "more": page.more,
        "narrowed_by": page.hints,
        "items": items,
    }
