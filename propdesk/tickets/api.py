"""API of contacts and tickets: lists, details, idempotent creates and one POST per workflow action.

Every endpoint goes through the permission helpers (other sites answer 404) and the services
(the only writers); refusals come back as {"code", "message", "fields"} with 400/403/404/409/422.
"""

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router

from propdesk.core.access import require_role, visible_site_ids
from propdesk.core.api import Limit, Offset, paginate
from propdesk.core.exceptions import Conflict, InvalidInput
from propdesk.core.idempotency import idempotent
from propdesk.orgs.models import Department, Site
from propdesk.orgs.selectors import unit_get_for_user
from propdesk.people.models import User
from propdesk.people.selectors import resident_get_for_user

from . import selectors, services
from .models import Category, Channel, Contact, Kind, Priority, State, Ticket
from .permissions import contact_get_for_user, ticket_get_for_user
from .schemas import (
    NO_CORRECTIONS_YET,
    TICKET_ACTION_SCHEMAS,
    ContactAnswerIn,
    ContactFilters,
    ContactIn,
    ContactLinkIn,
    ContactOut,
    ContactPage,
    ContactRecordIn,
    TicketCorrectIn,
    TicketCreateIn,
    TicketDetailOut,
    TicketFilters,
    TicketPage,
)
from .workflow import DESK, MAJOR_FLAGGERS, TICKET_FLOW

router = Router(tags=["tickets"])

PAGING = {"limit", "offset"}
TICKET_FILTERS = set(TicketFilters.model_fields)
CONTACT_FILTERS = set(ContactFilters.model_fields)
CHOICES = {
    "state": State.values,
    "kind": Kind.values,
    "priority": Priority.values,
    "channel": Channel.values,
    "disposition": Contact.Disposition.values,
}
MAJOR_SETTERS = MAJOR_FLAGGERS


# --- helpers ---------------------------------------------------------------------------


def _check_query(request, allowed: set[str], values: dict) -> None:
    """Unknown parameters and values outside the allow-lists are refused, never ignored (SECURITY I4)."""
    unknown = sorted(set(request.GET) - allowed - PAGING)
    if unknown:
        raise InvalidInput(
            _("Unknown filter: %(names)s") % {"names": ", ".join(u[:40] for u in unknown[:5])},
            code="bad_filter",
            fields={u[:40]: _("Unknown filter.") for u in unknown[:5]},
        )
    bad = [k for k, v in values.items() if k in CHOICES and v and v not in CHOICES[k]]
    if bad:
        raise InvalidInput(
            _("This filter value is not one of the choices."),
            code="bad_filter",
            fields={k: _("Choose one of: %(c)s") % {"c": ", ".join(CHOICES[k])} for k in bad},
        )


def _ref(field: str, get, *args):
    """Resolve an id the client sent through a scoped helper; unknown or invisible → 400 on the field."""
    try:
        obj = get(*args)
    except Http404:
        obj = None
    if obj is None:
        raise InvalidInput(_("Check the marked fields."), fields={field: _("Not found.")})
    return obj


def _site_for(user, unit, resident):
    """The site comes from the unit, the resident, or the user's only site (never from the client)."""
    if unit is not None:
        return unit.site
    ids = visible_site_ids(user)
    sites = None if ids is None else set(ids)
    if resident is not None:
        own = {o.site_id for o in resident.occupancies.all()}
        sites = own if sites is None else sites & own
    if sites is not None and len(sites) == 1:
        return Site.objects.get(pk=next(iter(sites)))
    raise InvalidInput(
        _("Give the unit, so that the site is known."), fields={"unit": _("Required.")}
    )


def _contact_parties(user, payload):
    unit = resident = None
    if payload.unit is not None:
        unit = _ref("unit", unit_get_for_user, user, payload.unit)
    if payload.resident is not None:
        resident = _ref("resident", resident_get_for_user, user, payload.resident)
    return _site_for(user, unit, resident), unit, resident


