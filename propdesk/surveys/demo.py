"""Demo satisfaction surveys: last half-year's survey closed with responses on both sites (online,
paper and a phone answer), and this half-year's survey open at site A, whose sample includes the
demo resident's unit (shown on their portal home). Made through the real services."""

from datetime import timedelta

from django.utils import timezone

from propdesk.people.models import Occupancy, User

from . import services
from .models import Kind, Survey

COMMENTS = [
    "电梯经常出故障，希望加强维护保养",
    "保安态度很好，晚上巡逻也很认真",
    "地下车库停车位太少，晚上停车困难",
    "垃圾分类点有异味，希望及时清理",
    "前台客服很耐心，报修处理及时",
    "绿化修剪不及时，草坪有些地方枯黄",
    "电梯按钮坏了好几天才修好",
    "希望增加停车位，车库照明也要改善",
]


def _answers(survey, rng, good: float) -> dict:
    answers = {}
    for q in survey.questions.all():
        if q.kind in (Kind.LEVEL, Kind.SCALE):
            answers[str(q.pk)] = (
                rng.choice([5, 4, 4]) if rng.random() < good else rng.choice([3, 2, 1])
            )
        elif q.kind == Kind.MULTI and rng.random() < 0.5:
            answers[str(q.pk)] = rng.sample(q.choices, 2)
        elif q.kind == Kind.TEXT and rng.random() < 0.3:
            answers[str(q.pk)] = rng.choice(COMMENTS)
    return answers


def _survey(site, author, head, name, period, percent):
    today = timezone.localdate()
    survey = services.survey_create(
        actor=author,
        site=site,
        name=name,
        period=period,
        opens_on=today,
        closes_on=today + timedelta(days=20),
        sample_percent=percent,
    )
    services.survey_approve(actor=head, survey=survey)
    services.survey_open(actor=head, survey=survey)
    return survey


def _respond(survey, rng, *, share: float, good: float, skip=(), staff=None, phone=None):
    samples = [s for s in survey.sample.all() if s.unit_id not in skip]
    for n, sample in enumerate(samples[: int(len(samples) * share)]):
        answers = _answers(survey, rng, good)
        if not any(k for k, v in answers.items() if isinstance(v, int)):
            continue
        if phone is not None and n == 0:
            services.response_enter(
                actor=phone, survey=survey, unit_id=sample.unit_id, channel="phone",
                answers=answers, consent_by=phone,
            )  # fmt: skip
        elif staff is not None and n % 4 == 1:
            services.response_enter(
                actor=staff, survey=survey, unit_id=sample.unit_id, channel="paper", answers=answers
            )
        else:
            services.response_submit_by_token(token=sample.token, answers=answers)


def _closed(survey, head, days_ago: int) -> None:
    services.survey_close(actor=head, survey=survey)
    today = timezone.localdate()
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=today - timedelta(days=days_ago), closes_on=today - timedelta(days=days_ago - 20)
    )


def load(ctx):
    if Survey.objects.exists():
        return
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["lead", "csm", "pcm", "agent", "resident"])
    }
    sites = ctx.get("sites") or {}
    if len(users) < 5 or not {"A", "B"} <= set(sites):
        return
    rng = ctx["rng"]
    lead, csm, pcm, agent = users["lead"], users["csm"], users["pcm"], users["agent"]
    past_a = _survey(sites["A"], lead, csm, "2026年上半年业主满意度调查", "2026 上半年", 20)
    _respond(past_a, rng, share=0.85, good=0.82, staff=agent, phone=lead)
    _closed(past_a, csm, 180)
    past_b = _survey(sites["B"], csm, pcm, "2026年上半年客户满意度调查", "2026 上半年", 100)
    _respond(past_b, rng, share=0.82, good=0.9)
    _closed(past_b, pcm, 175)
    mine = set(
        Occupancy.objects.filter(resident__user=users["resident"]).values_list("unit_id", flat=True)
    )
    now_a = _survey(sites["A"], lead, csm, "2026年下半年业主满意度调查", "2026 下半年", 100)
    _respond(now_a, rng, share=0.04, good=0.88, skip=mine, staff=agent)
