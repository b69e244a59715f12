"""The portal API's writes (`/api/v1/portal/…`), for a future mini-program, with a resident's
token or session: submit a request, add information, chase, withdraw, rate; consent to or
decline a goods release. They call the same services as the portal's pages.

Every body lists its fields (`extra="forbid"`): a body that adds `priority`, `department`,
`site`, `state`, `severity`, `version`, `created_by` or any other field is refused with 422,
naming the field, and nothing is saved (SECURITY.md A4). A unit not the resident's is refused on
`unit`; a request or slip not theirs answers 404.
"""

from datetime import date, datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Schema, Status, UploadedFile
from pydantic import ConfigDict, Field

from propdesk.core.api import AwareDatetime, Id, Limit, Offset, Page, paginate
from propdesk.core.exceptions import InvalidInput, NotFound
from propdesk.tickets import services as tickets
from propdesk.tickets.models import Category

from . import selectors
from .api import PortalRequestDetailOut, portal_request_get, router
from .forms import CONTENT_MAX
from .permissions import require_portal_resident
from .services import photo_add, request_submit


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class RequestIn(Strict):
    unit: Id
    category: Id
    content: str = Field(..., max_length=CONTENT_MAX)
    location: str = Field("", max_length=100)
    wished_at: AwareDatetime | None = None


class NoteIn(Strict):
    text: str = Field(..., max_length=1000)


class UrgeIn(Strict):
    pass


class WithdrawIn(Strict):
    reason: str = Field("", max_length=200)


class RateIn(Strict):
    score: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=1000)


class ReleaseAnswerIn(Strict):
    note: str = Field("", max_length=300)


def _resident(request):
    return require_portal_resident(request.auth)


def _detail(request, ticket_id: int):
    return portal_request_get(request, ticket_id)


@router.post("/portal/requests/", response={201: PortalRequestDetailOut})
def portal_request_submit(request, payload: RequestIn):
    """Submit a repair, complaint, help request, inquiry or suggestion for one of your units; it
    is registered like a desk entry (R-SS-2, R-CP-1)."""
    resident = _resident(request)
    occ = next(
        (o for o in selectors.unit_list_for_resident(resident) if o.unit_id == payload.unit), None
    )
    if occ is None:
        raise InvalidInput(
            _("Choose one of your own units."), fields={"unit": _("Choose one of your own units.")}
        )
    category = Category.objects.filter(pk=payload.category, active=True).first()
    if category is None:
        raise InvalidInput(
            _("“What is it about”: choose one of the options offered."),
            fields={"category": _("Choose one of the options offered.")},
        )
    ticket = request_submit(
        actor=request.auth,
        resident=resident,
        unit=occ.unit,
        category=category,
        content=payload.content,
        location=payload.location,
        wished_at=payload.wished_at,
    )
    return Status(201, _detail(request, ticket.pk))


@router.post("/portal/requests/{request_id}/photos", response={201: PortalRequestDetailOut})
def portal_request_photo(request, request_id: Id, photo: File[UploadedFile] = None):
    """Add a photo to one of your open requests (JPEG, PNG or WebP, checked by content, 8 MB;
    multipart form, field `photo`)."""
    resident = _resident(request)
    ticket = selectors.request_get_for_resident(resident, request_id)
    if photo is None:  # an empty file part arrives as none at all
        raise InvalidInput(_("Choose a photo."), fields={"photo": _("Required.")})
    if not selectors.is_open(ticket):
        raise InvalidInput(_("This request is finished; photos can no longer be added."))
    photo_add(actor=request.auth, ticket=ticket, upload=photo)
    return Status(201, _detail(request, ticket.pk))


@router.post("/portal/requests/{request_id}/notes", response=PortalRequestDetailOut)
def portal_request_note(request, request_id: Id, payload: NoteIn):
    """Add information to one of your requests."""
    ticket = selectors.request_get_for_resident(_resident(request), request_id)
    tickets.ticket_resident_note(actor=request.auth, ticket=ticket, text=payload.text)
    return _detail(request, ticket.pk)


@router.post("/portal/requests/{request_id}/urge", response=PortalRequestDetailOut)
def portal_request_urge(request, request_id: Id, payload: UrgeIn | None = None):
    """Chase (催单) one of your requests; at most once in 5 minutes."""
    ticket = selectors.request_get_for_resident(_resident(request), request_id)
    tickets.ticket_resident_urge(actor=request.auth, ticket=ticket)
    return _detail(request, ticket.pk)


