"""Demo daily reports, training and scores, through the real services: the last working days'
reports of the desk (a few missing, some accepted by the CS manager), two past training sessions
with attendance and assessments and one planned, last month's scores of both sites with one bonus
line confirmed by the centre manager."""

import datetime

from django.utils import timezone

from propdesk.orgs.models import Site
from propdesk.people.models import User

from . import selectors, services
from .models import DailyReport, Score, TrainingSession

REPORTERS = ("agent", "agent2", "lead", "agent_b")
# (username, index of the working day back from yesterday) left without a report
MISSING = {("agent2", 0), ("agent2", 2), ("agent_b", 1)}
NOTES = ["3栋电梯异响，已报工程部", "业主咨询物业费发票，已答复", "", "快递较多，已通知业主取件"]


def _users() -> dict[str, User]:
    names = (*REPORTERS, "csm", "pcm")
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _reports(users: dict[str, User]) -> None:
    today = timezone.localdate()
    days = selectors.working_days(
        today - datetime.timedelta(days=10), today - datetime.timedelta(days=1)
    )
    days = list(reversed(days))[:5]
    for name in REPORTERS:
        user = users.get(name)
        site = Site.objects.filter(staff__user=user).order_by("pk").first() if user else None
        if site is None:
            continue
        for i, day in enumerate(days):
            if (name, i) in MISSING or DailyReport.objects.filter(author=user, date=day).exists():
                continue
            r = services.report_submit(actor=user, site=site, day=day, notes=NOTES[i % len(NOTES)])
            if i >= 2 and "csm" in users:
                services.report_accept(actor=users["csm"], report=r, comment="记录完整")


def _training(users: dict[str, User]) -> None:
    csm, lead = users.get("csm"), users.get("lead")
    site = Site.objects.filter(staff__user=lead).order_by("pk").first() if lead else None
    if csm is None or site is None or TrainingSession.objects.filter(site=site).exists():
        return
    today = timezone.localdate()
    attendees = [users[n].pk for n in ("agent", "agent2", "lead") if n in users]
    plan = [
        ("communication", "投诉接待沟通技巧", csm, today - datetime.timedelta(days=40)),
        ("product", "新版物业服务标准与收费项目", csm, today - datetime.timedelta(days=120)),
        ("problem", "疑难报修的分派与跟进", lead, today + datetime.timedelta(days=7)),
    ]
    results = {"agent": ("yes", "92"), "agent2": ("no", ""), "lead": ("yes", "85.5")}
    for topic, title, trainer, day in plan:
        s = services.training_session_create(
            actor=csm, site=site, topic=topic, title=title, trainer=trainer, date=day,
            attendees=[a for a in attendees if a != trainer.pk],
        )  # fmt: skip
        if day > today:
            continue
        for name, (came, mark) in results.items():
            if name in users and users[name].pk != trainer.pk:
                services.training_attendance_record(
                    actor=csm, session=s, person_id=users[name].pk, attended=came == "yes",
                    assessment=mark if came == "yes" else "",
                )  # fmt: skip


def _scores(users: dict[str, User]) -> None:
    csm, pcm = users.get("csm"), users.get("pcm")
    if csm is None:
        return
    first = timezone.localdate().replace(day=1)
    last_month = first - datetime.timedelta(days=1)
    for site in Site.objects.filter(staff__user=csm).distinct():
        services.scores_compute(
            actor=csm, site=site, period="month", year=last_month.year, number=last_month.month
        )
    agent = users.get("agent")
    score = Score.objects.filter(person=agent, state=Score.BonusState.SUGGESTED).first()
    if score is not None and pcm is not None:
        services.score_confirm(actor=pcm, score=score)


def load(ctx) -> None:
    users = _users()
    _reports(users)
    _training(users)
    _scores(users)
