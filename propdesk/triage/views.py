"""The suggestion partial of the intake screen, one-click apply and link, and the model page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.exceptions import DomainError
from propdesk.core.sites import current_site_id
from propdesk.orgs.models import Company
from propdesk.orgs.selectors import site_list_for_user, unit_list_for_user
from propdesk.tickets.forms import IntakeForm
from propdesk.tickets.models import Kind, Priority
from propdesk.tickets.views.common import roles_required
from propdesk.tickets.views.intake import (
    _done,
    _picked,
    _refreshing_department,
    _submit,
    refusal_to_form,
)

from . import services
from .models import TriageModel
from .permissions import MODEL_READERS, SUGGEST_ROLES, TRAINERS, may_retrain
from .selectors import duplicates, suggest

MAX_INPUT = 4000


def _site_and_unit(user, data):
    """The entry's site: the picked unit's, else the chosen one, else the user's only site."""
    unit_id, site_id = str(data.get("unit") or ""), str(data.get("site") or "")
    unit = unit_list_for_user(user).filter(pk=unit_id).first() if unit_id.isdigit() else None
    if unit is not None:
        return unit.site, unit
    sites = site_list_for_user(user)
    if site_id.isdigit():
        return sites.filter(pk=site_id).first(), None
    only = list(sites[:2])
    return (only[0] if len(only) == 1 else None), None


@require_POST
@login_required
@roles_required(SUGGEST_ROLES)
def intake_suggest(request):
    """Suggestions while the content is typed (htmx, debounced); never an error."""
    text = request.POST.get("content", "")[:MAX_INPUT]
    site, unit = _site_and_unit(request.user, request.POST)
    result = suggest(text, site=site)
    dups = duplicates(request.user, text, site=site, unit=unit, proba=result["proba"])
    kinds = dict(Kind.choices)
    for s in result["suggestions"]:
        s["kind_label"] = kinds.get(s["kind"], "")
    level = dict(Priority.choices).get(result["priority_hint"], "")
    ctx = {"result": result, "duplicates": dups, "priority_label": level}
    return render(request, "triage/_suggest.html", ctx)


@require_GET
@login_required
@roles_required(SUGGEST_ROLES)
def intake_apply(request):
    """One click on a suggestion: kind, category and its department (and the proposed
    priority) set in the intake form; the agent can still change every one of them."""
    kind = request.GET.get("s_kind", "")
    if kind not in Kind.values:
        raise Http404
    initial = {
        "kind": kind,
        "category": request.GET.get("s_category"),
        "site": request.GET.get("site"),
        "unit": request.GET.get("unit"),
    }
    priority = request.GET.get("s_priority")
    if priority in Priority.values:
        initial["priority"] = priority
    form = IntakeForm(user=request.user, initial=initial)
    form.fields["kind"].widget.attrs["hx-swap-oob"] = "true"
    form.fields["priority"].widget.attrs["hx-swap-oob"] = "true"
    ctx = {"form": form, "kind": kind, "with_priority": priority in Priority.values}
    # the department select reloads for the new category, as when the agent picks it by hand
    return _refreshing_department(render(request, "triage/_apply.html", ctx))


@require_POST
@login_required
@roles_required(SUGGEST_ROLES)
def intake_link(request):
    """One click on a likely duplicate: the contact is registered and linked to that ticket
    (the intake screen's link action) instead of opening a second ticket (R-CP-8)."""
    data = request.POST.copy()
    number = next((n for n in request.POST.getlist("link_number") if n.strip()), "")
    data.setlist("link_number", [number[:24]])
    data["action"] = "link"
    form = IntakeForm(data, user=request.user)
    if form.is_valid():
        try:
            return _done(request, _submit(request.user, form))
        except DomainError as exc:
            refusal_to_form(form, exc)
    picked = _picked(request.user, form.data.get("resident"), form.data.get("unit"))
    ctx = {"form": form, "kind": form.data.get("kind") or "repair", **picked}
    return render(request, "tickets/intake.html", ctx, status=400)


def _company(request) -> Company | None:
    site_id = current_site_id(request)
    sites = site_list_for_user(request.user)
    site = sites.filter(pk=site_id).first() if site_id else sites.order_by("pk").first()
    return Company.objects.filter(pk=site.company_id).first() if site else None


@require_GET
@login_required
@roles_required(MODEL_READERS)
def model_page(request):
    """How well the suggestions match what the desk chose (R-CP-8: learn the lessons)."""
    company = _company(request)
    row = (
        TriageModel.objects.filter(company=company).defer("weights").order_by("-version").first()
        if company
        else None
    )
    figures = (row.evaluation or {}) if row else {}
    for key in ("company_30d", "seed"):
        part = figures.get(key)
        if part and part.get("n"):
            part["top1_pct"] = f"{part['top1'] * 100:.0f}%"
            part["top3_pct"] = f"{part['top3'] * 100:.0f}%"
    ctx = {
        "company": company,
        "row": row,
        "own": figures.get("company_30d"),
        "seed": figures.get("seed"),
        "may_retrain": company is not None and may_retrain(request.user),
        "kind_label": dict(Kind.choices),
    }
    ctx["confused"] = _confused_named(ctx["own"] or ctx["seed"] or {})
    return render(request, "triage/model.html", ctx)


def _confused_named(figures: dict) -> list[dict]:
    from propdesk.tickets.models import Category

    names = {(c.kind, c.code): c.name for c in Category.objects.all()}
    kinds = dict(Kind.choices)

    def label(pair):
        kind, code = pair
        return f"{kinds.get(kind, kind)} · {names.get((kind, code), code)}"

    return [
        {"true": label(a), "suggested": label(b), "count": n}
        for a, b, n in figures.get("confused", [])
    ]


@require_POST
@login_required
@roles_required(TRAINERS)
def model_retrain(request):
    company = _company(request)
    if company is None:
        raise Http404
    try:
        row = services.triage_retrain_now(actor=request.user, company=company)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Model version %(v)s trained.") % {"v": row.version})
    return redirect("triage:model")