@router.post("/portal/requests/{request_id}/withdraw", response=PortalRequestDetailOut)
def portal_request_withdraw(request, request_id: Id, payload: WithdrawIn):
    """Withdraw one of your requests before it is dispatched."""
    ticket = selectors.request_get_for_resident(_resident(request), request_id)
    tickets.ticket_withdraw(actor=request.auth, ticket=ticket, reason=payload.reason)
    return _detail(request, ticket.pk)


@router.post("/portal/requests/{request_id}/rate", response=PortalRequestDetailOut)
def portal_request_rate(request, request_id: Id, payload: RateIn):
    """Rate the work once handled, 1–5 and a comment (R-SS-3)."""
    ticket = selectors.request_get_for_resident(_resident(request), request_id)
    tickets.ticket_rate(
        actor=request.auth, ticket=ticket, score=payload.score, comment=payload.comment
    )
    return _detail(request, ticket.pk)


# --- goods releases: the owner's consent (R-FD-3) -------------------------------------------


class PortalReleaseItemOut(Schema):
    name: str
    quantity: int
    unit: str


class PortalReleaseOut(Schema):
    id: int
    number: str
    site: str
    unit: str
    release_type: str
    release_type_words: str
    state: str
    state_words: str
    applicant_name: str
    applicant_relation: str
    pass_date: date
    valid_until: date
    consented_at: datetime | None
    actions: list[str]


class PortalReleaseDetailOut(PortalReleaseOut):
    items: list[PortalReleaseItemOut]


class PortalReleasePage(Page):
    items: list[PortalReleaseOut]


def _release_out(g) -> dict:
    actions = [a for a, ok in (("consent", selectors.release_can_consent(g)),
                               ("decline", selectors.release_can_decline(g))) if ok]  # fmt: skip
    return {
        "id": g.pk,
        "number": g.number,
        "site": g.site.name,
        "unit": g.unit.code,
        "release_type": g.release_type,
        "release_type_words": g.get_release_type_display(),
        "state": g.state,
        "state_words": g.get_state_display(),
        "applicant_name": g.applicant_name,
        "applicant_relation": g.get_applicant_relation_display(),
        "pass_date": g.pass_date,
        "valid_until": g.valid_until,
        "consented_at": g.consent_at if g.consent_method == "portal" else None,
        "actions": actions,
    }


def _release_detail(g) -> dict:
    items = [{"name": i.name, "quantity": i.quantity, "unit": i.unit} for i in g.items.all()]
    return {**_release_out(g), "items": items}


@router.get("/portal/releases/", response=PortalReleasePage)
def portal_release_list(request, limit: Limit = 20, offset: Offset = 0):
    """Goods release slips asked for the units you own, newest first (R-FD-3)."""
    page = paginate(
        selectors.release_list_for_owner(_resident(request)), limit=limit, offset=offset
    )
    page["items"] = [_release_out(g) for g in page["items"]]
    return page


@router.get("/portal/releases/{release_id}", response=PortalReleaseDetailOut)
def portal_release_get(request, release_id: Id):
    return _release_detail(selectors.release_get_for_owner(_resident(request), release_id))


def _answer(request, release_id: int, payload: ReleaseAnswerIn, consent: bool):
    from propdesk.passes.services import release_owner_respond

    resident = _resident(request)
    g = selectors.release_get_for_owner(resident, release_id)
    try:
        release_owner_respond(actor=request.auth, release=g, consent=consent, note=payload.note)
    except NotFound:
        raise Http404 from None
    return _release_detail(selectors.release_get_for_owner(resident, release_id))


@router.post("/portal/releases/{release_id}/consent", response=PortalReleaseDetailOut)
def portal_release_consent(request, release_id: Id, payload: ReleaseAnswerIn):
    """Consent to the slip: the goods may be carried out (the consent method becomes "portal")."""
    return _answer(request, release_id, payload, True)


@router.post("/portal/releases/{release_id}/decline", response=PortalReleaseDetailOut)
def portal_release_decline(request, release_id: Id, payload: ReleaseAnswerIn):
    """Decline the slip: the goods are not let out."""
    return _answer(request, release_id, payload, False)
