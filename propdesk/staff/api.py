"""API of the staff app (R-ST-3 … R-ST-7): clock-in/out, leave and punch corrections, the month
summaries with their review and confirmation, complaints and fines, the ledger. Every record is
seen only by its person, the people above them, the GM and the auditor (404 otherwise)."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from propdesk.core.api import AwareDatetime, Id, Limit, Offset, Page, paginate
from propdesk.core.exceptions import InvalidInput, NotAllowed
from propdesk.orgs.models import FrontDesk, Site
from propdesk.people.models import User

from . import qr, selectors, services
from .actions import complaint_actions, ledger_actions, month_actions, request_actions

router = Router(tags=["staff"])


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class PunchIn(In):
    kind: str = Field(..., max_length=4)
    code: str = Field("", max_length=80)


class PunchOut(Schema):
    id: int
    kind: str
    method: str
    at: datetime.datetime
    desk_id: int | None


class LeaveIn(In):
    kind: str = Field(..., max_length=10)
    first_day: datetime.date
    last_day: datetime.date
    reason: str = Field(..., max_length=300)


class CorrectionIn(In):
    kind: str = Field(..., max_length=4)
    at: AwareDatetime
    reason: str = Field(..., max_length=300)


class RequestOut(Schema):
    id: int
    person_id: int
    state: str
    reason: str
    decided_by_id: int | None
    version: int
    actions: list[str] = []


class VersionIn(In):
    version: Id | None = None


class ComputeIn(In):
    site: int
    month: datetime.date


class MonthOut(Schema):
    id: int
    person_id: int
    site_id: int
    month: datetime.date
    state: str
    base_salary: Decimal
    scheduled_days: int
    worked_days: int
    late_days: int
    early_days: int
    missing_days: int
    absent_days: int
    leave_days: int
    lateness_deduction: Decimal
    fines: Decimal
    ledger_total: Decimal
    net: Decimal
    on_probation: bool
    probation_flag: bool
    rule_first_count: int
    rule_first_percent: Decimal
    rule_later_percent: Decimal
    rule_grace_minutes: int
    version: int


class MonthDetailOut(MonthOut):
    days: list[dict]
    lines: list[dict]
    actions: list[str]


class MonthPage(Page):
    items: list[MonthOut]


class ComplaintIn(In):
    person: int
    source: str = Field(..., max_length=10)
    severity: str = Field(..., max_length=10)
    description: str = Field(..., max_length=1000)
    occurred_on: datetime.date
    fine: str = Field("", max_length=20, description="Yuan; empty: the severity's default")
    ticket: Id | None = None


class StatementIn(In):
    statement: str = Field(..., max_length=1000)


class ComplaintOut(Schema):
    id: int
    person_id: int
    source: str
    ticket_id: int | None
    severity: str
    fine: Decimal
    occurred_on: datetime.date
    month: datetime.date
    is_correction: bool
    description: str
    statement: str
    state: str
    version: int
    actions: list[str] = []


class LedgerIn(In):
    person: int
    month: datetime.date
    kind: str = Field(..., max_length=12)
    amount: str = Field(..., max_length=20, description="Yuan; penalties negative")
    note: str = Field(..., max_length=300)


class LedgerOut(Schema):
    id: int
    person_id: int
    month: datetime.date
    kind: str
    amount: Decimal
    note: str
    state: str
    granted_by_id: int | None
    corrects_month: datetime.date | None
    version: int
    actions: list[str] = []


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@router.post("/staff/punches", response={201: PunchOut})
def punch_create(request, payload: PunchIn):
    """Clock in or out: from a desk PC of your site, or with the desk's current QR `code`."""
    p = services.punch_record(
        actor=request.auth, kind=payload.kind, code=payload.code, address=_address(request)
    )
    return 201, p


@router.get("/staff/desks/{desk_id}/code")
def desk_code(request, desk_id: Id):
    """The desk's clock-in code now (shown on the desk's screen); staff of the desk's site."""
    desk = get_object_or_404(FrontDesk, pk=desk_id)
    if desk.site_id not in services._sites_of(request.auth):
        raise NotAllowed()
    return {"code": qr.desk_code(desk.pk), "seconds_left": qr.seconds_left()}


def _req_out(row, user):
    return {**RequestOut.model_validate(row).model_dump(), "actions": request_actions(user, row)}


@router.post("/staff/leave", response={201: RequestOut})
def leave_create(request, payload: LeaveIn):
    row = services.leave_request(actor=request.auth, **payload.model_dump())
    return 201, _req_out(row, request.auth)


@router.post("/staff/leave/{pk}/{action}", response=RequestOut)
def leave_decide(request, pk: Id, action: str):
    if action not in ("approve", "reject"):
        raise InvalidInput(fields={"action": "approve, reject"}, code="bad_action")
    row = selectors.get_for_user(selectors.leave_for_user(request.auth), pk)
    services.leave_decide(actor=request.auth, leave=row, approve=action == "approve")
    return _req_out(row, request.auth)


@router.post("/staff/corrections", response={201: RequestOut})
def correction_create(request, payload: CorrectionIn):
    row = services.correction_request(actor=request.auth, **payload.model_dump())
    return 201, _req_out(row, request.auth)


