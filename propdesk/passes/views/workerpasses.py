"""Worker pass pages: issue against a renovation, the register, the pass with its card (PDF)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.attachments import attachment_response
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import InvalidInput
from propdesk.core.paging import page_of
from propdesk.core.printing import pdf_response

from .. import selectors, services
from ..forms import CorrectionForm, PassExtendForm, PassForm, RevokeForm
from ..models import WorkerPass
from ..permissions import can_act, can_export, pass_actions
from ..selectors import PASS_FILTERS, rules_for_site
from ..services.corrections import PASS_FIELDS, can_correct
from ..workflow import PASS_FLOW
from .common import passes_page, require_action, run_action, site_id_for, version_of


@require_http_methods(["GET", "POST"])
@passes_page
def pass_new(request, pk: int):
    r = selectors.renovation_get_for_user(request.user, pk)
    rules = rules_for_site(r.site_id)
    today = timezone.localdate()
    initial = {
        "company": r.company,
        "valid_from": max(today, r.start_date),
        "valid_until": r.end_date,
        "fee": rules.pass_fee,
        "deposit": rules.pass_deposit,
    }
    form = PassForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        made = {}

        def act():
            if not form.is_valid():
                raise InvalidInput(
                    _("Check the marked fields."), fields={k: v[0] for k, v in form.errors.items()}
                )
            made["p"] = services.pass_issue(actor=request.user, renovation=r, **form.cleaned_data)

        run_action(request, act, success=_("Pass issued."), to="passes:pass-new", args=[pk])
        if "p" in made:
            return redirect("passes:pass-detail", made["p"].pk)
    return render(request, "passes/pass_form.html", {"form": form, "r": r})


@require_GET
@passes_page
def pass_list(request):
    status = request.GET.get("status", "valid")
    status = status if status in PASS_FILTERS or status == "all" else "valid"
    q = request.GET.get("q", "")[:60]
    qs = selectors.pass_list_for_user(
        request.user, site_id=site_id_for(request), status="" if status == "all" else status, q=q
    )
    ctx = {
        "page": page_of(request, qs),
        "status": status,
        "q": q,
        "today": timezone.localdate(),
        "can_export": can_export(request.user),
    }
    return render(request, "passes/pass_list.html", ctx)


@require_GET
@passes_page
def pass_detail(request, pk: int):
    p = selectors.pass_get_for_user(request.user, pk)
    ctx = {
        "p": p,
        "events": event_list_for(p),
        "actions": pass_actions(request.user, p),
        "extend_form": PassExtendForm(
            initial={"version": p.version, "valid_until": p.renovation.end_date}
        ),
        "revoke_form": RevokeForm(initial={"version": p.version}),
        "today": timezone.localdate(),
        "deposit_if_returned": services.deposit_outcome(p, timezone.localdate()),
        "scans": p.scans.select_related("guard").order_by("-at", "-id")[:20],
        "can_act": can_act(request.user),
        "corrections": selectors.corrections_of(p),
        "correction_form": _correction_form(p) if can_correct(request.user) else None,
    }
    return render(request, "passes/pass_detail.html", ctx)


def _correction_form(p, data=None):
    return CorrectionForm(
        data, model=WorkerPass, fields=PASS_FIELDS, initial={"version": p.version}
    )


@require_POST
@passes_page
def pass_correct(request, pk: int):
    """R-FM-6: the desk corrects the worker's company, trade or the spelling of the name."""
    p = selectors.pass_get_for_user(request.user, pk)
    if not can_correct(request.user):
        raise PermissionDenied
    form = _correction_form(p, request.POST)

    def act():
        if not form.is_valid():
            raise InvalidInput(
                _("Check the marked fields."), fields={k: v[0] for k, v in form.errors.items()}
            )
        d = form.cleaned_data
        services.pass_correct(
            actor=request.user,
            worker_pass=p,
            field=d["field"],
            new_value=d["new_value"],
            reason=d["reason"],
            version=d.get("version"),
        )

    return run_action(
        request, act, success=_("The correction is recorded."), to="passes:pass-detail", args=[pk]
    )


@require_GET
@passes_page
def pass_photo(request, pk: int):
    p = selectors.pass_get_for_user(request.user, pk)
    if p.photo is None:
        raise Http404
    response = attachment_response(p.photo)
    response["Content-Disposition"] = "inline"  # shown in an <img> on the gate page
    return response


@require_GET
@passes_page
def pass_card(request, pk: int):
    from ..printing import pass_card_pdf

    p = selectors.pass_get_for_user(request.user, pk)
    return pdf_response(pass_card_pdf(p), f"临时出入证-{p.number}.pdf")


@require_POST
@passes_page
def pass_action(request, pk: int, action: str):
    p = selectors.pass_get_for_user(request.user, pk)
    if action in PASS_FLOW.transitions:
        require_action(PASS_FLOW, action, p.state, request.user)
    if action == "extend":
        form = PassExtendForm(request.POST)
        d = form.cleaned_data if form.is_valid() else {}

        def act():
            services.pass_extend(
                actor=request.user,
                worker_pass=p,
                valid_until=d.get("valid_until"),
                fee=d.get("fee"),
                receipt_no=d.get("receipt_no", ""),
                version=version_of(form),
            )
    elif action == "return":

        def act():
            services.pass_return(actor=request.user, worker_pass=p)
    elif action == "revoke":
        form = RevokeForm(request.POST)
        d = form.cleaned_data if form.is_valid() else {}

        def act():
            services.pass_revoke(
                actor=request.user,
                worker_pass=p,
                reason=d.get("reason", ""),
                note=d.get("note", ""),
                version=version_of(form),
            )
    else:
        raise Http404
    return run_action(request, act, success=_("Done."), to="passes:pass-detail", args=[pk])
