"""Pages of the staff app: my attendance (clock-in, requests), the phone clock-in by the desk's QR
code, my month with its deduction explained, the desk's QR screen, and the manager's month
review with confirmation and the payroll export (R-ST-3 … R-ST-7)."""

import datetime
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.exports import Column, xlsx_response
from propdesk.core.paging import page_of
from propdesk.core.web import run_service
from propdesk.orgs.models import FrontDesk, Site
from propdesk.people.models import User

from . import attendance, qr, selectors, services
from .actions import complaint_actions, ledger_actions, month_actions, request_actions
from .models import LedgerEntry, MonthSummary, Punch, Severity, StaffComplaint
from .permissions import MANAGERS

STAFF_ROLES = {"agent", "supervisor", "cs_manager", "centre_manager", "gm", "auditor"}


def _staff_page(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_any_role(STAFF_ROLES):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _month_of(request) -> datetime.date:
    raw = request.GET.get("month", "") or request.POST.get("month", "")
    try:
        return attendance.month_start(datetime.date.fromisoformat(raw + "-01"))
    except ValueError:
        return attendance.month_start(timezone.localdate())


@require_GET
@_staff_page
def my_attendance(request):
    """Clock in/out at the desk PC; my punches and requests; requests waiting for my decision."""
    user = request.user
    punches = Punch.objects.filter(person=user).select_related("desk").order_by("-at")[:20]
    waiting = [
        (kind, row)
        for kind, qs in (
            ("leave", selectors.leave_for_user(user)),
            ("correction", selectors.corrections_for_user(user)),
        )
        for row in qs.filter(state="pending").exclude(person=user)[:50]
        if request_actions(user, row)
    ]
    mine = list(selectors.leave_for_user(user).filter(person=user)[:10]) + list(
        selectors.corrections_for_user(user).filter(person=user)[:10]
    )
    complaints = [
        (c, complaint_actions(user, c))
        for c in selectors.complaints_for_user(user).filter(person=user)[:20]
    ]
    return render(
        request,
        "staff/my_attendance.html",
        {
            "punches": punches,
            "waiting": waiting,
            "mine": mine,
            "complaints": complaints,
            "leave_kinds": services.LeaveRequest.Kind.choices,
            "today": timezone.localdate(),
        },
    )


@require_POST
@_staff_page
def punch(request):
    code = request.POST.get("code", "")
    ok = run_service(
        request,
        lambda: services.punch_record(
            actor=request.user,
            kind=request.POST.get("kind", ""),
            code=code,
            address=request.META.get("REMOTE_ADDR", ""),
        ),
        success=_("Clocked in.") if request.POST.get("kind") == "in" else _("Clocked out."),
    )
    if code and not ok:
        return redirect(f"{_url('staff:clock')}?code={code[:80]}")
    return redirect("staff:my-attendance")


def _url(name):
    from django.urls import reverse

    return reverse(name)


@require_GET
@_staff_page
def clock(request):
    """The page the desk's QR code opens on the phone: clock in or out with the scanned code."""
    code = request.GET.get("code", "")[:80]
    desk_id, why = qr.desk_of_code(code)
    desk = FrontDesk.objects.filter(pk=desk_id).select_related("site").first() if desk_id else None
    return render(request, "staff/clock.html", {"code": code, "desk": desk, "why": why})


@require_GET
@_staff_page
def desk_screen(request, desk_id):
    """The desk's screen: the clock-in QR code, renewed every 30 seconds."""
    desk = get_object_or_404(FrontDesk.objects.select_related("site"), pk=desk_id)
    if desk.site_id not in services._sites_of(request.user):
        raise Http404
    url = request.build_absolute_uri(_url("staff:clock")) + "?code=" + qr.desk_code(desk.pk)
    buf = io.BytesIO()
    import segno  # ~8 MB: imported by the page that draws a code, not by every worker

    segno.make(url, error="m").save(buf, kind="svg", scale=6, xmldecl=False, svgns=True)
    return render(
        request,
        "staff/desk_screen.html",
        {
            "desk": desk,
            "svg": buf.getvalue().decode(),
            "url": url,
            "seconds": qr.seconds_left(),
        },
    )


@require_POST
@_staff_page
def request_new(request, kind):
    p = request.POST
    if kind == "leave":
        fn = lambda: services.leave_request(  # noqa: E731
            actor=request.user,
            kind=p.get("kind", ""),
            first_day=p.get("first_day", ""),
            last_day=p.get("last_day", ""),
            reason=p.get("reason", ""),
        )
    elif kind == "correction":
        fn = lambda: services.correction_request(  # noqa: E731
            actor=request.user,
            kind=p.get("kind", ""),
            at=p.get("at", ""),
            reason=p.get("reason", ""),
        )
    else:
        raise Http404
    run_service(request, fn, success=_("Sent for approval."), show_fields=True)
    return redirect("staff:my-attendance")


@require_POST
@_staff_page
def request_decide(request, kind, pk, action):
    user = request.user
    qs = {"leave": selectors.leave_for_user, "correction": selectors.corrections_for_user}.get(kind)
    if qs is None or action not in ("approve", "reject"):
        raise Http404
    row = selectors.get_for_user(qs(user), pk)
    if kind == "leave":
        fn = lambda: services.leave_decide(actor=user, leave=row, approve=action == "approve")  # noqa: E731
    else:
        fn = lambda: services.correction_decide(  # noqa: E731
            actor=user, correction=row, approve=action == "approve"
        )
    run_service(request, fn, success=_("Approved.") if action == "approve" else _("Rejected."))
    return redirect("staff:my-attendance")


@require_GET
@_staff_page
def my_month(request):
    """My month: days, lateness with each day's rate and amount, fines, rewards, net."""
    month = _month_of(request)
    s = MonthSummary.objects.filter(person=request.user, month=month).first()
    return render(request, "staff/month_detail.html", _month_ctx(request, s, month))


def _month_ctx(request, s, month):
    return {
        "s": s,
        "month": month,
        "actions": month_actions(request.user, s) if s else [],
        "prev": (month - datetime.timedelta(days=1)).replace(day=1),
        "next": attendance.next_month(month),
    }


@require_GET
@_staff_page
def month_detail(request, pk):
    s = selectors.month_get_for_user(request.user, pk)
    ctx = _month_ctx(request, s, s.month)
    ctx["complaints"] = [
        (c, complaint_actions(request.user, c))
        for c in selectors.complaints_for_user(request.user).filter(person=s.person, month=s.month)
    ]
    ctx["suggested"] = [
        (e, ledger_actions(request.user, e))
        for e in selectors.ledger_for_user(request.user).filter(
            person=s.person, month=s.month, state="suggested"
        )
    ]
    ctx["severities"] = Severity.choices
    ctx["sources"] = StaffComplaint.Source.choices
    ctx["ledger_kinds"] = [c for c in LedgerEntry.Kind.choices if c[0] != "correction"]
    return render(request, "staff/month_detail.html", ctx)


@require_POST
@_staff_page
def month_action(request, pk, action):
    s = selectors.month_get_for_user(request.user, pk)
    fn = {
        "review": services.month_review,
        "confirm": services.month_confirm,
        "reopen": services.month_reopen,
    }.get(action)
    if fn is None:
        raise Http404
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() else None
    run_service(
        request, lambda: fn(actor=request.user, summary=s, version=version), success=_("Done.")
    )
    return redirect(
        request.POST.get("next") == "review"
        and f"{_url('staff:review')}?month={s.month:%Y-%m}&site={s.site_id}"
        or _url_detail(s)
    )


def _url_detail(s):
    from django.urls import reverse

    return reverse("staff:month-detail", args=[s.pk])


def _manager_sites(user):
    if not user.has_any_role(MANAGERS | {"auditor"}):
        raise PermissionDenied
    ids = user.visible_site_ids()
    return Site.objects.filter(is_active=True) if ids is None else Site.objects.filter(pk__in=ids)


@require_GET
@_staff_page
def review(request):
    """The manager's month review of a site: every person's figures; review, confirm, export."""
    sites = list(_manager_sites(request.user))
    month = _month_of(request)
    raw = request.GET.get("site", "")
    site = next((x for x in sites if str(x.pk) == raw), sites[0] if sites else None)
    qs = selectors.months_for_user(request.user, month=month, site_id=site.pk if site else -1)
    page = page_of(request, qs, per_page=100)
    selectors.prime_roles([s.person for s in page])
    rows = [(s, month_actions(request.user, s)) for s in page]
    return render(
        request,
        "staff/review.html",
        {
            "page": page,
            "rows": rows,
            "month": month,
            "site": site,
            "sites": sites,
            "can_compute": not request.user.is_read_only and request.user.has_any_role(MANAGERS),
        },
    )


@require_POST
@_staff_page
def review_compute(request):
    sites = _manager_sites(request.user)
    if request.user.is_read_only:
        raise PermissionDenied
    site = get_object_or_404(sites, pk=request.POST.get("site") or 0)
    month = _month_of(request)
    n = services.month_compute(site=site, month=month)
    from django.contrib import messages

    messages.success(request, _("%(n)s draft months computed.") % {"n": n})
    return redirect(f"{_url('staff:review')}?month={month:%Y-%m}&site={site.pk}")


@require_GET
@_staff_page
def review_export(request):
    """The site's month for payroll, as an Excel file."""
    sites = _manager_sites(request.user)
    month = _month_of(request)
    site = get_object_or_404(sites, pk=request.GET.get("site") or 0)
    qs = selectors.months_for_user(request.user, month=month, site_id=site.pk)
    rows = (
        [
            s.person.staff.employee_no if hasattr(s.person, "staff") else "",
            str(s.person),
            s.get_state_display(),
            s.base_salary,
            s.scheduled_days,
            s.worked_days,
            s.late_days,
            s.absent_days,
            s.lateness_deduction,
            s.fines,
            s.ledger_total,
            s.net,
            _("Yes") if s.probation_flag else "",
        ]
        for s in qs.select_related("person__staff")[:5000]
    )
    return xlsx_response(
        filename=f"payroll-{site.code}-{month:%Y-%m}.xlsx",
        title=_("Monthly attendance and pay"),
        filters={_("Site"): site.name, _("Month"): f"{month:%Y-%m}"},
        columns=[
            Column(_("Employee number"), 12),
            Column(_("Name"), 14),
            Column(_("State"), 10),
            Column(_("Base salary"), 12),
            Column(_("Scheduled days"), 10),
            Column(_("Days worked"), 10),
            Column(_("Late days"), 10),
            Column(_("Absence days"), 10),
            Column(_("Lateness deduction"), 12),
            Column(_("Fines"), 10),
            Column(_("Rewards and penalties"), 12),
            Column(_("Net"), 12),
            Column(_("Probation: manager to decide"), 14),
        ],
        rows=rows,
    )


@require_POST
@_staff_page
def complaint_new(request, pk):
    s = selectors.month_get_for_user(request.user, pk)
    p = request.POST
    run_service(
        request,
        lambda: services.complaint_file(
            actor=request.user,
            person=s.person,
            source=p.get("source", ""),
            severity=p.get("severity", ""),
            description=p.get("description", ""),
            occurred_on=p.get("occurred_on", ""),
            fine=p.get("fine") or None,
        ),
        success=_("Complaint filed."),
        show_fields=True,
    )
    return redirect(_url_detail(s))


@require_POST
@_staff_page
def complaint_action(request, pk, action):
    c = selectors.complaint_get_for_user(request.user, pk)
    if action == "statement":
        fn = lambda: services.complaint_statement(  # noqa: E731
            actor=request.user, complaint=c, statement=request.POST.get("statement", "")
        )
    elif action in ("confirm", "withdraw"):
        fn = lambda: services.complaint_decide(  # noqa: E731
            actor=request.user, complaint=c, confirm=action == "confirm"
        )
    else:
        raise Http404
    run_service(request, fn, success=_("Done."), show_fields=True)
    return redirect(request.POST.get("back") or "staff:my-attendance")


@require_POST
@_staff_page
def ledger_new(request, pk):
    s = selectors.month_get_for_user(request.user, pk)
    p = request.POST
    run_service(
        request,
        lambda: services.ledger_entry_add(
            actor=request.user,
            person=s.person,
            month=s.month,
            kind=p.get("kind", ""),
            amount=p.get("amount", ""),
            note=p.get("note", ""),
        ),
        success=_("Entry granted."),
        show_fields=True,
    )
    return redirect(_url_detail(s))


@require_POST
@_staff_page
def ledger_grant(request, pk):
    e = selectors.ledger_get_for_user(request.user, pk)
    run_service(
        request,
        lambda: services.ledger_entry_grant(actor=request.user, entry=e),
        success=_("Entry granted."),
    )
    s = MonthSummary.objects.filter(person=e.person, month=e.month).first()
    return redirect(_url_detail(s) if s else "staff:my-attendance")


__all__ = ["User"]
