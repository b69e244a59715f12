"""API of the quality app: the quarterly analysis (R-CP-5), the reports (R-CP-6) and the
corrective actions (R-CP-5). Every action is `POST …/<action>` with the `version` the caller saw
(stale → 409); `actions` lists what the caller may do now, as the pages' buttons do."""

import datetime

from ninja import Field, Router, Schema
from pydantic import ConfigDict

from propdesk.core.api import Id, Limit, Offset, Page, paginate
from propdesk.core.exceptions import NotAllowed

from . import services
from .analysis import complaint_analysis
from .dashboard import dashboard
from .models import AnalysisReport, CorrectiveAction
from .permissions import (
    capa_get_for_user,
    is_dashboard_reader,
    is_reader,
    report_get_for_user,
)
from .quarters import last_complete_quarter, parse_quarter
from .selectors import capa_list_for_user, report_list_for_user

router = Router(tags=["quality"])


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class GenerateIn(In):
    quarter: str = Field(..., max_length=10)
    site: Id | None = None


class EditIn(In):
    summary: str = Field(..., max_length=4000)
    analysis_text: str = Field("", max_length=8000)
    version: int


class VersionIn(In):
    version: int


class CommentIn(In):
    comment: str = Field("", max_length=2000)
    version: int


class CapaIn(In):
    site: Id
    department: Id
    kind: str = Field(..., max_length=12)
    problem: str = Field(..., max_length=2000)
    cause: str = Field(..., max_length=2000)
    action: str = Field(..., max_length=2000)
    due_date: datetime.date
    source: str = Field("other", max_length=10)
    report: Id | None = None


class DoneIn(In):
    evidence: str = Field(..., max_length=4000)
    version: int


class VerifyIn(In):
    effective: bool
    comment: str = Field("", max_length=2000)
    new_due_date: datetime.date | None = None
    version: int


class ReportOut(Schema):
    id: int
    site_id: int | None
    quarter: str
    state: str
    generated_at: datetime.datetime
    summary: str
    analysis_text: str
    template_version: str
    decided_by_id: int | None
    decided_at: datetime.datetime | None
    decision_comment: str
    version: int


class ReportDetailOut(ReportOut):
    figures: dict
    actions: list[str]


class ReportPage(Page):
    items: list[ReportOut]


class CapaOut(Schema):
    id: int
    site_id: int
    report_id: int | None
    source: str
    kind: str
    problem: str
    cause: str
    action: str
    department_id: int
    owner_id: int
    due_date: datetime.date
    state: str
    evidence: str
    verified_by_id: int | None
    verified_at: datetime.datetime | None
    verification: str
    times_reopened: int
    version: int


class CapaDetailOut(CapaOut):
    actions: list[str]


class CapaPage(Page):
    items: list[CapaOut]


def _reader(user):
    if not is_reader(user):
        raise NotAllowed()


def report_out(report: AnalysisReport, user) -> dict:
    return {
        **ReportOut.model_validate(report).model_dump(),
        "figures": report.snapshot,
        "actions": services.report_actions(user, report),
    }


def capa_out(capa: CorrectiveAction, user) -> dict:
    return {
        **CapaOut.model_validate(capa).model_dump(),
        "actions": services.capa_actions(user, capa),
    }


@router.get("/quality/analysis", response=dict)
def analysis(request, quarter: str = "", site: Id | None = None):
    """Every figure of a quarter's complaint analysis over your sites (R-CP-5)."""
    _reader(request.auth)
    q = parse_quarter(quarter[:10]) if quarter else last_complete_quarter()
    return complaint_analysis(request.auth, site_id=site, quarter=q)


@router.get("/quality/dashboard", response=dict)
def dashboard_figures(request, site: Id | None = None):
    """This month against last by site and the 12-month trend, from the daily rollup (R-SS-4)."""
    if not is_dashboard_reader(request.auth):
        raise NotAllowed()
    d = dashboard(request.auth, site_id=site)
    return {**d, "month": d["month"].isoformat(), "last_month": d["last_month"].isoformat()}


@router.get("/quality/reports", response=ReportPage)
def report_list(request, state: str = "", limit: Limit = 25, offset: Offset = 0):
    _reader(request.auth)
    return paginate(
        report_list_for_user(request.auth, state=state[:12]), limit=limit, offset=offset
    )