def _register(user, payload, *, channel: str, kind: str):
    site, unit, resident = _contact_parties(user, payload)
    return services.contact_register(
        actor=user,
        site=site,
        channel=channel,
        kind=kind,
        content=payload.content,
        resident=resident,
        unit=unit,
        caller_name=payload.caller_name,
        caller_phone=payload.caller_phone,
        location=payload.location,
        desired_outcome=payload.desired_outcome,
    )


def _detail(request, ticket: Ticket) -> dict:
    out = TicketDetailOut.model_validate(ticket, context={"request": request})
    return out.model_dump(mode="json")


def _contact_out(contact: Contact) -> dict:
    return ContactOut.model_validate(contact).model_dump(mode="json")


# --- contacts -----------------------------------------------------------------------------


@router.get("/contacts/", response=ContactPage)
def contact_list(request, filters: Query[ContactFilters], limit: Limit = 25, offset: Offset = 0):
    values = filters.model_dump()
    _check_query(request, CONTACT_FILTERS, values)
    site_id = values.pop("site")
    qs = selectors.contact_list_for_user(request.auth, site_id=site_id, filters=values)
    return paginate(qs, limit=limit, offset=offset)


@router.get("/contacts/{contact_id}", response=ContactOut)
def contact_get(request, contact_id: int):
    return contact_get_for_user(request.auth, contact_id)


@router.post("/contacts/", response={201: ContactOut})
def contact_create(request, payload: ContactIn):
    """Register a contact (来人来电来访登记). Accepts an `Idempotency-Key` header."""
    user = request.auth
    require_role(user, DESK)

    def create():
        contact = _register(user, payload, channel=payload.channel, kind=payload.kind)
        return 201, _contact_out(contact)

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


def _contact_for_action(request, contact_id: int, version: int) -> Contact:
    require_role(request.auth, DESK)
    contact = contact_get_for_user(request.auth, contact_id)
    if contact.version != version:
        raise Conflict(_("Someone else changed this record; reload and try again."), code="stale")
    return contact


@router.post("/contacts/{contact_id}/answer", response=ContactOut)
def contact_answer(request, contact_id: int, payload: ContactAnswerIn):
    contact = _contact_for_action(request, contact_id, payload.version)
    return services.contact_answer(actor=request.auth, contact=contact, answer=payload.answer)


@router.post("/contacts/{contact_id}/record", response=ContactOut)
def contact_record(request, contact_id: int, payload: ContactRecordIn):
    contact = _contact_for_action(request, contact_id, payload.version)
    return services.contact_record_only(actor=request.auth, contact=contact, note=payload.note)


@router.post("/contacts/{contact_id}/link", response=ContactOut)
def contact_link(request, contact_id: int, payload: ContactLinkIn):
    contact = _contact_for_action(request, contact_id, payload.version)
    ticket = _ref("ticket", ticket_get_for_user, request.auth, payload.ticket)
    return services.contact_link_ticket(actor=request.auth, contact=contact, ticket=ticket)


# --- tickets ------------------------------------------------------------------------------


@router.get("/tickets/", response=TicketPage)
def ticket_list(request, filters: Query[TicketFilters], limit: Limit = 25, offset: Offset = 0):
    """Tickets of your sites (or department), filtered and sorted by the database."""
    values = filters.model_dump()
    _check_query(request, TICKET_FILTERS, values)
    sort = values.pop("sort")
    if sort not in selectors.SORTS:
        raise InvalidInput(
            _("This sort order is not available."),
            code="bad_sort",
            fields={"sort": _("Choose one of: %(c)s") % {"c": ", ".join(selectors.SORTS)}},
        )
    qs = selectors.ticket_list_for_user(request.auth, filters=values, sort=sort)
    return paginate(selectors.with_sla_due(qs), limit=limit, offset=offset)


