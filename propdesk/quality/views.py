"""Thin pages of the quality app: the analysis (R-CP-5), the reports (R-CP-6), the actions."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.exceptions import DomainError
from propdesk.core.exports import Column, xlsx_response
from propdesk.core.paging import page_of
from propdesk.core.printing import pdf_response
from propdesk.core.sites import current_site_id
from propdesk.core.web import run_service
from propdesk.orgs.models import Department

from . import services
from .analysis import complaint_analysis
from .charts import analysis_charts, svg
from .figures import breakdowns, export_rows, headline_rows, sla_rows
from .models import AnalysisReport, CorrectiveAction
from .permissions import (
    capa_get_for_user,
    is_capa_reader,
    is_dashboard_reader,
    is_reader,
    report_get_for_user,
)
from .printing import report_pdf, report_title
from .quarters import last_complete_quarter, parse_quarter
from .selectors import capa_list_for_user, capas_for_report, report_list_for_user

EXPORT_MAX = 10_000


def _guard(check: Callable) -> Callable:
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


quality_page = _guard(is_reader)
capa_page = _guard(is_capa_reader)


def _version(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _analysis_of(request):
    raw = request.GET.get("quarter") or str(last_complete_quarter())
    try:
        quarter = parse_quarter(raw)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        quarter = last_complete_quarter()
    return complaint_analysis(request.user, site_id=current_site_id(request), quarter=quarter)


def _figures_context(a: dict) -> dict:
    return {
        "a": a,
        "headline": headline_rows(a),
        "breakdowns": breakdowns(a),
        "sla_rows": sla_rows(a),
        "charts": [(key, svg(d)) for key, d in analysis_charts(a)],
    }


@require_GET
@quality_page
def analysis(request):
    ctx = _figures_context(_analysis_of(request))
    ctx["can_generate"] = (
        request.user.has_any_role({"cs_manager"}) and not request.user.is_read_only
    )
    return render(request, "quality/analysis.html", ctx)


@require_GET
@quality_page
def analysis_export(request):
    a = _analysis_of(request)
    return xlsx_response(
        filename=f"complaint-analysis-{a['quarter']}.xlsx",
        title=_("Quarterly complaint analysis"),
        filters={_("Quarter"): a["quarter_label"], _("Site"): a["site"]},
        columns=[Column(_("Section"), 24), Column(_("Item"), 40), Column(_("Value"), 24)],
        rows=export_rows(a),
    )


# --- reports ---------------------------------------------------------------------------


@require_GET
@quality_page
def report_list(request):
    state = request.GET.get("state", "")
    qs = report_list_for_user(request.user, state=state, site_id=current_site_id(request))
    return render(
        request,
        "quality/report_list.html",
        {
            "page": page_of(request, qs),
            "state": state,
            "states": AnalysisReport.State.choices,
            "can_generate": request.user.has_any_role({"cs_manager"})
            and not request.user.is_read_only,
            "default_quarter": str(last_complete_quarter()),
        },
    )


@require_GET
@quality_page
def report_export(request):
    qs = report_list_for_user(
        request.user, state=request.GET.get("state", ""), site_id=current_site_id(request)
    )[:EXPORT_MAX]
    rows = (
        (
            r.quarter,
            r.site.name if r.site else _("All sites"),
            r.get_state_display(),
            r.snapshot.get("totals", {}).get("complaints"),
            r.generated_at,
            str(r.decided_by or ""),
            r.decided_at,
            r.decision_comment,
        )
        for r in qs
    )
    return xlsx_response(
        filename="complaint-analysis-reports.xlsx",
        title=_("Complaint analysis reports"),
        filters={},
        columns=[
            Column(_("Quarter"), 10),
            Column(_("Site"), 20),
            Column(_("State"), 16),
            Column(_("Complaints"), 10),
            Column(_("Figures taken at"), 18),
            Column(_("Decided by"), 14),
            Column(_("Decided at"), 18),
            Column(_("GM's comments"), 40),
        ],
        rows=rows,
    )


@require_POST
@quality_page
def report_generate(request):
    holder = {}

    def act():
        holder["r"] = services.report_generate(
            actor=request.user,
            quarter=request.POST.get("quarter", ""),
            site_id=request.POST.get("site") or current_site_id(request),
        )

    if run_service(
        request, act, success=_("Report drafted from the quarter's figures."), show_fields=False
    ):
        return redirect("quality:report-detail", holder["r"].pk)
    return redirect("quality:report-list")


@require_GET
@quality_page
def report_detail(request, pk: int):
    report = report_get_for_user(request.user, pk)
    ctx = _figures_context(report.snapshot)
    ctx.update(
        report=report,
        actions=services.report_actions(request.user, report),
        capas=capas_for_report(report),
        capa_kinds=CorrectiveAction.Kind.choices,
        departments=Department.objects.filter(site_id=report.site_id).order_by("kind")
        if report.site_id
        else Department.objects.none(),
        may_add_capa=request.user.has_any_role({"cs_manager"})
        and not request.user.is_read_only
        and report.site_id is not None
        and report.state != AnalysisReport.State.APPROVED,
        today=timezone.localdate(),
    )
    return render(request, "quality/report_detail.html", ctx)


_REPORT_ACTIONS = {
    "edit": (
        lambda r, u, p, v: services.report_edit(
            actor=u,
            report=r,
            summary=p.get("summary", ""),
            analysis_text=p.get("analysis_text", ""),
            version=v,
        ),
        gettext_lazy("Report saved."),
    ),
    "refresh": (
        lambda r, u, p, v: services.report_refresh(actor=u, report=r, version=v),
        gettext_lazy("Figures taken again."),
    ),
    "submit": (
        lambda r, u, p, v: services.report_submit(actor=u, report=r, version=v),
        gettext_lazy("Submitted to the GM."),
    ),
    "approve": (
        lambda r, u, p, v: services.report_approve(
            actor=u, report=r, comment=p.get("comment", ""), version=v
        ),
        gettext_lazy("Report approved."),
    ),
    "return": (
        lambda r, u, p, v: services.report_return(
            actor=u, report=r, comment=p.get("comment", ""), version=v
        ),
        gettext_lazy("Report returned."),
    ),
}


@require_POST
@quality_page
def report_action(request, pk: int, action: str):
    report = report_get_for_user(request.user, pk)
    if action not in _REPORT_ACTIONS:
        raise Http404
    fn, success = _REPORT_ACTIONS[action]
    run_service(
        request,
        lambda: fn(report, request.user, request.POST, _version(request)),
        success=_(success),
        show_fields=True,
    )
    return redirect("quality:report-detail", report.pk)


@require_GET
@quality_page
def report_print(request, pk: int):
    report = report_get_for_user(request.user, pk)
    data = report_pdf(report, capas_for_report(report))
    return pdf_response(data, f"{report_title()}-{report.quarter}.pdf")


# --- corrective and preventive actions --------------------------------------------------


def _capa_filters(request) -> dict:
    return {
        "state": request.GET.get("state", ""),
        "overdue": request.GET.get("overdue") == "1",
        "mine": request.GET.get("mine") == "1",
    }


@require_GET
@capa_page
def capa_list(request):
    f = _capa_filters(request)
    qs = capa_list_for_user(request.user, site_id=current_site_id(request), **f)
    return render(
        request,
        "quality/capa_list.html",
        {
            "page": page_of(request, qs),
            "f": f,
            "states": CorrectiveAction.State.choices,
            "today": timezone.localdate(),
        },
    )


@require_GET
@capa_page
def capa_export(request):
    qs = capa_list_for_user(
        request.user, site_id=current_site_id(request), **_capa_filters(request)
    )[:EXPORT_MAX]
    rows = (
        (
            c.site.name,
            c.get_kind_display(),
            c.problem,
            c.cause,
            c.action,
            c.department.name,
            str(c.owner),
            c.due_date,
            c.get_state_display(),
            c.evidence,
            c.verification,
        )
        for c in qs
    )
    return xlsx_response(
        filename="corrective-actions.xlsx",
        title=_("Corrective and preventive actions"),
        filters={},
        columns=[
            Column(_("Site"), 16),
            Column(_("Kind"), 10),
            Column(_("Problem"), 30),
            Column(_("Cause"), 30),
            Column(_("Action"), 30),
            Column(_("Department"), 14),
            Column(pgettext("corrective action", "Owner"), 12),
            Column(_("Due"), 12),
            Column(_("State"), 16),
            Column(_("Evidence"), 30),
            Column(_("Verification"), 30),
        ],
        rows=rows,
    )


@require_POST
@quality_page
def capa_new(request, pk: int):
    report = report_get_for_user(request.user, pk)
    p = request.POST

    def act():
        services.capa_create(
            actor=request.user,
            site_id=report.site_id,
            department_id=p.get("department"),
            kind=p.get("kind", ""),
            problem=p.get("problem", ""),
            cause=p.get("cause", ""),
            action=p.get("action", ""),
            due_date=p.get("due_date", ""),
            report=report,
        )

    run_service(request, act, success=_("Action recorded."), show_fields=True)
    return redirect("quality:report-detail", report.pk)


@require_GET
@capa_page
def capa_detail(request, pk: int):
    capa = capa_get_for_user(request.user, pk)
    return render(
        request,
        "quality/capa_detail.html",
        {
            "capa": capa,
            "actions": services.capa_actions(request.user, capa),
            "today": timezone.localdate(),
        },
    )


@require_POST
@capa_page
def capa_action(request, pk: int, action: str):
    capa = capa_get_for_user(request.user, pk)
    p, v = request.POST, _version(request)
    if action not in ("done", "verify", "reject"):
        raise Http404

    def fn():
        if action == "done":
            services.capa_done(
                actor=request.user, capa=capa, evidence=p.get("evidence", ""), version=v
            )
        else:
            services.capa_verify(
                actor=request.user,
                capa=capa,
                effective=action == "verify",
                comment=p.get("verification", ""),
                new_due_date=p.get("new_due_date", ""),
                version=v,
            )

    success = {
        "done": _("Action reported done."),
        "verify": _("Verified effective; the action is closed."),
        "reject": _("Not effective; the action is open again with its new due date."),
    }[action]
    run_service(request, fn, success=success, show_fields=True)
    return redirect("quality:capa-detail", capa.pk)


dashboard_page = _guard(is_dashboard_reader)


@require_GET
@dashboard_page
def dashboard(request):
    """This month against last by site, and the 12-month trend, from the daily rollup (R-SS-4)."""
    from propdesk.service.permissions import is_reader as promise_reader

    from .charts import column_chart_svg
    from .dashboard import dashboard as dashboard_figures

    d = dashboard_figures(request.user, site_id=current_site_id(request))
    # every figure links to the list behind it that this user may open (R-SS-4)
    ctx = {
        "d": d,
        "trend_chart": column_chart_svg(
            _("Complaints per month"),
            tuple(t["month"][2:] for t in d["trend"]),
            tuple(t["complaints"] for t in d["trend"]),
            empty=_("No figures yet."),
        ),
        # the promise list's own check (its readers, not a copy of them here)
        "links_promises": promise_reader(request.user),
        # reversed once per page, not once per cell of a 100-site table
        "list_url": reverse("tickets:list"),
        "promise_url": reverse("service:promise-list"),
    }
    return render(request, "quality/dashboard.html", ctx)