@router.post("/quality/reports", response={201: ReportDetailOut})
def report_generate(request, payload: GenerateIn):
    report = services.report_generate(
        actor=request.auth, quarter=payload.quarter, site_id=payload.site
    )
    return 201, report_out(report, request.auth)


@router.get("/quality/reports/{report_id}", response=ReportDetailOut)
def report_get(request, report_id: Id):
    return report_out(report_get_for_user(request.auth, report_id), request.auth)


@router.post("/quality/reports/{report_id}/edit", response=ReportDetailOut)
def report_edit(request, report_id: Id, payload: EditIn):
    r = report_get_for_user(request.auth, report_id)
    services.report_edit(
        actor=request.auth,
        report=r,
        summary=payload.summary,
        analysis_text=payload.analysis_text,
        version=payload.version,
    )
    return report_out(r, request.auth)


@router.post("/quality/reports/{report_id}/refresh", response=ReportDetailOut)
def report_refresh(request, report_id: Id, payload: VersionIn):
    r = report_get_for_user(request.auth, report_id)
    services.report_refresh(actor=request.auth, report=r, version=payload.version)
    return report_out(r, request.auth)


@router.post("/quality/reports/{report_id}/submit", response=ReportDetailOut)
def report_submit(request, report_id: Id, payload: VersionIn):
    r = report_get_for_user(request.auth, report_id)
    services.report_submit(actor=request.auth, report=r, version=payload.version)
    return report_out(r, request.auth)


@router.post("/quality/reports/{report_id}/approve", response=ReportDetailOut)
def report_approve(request, report_id: Id, payload: CommentIn):
    r = report_get_for_user(request.auth, report_id)
    services.report_approve(
        actor=request.auth, report=r, comment=payload.comment, version=payload.version
    )
    return report_out(r, request.auth)


@router.post("/quality/reports/{report_id}/return", response=ReportDetailOut)
def report_return(request, report_id: Id, payload: CommentIn):
    r = report_get_for_user(request.auth, report_id)
    services.report_return(
        actor=request.auth, report=r, comment=payload.comment, version=payload.version
    )
    return report_out(r, request.auth)


@router.get("/quality/actions", response=CapaPage)
def capa_list(
    request,
    state: str = "",
    overdue: bool = False,
    mine: bool = False,
    limit: Limit = 25,
    offset: Offset = 0,
):
    qs = capa_list_for_user(request.auth, state=state[:10], overdue=overdue, mine=mine)
    return paginate(qs, limit=limit, offset=offset)


@router.post("/quality/actions", response={201: CapaDetailOut})
def capa_create(request, payload: CapaIn):
    report = report_get_for_user(request.auth, payload.report) if payload.report else None
    capa = services.capa_create(
        actor=request.auth,
        site_id=payload.site,
        department_id=payload.department,
        kind=payload.kind,
        problem=payload.problem,
        cause=payload.cause,
        action=payload.action,
        due_date=payload.due_date,
        source=payload.source,
        report=report,
    )
    return 201, capa_out(capa, request.auth)


@router.get("/quality/actions/{capa_id}", response=CapaDetailOut)
def capa_get(request, capa_id: Id):
    return capa_out(capa_get_for_user(request.auth, capa_id), request.auth)


@router.post("/quality/actions/{capa_id}/done", response=CapaDetailOut)
def capa_done(request, capa_id: Id, payload: DoneIn):
    capa = capa_get_for_user(request.auth, capa_id)
    services.capa_done(
        actor=request.auth, capa=capa, evidence=payload.evidence, version=payload.version
    )
    return capa_out(capa, request.auth)


@router.post("/quality/actions/{capa_id}/verify", response=CapaDetailOut)
def capa_verify(request, capa_id: Id, payload: VerifyIn):
    capa = capa_get_for_user(request.auth, capa_id)
    services.capa_verify(
        actor=request.auth,
        capa=capa,
        effective=payload.effective,
        comment=payload.comment,
        new_due_date=payload.new_due_date,
        version=payload.version,
    )
    return capa_out(capa, request.auth)