@router.get("/tickets/{ticket_id}", response=TicketDetailOut)
def ticket_get(request, ticket_id: int):
    """One ticket with its SLA stages, corrections, timeline, callback attempts and contacts."""
    return _with_callbacks(ticket_get_for_user(request.auth, ticket_id))


def _with_callbacks(ticket: Ticket) -> Ticket:
    """One read of the callback attempts for both the answer and its `actions` (close check)."""
    prefetch_related_objects([ticket], "callbacks")
    return ticket


def _ticket_fields(user, payload: TicketCreateIn, site) -> dict:
    fields = payload.model_dump(
        include={"title", "description", "location", "priority", "occurred_at", "is_paid"}
    )
    fields.update(
        {
            k: getattr(payload, k)
            for k in ("severity", "scope", "appointment_at")
            if getattr(payload, k)
        }
    )
    if payload.severity == "major" and not user.has_any_role(MAJOR_SETTERS):
        raise InvalidInput(
            _("Only the CS manager or the centre manager may mark a complaint major."),
            fields={"severity": _("Not allowed.")},
        )
    if payload.target_department:
        depts = Department.objects.filter(site=site)
        fields["target_department"] = _ref(
            "target_department", depts.filter(pk=payload.target_department).first
        )
    if payload.target_staff:
        staff = User.objects.filter(staff__sites=site, pk=payload.target_staff)
        fields["target_staff"] = _ref("target_staff", staff.first)
    return fields


@router.post("/tickets/", response={201: TicketDetailOut})
def ticket_create(request, payload: TicketCreateIn):
    """Register the contact (channel "api") and open its ticket in one transaction (R-CP-1);
    with `dispatch: true` also dispatch it at once (R-FD-1). Accepts an `Idempotency-Key` header."""
    user = request.auth
    require_role(user, DESK)
    category = Category.objects.filter(kind=payload.kind, code=payload.category, active=True)
    if payload.department is not None and not payload.dispatch:
        raise InvalidInput(
            _("A department is chosen only when the ticket is dispatched at once."),
            fields={"department": _("Send it with dispatch: true.")},
        )

    def create():
        cat = _ref("category", category.first)
        contact = _register(user, payload, channel=Channel.API, kind=payload.kind)
        fields = _ticket_fields(user, payload, contact.site)
        ticket = services.ticket_open(
            actor=user, contact=contact, kind=payload.kind, category=cat, **fields
        )
        if payload.dispatch:  # the intake screen's "create and dispatch", all or nothing
            department = _department(ticket, payload.department)
            services.ticket_dispatch(actor=user, ticket=ticket, department=department)
        ticket.__dict__[NO_CORRECTIONS_YET] = True
        return 201, _detail(request, ticket)

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


# --- ticket actions ---------------------------------------------------------------------------


def _user_ref(field: str, pk: int) -> User:
    return _ref(field, User.objects.select_related("staff").filter(pk=pk).first)


def _department(ticket: Ticket, pk: int | None):
    if pk is None:
        return None
    return _ref("department", Department.objects.filter(site_id=ticket.site_id, pk=pk).first)


def _merge_into(user, pk: int) -> Ticket:
    return _ref("into", ticket_get_for_user, user, pk)


def _handle_kwargs(p) -> dict:
    materials = [m.model_dump(mode="json") for m in p.materials]
    return {"result": p.result, "materials": materials, "cost": p.cost}


