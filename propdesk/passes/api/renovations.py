"""API: renovations (workflow actions, inspections) and worker passes (issue, extend, return, revoke)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, UploadedFile

from propdesk.core.api import Id, Limit, Offset, one_of, paginate, refuse_unknown_choice
from propdesk.core.exceptions import InvalidInput
from propdesk.core.idempotency import idempotent
from propdesk.orgs.selectors import unit_get_for_user

from .. import selectors, services
from ..models import Renovation
from ..permissions import pass_actions, renovation_actions, require_desk, require_reader
from ..services.corrections import can_correct
from ..workflow import RENOVATION_FLOW
from . import router
from .schemas import (
    CorrectIn,
    ExtendIn,
    InspectionForm,
    NoteIn,
    PassDetailOut,
    PassExtendIn,
    PassIssueForm,
    PassOut,
    PassPage,
    PassRevokeIn,
    ReasonIn,
    RefundIn,
    RenovationDetailOut,
    RenovationIn,
    RenovationPage,
    Versioned,
)


def _prepared(user, r: Renovation) -> Renovation:
    """The record with the actions this user may take now (the API's `actions`); `correct` is not
    a transition: open to the desk in every state (R-FM-6)."""
    r.actions = renovation_actions(user, r) + (["correct"] if can_correct(user) else [])
    return r


def _pass_prepared(user, p):
    p.actions = pass_actions(user, p) + (["correct"] if can_correct(user) else [])
    return p


def _detail(user, r: Renovation) -> dict:
    return RenovationDetailOut.model_validate(_prepared(user, r)).model_dump(mode="json")


@router.get("/renovations/", response=RenovationPage)
def renovation_list(
    request,
    site: Id | None = None,
    state: one_of([*Renovation.State.values, "active"]) = "",
    q: str = "",
    limit: Limit = 25,
    offset: Offset = 0,
):
    require_reader(request.auth)
    if state and state not in Renovation.State.values and state != "active":
        raise InvalidInput(
            _("This filter value is not one of the choices."),
            code="bad_filter",
            fields={"state": _("Unknown.")},
        )
    qs = selectors.renovation_list_for_user(request.auth, site_id=site, state=state, q=q[:60])
    return paginate(qs, limit=limit, offset=offset)


@router.get("/renovations/{renovation_id}", response=RenovationDetailOut)
def renovation_get(request, renovation_id: int):
    require_reader(request.auth)
    return _prepared(request.auth, selectors.renovation_get_for_user(request.auth, renovation_id))


def _owner(unit, pk: int):
    occ = selectors.unit_owners(unit).filter(resident_id=pk).first()
    if occ is None:
        raise InvalidInput(
            _("Choose the owner of this unit as registered in the directory."),
            fields={"owner": _("Not an owner of the unit.")},
        )
    return occ.resident


@router.post("/renovations/", response={201: RenovationDetailOut})
def renovation_create(request, payload: RenovationIn):
    """Register a renovation application. Accepts an `Idempotency-Key` header."""
    require_desk(request.auth)

    def make():
        try:
            unit = unit_get_for_user(request.auth, payload.unit)
        except Http404:
            raise InvalidInput(
                _("Check the marked fields."), fields={"unit": _("Not found.")}
            ) from None
        data = payload.model_dump(exclude={"unit", "owner"})
        r = services.renovation_submit(
            actor=request.auth, unit=unit, owner=_owner(unit, payload.owner), **data
        )
        return 201, _detail(request.auth, r)

    return idempotent(request, payload=payload.model_dump(mode="json"), create=make)


RENOVATION_ACTIONS = {
    "resubmit": (services.renovation_resubmit, NoteIn, lambda p: {"note": p.note}),
    "approve": (services.renovation_approve, NoteIn, lambda p: {"note": p.note}),
    "return": (services.renovation_return, ReasonIn, lambda p: {"reason": p.reason}),
    "start": (services.renovation_start, Versioned, lambda p: {}),
    "suspend": (services.renovation_suspend, ReasonIn, lambda p: {"reason": p.reason}),
    "resume": (services.renovation_resume, NoteIn, lambda p: {"note": p.note}),
    "extend": (
        services.renovation_extend,
        ExtendIn,
        lambda p: {"end_date": p.end_date, "reason": p.reason},
    ),
    "request_acceptance": (
        services.renovation_request_acceptance,
        NoteIn,
        lambda p: {"note": p.note},
    ),
    "accept": (services.renovation_accept, NoteIn, lambda p: {"note": p.note}),
    "fail": (services.renovation_fail, ReasonIn, lambda p: {"reason": p.reason}),
    "refund": (
        services.renovation_refund,
        RefundIn,
        lambda p: {"deducted": p.deducted_amount, "reason": p.reason},
    ),
    "cancel": (services.renovation_cancel, ReasonIn, lambda p: {"reason": p.reason}),
}


def _renovation_route(action: str, service, schema, kwargs) -> None:
    def view(request, renovation_id: int, payload: schema):
        r = selectors.renovation_get_for_user(request.auth, renovation_id)
        RENOVATION_FLOW.check(action=action, state=r.state, user=request.auth)
        service(actor=request.auth, renovation=r, version=payload.version, **kwargs(payload))
        return _prepared(request.auth, r)

    view.__name__ = f"renovation_{action}"
    view.__doc__ = f"Workflow action `{action}` (send the `version` you read)."
    router.post(
        f"/renovations/{{renovation_id}}/{action}",
        response=RenovationDetailOut,
        operation_id=view.__name__,
    )(view)


for _action, (_service, _schema, _kwargs) in RENOVATION_ACTIONS.items():
    _renovation_route(_action, _service, _schema, _kwargs)


@router.post("/renovations/{renovation_id}/inspections", response={201: RenovationDetailOut})
def renovation_inspect(
    request, renovation_id: int, payload: Form[InspectionForm], photo: File[UploadedFile] = None
):
    """Record an inspection (multipart form; a violation needs `notes` and a `photo`)."""
    r = selectors.renovation_get_for_user(request.auth, renovation_id)
    services.renovation_inspect(actor=request.auth, renovation=r, photo=photo, **payload.dict())
    return 201, _prepared(request.auth, r)


@router.post(
    "/renovations/{renovation_id}/correct",
    response=RenovationDetailOut,
    operation_id="renovation_correct",
)
def renovation_correct(request, renovation_id: int, payload: CorrectIn):
    """R-FM-6: correct `company`, `lead_name`, `lead_phone`, `refund_account_name`, `refund_bank`,
    `refund_account_no` or `scope` with a reason (the desk); the old value stays visible in
    `corrections`. Send the `version` you read."""
    r = selectors.renovation_get_for_user(request.auth, renovation_id)
    services.renovation_correct(actor=request.auth, renovation=r, **payload.dict())
    return _prepared(request.auth, r)


# --- worker passes ----------------------------------------------------------------------------


@router.get("/worker-passes/", response=PassPage)
def pass_list(
    request,
    site: Id | None = None,
    status: one_of(selectors.PASS_FILTERS) = "",
    q: str = "",
    renovation: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    require_reader(request.auth)
    refuse_unknown_choice("status", status, selectors.PASS_FILTERS)
    qs = selectors.pass_list_for_user(
        request.auth, site_id=site, status=status, q=q[:60], renovation_id=renovation
    )
    return paginate(qs, limit=limit, offset=offset)


@router.get("/worker-passes/{pass_id}", response=PassDetailOut)
def pass_get(request, pass_id: int):
    require_reader(request.auth)
    return _pass_prepared(request.auth, selectors.pass_get_for_user(request.auth, pass_id))


@router.post("/renovations/{renovation_id}/passes", response={201: PassOut})
def pass_issue(
    request, renovation_id: int, payload: Form[PassIssueForm], photo: File[UploadedFile]
):
    """Issue a worker pass (multipart form with the `photo`). Accepts an `Idempotency-Key` header."""
    r = selectors.renovation_get_for_user(request.auth, renovation_id)
    fields = payload.dict()

    def make():
        p = services.pass_issue(actor=request.auth, renovation=r, photo=photo, **fields)
        return 201, PassOut.model_validate(p).model_dump(mode="json")

    fingerprint = {**payload.model_dump(mode="json"), "photo": photo.name, "size": photo.size}
    return idempotent(request, payload=fingerprint, create=make)


@router.post("/worker-passes/{pass_id}/extend", response=PassDetailOut)
def pass_extend(request, pass_id: int, payload: PassExtendIn):
    p = selectors.pass_get_for_user(request.auth, pass_id)
    services.pass_extend(
        actor=request.auth,
        worker_pass=p,
        valid_until=payload.valid_until,
        fee=payload.fee,
        receipt_no=payload.receipt_no,
        version=payload.version,
    )
    return _pass_prepared(request.auth, p)


@router.post("/worker-passes/{pass_id}/return", response=PassDetailOut)
def pass_return(request, pass_id: int, payload: Versioned):
    p = selectors.pass_get_for_user(request.auth, pass_id)
    services.pass_return(actor=request.auth, worker_pass=p, version=payload.version)
    return _pass_prepared(request.auth, p)


@router.post("/worker-passes/{pass_id}/revoke", response=PassDetailOut)
def pass_revoke(request, pass_id: int, payload: PassRevokeIn):
    p = selectors.pass_get_for_user(request.auth, pass_id)
    services.pass_revoke(
        actor=request.auth,
        worker_pass=p,
        reason=payload.reason,
        note=payload.note,
        version=payload.version,
    )
    return _pass_prepared(request.auth, p)


@router.post(
    "/worker-passes/{pass_id}/correct", response=PassDetailOut, operation_id="pass_correct"
)
def pass_correct(request, pass_id: int, payload: CorrectIn):
    """R-FM-6: correct the worker's `company`, `trade` or `name` with a reason (the desk); the old
    value stays visible in `corrections`. Send the `version` you read."""
    p = selectors.pass_get_for_user(request.auth, pass_id)
    services.pass_correct(actor=request.auth, worker_pass=p, **payload.dict())
    return _pass_prepared(request.auth, p)
