"""The resident portal's API (`/api/v1/portal/…`), for a future mini-program: the signed-in
resident's own requests and the announcements that reach their units, read through the same
selectors as the portal's pages; and the desk's announcements (list, publish, withdraw).

A resident's API token (made on their profile page) or their session authenticates; anyone who
is not a resident linked to the directory gets 404 on every operation, like a record not theirs.
"""

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from propdesk.core.access import require_role, scope_queryset, visible_site_ids
from propdesk.core.api import Id, Limit, Offset, Page, one_of, paginate
from propdesk.core.exceptions import InvalidInput, NotFound
from propdesk.core.idempotency import idempotent
from propdesk.orgs.models import Building
from propdesk.orgs.selectors import site_list_for_user

from . import announcements as ann
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
    actions: list[str]


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
        "actions": request_actions(t),
    }


def request_actions(t) -> list[str]:
    """What the resident may do now, by the same checks as the page's buttons."""
    checks = (
        ("notes", selectors.is_open(t)),
        ("urge", selectors.can_urge(t)),
        ("withdraw", selectors.can_withdraw(t)),
        ("rate", selectors.can_rate(t)),
    )
    return [name for name, ok in checks if ok]


# --- announcements (R-ST-10) ----------------------------------------------------------------


class PortalAnnouncementOut(Schema):
    id: int
    site: str
    building: str | None
    title: str
    body: str
    published_at: datetime
    ends_on: date | None
    read: bool


class PortalAnnouncementPage(Page):
    items: list[PortalAnnouncementOut]


def _ann_out(a) -> dict:
    return {
        "id": a.pk,
        "site": a.site.name,
        "building": a.building.name if a.building else None,
        "title": a.title,
        "body": a.body,
        "published_at": a.published_at,
        "ends_on": a.ends_on,
        "read": bool(getattr(a, "read", 0)),
    }


@router.get("/portal/announcements/", response=PortalAnnouncementPage)
def portal_announcement_list(request, limit: Limit = 20, offset: Offset = 0):
    """The notices that reach your units, newest first (R-ST-10)."""
    resident = require_portal_resident(request.auth)
    page = paginate(ann.announcement_list_for_resident(resident), limit=limit, offset=offset)
    page["items"] = [_ann_out(a) for a in page["items"]]
    return page


@router.get("/portal/announcements/{announcement_id}", response=PortalAnnouncementOut)
def portal_announcement_get(request, announcement_id: Id):
    """One notice that reaches your units; the first opening records your read receipt."""
    resident = require_portal_resident(request.auth)
    try:
        a = ann.announcement_get_for_resident(resident, announcement_id)
    except NotFound:
        raise Http404 from None
    first = ann.announcement_mark_read(resident=resident, announcement=a)
    out = _ann_out(a)
    out["read"] = out["read"] or first
    return out


class AnnouncementIn(Schema):
    model_config = ConfigDict(extra="forbid")

    scope: Literal["site", "building", "all"] = "site"
    site: Id | None = None
    building: Id | None = None
    title: str = Field(..., max_length=ann.TITLE_MAX)
    body: str = Field(..., max_length=ann.BODY_MAX)
    ends_on: date | None = None


class AnnouncementWithdrawIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(..., max_length=ann.REASON_MAX)


class AnnouncementOut(Schema):
    id: int
    site_id: int
    site: str
    building_id: int | None
    building: str | None
    title: str
    body: str
    ends_on: date | None
    published_at: datetime
    published_by: str
    withdrawn_at: datetime | None
    withdraw_reason: str
    read_count: int


class AnnouncementPage(Page):
    items: list[AnnouncementOut]


class AnnouncementsMade(Schema):
    items: list[AnnouncementOut]


def _desk_out(a) -> dict:
    return {
        "id": a.pk,
        "site_id": a.site_id,
        "site": a.site.name,
        "building_id": a.building_id,
        "building": a.building.name if a.building else None,
        "title": a.title,
        "body": a.body,
        "ends_on": a.ends_on,
        "published_at": a.published_at,
        "published_by": str(a.published_by),
        "withdrawn_at": a.withdrawn_at,
        "withdraw_reason": a.withdraw_reason,
        "read_count": getattr(a, "read_count", 0),
    }


def _require_desk_reader(user):
    if not ann.is_reader(user):
        raise Http404


def _desk_get(user, pk: int):
    _require_desk_reader(user)
    try:
        return ann.announcement_get_for_user(user, pk)
    except NotFound:
        raise Http404 from None


@router.get("/announcements/", response=AnnouncementPage, tags=["announcements"])
def announcement_list(
    request,
    state: one_of(["active", "ended", "withdrawn"]) = "",
    site: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """The announcements of your sites with their read counts, newest first (R-ST-10)."""
    _require_desk_reader(request.auth)
    qs = ann.announcement_list_for_user(request.auth, site_id=site, state=state)
    page = paginate(qs, limit=limit, offset=offset)
    page["items"] = [_desk_out(a) for a in page["items"]]
    return page


@router.get("/announcements/{announcement_id}", response=AnnouncementOut, tags=["announcements"])
def announcement_get(request, announcement_id: Id):
    return _desk_out(_desk_get(request.auth, announcement_id))


@router.post("/announcements/", response={201: AnnouncementsMade}, tags=["announcements"])
def announcement_create(request, payload: AnnouncementIn):
    """Publish to a site, a building or every site of yours (one announcement per site)."""
    user = request.auth
    _require_desk_reader(user)
    require_role(user, ann.WRITERS)

    def create():
        site = building = None
        if payload.scope == "site":
            site_id = payload.site
            if site_id is None:
                ids = visible_site_ids(user)
                if ids is None or len(ids) != 1:
                    raise InvalidInput(_("Give the site."), fields={"site": _("Required.")})
                site_id = next(iter(ids))
            site = site_list_for_user(user).filter(pk=site_id).first()
            if site is None:
                raise InvalidInput(_("Check the marked fields."), fields={"site": _("Not found.")})
        elif payload.scope == "building" and payload.building is not None:
            building = scope_queryset(Building.objects.all(), user).filter(pk=payload.building)
            building = building.select_related("site").first()
            if building is None:
                raise InvalidInput(
                    _("Check the marked fields."), fields={"building": _("Not found.")}
                )
        made = ann.announcement_publish(
            actor=user,
            scope=payload.scope,
            site=site,
            building=building,
            title=payload.title,
            body=payload.body,
            ends_on=payload.ends_on,
        )
        rows = ann.announcement_list_for_user(user).filter(pk__in=[a.pk for a in made])
        return 201, {"items": [_desk_out(a) for a in rows]}

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


@router.post(
    "/announcements/{announcement_id}/withdraw", response=AnnouncementOut, tags=["announcements"]
)
def announcement_withdraw(request, announcement_id: Id, payload: AnnouncementWithdrawIn):
    """Withdraw an announcement with a reason; the record stays (R-FM-6)."""
    a = _desk_get(request.auth, announcement_id)
    ann.announcement_withdraw(actor=request.auth, announcement=a, reason=payload.reason)
    return _desk_out(a)


# The writes (submitting, chasing, rating, consent) and the household, notice-choice and the
# desk's invitation operations share this router (one path, its GET and POST in one router).
from . import api_desk, api_writes  # noqa: E402, F401
