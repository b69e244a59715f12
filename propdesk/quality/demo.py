"""Demo quality data through the real services: the last two quarters' reports of site A (the
older approved by the GM, the later returned with comments), corrective actions in every state,
and the daily rollup of the last two months for the dashboards."""

import datetime

from django.utils import timezone

from propdesk.orgs.models import Department
from propdesk.people.models import User

from . import services
from .models import AnalysisReport, CorrectiveAction
from .quarters import current_quarter
from .rollup import rollup_range


def load(ctx):
    if AnalysisReport.objects.exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=("csm", "gm"))}
    site = ctx.get("sites", {}).get("A")
    if site is None or len(users) < 2:
        return
    csm, gm = users["csm"], users["gm"]
    older, later = current_quarter().previous.previous, current_quarter().previous
    first = services.report_generate(actor=csm, quarter=str(older), site_id=site.pk)
    services.report_edit(
        actor=csm,
        report=first,
        summary="本季度投诉以工程维修及时性为主，重大投诉均已按时处理。",
        analysis_text="给排水与电梯类投诉占比最高，主要原因是设备老化与维修响应慢。",
    )
    services.report_submit(actor=csm, report=first)
    services.report_approve(actor=gm, report=first, comment="同意，请工程部按期落实整改。")
    second = services.report_generate(actor=csm, quarter=str(later), site_id=site.pk)
    services.report_edit(
        actor=csm, report=second, summary="本季度投诉量较上季度有所下降。", analysis_text=""
    )
    services.report_submit(actor=csm, report=second)
    services.report_return(actor=gm, report=second, comment="请补充与去年同期的对比和原因分析。")
    dept = Department.objects.filter(site=site, head__isnull=False).order_by("kind").first()
    if dept is not None:
        _actions(csm, site, dept, first)
    today = timezone.localdate()
    rollup_range(today - datetime.timedelta(days=60), today)


def _actions(csm, site, dept, report):
    today = timezone.localdate()
    rows = [
        ("corrective", "供水管道漏水投诉反复发生", "管道老化", "更换3栋供水立管"),
        ("preventive", "夜间施工噪音投诉", "施工时间管理不严", "装修施工时间公示并巡查"),
        ("corrective", "电梯困人响应慢", "维保单位响应时限未约定", "补签维保响应时限条款"),
        ("preventive", "回访不满意率上升", "回访话术不统一", "统一回访话术并培训"),
    ]
    made = []
    for kind, problem, cause, action in rows:
        made.append(
            services.capa_create(
                actor=csm,
                site_id=site.pk,
                department_id=dept.pk,
                kind=kind,
                problem=problem,
                cause=cause,
                action=action,
                due_date=today + datetime.timedelta(days=20),
                report=report,
            )
        )
    owner = dept.head
    services.capa_done(actor=owner, capa=made[1], evidence="已在各楼栋公示施工时间。")
    services.capa_done(actor=owner, capa=made[2], evidence="补充协议已签订（编号 WB-2026-03）。")
    services.capa_verify(actor=csm, capa=made[2], effective=True, comment="本月无困人超时。")
    services.capa_done(actor=owner, capa=made[3], evidence="已完成培训。")
    services.capa_verify(
        actor=csm,
        capa=made[3],
        effective=False,
        comment="满意率仍未回升。",
        new_due_date=today + datetime.timedelta(days=30),
    )
    # One overdue action for the owner's board (its due date passed).
    CorrectiveAction.objects.filter(pk=made[0].pk).update(
        due_date=today - datetime.timedelta(days=3)
    )
