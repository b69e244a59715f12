"""The resident portal's API (`/api/v1/portal/…`), for a future mini-program: the signed-in
resident's own requests only, read through the same selectors as the portal's pages.

A resident's API token (made on their profile page) or their session authenticates; anyone who
is not a resident linked to the directory gets 404 on every operation, like a record not theirs.
"""

from datetime import datetime

from ninja import Router, Schema

from propdesk.core.api import Id, Limit, Offset, Page, paginate

from . import selectors
from .permissions import require_portal_resident

router = Router(tags=["portal"])


class PortalStepOut(Schema):
    step: str
    at: datetime
    text: str | None = None
    score: int | None = None


class PortalRequestOut(Schema):
    id: int
    number: str
    kind: str
    category: str
    site: str
    unit: str | None
    state: str
    state_words: str
    title: str
    registered_at: datetime
    appointment_at: datetime | None
    rating: int | None


class PortalRequestDetailOut(PortalRequestOut):
    description: str
    location: str
    department: str | None
    timeline: list[PortalStepOut]


class PortalRequestPage(Page):
    items: list[PortalRequestOut]


def _out(t) -> dict:
    return {
        "id": t.pk,
        "number": t.number,
        "kind": t.kind,
        "category": t.category.name,
        "site": t.site.name,
        "unit": t.unit.code if t.unit else None,
        "state": t.state,
        "state_words": selectors.state_words(t),
        "title": t.title,
        "registered_at": t.created_at,
        "appointment_at": t.appointment_at,
        "rating": t.resident_rating,
    }


@router.get("/portal/requests/", response=PortalRequestPage)
def portal_request_list(request, open: bool = False, limit: Limit = 20, offset: Offset = 0):
    """Your requests, newest first (R-SS-2); `open=true` for those not finished."""
    resident = require_portal_resident(request.auth)
    qs = selectors.request_list_for_resident(resident, open_only=open)
    page = paginate(qs, limit=limit, offset=offset)
    page["items"] = [_out(t) for t in page["items"]]
    return page


@router.get("/portal/requests/{request_id}", response=PortalRequestDetailOut)
def portal_request_get(request, request_id: Id):
    """One of your requests with its resident-facing steps (never a staff note, name or number)."""
    resident = require_portal_resident(request.auth)
    t = selectors.request_get_for_resident(resident, request_id)
    steps = selectors.request_timeline(t, request.auth)
    return {
        **_out(t),
        "description": t.description,
        "location": t.location,
        "department": t.department.name if t.department and t.dispatched_at else None,
        "timeline": [
            {"step": str(s["label"]), "at": s["at"], "text": s.get("text"), "score": s.get("score")}
            for s in steps
        ],
    }
