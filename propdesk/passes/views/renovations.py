"""Renovation pages: the register, the application, the record with its workflow buttons."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.attachments import (
    attachment_get_for_parent,
    attachment_list_for,
    attachment_response,
)
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import InvalidInput
from propdesk.core.paging import page_of

from .. import selectors, services
from ..forms import (
    CorrectionForm,
    ExtendForm,
    InspectionForm,
    NoteForm,
    RefundForm,
    RenovationForm,
)
from ..models import Renovation
from ..permissions import can_act, can_export, renovation_actions
from ..services.corrections import RENOVATION_FIELDS, can_correct
from ..workflow import PASS_FLOW, R_PASSABLE, RENOVATION_FLOW
from .common import (
    passes_page,
    require_action,
    run_action,
    site_id_for,
    unit_by_code,
    version_of,
)


@require_GET
@passes_page
def renovation_list(request):
    state = request.GET.get("state", "")[:20]
    q = request.GET.get("q", "")[:60]
    qs = selectors.renovation_list_for_user(
        request.user, site_id=site_id_for(request), state=state, q=q
    )
    ctx = {
        "page": page_of(request, qs),
        "state": state,
        "q": q,
        "states": Renovation.State.choices,
        "can_act": can_act(request.user),
        "can_export": can_export(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "passes/renovation_list.html", ctx)


def _owner_choices(unit):
    return [(o.resident_id, f"{o.resident.name}") for o in selectors.unit_owners(unit)]


@require_http_methods(["GET", "POST"])
@passes_page
def renovation_new(request):
    code = (request.POST.get("unit_code") or request.GET.get("unit") or "").strip()[:50]
    unit = unit_by_code(request.user, site_id_for(request), code) if code else None
    form = RenovationForm(request.POST or None, initial={"unit_code": code})
    owners = _owner_choices(unit) if unit else []
    form.fields["owner"].widget.choices = owners
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        owner = (
            next(
                (o.resident for o in selectors.unit_owners(unit) if o.resident_id == d["owner"]),
                None,
            )
            if unit
            else None
        )
        made = {}

        def act():
            if unit is None:
                raise InvalidInput(_("No such unit at this site."))
            d.pop("unit_code")
            d.pop("owner")
            made["r"] = services.renovation_submit(actor=request.user, unit=unit, owner=owner, **d)

        run_action(
            request,
            act,
            success=_("Renovation registered; the review is due in 5 working days."),
            to="passes:renovation-new",
        )
        if "r" in made:
            return redirect("passes:renovation-detail", made["r"].pk)
    ctx = {
        "form": form,
        "unit": unit,
        "code": code,
        "owners": owners,
        "can_act": can_act(request.user),
    }
    return render(request, "passes/renovation_form.html", ctx)


@require_GET
@passes_page
def renovation_detail(request, pk: int):
    r = selectors.renovation_get_for_user(request.user, pk)
    inspections = list(selectors.inspections_of(r))
    for i in inspections:
        i.photos = list(attachment_list_for(i))
    actions = [a for a in renovation_actions(request.user, r) if a != "inspect"]
    ctx = {
        "r": r,
        "inspections": inspections,
        "passes": selectors.pass_list_for_user(request.user, renovation_id=r.pk),
        "events": event_list_for(r),
        "actions": actions,
        "can_inspect": "inspect"
        in RENOVATION_FLOW.allowed_actions(state=r.state, user=request.user),
        "can_issue": r.state in R_PASSABLE
        and "extend" in PASS_FLOW.allowed_actions(state="active", user=request.user),
        "inspect_form": InspectionForm(initial={"day": timezone.localdate(), "version": r.version}),
        "extend_form": ExtendForm(initial={"version": r.version}),
        "refund_form": RefundForm(initial={"version": r.version, "deducted_amount": 0}),
        "corrections": selectors.corrections_of(r),
        "correction_form": _correction_form(r) if can_correct(request.user) else None,
        "today": timezone.localdate(),
    }
    return render(request, "passes/renovation_detail.html", ctx)


def _correction_form(r, data=None):
    return CorrectionForm(
        data, model=Renovation, fields=RENOVATION_FIELDS, initial={"version": r.version}
    )


@require_POST
@passes_page
def renovation_correct(request, pk: int):
    """R-FM-6: the desk corrects the company, the site lead, the refund account or the scope; the
    old value stays visible in the record's corrections."""
    r = selectors.renovation_get_for_user(request.user, pk)
    if not can_correct(request.user):
        raise PermissionDenied
    form = _correction_form(r, request.POST)

    def act():
        if not form.is_valid():
            raise InvalidInput(
                _("Check the marked fields."), fields={k: v[0] for k, v in form.errors.items()}
            )
        d = form.cleaned_data
        services.renovation_correct(
            actor=request.user,
            renovation=r,
            field=d["field"],
            new_value=d["new_value"],
            reason=d["reason"],
            version=d.get("version"),
        )

    return run_action(
        request,
        act,
        success=_("The correction is recorded."),
        to="passes:renovation-detail",
        args=[pk],
    )