# Each action: the service and how its keyword arguments come from the payload (no dynamic lookups).
ACTIONS = {
    "dispatch": (
        services.ticket_dispatch,
        lambda u, t, p: {"department": _department(t, p.department), "note": p.note},
    ),
    "send_back": (services.ticket_send_back, lambda u, t, p: {"reason": p.reason}),
    "accept": (
        services.ticket_accept,
        lambda u, t, p: {"assignee": _user_ref("assignee", p.assignee), "note": p.note},
    ),
    "start": (services.ticket_start, lambda u, t, p: {"note": p.note}),
    "pause": (services.ticket_pause, lambda u, t, p: {"reason": p.reason}),
    "resume": (services.ticket_resume, lambda u, t, p: {"note": p.note}),
    "transfer": (
        services.ticket_transfer,
        lambda u, t, p: {"assignee": _user_ref("assignee", p.assignee), "note": p.note},
    ),
    "agree_price": (
        services.ticket_agree_price,
        lambda u, t, p: {"price": p.price, "agreed_by": p.agreed_by},
    ),
    "handle": (services.ticket_handle, lambda u, t, p: _handle_kwargs(p)),
    "callback": (
        services.ticket_callback,
        lambda u, t, p: p.model_dump(
            include={"outcome", "satisfied", "score", "comment", "method"}
        ),
    ),
    "close": (
        services.ticket_close,
        lambda u, t, p: {
            "cause": p.cause,
            "desired_outcome": p.desired_outcome,
            "responsibility": p.responsibility or "",
            "note": p.note,
        },
    ),
    "answer": (services.ticket_answer, lambda u, t, p: {"answer": p.answer}),
    "invalidate": (services.ticket_invalidate, lambda u, t, p: {"explanation": p.explanation}),
    "cancel": (services.ticket_cancel, lambda u, t, p: {"reason": p.reason}),
    "merge": (services.ticket_merge, lambda u, t, p: {"into": _merge_into(u, p.into)}),
    "escalate": (services.ticket_escalate, lambda u, t, p: {"note": p.note}),
    "clear_escalation": (services.ticket_clear_escalation, lambda u, t, p: {"note": p.note}),
    "urge": (services.ticket_urge, lambda u, t, p: {"note": p.note}),
    "flag_major": (services.ticket_flag_major, lambda u, t, p: {"reason": p.reason}),
    "major_signoff": (services.ticket_major_signoff, lambda u, t, p: {"note": p.note}),
}
# The API's callback is one action; the flow splits it by outcome (attempt / done / reopen).
FLOW_ACTION = {"callback": "callback_attempt"}


def _act(request, ticket_id: int, action: str, payload) -> Ticket:
    user = request.auth
    ticket = ticket_get_for_user(user, ticket_id)
    # Role and state first: a refused action answers 403/409 whatever the body says.
    TICKET_FLOW.check(action=FLOW_ACTION.get(action, action), state=ticket.state, user=user)
    service, kwargs = ACTIONS[action]
    service(actor=user, ticket=ticket, version=payload.version, **kwargs(user, ticket, payload))
    return _with_callbacks(ticket)


def _action_route(action: str, schema) -> None:
    def view(request, ticket_id: int, payload: schema):
        return _act(request, ticket_id, action, payload)

    view.__name__ = f"ticket_{action}"
    view.__doc__ = f"Workflow action `{action}` (send the `version` you read)."
    router.post(
        f"/tickets/{{ticket_id}}/{action}", response=TicketDetailOut, operation_id=view.__name__
    )(view)


for _action, _schema in TICKET_ACTION_SCHEMAS.items():
    _action_route(_action, _schema)


@router.post(
    "/tickets/{ticket_id}/correct", response=TicketDetailOut, operation_id="ticket_correct"
)
def ticket_correct(request, ticket_id: int, payload: TicketCorrectIn):
    """R-FM-6: correct one field with a reason (shift lead, CS manager), as the ticket page does;
    the old value stays visible in `corrections`. Send the `version` you read."""
    ticket = ticket_get_for_user(request.auth, ticket_id)
    services.ticket_correct(
        actor=request.auth,
        ticket=ticket,
        field=payload.field,
        new_value=payload.new_value,
        reason=payload.reason,
        version=payload.version,
    )
    return ticket


from . import api_lookups  # noqa: E402, F401  (categories and departments, on the same router)
