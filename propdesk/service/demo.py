"""Demo promised replies and lobby incidents on both sites, made through the real services.

Promises are made now and then moved into the past (due times, kept times), so the boards show
overdue ones and the report has a kept-on-time rate; incidents are in every state.
"""

from datetime import timedelta

from django.utils import timezone

from propdesk.people.models import User
from propdesk.tickets.models import Contact

from . import services
from .models import Incident, Promise

SUBJECTS = [
    "查询本月停水安排后回复业主",
    "请示经理能否减免本季度停车费后答复",
    "确认楼上渗水的维修时间后回电",
    "核实快递柜故障的维修进度后告知",
    "询问工程部电梯年检日期后回复",
    "了解装修押金退还流程后回电",
]
INCIDENTS = [
    ("外卖员与保安发生争执", "大堂入口", "serious"),
    ("访客在大堂晕倒", "大堂休息区", "critical"),
    ("大堂地面积水", "电梯厅", "minor"),
]
# (hours ago the promise fell due; None = not yet due), and how it was kept
PLAN = [
    (-20, "on_time"),
    (-30, "late"),
    (-50, "on_time"),
    (-3, "open"),
    (None, "open"),
    (-70, "on_time"),
]


def _users() -> dict:
    names = ["agent", "agent2", "agent_b", "lead", "csm"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _promise(site, agent, owner, contact, i: int, hours_ago, how, now):
    p = services.promise_make(
        actor=agent,
        site=site,
        contact=contact,
        subject=SUBJECTS[i % len(SUBJECTS)],
        due_at=now + timedelta(hours=4),
        owner=owner,
    )
    if hours_ago is None:
        return
    due = now + timedelta(hours=hours_ago)
    made = due - timedelta(hours=20)
    Promise.objects.filter(pk=p.pk).update(
        due_at=due, remind_at=due - timedelta(minutes=30), made_at=made
    )
    if how == "open":
        return
    p.refresh_from_db()
    services.promise_keep(
        actor=owner, promise=p, channel="phone", text="已电话答复业主：" + p.subject
    )
    kept = due - timedelta(hours=1) if how == "on_time" else due + timedelta(hours=2)
    Promise.objects.filter(pk=p.pk).update(kept_at=kept, kept_on_time=how == "on_time")


def _incidents(site, agent, lead):
    for i, (title, where, severity) in enumerate(INCIDENTS):
        inc = services.incident_report(
            actor=agent, site=site, title=title, location=where, severity=severity
        )
        if i == 0 and lead is not None:
            services.incident_take(actor=lead, incident=inc)
            services.incident_note(actor=lead, incident=inc, text="已到场，双方情绪平稳。")
            services.incident_close(actor=lead, incident=inc, result="调解完毕，双方离开。")


def load(ctx):
    if Promise.objects.exists() or Incident.objects.exists():
        return
    users, now = _users(), timezone.now()
    plan = [("A", users.get("agent"), users.get("agent2"), users.get("lead"))]
    plan.append(("B", users.get("agent_b"), users.get("agent_b"), users.get("csm")))
    for key, agent, owner, lead in plan:
        site = ctx["sites"][key]
        if agent is None or owner is None:
            continue
        contacts = list(Contact.objects.filter(site=site).order_by("-received_at")[: len(PLAN)])
        for i, (hours_ago, how) in enumerate(PLAN):
            contact = contacts[i] if i < len(contacts) else None
            _promise(site, agent, owner if i % 2 else agent, contact, i, hours_ago, how, now)
        _incidents(site, agent, lead)
