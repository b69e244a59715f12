"""Goods release pages: the slip, the owner's consent by each path, approval, the printed slip."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.attachments import attachment_get_for_parent, attachment_response
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import InvalidInput
from propdesk.core.paging import page_of
from propdesk.core.printing import pdf_response
from propdesk.people.selectors import occupancy_list_for_unit

from .. import selectors, services
from ..forms import ApproveForm, ConsentForm, NoteForm, PhoneConsentForm, ReleaseForm
from ..models import GoodsRelease
from ..permissions import can_act, can_export, release_actions
from ..workflow import RELEASE_FLOW
from .common import passes_page, require_action, run_action, site_id_for, unit_by_code


@require_GET
@passes_page
def release_list(request):
    raw_day = request.GET.get("day", "")
    day = parse_date(raw_day) if raw_day not in ("", "all") else None
    if raw_day == "":
        day = timezone.localdate()
    state = request.GET.get("state", "")[:20]
    q = request.GET.get("q", "")[:60]
    qs = selectors.release_list_for_user(
        request.user, site_id=site_id_for(request), state=state, q=q, day=day
    )
    ctx = {
        "page": page_of(request, qs),
        "day": day,
        "state": state,
        "q": q,
        "states": GoodsRelease.State.choices,
        "can_act": can_act(request.user),
        "can_export": can_export(request.user),
    }
    return render(request, "passes/release_list.html", ctx)


def _occupants(unit):
    return [
        (o.resident_id, f"{o.resident.name} · {o.get_relation_display()}")
        for o in occupancy_list_for_unit(unit)
        if not o.move_out
    ]


@require_http_methods(["GET", "POST"])
@passes_page
def release_new(request):
    code = (request.POST.get("unit_code") or request.GET.get("unit") or "").strip()[:50]
    unit = unit_by_code(request.user, site_id_for(request), code) if code else None
    form = ReleaseForm(
        request.POST or None, initial={"unit_code": code, "pass_date": timezone.localdate()}
    )
    people = _occupants(unit) if unit else []
    form.fields["applicant_resident"].widget.choices = [("", "—"), *people]
    if request.method == "POST":
        made = {}

        def act():
            if unit is None:
                raise InvalidInput(_("No such unit at this site."))
            if not form.is_valid():
                raise InvalidInput(
                    _("Check the marked fields."), fields={k: v[0] for k, v in form.errors.items()}
                )
            d = form.cleaned_data
            resident = next(
                (
                    o.resident
                    for o in occupancy_list_for_unit(unit)
                    if o.resident_id == d["applicant_resident"]
                ),
                None,
            )
            made["g"] = services.release_create(
                actor=request.user,
                unit=unit,
                release_type=d["release_type"],
                pass_date=d["pass_date"],
                items=form.items(),
                applicant_name=d["applicant_name"],
                applicant_relation=d["applicant_relation"],
                applicant_resident=resident,
                applicant_phone=d["applicant_phone"],
                applicant_company=d["applicant_company"],
                vehicle_plate=d["vehicle_plate"],
            )

        run_action(request, act, success=_("Slip opened."), to="passes:release-new")
        if "g" in made:
            return redirect("passes:release-detail", made["g"].pk)
    return render(
        request,
        "passes/release_form.html",
        {"form": form, "unit": unit, "code": code, "people": people},
    )


@require_GET
@passes_page
def release_detail(request, pk: int):
    g = selectors.release_get_for_user(request.user, pk)
    owners = [(o.resident_id, o.resident.name) for o in selectors.unit_owners(g.unit)]
    consent_form = ConsentForm(initial={"version": g.version})
    consent_form.fields["owner"].widget.choices = owners
    actions = release_actions(request.user, g)
    ctx = {
        "g": g,
        "items": list(g.items.all()),
        "events": event_list_for(g),
        "actions": actions,
        "consent_form": consent_form,
        "phone_form": PhoneConsentForm(initial={"version": g.version}),
        "approve_form": ApproveForm(initial={"version": g.version}),
        "note_form": NoteForm(initial={"version": g.version}),
        "own_phone_consent": g.consent_by_id == request.user.pk,
        "consent_complete": services.consent_is_complete(g),
        "printable": g.state in ("approved", "released", "gate_refused"),
        "can_act": can_act(request.user),
    }
    return render(request, "passes/release_detail.html", ctx)


def _consent(request, g, form):
    d = form.cleaned_data
    owner = next(
        (o.resident for o in selectors.unit_owners(g.unit) if o.resident_id == d.get("owner")), None
    )
    return services.release_consent(
        actor=request.user,
        release=g,
        method=d.get("method", ""),
        owner=owner,
        document=d.get("document"),
        note=d.get("note", ""),
        version=d.get("version"),
    )


def _consent_form(request, g):
    form = ConsentForm(request.POST, request.FILES)
    form.fields["owner"].widget.choices = [
        (o.resident_id, "") for o in selectors.unit_owners(g.unit)
    ]
    return form


# Each action: how its form is read, and the service call from the form's data.
RELEASE_ACTIONS = {
    "consent": (_consent_form, _consent),
    "consent_phone": (
        lambda request, g: PhoneConsentForm(request.POST),
        lambda request, g, f: services.release_consent_phone(
            actor=request.user,
            release=g,
            phone=f.cleaned_data.get("phone", ""),
            note=f.cleaned_data.get("note", ""),
            version=f.cleaned_data.get("version"),
        ),
    ),
    "consent_confirm": (
        lambda request, g: NoteForm(request.POST),
        lambda request, g, f: services.release_consent_confirm(
            actor=request.user,
            release=g,
            note=f.cleaned_data.get("note", ""),
            version=f.cleaned_data.get("version"),
        ),
    ),
    "approve": (
        lambda request, g: ApproveForm(request.POST),
        lambda request, g, f: services.release_approve(
            actor=request.user,
            release=g,
            arrears_checked=bool(f.cleaned_data.get("arrears_checked")),
            version=f.cleaned_data.get("version"),
        ),
    ),
    "cancel": (
        lambda request, g: NoteForm(request.POST),
        lambda request, g, f: services.release_cancel(
            actor=request.user,
            release=g,
            reason=f.cleaned_data.get("note", ""),
            version=f.cleaned_data.get("version"),
        ),
    ),
}


@require_POST
@passes_page
def release_action(request, pk: int, action: str):
    g = selectors.release_get_for_user(request.user, pk)
    if action not in RELEASE_ACTIONS:
        raise Http404
    require_action(RELEASE_FLOW, action, g.state, request.user)
    make_form, call = RELEASE_ACTIONS[action]
    form = make_form(request, g)

    def act():
        if not form.is_valid():
            raise InvalidInput(
                _("Check the marked fields."), fields={k: v[0] for k, v in form.errors.items()}
            )
        call(request, g, form)

    return run_action(request, act, success=_("Done."), to="passes:release-detail", args=[pk])


@require_GET
@passes_page
def release_slip(request, pk: int):
    from ..printing import release_slip_pdf

    g = selectors.release_get_for_user(request.user, pk)
    if g.state not in ("approved", "released", "gate_refused"):
        raise Http404
    return pdf_response(release_slip_pdf(g), f"物品放行条-{g.number}.pdf")


@require_GET
@passes_page
def release_document(request, pk: int):
    g = selectors.release_get_for_user(request.user, pk)
    if not g.consent_document_id:
        raise Http404
    return attachment_response(attachment_get_for_parent(g, g.consent_document.key))