@router.post("/staff/corrections/{pk}/{action}", response=RequestOut)
def correction_decide(request, pk: Id, action: str):
    if action not in ("approve", "reject"):
        raise InvalidInput(fields={"action": "approve, reject"}, code="bad_action")
    row = selectors.get_for_user(selectors.corrections_for_user(request.auth), pk)
    services.correction_decide(actor=request.auth, correction=row, approve=action == "approve")
    return _req_out(row, request.auth)


@router.get("/staff/months", response=MonthPage)
def month_list(
    request,
    month: datetime.date | None = None,
    site: Id | None = None,
    state: str = "",
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Month summaries you may see: your own and those of the people below you."""
    qs = selectors.months_for_user(request.auth, month=month, site_id=site, state=state[:10])
    return paginate(qs, limit=limit, offset=offset)


def _month_out(row, user):
    return {
        **MonthOut.model_validate(row).model_dump(),
        "days": row.days,
        "lines": row.lines,
        "actions": month_actions(user, row),
    }


@router.get("/staff/months/{pk}", response=MonthDetailOut)
def month_get(request, pk: Id):
    return _month_out(selectors.month_get_for_user(request.auth, pk), request.auth)


@router.post("/staff/compute")
def month_compute(request, payload: ComputeIn):
    """(Re)compute the draft months of a site (managers of the site)."""
    from .permissions import MANAGERS

    user = request.auth
    site = get_object_or_404(Site, pk=payload.site)
    ids = user.visible_site_ids()
    if (
        user.is_read_only
        or not user.has_any_role(MANAGERS)
        or (ids is not None and site.pk not in ids)
    ):
        raise NotAllowed()
    return {"computed": services.month_compute(site=site, month=payload.month)}


@router.post("/staff/months/{pk}/{action}", response=MonthDetailOut)
def month_action(request, pk: Id, action: str, payload: VersionIn | None = None):
    fn = {
        "review": services.month_review,
        "confirm": services.month_confirm,
        "reopen": services.month_reopen,
    }.get(action)
    if fn is None:
        raise InvalidInput(fields={"action": "review, confirm, reopen"}, code="bad_action")
    row = selectors.month_get_for_user(request.auth, pk)
    fn(actor=request.auth, summary=row, version=payload.version if payload else None)
    return _month_out(row, request.auth)


def _complaint_out(row, user):
    return {
        **ComplaintOut.model_validate(row).model_dump(),
        "actions": complaint_actions(user, row),
    }


@router.post("/staff/complaints", response={201: ComplaintOut})
def complaint_create(request, payload: ComplaintIn):
    from propdesk.tickets.models import Ticket

    person = get_object_or_404(User, pk=payload.person, staff__isnull=False)
    ticket = None
    if payload.ticket:
        from propdesk.core.access import scope_queryset

        ticket = get_object_or_404(
            scope_queryset(Ticket.objects.all(), request.auth), pk=payload.ticket
        )
    row = services.complaint_file(
        actor=request.auth,
        person=person,
        source=payload.source,
        severity=payload.severity,
        description=payload.description,
        occurred_on=payload.occurred_on,
        fine=payload.fine,
        ticket=ticket,
    )
    return 201, _complaint_out(row, request.auth)


@router.get("/staff/complaints/{pk}", response=ComplaintOut)
def complaint_get(request, pk: Id):
    return _complaint_out(selectors.complaint_get_for_user(request.auth, pk), request.auth)


@router.post("/staff/complaints/{pk}/statement", response=ComplaintOut)
def complaint_statement(request, pk: Id, payload: StatementIn):
    row = selectors.complaint_get_for_user(request.auth, pk)
    services.complaint_statement(actor=request.auth, complaint=row, statement=payload.statement)
    return _complaint_out(row, request.auth)


@router.post("/staff/complaints/{pk}/{action}", response=ComplaintOut)
def complaint_decide(request, pk: Id, action: str, payload: VersionIn | None = None):
    if action not in ("confirm", "withdraw"):
        raise InvalidInput(fields={"action": "confirm, withdraw"}, code="bad_action")
    row = selectors.complaint_get_for_user(request.auth, pk)
    services.complaint_decide(
        actor=request.auth,
        complaint=row,
        confirm=action == "confirm",
        version=payload.version if payload else None,
    )
    return _complaint_out(row, request.auth)


def _ledger_out(row, user):
    return {**LedgerOut.model_validate(row).model_dump(), "actions": ledger_actions(user, row)}


@router.post("/staff/ledger", response={201: LedgerOut})
def ledger_create(request, payload: LedgerIn):
    person = get_object_or_404(User, pk=payload.person, staff__isnull=False)
    row = services.ledger_entry_add(
        actor=request.auth,
        person=person,
        month=payload.month,
        kind=payload.kind,
        amount=payload.amount,
        note=payload.note,
    )
    return 201, _ledger_out(row, request.auth)


@router.post("/staff/ledger/{pk}/grant", response=LedgerOut)
def ledger_grant(request, pk: Id, payload: VersionIn | None = None):
    row = selectors.ledger_get_for_user(request.auth, pk)
    services.ledger_entry_grant(
        actor=request.auth, entry=row, version=payload.version if payload else None
    )
    return _ledger_out(row, request.auth)
