"""Demo attendance and pay: schedules at site A (and B), two months of punches with some
lateness, a probationer (王芳, hired two months ago) with a customer complaint, fines, rewards
and commission, the older month confirmed and last month in draft, a desk PC at 127.0.0.1."""

import datetime
from decimal import Decimal

from django.utils import timezone

from propdesk.orgs.models import FrontDesk
from propdesk.people.models import StaffProfile, User

from . import attendance, services
from .models import DeskStation, MonthSummary, Punch, Schedule

BASE = {
    "agent": "3000.00",
    "agent2": "2800.00",
    "lead": "4500.00",
    "csm": "7000.00",
    "agent_b": "3000.00",
}


def load(ctx):
    if Schedule.objects.exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=list(BASE) + ["gm"])}
    if len(users) < len(BASE):
        return
    sites = ctx["sites"]
    today = timezone.localdate()
    last = attendance.month_start(today - datetime.timedelta(days=today.day))
    older = attendance.month_start(last - datetime.timedelta(days=1))
    for username, base in BASE.items():
        hire = (
            today - datetime.timedelta(days=60)
            if username == "agent2"
            else datetime.date(2024, 3, 1)
        )
        StaffProfile.objects.filter(user=users[username]).update(
            base_salary=Decimal(base), hire_date=hire, probation_end=None
        )
        site = sites["B"] if username == "agent_b" else sites["A"]
        Schedule.objects.create(person=users[username], site=site)
    desk = FrontDesk.objects.filter(site=sites["A"]).first()
    if desk and not DeskStation.objects.filter(address="127.0.0.1").exists():
        DeskStation.objects.create(desk=desk, name="总台电脑1", address="127.0.0.1")
    Punch.objects.bulk_create(_punches(users, (older, last), today))
    csm, lead, gm = users["csm"], users["lead"], users["gm"]
    services.ledger_entry_add(
        actor=lead,
        person=users["agent"],
        month=older,
        kind="praise",
        amount="50",
        note="业主来电表扬（服务热情）",
    )
    services.ledger_entry_add(
        actor=csm,
        person=users["agent"],
        month=older,
        kind="commission",
        amount="200",
        note="代收快递服务提成",
    )
    for site in (sites["A"], sites["B"]):
        services.month_compute(site=site, month=older)
    for s in MonthSummary.objects.filter(month=older).exclude(person=csm):
        services.month_review(actor=csm, summary=s)
        services.month_confirm(actor=csm, summary=s)
    s = MonthSummary.objects.filter(month=older, person=csm).first()
    if s:
        services.month_review(actor=gm, summary=s)
        services.month_confirm(actor=gm, summary=s)
    c = services.complaint_file(
        actor=csm,
        person=users["agent2"],
        source="sales",
        severity="minor",
        description="销售部反映：带客看房时前台未及时接待",
        occurred_on=last.replace(day=10),
    )
    services.complaint_statement(
        actor=users["agent2"], complaint=c, statement="当时正在接听报修电话"
    )
    c2 = services.complaint_file(
        actor=csm,
        person=users["agent"],
        source="colleague",
        severity="moderate",
        description="交接班记录未填写完整",
        occurred_on=last.replace(day=12),
    )
    services.complaint_decide(actor=gm, complaint=c2, confirm=True)
    services.ledger_entry_add(
        actor=csm,
        person=users["agent"],
        month=last,
        kind="award",
        amount="100",
        note="月度服务之星",
    )
    services.ledger_entry_add(
        actor=csm, person=users["lead"], month=last, kind="bonus", amount="300", note="季度奖金"
    )
    services.ledger_entry_add(
        actor=csm,
        person=users["agent2"],
        month=last,
        kind="penalty",
        amount="20",
        note="工牌未佩戴",
    )
    for site in (sites["A"], sites["B"]):
        services.month_compute(site=site, month=last)


def _punches(users, months, today):
    """Two months of punches: on time mostly, a few late days, one absence, one missing out."""
    older, last = months
    tz = timezone.get_default_timezone()
    late_plan = {"agent": {older: 1, last: 3}, "agent2": {older: 0, last: 2}, "lead": {last: 1}}
    rows = []
    for month in (older, last):
        for username in BASE:
            sched = users[username].schedule
            late_left = late_plan.get(username, {}).get(month, 0)
            for n, day in enumerate(attendance.scheduled_days(sched, month)):
                if day.date < users[username].staff.hire_date or day.date >= today:
                    continue
                if username == "agent" and month == last and n == 5:
                    continue  # one absence
                minutes = 12 if late_left and n % 4 == 1 else -5
                if minutes > 0:
                    late_left -= 1
                start = day.start + datetime.timedelta(minutes=minutes)
                rows.append(
                    Punch(
                        person=users[username],
                        site_id=sched.site_id,
                        desk=None,
                        at=start.astimezone(tz),
                        kind="in",
                        method="pc",
                    )
                )
                if not (username == "agent2" and n == 7):  # one missing clock-out
                    rows.append(
                        Punch(
                            person=users[username],
                            site_id=sched.site_id,
                            desk=None,
                            at=day.end + datetime.timedelta(minutes=3),
                            kind="out",
                            method="pc",
                        )
                    )
    return rows
