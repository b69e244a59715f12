"""The intake screen (接待登记): find the resident while on the phone, register, act in one submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.exceptions import DomainError
from propdesk.core.sites import current_site_id
from propdesk.orgs.selectors import unit_list_for_user
from propdesk.people.selectors import resident_list_for_user

from .. import services
from ..forms import IntakeForm
from ..forms.intake import TICKET_ACTIONS
from ..models import Ticket
from ..selectors import ticket_recent_for_unit
from .common import DESK, refusal_text, roles_required


def _picked(user, resident_id, unit_id) -> dict:
    """The resident and unit chosen at the intake screen, with the unit's recent tickets."""
    resident = resident_list_for_user(user).filter(pk=resident_id).first() if resident_id else None
    unit = unit_list_for_user(user).filter(pk=unit_id).first() if unit_id else None
    recent = ticket_recent_for_unit(user, unit.pk) if unit else []
    return {"picked_resident": resident, "picked_unit": unit, "recent": recent}


@transaction.atomic
def _submit(user, form):
    """Register the contact and take the chosen action, all or nothing."""
    d = form.cleaned_data
    contact = services.contact_register(actor=user, **form.contact_fields())
    action = d["action"]
    if action in TICKET_ACTIONS:
        ticket = services.ticket_open(
            actor=user,
            contact=contact,
            kind=d["kind"],
            category=d["category"],
            department=d["department"],
            **form.ticket_fields(),
        )
        if action == "dispatch":
            services.ticket_dispatch(actor=user, ticket=ticket, department=ticket.department)
        return ticket
    if action == "answer":
        services.contact_answer(actor=user, contact=contact, answer=d["answer"])
    elif action == "record":
        services.contact_record_only(actor=user, contact=contact, note=d["answer"])
    else:
        services.contact_link_ticket(actor=user, contact=contact, ticket=d["ticket"])
        return d["ticket"]
    return contact


def _done(request, obj):
    if isinstance(obj, Ticket):
        messages.success(request, _("Ticket %(number)s saved.") % {"number": obj.number})
        return redirect("tickets:detail", obj.pk)
    messages.success(request, _("Contact %(number)s registered.") % {"number": obj.number})
    return redirect("tickets:intake")


@require_http_methods(["GET", "POST"])
@login_required
@roles_required(DESK)
def intake(request):
    site = current_site_id(request)
    form = IntakeForm(request.POST or None, user=request.user, initial={"site": site})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                return _done(request, _submit(request.user, form))
            except DomainError as exc:
                refusal_to_form(form, exc)
        status = 400
    picked = _picked(request.user, form.data.get("resident"), form.data.get("unit"))
    ctx = {"form": form, "kind": form.data.get("kind") or "repair", **picked}
    return render(request, "tickets/intake.html", ctx, status=status)


@require_POST
@login_required
@roles_required(DESK)
def intake_search(request):
    # POST: the name or phone a caller gives never lands in a URL or an access log (P3, ASVS 14.2.1)
    q = request.POST.get("q", "").strip()[:50]
    qs = resident_list_for_user(request.user, q=q, site_id=current_site_id(request))
    residents = list(qs[:10]) if q else []
    return render(request, "tickets/_intake_results.html", {"residents": residents, "q": q})


@require_GET
@login_required
@roles_required(DESK)
def intake_pick(request):
    ctx = _picked(request.user, request.GET.get("resident"), request.GET.get("unit"))
    return _refreshing_department(render(request, "tickets/_intake_picked.html", ctx))


def _refreshing_department(response):
    """The site or the kind may have changed: the department select reloads once this is in."""
    response["HX-Trigger-After-Settle"] = "intake-changed"
    return response


def refusal_to_form(form, exc: DomainError) -> None:
    """A service's refusal shown beside the fields it names (the rest above the form)."""
    named = {k: v for k, v in exc.fields.items() if k in form.fields and not form[k].is_hidden}
    for name, message in named.items():
        form.add_error(name, str(message) if str(message) != _("Required.") else exc.message)
    if not named:
        form.add_error(None, refusal_text(exc))


@require_GET
@login_required
@roles_required(DESK)
def intake_department(request):
    """The department select for the chosen category and site, its department preselected."""
    keys = ("kind", "category", "site", "unit")
    form = IntakeForm(user=request.user, initial={k: request.GET.get(k) for k in keys})
    return render(request, "tickets/_intake_department.html", {"form": form})


@require_GET
@login_required
@roles_required(DESK)
def intake_fields(request):
    kind = request.GET.get("kind", "repair")
    form = IntakeForm(user=request.user, initial={"kind": kind})
    ctx = {"form": form, "kind": kind}
    return _refreshing_department(render(request, "tickets/_intake_ticket_fields.html", ctx))
