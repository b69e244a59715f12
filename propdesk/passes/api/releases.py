"""API: goods releases — create, owner consent by every path, approve, cancel, the owner's answer."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, UploadedFile

from propdesk.core.api import Id, Limit, Offset, one_of, paginate
from propdesk.core.exceptions import InvalidInput
from propdesk.core.idempotency import idempotent
from propdesk.orgs.selectors import unit_get_for_user
from propdesk.people.models import Occupancy

from .. import selectors, services
from ..models import GoodsRelease
from ..permissions import release_actions, require_desk, require_reader
from . import router
from .schemas import (
    ApproveIn,
    ConsentForm,
    NoteIn,
    PhoneConsentIn,
    ReasonIn,
    ReleaseIn,
    ReleaseOut,
    ReleasePage,
)


def _out(user, g: GoodsRelease) -> GoodsRelease:
    """The slip with the actions this user may take now (the API's `actions`)."""
    g.actions = release_actions(user, g)
    return g


def _release(request, release_id: int) -> GoodsRelease:
    return selectors.release_get_for_user(request.auth, release_id)


def _can_read(user):
    if not user.has_any_role({"resident"}):
        require_reader(user)


@router.get("/releases/", response=ReleasePage)
def release_list(
    request,
    site: Id | None = None,
    state: one_of(GoodsRelease.State.values) = "",
    q: str = "",
    day: str = "",
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Slips of your sites (a resident: the slips of the units he owns)."""
    from django.utils.dateparse import parse_date

    _can_read(request.auth)
    if state and state not in GoodsRelease.State.values:
        raise InvalidInput(
            _("This filter value is not one of the choices."),
            code="bad_filter",
            fields={"state": _("Unknown.")},
        )
    qs = selectors.release_list_for_user(
        request.auth, site_id=site, state=state, q=q[:60], day=parse_date(day[:10]) if day else None
    )
    return paginate(qs.prefetch_related("items"), limit=limit, offset=offset)


@router.get("/releases/{release_id}", response=ReleaseOut)
def release_get(request, release_id: int):
    _can_read(request.auth)
    return _out(request.auth, _release(request, release_id))


@router.post("/releases/", response={201: ReleaseOut})
def release_create(request, payload: ReleaseIn):
    """Open a goods release slip (at least one item). Accepts an `Idempotency-Key` header."""
    require_desk(request.auth)

    def make():
        try:
            unit = unit_get_for_user(request.auth, payload.unit)
        except Http404:
            raise InvalidInput(
                _("Check the marked fields."), fields={"unit": _("Not found.")}
            ) from None
        resident = None
        if payload.applicant_resident is not None:
            occ = (
                Occupancy.objects.filter(unit=unit, resident_id=payload.applicant_resident)
                .select_related("resident")
                .first()
            )
            if occ is None:
                raise InvalidInput(
                    _("This resident is not registered in that unit."),
                    fields={"applicant_resident": _("Not in unit.")},
                )
            resident = occ.resident
        data = payload.model_dump(exclude={"unit", "applicant_resident", "items"})
        g = services.release_create(
            actor=request.auth,
            unit=unit,
            applicant_resident=resident,
            items=[i.model_dump() for i in payload.items],
            **data,
        )
        return 201, ReleaseOut.model_validate(_out(request.auth, g)).model_dump(mode="json")

    return idempotent(request, payload=payload.model_dump(mode="json"), create=make)


def _owner(g, pk):
    occ = selectors.unit_owners(g.unit).filter(resident_id=pk).first()
    return occ.resident if occ else None


@router.post("/releases/{release_id}/consent", response=ReleaseOut)
def release_consent(
    request, release_id: int, payload: Form[ConsentForm], document: File[UploadedFile] = None
):
    """Record the owner's consent: `owner_present`, or `signed_authorisation` with the `document`
    (multipart form)."""
    g = _release(request, release_id)
    services.release_consent(
        actor=request.auth,
        release=g,
        method=payload.method,
        owner=_owner(g, payload.owner),
        document=document,
        note=payload.note,
        version=payload.version,
    )
    return _out(request.auth, g)


@router.post("/releases/{release_id}/consent-phone", response=ReleaseOut)
def release_consent_phone(request, release_id: int, payload: PhoneConsentIn):
    """Record a phone verification with the owner's number in the directory (needs a second person)."""
    g = _release(request, release_id)
    services.release_consent_phone(
        actor=request.auth,
        release=g,
        phone=payload.phone,
        note=payload.note,
        version=payload.version,
    )
    return _out(request.auth, g)


@router.post("/releases/{release_id}/consent-confirm", response=ReleaseOut)
def release_consent_confirm(request, release_id: int, payload: NoteIn):
    """Confirm another person's phone consent (a shift lead or the CS manager)."""
    g = _release(request, release_id)
    services.release_consent_confirm(
        actor=request.auth, release=g, note=payload.note, version=payload.version
    )
    return _out(request.auth, g)


@router.post("/releases/{release_id}/owner-consent", response=ReleaseOut)
def release_owner_consent(request, release_id: int, payload: NoteIn):
    """The owner's own consent (resident portal)."""
    g = _release(request, release_id)
    services.release_owner_respond(
        actor=request.auth, release=g, consent=True, note=payload.note, version=payload.version
    )
    return _out(request.auth, g)


@router.post("/releases/{release_id}/owner-decline", response=ReleaseOut)
def release_owner_decline(request, release_id: int, payload: NoteIn):
    """The owner declines (resident portal): the slip is void."""
    g = _release(request, release_id)
    services.release_owner_respond(
        actor=request.auth, release=g, consent=False, note=payload.note, version=payload.version
    )
    return _out(request.auth, g)


@router.post("/releases/{release_id}/approve", response=ReleaseOut)
def release_approve(request, release_id: int, payload: ApproveIn):
    """The desk's stamp: only with a recorded owner consent and the arrears checked."""
    g = _release(request, release_id)
    services.release_approve(
        actor=request.auth,
        release=g,
        arrears_checked=payload.arrears_checked,
        version=payload.version,
    )
    return _out(request.auth, g)


@router.post("/releases/{release_id}/cancel", response=ReleaseOut)
def release_cancel(request, release_id: int, payload: ReasonIn):
    g = _release(request, release_id)
    services.release_cancel(
        actor=request.auth, release=g, reason=payload.reason, version=payload.version
    )
    return _out(request.auth, g)
