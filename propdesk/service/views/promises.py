"""Promised-reply pages (承诺回复): list, make, detail with keep/reassign/cancel, kept-on-time report."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.events import event_list_for
from propdesk.core.masking import mask_phone
from propdesk.core.paging import page_of
from propdesk.tickets.permissions import contact_get_for_user, ticket_get_for_user

from .. import selectors, services
from ..forms import KeepForm, PromiseForm, ReasonForm, ReassignForm
from ..models import Promise
from ..permissions import can_write, promise_get_for_user
from ..workflow import PROMISE_FLOW
from .common import run_action, service_page, site_for, site_id_for


@require_GET
@service_page()
def promise_list(request):
    state = request.GET.get("state", "open")
    state = state if state in Promise.State.values or state == "" else "open"
    overdue, mine = request.GET.get("overdue") == "1", request.GET.get("mine") == "1"
    qs = selectors.promise_list_for_user(
        request.user, site_id=site_id_for(request), state=state, overdue=overdue, mine=mine
    )
    ctx = {
        "page": page_of(request, qs),
        "state": state,
        "overdue": overdue,
        "mine": mine,
        "states": Promise.State.choices,
        "can_write": can_write(request.user),
        "now": timezone.now(),
    }
    return render(request, "service/promise_list.html", ctx)


def _record(request) -> dict:
    """The contact or ticket the promise is made on (?contact= / ?ticket=), 404 outside scope."""
    raw_c, raw_t = request.GET.get("contact", ""), request.GET.get("ticket", "")
    contact = contact_get_for_user(request.user, int(raw_c)) if raw_c.isdigit() else None
    ticket = ticket_get_for_user(request.user, int(raw_t)) if raw_t.isdigit() else None
    return {"contact": contact, "ticket": ticket}


@require_http_methods(["GET", "POST"])
@service_page()
def promise_new(request):
    record = _record(request)
    linked = record["contact"] or record["ticket"]
    site = linked.site if linked is not None else site_for(request)
    if site is None:
        messages.error(request, _("Choose a site in the header first."))
        return redirect("service:promise-list")
    form = PromiseForm(request.POST or None, site_id=site.pk)
    made = {}
    if request.method == "POST" and form.is_valid():

        def act():
            made["p"] = services.promise_make(
                actor=request.user, site=site, **record, **form.cleaned_data
            )

        if run_action(request, act, success=_("The promise is recorded.")):
            return redirect("service:promise-detail", made["p"].pk)
    return render(request, "service/promise_form.html", {"form": form, "site": site, **record})


@require_GET
@service_page()
def promise_detail(request, pk: int):
    promise = promise_get_for_user(request.user, pk)
    actions = PROMISE_FLOW.allowed_actions(state=promise.state, user=request.user)
    ctx = {
        "promise": promise,
        "phone": mask_phone(promise.to_phone),
        "timeline": event_list_for(promise),
        "actions": actions,
        "keep_form": KeepForm(),
        "reassign_form": ReassignForm(site_id=promise.site_id),
        "cancel_form": ReasonForm(),
        "now": timezone.now(),
    }
    return render(request, "service/promise_detail.html", ctx)


ACTIONS = {
    "keep": (KeepForm, services.promise_keep, _("The answer is recorded.")),
    "reassign": (
        ReassignForm,
        services.promise_reassign,
        _("The promise has a new person responsible."),
    ),
    "cancel": (ReasonForm, services.promise_cancel, _("The promise is cancelled.")),
}


@require_POST
@service_page()
def promise_action(request, pk: int, action: str):
    promise = promise_get_for_user(request.user, pk)
    if action not in ACTIONS:
        from django.http import Http404

        raise Http404
    form_class, service, success = ACTIONS[action]
    kwargs = {"site_id": promise.site_id} if form_class is ReassignForm else {}
    form = form_class(request.POST, **kwargs)
    version = request.POST.get("version", "")
    if form.is_valid():
        data = dict(form.cleaned_data)
        run_action(
            request,
            lambda: service(
                actor=request.user,
                promise=promise,
                version=int(version) if version.isdigit() else None,
                **data,
            ),
            success=success,
        )
    else:
        messages.error(request, _("Check the form and try again."))
    return redirect("service:promise-detail", promise.pk)


@require_GET
@service_page()
def promise_report(request):
    """Kept-on-time rate per owner and per site for a month (R-FS-7)."""
    month = request.GET.get("month", "")
    try:
        first = timezone.datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        first = timezone.localdate().replace(day=1)
    nxt = (first.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
    from ..reports import day_bounds

    start, end = day_bounds(first)[0], day_bounds(nxt)[0]
    site_id = site_id_for(request)
    rate = selectors.promise_kept_rate
    ctx = {
        "month": first,
        "by_owner": rate(request.user, by="owner", site_id=site_id, date_from=start, date_to=end),
        "by_site": rate(request.user, by="site", site_id=site_id, date_from=start, date_to=end),
    }
    return render(request, "service/promise_report.html", ctx)
