"""Series pages: the list, set up a site's weekly meeting, one series with its meetings."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.sites import site_id_for
from propdesk.orgs.selectors import site_list_for_user

from .. import selectors, services
from ..forms import SeriesForm
from ..permissions import can_organise, series_get_for_user
from .common import current_site_id, meetings_page, run_action


@require_GET
@meetings_page
def series_list(request):
    qs = selectors.series_list_for_user(request.user, site_id=current_site_id(request))
    ctx = {"series": list(qs[:100]), "can_organise": can_organise(request.user)}
    return render(request, "meetings/series_list.html", ctx)


@require_http_methods(["GET", "POST"])
@meetings_page
def series_new(request):
    if not can_organise(request.user):
        raise Http404
    site_id = site_id_for(request)
    site = site_list_for_user(request.user).filter(pk=site_id).first() if site_id else None
    if site is None:
        messages.error(request, _("Choose a site in the header first."))
        return redirect("meetings:series-list")
    defaults = selectors.site_staff(site.pk, selectors.DEFAULT_MEMBER_ROLES)
    form = SeriesForm(request.POST or None, site_id=site.pk, initial={"members": defaults})
    made = {}
    if request.method == "POST" and form.is_valid():

        def act():
            made["s"] = services.series_create(actor=request.user, site=site, **form.cleaned_data)

        if run_action(
            request, act, success=_("The weekly meeting is set up; its next meeting is planned.")
        ):
            return redirect("meetings:series-detail", made["s"].pk)
    elif request.method == "POST":
        messages.error(request, _("Check the marked fields."))
    return render(request, "meetings/series_form.html", {"form": form, "site": site})


@require_GET
@meetings_page
def series_detail(request, pk: int):
    series = series_get_for_user(request.user, pk)
    meetings = selectors.meeting_list_for_user(request.user, series_id=series.pk)[:20]
    ctx = {
        "series": series,
        "members": list(series.members.order_by("name", "username")),
        "meetings": list(meetings),
        "can_plan": can_organise(request.user) or request.user.pk == series.chair_id,
    }
    return render(request, "meetings/series_detail.html", ctx)


@require_POST
@meetings_page
def series_plan(request, pk: int):
    series = series_get_for_user(request.user, pk)
    run_action(
        request,
        lambda: services.series_plan_now(actor=request.user, series=series),
        success=_("The next meeting is planned."),
    )
    return redirect("meetings:series-detail", series.pk)
