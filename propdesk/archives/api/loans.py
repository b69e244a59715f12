"""API of archive borrowing (R-AR-5): request, approve, refuse, withdraw, lend, take back.

Each request is seen by its borrower, the approvers of its site and the archivist; every action is
`POST /archives/loans/{id}/<action>` with the `version` the caller saw (stale → 409).
"""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from propdesk.core.api import Id, Limit, Offset, Page, paginate
from propdesk.core.exceptions import Conflict, InvalidInput
from propdesk.core.idempotency import idempotent

from .. import selectors, services
from ..models import ArchiveLoan
from ..permissions import loan_get_for_user
from ..views.loans import loan_actions

router = Router(tags=["archives"])


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class LoanIn(In):
    record: str = Field(..., max_length=24)
    mode: str = Field(..., max_length=8)
    purpose: str = Field("", max_length=500)
    due_date: date
    outside_body: str = Field("", max_length=100)
    contact: str = Field("", max_length=60)


class VersionIn(In):
    version: int


class NoteIn(In):
    note: str = Field("", max_length=500)
    version: int


class ReturnIn(In):
    intact: bool
    damage_note: str = Field("", max_length=500)
    version: int


class RenewIn(In):
    new_due_date: date
    reason: str = Field("", max_length=500)
    version: int


class RenewalOut(Schema):
    id: int
    old_due_date: date
    new_due_date: date
    reason: str
    state: str
    missing: list[str]
    decision_note: str
    version: int


class LoanOut(Schema):
    id: int
    number: str
    record_id: int
    site_id: int
    borrower_id: int
    outside_body: str
    contact: str
    mode: str
    purpose: str
    due_date: date
    state: str
    head_approved_by_id: int | None
    centre_approved_by_id: int | None
    gm_approved_by_id: int | None
    decision_note: str
    lent_by_id: int | None
    returned_by_id: int | None
    returned_intact: bool | None
    damage_note: str
    version: int


class LoanDetailOut(LoanOut):
    missing_approvals: list[str]
    renewal: RenewalOut | None = None
    actions: list[str]


class LoanPage(Page):
    items: list[LoanOut]


def out(loan: ArchiveLoan, user) -> dict:
    renewal = services.renewal_pending(loan) if loan.state == ArchiveLoan.State.LENT else None
    return {
        **LoanOut.model_validate(loan).model_dump(),
        "missing_approvals": services.missing_steps(loan),
        "renewal": RenewalOut.model_validate(renewal).model_dump() if renewal else None,
        "actions": loan_actions(user, loan, renewal),
    }


def _pending(loan):
    renewal = services.renewal_pending(loan)
    if renewal is None:
        raise Conflict(_("No renewal of this loan waits for approval."), code="no_renewal")
    return renewal


@router.get("/archives/loans", response=LoanPage)
def loan_list(
    request, show: str = "", state: str = "", q: str = "", limit: Limit = 25, offset: Offset = 0
):
    """Loans you may see; `show`: mine, waiting, out, overdue."""
    if show and show not in selectors.LOAN_VIEWS or state and state not in ArchiveLoan.State.values:
        raise InvalidInput(
            fields={
                "show": ", ".join(selectors.LOAN_VIEWS),
                "state": ", ".join(ArchiveLoan.State.values),
            },
            code="bad_filter",
        )
    qs = selectors.loan_list_for_user(request.auth, show=show, state=state, q=q[:100])
    return paginate(qs, limit=limit, offset=offset)


@router.get("/archives/loans/{loan_id}", response=LoanDetailOut)
def loan_get(request, loan_id: Id):
    return out(loan_get_for_user(request.auth, loan_id), request.auth)


@router.post("/archives/loans", response={201: LoanDetailOut})
def loan_create(request, payload: LoanIn):
    """Ask to read on site, borrow or copy a record (by its number). Accepts `Idempotency-Key`."""
    user = request.auth

    def create():
        record = services.record_for_request(user, payload.record)
        loan = services.loan_request(
            actor=user, record=record, **payload.model_dump(exclude={"record"})
        )
        loan = loan_get_for_user(user, loan.pk)
        return 201, LoanDetailOut.model_validate(out(loan, user)).model_dump(mode="json")

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


@router.post("/archives/loans/{loan_id}/approve", response=LoanDetailOut)
def loan_approve(request, loan_id: Id, payload: NoteIn):
    """Sign the approval steps you may sign; nobody approves their own request."""
    loan = loan_get_for_user(request.auth, loan_id)
    services.loan_approve(actor=request.auth, loan=loan, note=payload.note, version=payload.version)
    return out(loan, request.auth)


@router.post("/archives/loans/{loan_id}/refuse", response=LoanDetailOut)
def loan_refuse(request, loan_id: Id, payload: NoteIn):
    loan = loan_get_for_user(request.auth, loan_id)
    services.loan_refuse(actor=request.auth, loan=loan, note=payload.note, version=payload.version)
    return out(loan, request.auth)


@router.post("/archives/loans/{loan_id}/cancel", response=LoanDetailOut)
def loan_cancel(request, loan_id: Id, payload: VersionIn):
    loan = loan_get_for_user(request.auth, loan_id)
    services.loan_cancel(actor=request.auth, loan=loan, version=payload.version)
    return out(loan, request.auth)


@router.post("/archives/loans/{loan_id}/lend", response=LoanDetailOut)
def loan_lend(request, loan_id: Id, payload: VersionIn):
    """The archivist hands the record over to an approved request."""
    loan = loan_get_for_user(request.auth, loan_id)
    services.loan_lend(actor=request.auth, loan=loan, version=payload.version)
    return out(loan, request.auth)


@router.post("/archives/loans/{loan_id}/take-back", response=LoanDetailOut)
def loan_take_back(request, loan_id: Id, payload: ReturnIn):
    """The archivist takes the record back: intact, or with a damage note."""
    loan = loan_get_for_user(request.auth, loan_id)
    services.loan_take_back(
        actor=request.auth,
        loan=loan,
        intact=payload.intact,
        damage_note=payload.damage_note,
        version=payload.version,
    )
    return out(loan, request.auth)


@router.post("/archives/loans/{loan_id}/renew", response=LoanDetailOut)
def loan_renew(request, loan_id: Id, payload: RenewIn):
    """The borrower asks to keep a lent record until `new_due_date` (approved as the loan was)."""
    loan = loan_get_for_user(request.auth, loan_id)
    services.loan_renew_request(
        actor=request.auth,
        loan=loan,
        new_due_date=payload.new_due_date,
        reason=payload.reason,
        version=payload.version,
    )
    return out(loan, request.auth)


@router.post("/archives/loans/{loan_id}/renewal/approve", response=LoanDetailOut)
def loan_renewal_approve(request, loan_id: Id, payload: NoteIn):
    """Sign the renewal's steps you may sign (`version`: the renewal's); never your own."""
    loan = loan_get_for_user(request.auth, loan_id)
    services.loan_renew_approve(
        actor=request.auth, renewal=_pending(loan), note=payload.note, version=payload.version
    )
    loan.refresh_from_db()
    return out(loan, request.auth)


@router.post("/archives/loans/{loan_id}/renewal/refuse", response=LoanDetailOut)
def loan_renewal_refuse(request, loan_id: Id, payload: NoteIn):
    loan = loan_get_for_user(request.auth, loan_id)
    services.loan_renew_refuse(
        actor=request.auth, renewal=_pending(loan), note=payload.note, version=payload.version
    )
    return out(loan, request.auth)
