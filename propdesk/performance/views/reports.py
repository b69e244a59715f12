"""Daily work report pages (R-ST-2): my report of a day (pre-filled, submitted), the CS manager's
review list with the missing reports, one report with its review."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.access import visible_site_ids
from propdesk.core.eventlabels import event_label
from propdesk.core.events import event_list_for
from propdesk.core.paging import page_of
from propdesk.core.sites import current_site_id
from propdesk.orgs.models import Site

from .. import selectors, services
from ..activity import activity_counts, count_labels
from ..models import DailyReport
from ..permissions import is_reporter, may_review_reports, report_get_for_user
from ..workflow import REPORT_FLOW
from .common import date_of, run_action, version_of


def _my_site(request):
    ids = visible_site_ids(request.user)
    qs = Site.objects.filter(staff__user=request.user)
    chosen = current_site_id(request)
    if chosen and (ids is None or chosen in ids):
        qs = qs.filter(pk=chosen)
    return qs.order_by("pk").first()


@require_GET
@login_required
def report_mine(request):
    if not is_reporter(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    day = date_of(request.GET.get("date")) or today
    day = min(day, today)
    report = DailyReport.objects.filter(author=request.user, date=day).first()
    counts = report.counts if report else activity_counts(request.user, day)
    ctx = {
        "day": day,
        "today": today,
        "report": report,
        "rows": [(label, counts.get(key, 0)) for key, label in count_labels()],
        "page": page_of(
            request, DailyReport.objects.filter(author=request.user).select_related("reviewed_by")
        ),
    }
    return render(request, "performance/report_mine.html", ctx)


@require_POST
@login_required
def report_submit(request):
    raw = request.POST.get("date", "")
    day = date_of(raw)
    site = _my_site(request)
    if site is None:
        raise PermissionDenied
    run_action(
        request,
        lambda: services.report_submit(
            actor=request.user, site=site, day=day, notes=request.POST.get("notes", "")
        ),
        success=_("Your daily report is submitted."),
    )
    back = f"?date={day.isoformat()}" if day and day <= timezone.localdate() else ""
    return redirect(reverse("performance:report-mine") + back)


@require_GET
@login_required
def report_list(request):
    if not may_review_reports(request.user):
        raise PermissionDenied
    site_id = current_site_id(request)
    state = request.GET.get("state", "submitted")
    state = state if state in DailyReport.State.values else ""
    today = timezone.localdate()
    end = date_of(request.GET.get("to")) or today - datetime.timedelta(days=1)
    start = date_of(request.GET.get("from")) or end - datetime.timedelta(days=6)
    start = max(start, end - datetime.timedelta(days=selectors.MAX_RANGE_DAYS))
    ids = visible_site_ids(request.user)
    sites = {site_id} if site_id else ids
    ctx = {
        "page": page_of(
            request, selectors.report_list_for_user(request.user, site_id=site_id, state=state)
        ),
        "state": state,
        "states": DailyReport.State.choices,
        "start": start,
        "end": end,
        "missing": selectors.missing_reports(sites, start, end)[:500],
    }
    return render(request, "performance/report_list.html", ctx)


@require_GET
@login_required
def report_detail(request, pk: int):
    report = report_get_for_user(request.user, pk)
    actions = REPORT_FLOW.allowed_actions(state=report.state, user=request.user)
    if request.user.pk == report.author_id:
        actions = []
    ctx = {
        "report": report,
        "rows": [(label, report.counts.get(key, 0)) for key, label in count_labels()],
        "actions": actions,
        "timeline": [
            (e, event_label(e.code, "performance"))
            for e in event_list_for(report).order_by("-created_at", "-id")
        ],
    }
    return render(request, "performance/report_detail.html", ctx)


@require_POST
@login_required
def report_accept(request, pk: int):
    report = report_get_for_user(request.user, pk)
    run_action(
        request,
        lambda: services.report_accept(
            actor=request.user,
            report=report,
            comment=request.POST.get("comment", ""),
            version=version_of(request),
        ),
        success=_("The report is accepted."),
    )
    return redirect("performance:report-detail", report.pk)
