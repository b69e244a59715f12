"""Desk home and coverage, leave of post, spot checks, visitor lookup, daily review."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.paging import page_of
from propdesk.people.roles import Role

from .. import selectors, services
from ..checklists import checklist_for_desk
from ..forms import LeaveForm, LookupForm, SpotCheckForm
from ..models import DutyLogEntry, SpotCheckFinding
from ..permissions import (
    can_act,
    require_lookup_log_reader,
    require_lookup_user,
    require_supervisor,
)
from .common import desk_page, run_action, site_id_for


@require_GET
@desk_page
def desk_home(request):
    site_id = site_id_for(request)
    desks = list(selectors.desk_list_for_user(request.user, site_id=site_id))
    holders = selectors.desk_holders(d.pk for d in desks)
    rows = [{"desk": d, "holding": holders.get(d.pk)} for d in desks]
    ctx = {
        "rows": rows,
        "awaiting": selectors.handovers_awaiting(request.user)[:10],
        "entry_kinds": DutyLogEntry.Kind.choices,
        "can_act": can_act(request.user),
        "is_supervisor": can_act(request.user, {Role.SUPERVISOR, Role.CS_MANAGER}),
    }
    return render(request, "frontdesk/desk_home.html", ctx)


@require_POST
@desk_page
def desk_take(request, pk: int):
    desk = selectors.desk_get_for_user(request.user, pk)
    return run_action(
        request,
        lambda: services.desk_take(actor=request.user, desk=desk),
        success=_("You now hold the desk."),
        to="frontdesk:home",
    )


@require_http_methods(["GET", "POST"])
@desk_page
def leave_list(request):
    if request.method == "POST":
        return _leave_create(request)
    site_id = site_id_for(request)
    page = page_of(request, selectors.leave_list_for_user(request.user, site_id=site_id))
    desks = list(selectors.desk_list_for_user(request.user, site_id=site_id))
    holders = selectors.desk_holders(d.pk for d in desks)
    mine = [d for d in desks if getattr(holders.get(d.pk), "holder_id", None) == request.user.pk]
    form = None
    if mine:
        agents = selectors.site_staff(mine[0].site_id, [Role.AGENT, Role.SUPERVISOR]).exclude(
            pk=request.user.pk
        )
        form = LeaveForm(initial={"desk": mine[0].pk}, agents=agents)
    ctx = {
        "page": page,
        "form": form,
        "is_supervisor": can_act(request.user, {Role.SUPERVISOR, Role.CS_MANAGER}),
    }
    return render(request, "frontdesk/leave_list.html", ctx)


def _leave_create(request):
    desk = selectors.desk_get_for_user(request.user, int(request.POST.get("desk") or 0))
    agents = selectors.site_staff(desk.site_id, [Role.AGENT, Role.SUPERVISOR])
    form = LeaveForm(request.POST, agents=agents)
    if not form.is_valid():
        from django.contrib import messages
        from django.shortcuts import redirect

        messages.error(request, _("Name a replacement and a reason."))
        return redirect("frontdesk:leave-list")
    d = form.cleaned_data
    return run_action(
        request,
        lambda: services.leave_request(
            actor=request.user,
            desk=desk,
            replacement=agents.get(pk=d["replacement"]),
            reason=d["reason"],
            minutes=d["minutes"],
        ),
        success=_("Your request was sent to the shift lead."),
        to="frontdesk:leave-list",
    )


@require_POST
@desk_page
def leave_action(request, pk: int, action: str):
    leave = selectors.leave_get_for_user(request.user, pk)
    fn = {
        "approve": services.leave_approve,
        "reject": services.leave_reject,
        "return": services.leave_return,
    }
    if action not in fn:
        from django.http import Http404

        raise Http404
    return run_action(
        request,
        lambda: fn[action](actor=request.user, leave=leave),
        success=_("Saved."),
        to="frontdesk:leave-list",
    )


@require_http_methods(["GET", "POST"])
@desk_page
def lookup(request):
    require_lookup_user(request.user)
    site_id = site_id_for(request)
    form, rooms, done = LookupForm(request.POST or None), [], False
    if request.method == "POST" and form.is_valid() and site_id:
        rooms = services.visitor_lookup(actor=request.user, site_id=site_id, **form.cleaned_data)
        done, form = True, LookupForm()
    ctx = {"form": form, "rooms": rooms, "done": done, "no_site": site_id is None}
    return render(
        request,
        "frontdesk/lookup.html",
        ctx,
        status=400 if request.method == "POST" and not done else 200,
    )


@require_GET
@desk_page
def lookup_log(request):
    require_lookup_log_reader(request.user)
    page = page_of(
        request, selectors.lookup_log_for_user(request.user, site_id=site_id_for(request))
    )
    return render(request, "frontdesk/lookup_log.html", {"page": page})


@require_GET
@desk_page
def spot_check_list(request):
    site_id = site_id_for(request)
    page = page_of(request, selectors.spot_check_list_for_user(request.user, site_id=site_id))
    desks = list(selectors.desk_list_for_user(request.user, site_id=site_id))
    return render(
        request,
        "frontdesk/spotcheck_list.html",
        {
            "page": page,
            "desks": desks,
            "is_supervisor": can_act(request.user, {Role.SUPERVISOR, Role.CS_MANAGER}),
        },
    )


@require_http_methods(["GET", "POST"])
@desk_page
def spot_check_new(request, desk_pk: int):
    require_supervisor(request.user)
    desk = selectors.desk_get_for_user(request.user, desk_pk)
    agents = selectors.site_staff(desk.site_id, [Role.AGENT]).exclude(pk=request.user.pk)
    items = checklist_for_desk(kind="conduct", desk_id=desk.pk)
    form = SpotCheckForm(request.POST or None, initial={"desk": desk.pk}, agents=agents)
    if request.method == "POST" and form.is_valid():
        results = {
            c: (request.POST.get(f"r_{c}", ""), request.POST.get(f"m_{c}", "")) for c, _l in items
        }
        return run_action(
            request,
            lambda: services.spot_check_record(
                actor=request.user,
                desk=desk,
                agent=agents.get(pk=form.cleaned_data["agent"]),
                results=results,
                note=form.cleaned_data["note"],
            ),
            success=_("The spot check was recorded."),
            to="frontdesk:spotcheck-list",
        )
    ctx = {"desk": desk, "form": form, "items": items, "results": SpotCheckFinding.Result.choices}
    return render(request, "frontdesk/spotcheck_form.html", ctx)


@require_GET
@desk_page
def spot_check_detail(request, pk: int):
    check = selectors.spot_check_get_for_user(request.user, pk)
    return render(request, "frontdesk/spotcheck_detail.html", {"check": check})


@require_GET
@desk_page
def review_queue(request):
    rows = selectors.review_queue_for_user(request.user, site_id=site_id_for(request))
    return render(request, "frontdesk/review_queue.html", {"rows": rows})
