"""Borrowing pages: the loans (mine, waiting for approval, out, overdue), a request, its detail
with the approvals it needs and the actions open to the user. R-AR-5."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.events import event_list_for
from propdesk.core.paging import page_of
from propdesk.core.sites import current_site_id

from .. import selectors, services
from ..forms import LoanForm, NoteForm, RenewForm, ReturnForm
from ..models import ArchiveLoan
from ..permissions import is_archivist, is_reader, loan_get_for_user, may_request
from ..workflow import LOAN_FLOW, RENEWAL_FLOW
from .common import record_page, run_action, version_of


def _filters(request) -> dict:
    show, state = request.GET.get("show", ""), request.GET.get("state", "")
    return {
        "show": show if show in selectors.LOAN_VIEWS else "",
        "state": state if state in ArchiveLoan.State.values else "",
        "q": request.GET.get("q", "").strip()[:100],
    }


@require_GET
@record_page
def loan_list(request):
    if not (may_request(request.user) or is_reader(request.user)):
        raise PermissionDenied
    f = _filters(request)
    qs = selectors.loan_list_for_user(request.user, site_id=current_site_id(request), **f)
    ctx = {
        "page": page_of(request, qs),
        "f": f,
        "states": ArchiveLoan.State.choices,
        "can_request": may_request(request.user),
    }
    return render(request, "archives/loan_list.html", ctx)


@require_http_methods(["GET", "POST"])
@record_page
def loan_new(request):
    if not may_request(request.user):
        raise PermissionDenied
    initial = {"record": request.GET.get("record", "")[:24]}
    form = LoanForm(request.POST or None, initial=initial)
    made = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def act():
            record = services.record_for_request(request.user, data.get("record"))
            made["loan"] = services.loan_request(
                actor=request.user,
                record=record,
                mode=data["mode"],
                purpose=data.get("purpose"),
                due_date=data.get("due_date"),
                outside_body=data.get("outside_body"),
                contact=data.get("contact"),
            )

        if run_action(request, act, success=_("The request is sent for approval.")):
            return redirect("archives:loan-detail", made["loan"].pk)
    elif request.method == "POST":
        messages.error(request, _("Check the marked fields."))
    return render(request, "archives/loan_form.html", {"form": form})


def loan_actions(user, loan: ArchiveLoan, renewal=False) -> list[str]:
    """What `user` may do to `loan`, as the services decide; `renewal` is the pending renewal if
    the caller has read it (else it is read here)."""
    allowed = LOAN_FLOW.allowed_actions(state=loan.state, user=user)
    if renewal is False:
        renewal = services.renewal_pending(loan) if loan.state == ArchiveLoan.State.LENT else None
    out = []
    if renewal is not None and services.steps_for(user, renewal):
        out += [
            f"renewal_{a}" for a in RENEWAL_FLOW.allowed_actions(state=renewal.state, user=user)
        ]
    for action in allowed:
        if action == "renew" and (user.pk != loan.borrower_id or renewal is not None):
            continue
        if action in ("approve", "refuse") and not services.steps_for(user, loan):
            continue
        if action == "cancel" and user.pk != loan.borrower_id:
            continue
        if action == "lend" and user.pk == loan.borrower_id:
            continue
        out.append(action)
    return out


@require_GET
@record_page
def loan_detail(request, pk: int):
    loan = loan_get_for_user(request.user, pk)
    renewals = list(
        loan.renewals.select_related("head_approved_by", "centre_approved_by", "gm_approved_by")
    )
    pending = [r for r in renewals if r.state == r.State.REQUESTED]
    renewal = pending[0] if pending and loan.state == ArchiveLoan.State.LENT else None
    ctx = {
        "loan": loan,
        "renewal": renewal,
        "renewals": renewals,
        "renew_form": RenewForm(),
        "actions": loan_actions(request.user, loan, renewal),
        "missing": services.missing_steps(loan),
        "note_form": NoteForm(),
        "return_form": ReturnForm(),
        "is_archivist": is_archivist(request.user),
        "timeline": list(event_list_for(loan).order_by("-created_at", "-id")),
    }
    return render(request, "archives/loan_detail.html", ctx)


def _date(value):
    from datetime import date

    try:
        return date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


def _renewal(loan):
    from propdesk.core.exceptions import Conflict

    renewal = services.renewal_pending(loan)
    if renewal is None:
        raise Conflict(_("No renewal of this loan waits for approval."), code="no_renewal")
    return renewal


@require_POST
@record_page
def loan_action(request, pk: int, action: str):
    user = request.user
    loan = loan_get_for_user(user, pk)
    version = version_of(request)
    note = request.POST.get("note", "")
    calls = {
        "approve": (
            lambda: services.loan_approve(actor=user, loan=loan, note=note, version=version),
            _("Approved."),
        ),
        "refuse": (
            lambda: services.loan_refuse(actor=user, loan=loan, note=note, version=version),
            _("The request is refused."),
        ),
        "cancel": (
            lambda: services.loan_cancel(actor=user, loan=loan, version=version),
            _("The request is withdrawn."),
        ),
        "lend": (
            lambda: services.loan_lend(actor=user, loan=loan, version=version),
            _("Handed over; the borrower has it until the due date."),
        ),
        "renew": (
            lambda: services.loan_renew_request(
                actor=user,
                loan=loan,
                new_due_date=_date(request.POST.get("new_due_date")),
                reason=request.POST.get("reason", ""),
                version=version,
            ),
            _("The renewal is sent for approval."),
        ),
        "renewal_approve": (
            lambda: services.loan_renew_approve(
                actor=user, renewal=_renewal(loan), note=note, version=version
            ),
            _("Approved."),
        ),
        "renewal_refuse": (
            lambda: services.loan_renew_refuse(
                actor=user, renewal=_renewal(loan), note=note, version=version
            ),
            _("The renewal is refused."),
        ),
        "take_back": (
            lambda: services.loan_take_back(
                actor=user,
                loan=loan,
                intact=request.POST.get("intact", "1") != "0",
                damage_note=request.POST.get("damage_note", ""),
                version=version,
            ),
            _("Taken back."),
        ),
    }
    if action not in calls:
        from django.http import Http404

        raise Http404
    call, success = calls[action]
    run_action(request, call, success=success)
    return redirect("archives:loan-detail", loan.pk)
