"""API of promised replies and lobby incidents (R-FS-6, R-FS-7, R-FS-8).

Lists are scoped to the caller's sites; another site's record answers 404; writes go through
the services (read-only roles get 403); errors are {"code", "message", "fields"}.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router

from propdesk.core.access import require_role, visible_site_ids
from propdesk.core.api import Id, Limit, Offset, one_of, paginate
from propdesk.core.exceptions import InvalidInput
from propdesk.core.idempotency import idempotent
from propdesk.orgs.models import Department
from propdesk.orgs.selectors import site_list_for_user
from propdesk.people.models import User
from propdesk.tickets.permissions import contact_get_for_user, ticket_get_for_user

from . import selectors, services
from .models import Incident, Promise
from .permissions import incident_get_for_user, promise_get_for_user, require_reader
from .schemas import (
    IncidentCloseIn,
    IncidentIn,
    IncidentNoteIn,
    IncidentOut,
    IncidentPage,
    IncidentTakeIn,
    PromiseCancelIn,
    PromiseIn,
    PromiseKeepIn,
    PromiseOut,
    PromisePage,
    PromiseReassignIn,
)
from .workflow import DESK

router = Router(tags=["service"])


def _ref(field: str, get, *args):
    """Resolve an id the client sent through a scoped helper; unknown or invisible → 400."""
    try:
        obj = get(*args)
    except Http404:
        obj = None
    if obj is None:
        raise InvalidInput(_("Check the marked fields."), fields={field: _("Not found.")})
    return obj


def _site(user, site_id: int | None):
    """The given site, or the caller's only site."""
    if site_id is None:
        ids = visible_site_ids(user)
        if ids is None or len(ids) != 1:
            raise InvalidInput(_("Give the site."), fields={"site": _("Required.")})
        site_id = next(iter(ids))
    return _ref("site", lambda: site_list_for_user(user).filter(pk=site_id).first())


def _out(schema, obj) -> dict:
    return schema.model_validate(obj).model_dump(mode="json")


@router.get("/promises/", response=PromisePage)
def promise_list(
    request,
    state: one_of(Promise.State.values) = "",
    overdue: bool = False,
    site: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Promised replies of your sites, soonest due first (R-FS-7)."""
    require_reader(request.auth)
    if state and state not in Promise.State.values:
        raise InvalidInput(fields={"state": ", ".join(Promise.State.values)}, code="bad_filter")
    qs = selectors.promise_list_for_user(request.auth, site_id=site, state=state, overdue=overdue)
    return paginate(qs, limit=limit, offset=offset)


@router.get("/promises/{promise_id}", response=PromiseOut)
def promise_get(request, promise_id: int):
    return promise_get_for_user(request.auth, promise_id)


def _promise_refs(user, p: PromiseIn) -> dict:
    contact = _ref("contact", contact_get_for_user, user, p.contact) if p.contact else None
    ticket = _ref("ticket", ticket_get_for_user, user, p.ticket) if p.ticket else None
    site = _site(user, p.site) if p.site or not (contact or ticket) else None
    owner = User.objects.filter(pk=p.owner).first()
    dept = Department.objects.filter(pk=p.department).first() if p.department else None
    if p.department and dept is None:
        raise InvalidInput(fields={"department": _("Not found.")})
    return {"contact": contact, "ticket": ticket, "site": site, "owner": owner, "department": dept}


@router.post("/promises/", response={201: PromiseOut})
def promise_create(request, payload: PromiseIn):
    """Record a promised reply. Accepts an `Idempotency-Key` header."""
    user = request.auth
    require_role(user, DESK)

    def create():
        fields = payload.model_dump(
            include={"subject", "due_at", "to_name", "to_phone", "remind_minutes"}
        )
        promise = services.promise_make(actor=user, **fields, **_promise_refs(user, payload))
        return 201, _out(PromiseOut, promise)

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


@router.post("/promises/{promise_id}/keep", response=PromiseOut)
def promise_keep(request, promise_id: int, payload: PromiseKeepIn):
    """The answer was given: when (now), how and what (R-FS-7, R-FS-8)."""
    promise = promise_get_for_user(request.auth, promise_id)
    return services.promise_keep(
        actor=request.auth,
        promise=promise,
        channel=payload.channel,
        text=payload.text,
        version=payload.version,
    )


@router.post("/promises/{promise_id}/reassign", response=PromiseOut)
def promise_reassign(request, promise_id: int, payload: PromiseReassignIn):
    promise = promise_get_for_user(request.auth, promise_id)
    owner = User.objects.filter(pk=payload.owner).first()
    return services.promise_reassign(
        actor=request.auth, promise=promise, owner=owner, note=payload.note, version=payload.version
    )


@router.post("/promises/{promise_id}/cancel", response=PromiseOut)
def promise_cancel(request, promise_id: int, payload: PromiseCancelIn):
    promise = promise_get_for_user(request.auth, promise_id)
    return services.promise_cancel(
        actor=request.auth, promise=promise, reason=payload.reason, version=payload.version
    )


@router.get("/incidents/", response=IncidentPage)
def incident_list(
    request,
    state: one_of(["active", *Incident.State.values]) = "",
    site: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Lobby incidents of your sites, newest first (R-FS-6); `state=active` for those not closed."""
    require_reader(request.auth)
    if state and state not in {"active", *Incident.State.values}:
        raise InvalidInput(
            fields={"state": ", ".join(["active", *Incident.State.values])}, code="bad_filter"
        )
    qs = selectors.incident_list_for_user(request.auth, site_id=site, state=state)
    return paginate(qs, limit=limit, offset=offset)


@router.get("/incidents/{incident_id}", response=IncidentOut)
def incident_get(request, incident_id: int):
    return incident_get_for_user(request.auth, incident_id)


@router.post("/incidents/", response={201: IncidentOut})
def incident_create(request, payload: IncidentIn):
    """Report a lobby incident; supervisors and managers are told at once (R-FS-6). Idempotent."""
    user = request.auth
    require_role(user, DESK)

    def create():
        fields = payload.model_dump(
            include={"title", "location", "severity", "occurred_at", "description"}
        )
        incident = services.incident_report(actor=user, site=_site(user, payload.site), **fields)
        return 201, _out(IncidentOut, incident)

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


@router.post("/incidents/{incident_id}/take", response=IncidentOut)
def incident_take(request, incident_id: int, payload: IncidentTakeIn):
    incident = incident_get_for_user(request.auth, incident_id)
    return services.incident_take(actor=request.auth, incident=incident, version=payload.version)


@router.post("/incidents/{incident_id}/note", response=IncidentOut)
def incident_note(request, incident_id: int, payload: IncidentNoteIn):
    incident = incident_get_for_user(request.auth, incident_id)
    services.incident_note(actor=request.auth, incident=incident, text=payload.text)
    return incident


@router.post("/incidents/{incident_id}/close", response=IncidentOut)
def incident_close(request, incident_id: int, payload: IncidentCloseIn):
    incident = incident_get_for_user(request.auth, incident_id)
    return services.incident_close(
        actor=request.auth, incident=incident, result=payload.result, version=payload.version
    )
