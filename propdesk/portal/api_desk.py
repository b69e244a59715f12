"""The API of the portal's desk-side actions and the household (`/api/v1/…`): the desk's
invitations and household link requests, and the resident's household and notice choice.
They call the same services as the pages; bodies list their fields (`extra="forbid"`)."""

from datetime import datetime
from typing import Literal

from django.http import Http404
from django.urls import reverse
from ninja import Schema, Status
from pydantic import ConfigDict, Field

from propdesk.core.api import Id, Limit, Offset, Page, paginate
from propdesk.core.exceptions import NotFound
from propdesk.people import selectors as people
from propdesk.people.permissions import require_directory_reader

from . import household as hh
from . import invitations
from .api import router
from .notices import notice_choice_set, wants_messages
from .permissions import require_portal_resident


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# --- the desk: invitations ------------------------------------------------------------------


class InvitationIn(Strict):
    days: int = Field(invitations.DEFAULT_DAYS, ge=1, le=invitations.MAX_DAYS)


class InvitationOut(Schema):
    id: int
    site_id: int
    created_at: datetime
    created_by: str
    expires_at: datetime
    status: str
    status_words: str
    used_at: datetime | None
    revoked_at: datetime | None


class InvitationMade(InvitationOut):
    link: str


class InvitationPage(Page):
    items: list[InvitationOut]


def _inv_out(inv) -> dict:
    return {
        "id": inv.pk,
        "site_id": inv.site_id,
        "created_at": inv.created_at,
        "created_by": str(inv.created_by),
        "expires_at": inv.expires_at,
        "status": inv.status(),
        "status_words": inv.status_label(),
        "used_at": inv.used_at,
        "revoked_at": inv.revoked_at,
    }


def _resident_for_desk(request, resident_id: int):
    require_directory_reader(request.auth)
    return people.resident_get_for_user(request.auth, resident_id)


@router.get("/residents/{resident_id}/invitations/", response=InvitationPage, tags=["people"])
def invitation_list(request, resident_id: Id, limit: Limit = 20, offset: Offset = 0):
    """The resident's portal invitations made at your sites, newest first."""
    resident = _resident_for_desk(request, resident_id)
    qs = invitations.invitation_list_for(request.auth, resident)
    page = paginate(qs, limit=limit, offset=offset)
    page["items"] = [_inv_out(i) for i in page["items"]]
    return page


@router.post(
    "/residents/{resident_id}/invitations/", response={201: InvitationMade}, tags=["people"]
)
def invitation_make(request, resident_id: Id, payload: InvitationIn):
    """Make a one-time portal invitation; the `link` is given once (send it, or print its QR)."""
    resident = _resident_for_desk(request, resident_id)
    try:
        inv, raw = invitations.invitation_create(
            actor=request.auth, resident=resident, days=payload.days
        )
    except NotFound:
        raise Http404 from None
    link = request.build_absolute_uri(reverse("portal:invite", args=[raw]))
    return Status(201, {**_inv_out(inv), "link": link})


@router.post(
    "/residents/{resident_id}/invitations/{invitation_id}/revoke",
    response=InvitationOut,
    tags=["people"],
)
def invitation_revoke(request, resident_id: Id, invitation_id: Id):
    """Revoke an invitation before it is used; its link no longer works."""
    resident = _resident_for_desk(request, resident_id)
    inv = invitations.invitation_list_for(request.auth, resident).filter(pk=invitation_id).first()
    if inv is None:
        raise Http404
    try:
        invitations.invitation_revoke(actor=request.auth, invitation=inv)
    except NotFound:
        raise Http404 from None
    return _inv_out(inv)


# --- the desk: household link requests ------------------------------------------------------


class LinkRequestOut(Schema):
    id: int
    site_id: int
    unit_id: int
    unit: str
    resident_id: int
    resident: str
    name: str
    phone: str
    relation: str
    relation_words: str
    state: str
    state_words: str
    created_at: datetime
    decided_at: datetime | None
    refuse_reason: str
    version: int
    actions: list[str]


class LinkRequestPage(Page):
    items: list[LinkRequestOut]


class DecideIn(Strict):
    version: int | None = Field(None, ge=0, le=2_147_483_647)


class RefuseIn(DecideIn):
    reason: str = Field(..., max_length=hh.REASON_MAX)


def _req_out(user, r) -> dict:
    from propdesk.core.masking import mask_phone

    return {
        "id": r.pk,
        "site_id": r.site_id,
        "unit_id": r.unit_id,
        "unit": r.unit.code,
        "resident_id": r.resident_id,
        "resident": r.resident.name,
        "name": r.name,
        "phone": mask_phone(r.phone),
        "relation": r.relation,
        "relation_words": r.get_relation_display(),
        "state": r.state,
        "state_words": r.get_state_display(),
        "created_at": r.created_at,
        "decided_at": r.decided_at,
        "refuse_reason": r.refuse_reason,
        "version": r.version,
        "actions": ["confirm", "refuse"] if hh.can_decide(user, r) else [],
    }