def _note(d):
    return {"note": d.get("note") or ""}


def _reason(d):
    return {"reason": d.get("note") or ""}


# Each action: its service, its form, and how the service's arguments come from the form.
ACTIONS = {
    "resubmit": (services.renovation_resubmit, NoteForm, _note),
    "approve": (services.renovation_approve, NoteForm, _note),
    "return": (services.renovation_return, NoteForm, _reason),
    "start": (services.renovation_start, NoteForm, lambda d: {}),
    "suspend": (services.renovation_suspend, NoteForm, _reason),
    "resume": (services.renovation_resume, NoteForm, _note),
    "extend": (
        services.renovation_extend,
        ExtendForm,
        lambda d: {"end_date": d.get("end_date"), **_reason(d)},
    ),
    "request_acceptance": (services.renovation_request_acceptance, NoteForm, _note),
    "accept": (services.renovation_accept, NoteForm, _note),
    "fail": (services.renovation_fail, NoteForm, _reason),
    "refund": (
        services.renovation_refund,
        RefundForm,
        lambda d: {"deducted": d.get("deducted_amount"), **_reason(d)},
    ),
    "cancel": (services.renovation_cancel, NoteForm, _reason),
}


@require_POST
@passes_page
def renovation_action(request, pk: int, action: str):
    r = selectors.renovation_get_for_user(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    require_action(RENOVATION_FLOW, action, r.state, request.user)
    service, form_class, kwargs = ACTIONS[action]
    form = form_class(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    return run_action(
        request,
        lambda: service(actor=request.user, renovation=r, version=version_of(form), **kwargs(data)),
        success=_("Done."),
        to="passes:renovation-detail",
        args=[pk],
    )


@require_POST
@passes_page
def renovation_inspect(request, pk: int):
    r = selectors.renovation_get_for_user(request.user, pk)
    require_action(RENOVATION_FLOW, "inspect", r.state, request.user)
    form = InspectionForm(request.POST, request.FILES)

    def act():
        if not form.is_valid():
            raise InvalidInput(_("Check the inspection's fields."))
        d = dict(form.cleaned_data)
        version = d.pop("version")
        services.renovation_inspect(actor=request.user, renovation=r, version=version, **d)

    return run_action(
        request, act, success=_("Inspection recorded."), to="passes:renovation-detail", args=[pk]
    )


@require_GET
@passes_page
def inspection_photo(request, pk: int, inspection_pk: int, key: str):
    r = selectors.renovation_get_for_user(request.user, pk)
    inspection = r.inspections.filter(pk=inspection_pk).first()
    if inspection is None:
        raise Http404
    return attachment_response(attachment_get_for_parent(inspection, key))
