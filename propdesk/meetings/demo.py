"""Demo weekly meetings: site A's series with three past meetings (two with signed minutes, last
week's still being written) whose
open actions were carried from week to week, one of them now overdue, and the next meeting
planned; site B's series with its next meeting. Made through the real services."""

from datetime import timedelta

from django.utils import timezone

from propdesk.people.models import User

from . import services
from .models import ActionItem, Meeting, MeetingSeries

WEEKS = [
    {
        "minutes": "一、回顾本周投诉12件，已办结10件；二、国庆值班安排；三、3栋外墙渗水维修进度。",
        "decisions": ["国庆期间各部门安排双人值班", "3栋外墙渗水由工程部牵头本月内完成"],
        "actions": [
            ("eng", "完成3栋外墙渗水修复并报客服回访", 10),
            ("sec", "更新国庆期间门岗排班表", 3),
        ],
    },
    {
        "minutes": "一、上周行动项跟进；二、业主满意度调查准备；三、地下车库照明改造。",
        "decisions": ["满意度调查问卷下周五前定稿"],
        "actions": [("csm", "拟定本年度满意度调查问卷", 5), ("env", "整改垃圾分类点异味问题", 4)],
        "close": ["更新国庆期间门岗排班表"],
    },
    {
        "minutes": "一、行动项跟进；二、前台钥匙借用管理规定（讨论稿）；三、冬季防冻准备。",
        "decisions": ["《前台钥匙借用管理规定》经讨论通过，请与会经理会签后发布"],
        "actions": [("eng", "完成消防水管防冻包扎", 9)],
        "close": ["拟定本年度满意度调查问卷"],
    },
]


def _users() -> dict:
    names = ["pcm", "csm", "eng", "sec", "env", "eng_b"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _past_meeting(series, users, week: dict, weeks_ago: int, now) -> Meeting:
    pcm, csm = users["pcm"], users["csm"]
    services.series_plan(series=series, now=now - timedelta(days=7 * weeks_ago))
    meeting = series.meetings.order_by("-starts_at").first()
    services.meeting_hold(actor=pcm, meeting=meeting)
    for user in series.members.all():
        status = "absent" if user.username == "env" and weeks_ago == 2 else "present"
        note = "休假" if status == "absent" else ""
        services.meeting_attendance(actor=csm, meeting=meeting, user=user, status=status, note=note)
    services.meeting_minutes_write(actor=csm, meeting=meeting, minutes=week["minutes"])
    for text in week["decisions"]:
        services.decision_add(actor=csm, meeting=meeting, text=text)
    for title in week.get("close", []):
        item = ActionItem.objects.get(site=series.site, title=title)
        services.action_close(actor=item.owner, action=item, note="已完成")
    for owner, title, days in week["actions"]:
        item = services.action_add(
            actor=csm, meeting=meeting, title=title, owner=users[owner], due_on=timezone.localdate()
        )
        # Due some days after that (past) meeting; one of them is overdue today.
        ActionItem.objects.filter(pk=item.pk).update(
            due_on=timezone.localtime(meeting.starts_at).date() + timedelta(days=days),
            created_at=meeting.starts_at,
        )
    if weeks_ago > 1:  # last week's minutes are still being written by the minute-taker
        services.meeting_submit(actor=csm, meeting=meeting)
        services.meeting_sign(actor=pcm, meeting=meeting)
    return meeting


def load(ctx):
    if MeetingSeries.objects.exists():
        return
    users, now = _users(), timezone.now()
    if len(users) < 6:
        return
    site_a, site_b = ctx["sites"]["A"], ctx["sites"]["B"]
    pcm, csm = users["pcm"], users["csm"]
    series = services.series_create(
        actor=pcm,
        site=site_a,
        chair=pcm,
        minute_taker=csm,
        location="物业服务中心二楼会议室",
        plan=False,
    )
    for weeks_ago, week in zip((3, 2, 1), WEEKS, strict=True):
        ctx.setdefault("meetings", []).append(_past_meeting(series, users, week, weeks_ago, now))
    ctx["next_meeting"] = services.series_plan(series=series, now=now)
    services.series_create(
        actor=pcm, site=site_b, chair=pcm, minute_taker=csm, location="国贸中心大厦18楼会议室"
    )