def _req_for_desk(request, pk: int):
    require_directory_reader(request.auth)
    try:
        return hh.link_request_get_for_desk(request.auth, pk)
    except NotFound:
        raise Http404 from None


@router.get("/household-requests/", response=LinkRequestPage, tags=["people"])
def link_request_list(
    request,
    state: Literal["pending", "all"] = "pending",
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Residents' requests to link a person to their unit, at your sites (waiting first)."""
    require_directory_reader(request.auth)
    qs = hh.link_request_list_for_desk(request.auth, state="pending" if state == "pending" else "")
    page = paginate(qs, limit=limit, offset=offset)
    page["items"] = [_req_out(request.auth, r) for r in page["items"]]
    return page


@router.post("/household-requests/{request_id}/confirm", response=LinkRequestOut, tags=["people"])
def link_request_confirm(request, request_id: Id, payload: DecideIn):
    """Confirm: the person is linked to the unit in the directory (never your own request)."""
    r = _req_for_desk(request, request_id)
    hh.link_request_confirm(actor=request.auth, req=r, version=payload.version)
    return _req_out(request.auth, r)


@router.post("/household-requests/{request_id}/refuse", response=LinkRequestOut, tags=["people"])
def link_request_refuse(request, request_id: Id, payload: RefuseIn):
    """Refuse with a reason; the resident is told."""
    r = _req_for_desk(request, request_id)
    hh.link_request_refuse(
        actor=request.auth, req=r, reason=payload.reason, version=payload.version
    )
    return _req_out(request.auth, r)


# --- the resident: household and notice choice ----------------------------------------------


class MemberOut(Schema):
    name: str
    relation: str
    phone: str


class AskedOut(Schema):
    id: int
    name: str
    relation: str
    state: str
    state_words: str
    refuse_reason: str
    created_at: datetime


class HouseholdUnitOut(Schema):
    unit_id: int
    site: str
    unit: str
    relation: str
    members: list[MemberOut]
    may_ask: list[str]
    requests: list[AskedOut]


class HouseholdOut(Schema):
    units: list[HouseholdUnitOut]


class LinkAskIn(Strict):
    unit: Id
    name: str = Field(..., max_length=hh.NAME_MAX)
    phone: str = Field(..., max_length=20)
    relation: Literal["tenant", "family"]


class NoticeChoiceIn(Strict):
    by_message: bool


class NoticeChoiceOut(Schema):
    by_message: bool


def _household(resident) -> dict:
    units = []
    for row in hh.household_for_resident(resident):
        o = row["occupancy"]
        units.append(
            {
                "unit_id": o.unit_id,
                "site": o.site.name,
                "unit": o.unit.code,
                "relation": o.relation,
                "members": row["members"],
                "may_ask": row["may_ask"],
                "requests": [
                    {
                        "id": q.pk,
                        "name": q.name,
                        "relation": q.relation,
                        "state": q.state,
                        "state_words": q.get_state_display(),
                        "refuse_reason": q.refuse_reason,
                        "created_at": q.created_at,
                    }
                    for q in row["requests"]
                ],
            }
        )
    return {"units": units}


@router.get("/portal/household", response=HouseholdOut)
def portal_household(request):
    """Who else is linked to your units (an owner: everyone, masked numbers; others: the owner)."""
    return _household(require_portal_resident(request.auth))


@router.post("/portal/household/requests", response={201: HouseholdOut})
def portal_household_ask(request, payload: LinkAskIn):
    """Ask the front desk to link a person to one of your units (R-ST-10)."""
    resident = require_portal_resident(request.auth)
    hh.link_request_create(
        actor=request.auth,
        resident=resident,
        unit_id=payload.unit,
        name=payload.name,
        phone=payload.phone,
        relation=payload.relation,
    )
    return Status(201, _household(resident))


@router.get("/portal/notice-choice", response=NoticeChoiceOut)
def portal_notice_choice_get(request):
    require_portal_resident(request.auth)
    return {"by_message": wants_messages(request.auth)}


@router.post("/portal/notice-choice", response=NoticeChoiceOut)
def portal_notice_choice_set(request, payload: NoticeChoiceIn):
    """Whether you are also told by text or WeChat message (the webhook channel)."""
    require_portal_resident(request.auth)
    notice_choice_set(user=request.auth, by_message=payload.by_message)
    return {"by_message": payload.by_message}
