"""Demo tickets: four weeks of contacts and tickets on both sites, in every state, with timelines,
and the complaints and repairs of the two quarters before this one (the quarterly analysis).

Tickets are driven through the real services, then their timeline is spread over the past
weeks (events, contacts, callbacks and the ticket's own times move together).
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from propdesk.core.audit_chain import chain_reseal
from propdesk.core.models import Event
from propdesk.people.models import Resident, User

from . import services
from .models import CallbackAttempt, Category, Contact, SlaClock, Ticket

SAMPLES = [
    ("repair", "plumbing", "厨房水管漏水", "厨房水槽下面的水管接头一直在滴水，地上都湿了。"),
    ("repair", "electrical", "卫生间跳闸", "卫生间一开热水器就跳闸，请尽快派人检查线路。"),
    ("repair", "doors_windows", "入户门锁坏了", "入户门锁芯转不动，钥匙插不进去。"),
    ("repair", "building", "外墙渗水", "下雨后卧室外墙渗水，墙皮起泡。"),
    ("repair", "elevator", "电梯异响", "2号电梯运行时有异响，门关不严。"),
    ("repair", "common", "楼道灯不亮", "12楼楼道灯坏了好几天了，晚上很黑。"),
    ("complaint", "cleaning", "垃圾清运不及时", "单元门口垃圾桶满了两天没人清理，味道很大。"),
    ("complaint", "noise", "楼上装修噪音", "楼上中午和晚上九点以后还在装修，噪音很大。"),
    ("complaint", "parking", "车位被占用", "我的固定车位经常被外来车辆占用，保安也不管。"),
    ("complaint", "attitude", "保安态度差", "晚上回来门岗保安态度很差，不给开门。"),
    ("complaint", "repair", "维修拖延", "上周报修的水管到现在还没人来修。"),
    ("help", "lockout", "忘带钥匙", "业主忘带钥匙，请求协助联系开锁。"),
    ("inquiry", "fees", "物业费缴纳方式", "咨询今年物业费可以怎么缴纳，能否线上支付。"),
    ("suggestion", "general", "增加快递柜", "建议在3栋门口增加一组快递柜。"),
]
# R-CP-7: what the complaining resident wants, recorded at intake.
DESIRED = {
    "cleaning": "每天按时清运垃圾",
    "noise": "装修只在规定时间进行",
    "parking": "外来车辆不得占用固定车位",
    "attitude": "保安当面道歉并改进服务",
    "repair": "本周内修好水管",
}
# how far each sample is driven: registered, dispatched, accepted, in_progress, handled, callback_done,
# closed, reopened, answered
TARGETS = ["closed"] * 6 + [
    "callback_done",
    "handled",
    "handled",
    "in_progress",
    "accepted",
    "dispatched",
    "registered",
    "reopened",
    "answered",
]


def _users():
    names = ["agent", "agent_b", "lead", "eng", "worker", "eng_b", "worker_b"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _drive(t: Ticket, target: str, desk, head, worker) -> None:
    """Take a registered ticket through the workflow up to `target`."""
    if target == "registered":
        return
    if t.kind in ("inquiry", "suggestion", "help"):
        services.ticket_answer(actor=desk, ticket=t, answer="已当场答复住户。")
        return
    target = "closed" if target == "answered" else target
    dept = t.department if t.department and t.department.head_id else head.staff.department
    head = dept.head
    worker = worker if worker.staff.department_id == dept.pk else head
    services.ticket_dispatch(actor=desk, ticket=t, department=dept)
    if target == "dispatched":
        return
    services.ticket_accept(actor=head, ticket=t, assignee=worker)
    if target == "accepted":
        return
    if t.is_paid:
        services.ticket_agree_price(actor=worker, ticket=t, price=80, agreed_by=t.contact_name)
    services.ticket_start(actor=worker, ticket=t)
    if target == "in_progress":
        return
    services.ticket_handle(actor=worker, ticket=t, result="已到场处理完毕，现场已清理。")
    if target == "handled":
        return
    if target == "reopened":
        services.ticket_callback(
            actor=desk,
            ticket=t,
            outcome="reached",
            satisfied=False,
            score=2,
            comment="住户表示问题仍未解决",
        )
        return
    services.ticket_callback(
        actor=desk, ticket=t, outcome="reached", satisfied=True, score=5, comment="住户满意"
    )
    if target == "closed":
        services.ticket_close(
            actor=desk,
            ticket=t,
            cause="设施老化" if t.kind == "complaint" else "",
            responsibility="company" if t.kind == "complaint" else "",
        )


def _spread(t: Ticket, start, rng) -> None:
    """Move the ticket's timeline to `start`, with steps 10 minutes to 6 hours apart."""
    events = list(
        Event.objects.filter(Q(object_id=t.pk, content_type__model="ticket")).order_by("id")
    )
    when, times = start, {}
    for e in events:
        Event.objects.filter(pk=e.pk).update(created_at=when)
        times.setdefault(e.code, when)
        when += timedelta(minutes=rng.randrange(10, 360))
    chain_reseal(t)  # the seals cover the times just moved
    fields = {"created_at": start}
    for code, field in (
        ("dispatch", "dispatched_at"),
        ("accept", "accepted_at"),
        ("handle", "handled_at"),
    ):
        if code in times:
            fields[field] = times[code]
    if t.closed_at:
        fields["closed_at"] = when - timedelta(minutes=5)
    Ticket.objects.filter(pk=t.pk).update(**fields)
    Contact.objects.filter(ticket=t).update(received_at=start)
    CallbackAttempt.objects.filter(ticket=t).update(at=when - timedelta(minutes=30))
    _shift_clocks(t, start - t.created_at, times)


def _shift_clocks(t: Ticket, delta, times) -> None:
    """Move the SLA clocks with the timeline; stages already late count as warned and breached
    (their notifications belong to the past), so the demo does not start with a burst of alerts."""
    now = timezone.now()
    stage_end = {"response": "dispatch", "accept": "accept", "arrive": "start", "resolve": "handle"}
    for clock in SlaClock.objects.filter(ticket=t):
        for field in ("started_at", "due_at", "warn_at", "met_at", "paused_at"):
            if getattr(clock, field):
                setattr(clock, field, getattr(clock, field) + delta)
        if clock.met_at and stage_end.get(clock.target) in times:
            clock.met_at = times[stage_end[clock.target]]
            clock.late_minutes = max(0, int((clock.met_at - clock.due_at).total_seconds() // 60))
        if clock.state == "running" and clock.due_at < now:
            clock.warned_at, clock.breached_at, clock.escalation_level = (
                clock.warn_at,
                clock.due_at,
                2,
            )
        elif clock.state == "running" and clock.warn_at < now:
            clock.warned_at = clock.warn_at
        clock.save()


def _ticket(site, desk, residents, sample, rng, *, is_paid=False) -> Ticket:
    """One resident's contact and the ticket opened from it, through the services."""
    kind, code, title, content = sample
    resident = rng.choice(residents)
    unit = next(o.unit for o in resident.occupancies.all() if o.site_id == site.pk)
    contact = services.contact_register(
        actor=desk,
        site=site,
        channel=rng.choice(["phone", "visit", "phone"]),
        kind=kind,
        content=content,
        resident=resident,
        unit=unit,
        desired_outcome=DESIRED.get(code, "") if kind == "complaint" else "",
    )
    return services.ticket_open(
        actor=desk,
        contact=contact,
        kind=kind,
        category=Category.objects.get(kind=kind, code=code),
        title=title,
        priority=rng.choice(["normal", "normal", "urgent"]),
        is_paid=is_paid,
    )


def _quarter_start(day, back: int):
    """The first day of the quarter `back` quarters before the one holding `day`."""
    index = day.year * 4 + (day.month - 1) // 3 - back
    return day.replace(year=index // 4, month=3 * (index % 4) + 1, day=1)


# Complaints and repairs of the two quarters before this one, per site: the quarterly analysis
# reports of the demo (quality) are drafted from them. The older quarter has more complaints.
HISTORY = {"A": (48, 36), "B": (16, 12)}
HISTORY_TARGETS = ["closed"] * 7 + ["reopened", "callback_done"]


def _history(site, desk, head, worker, residents, rng, counts) -> None:
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    samples = [s for s in SAMPLES if s[0] in ("complaint", "repair")]
    for back, count in zip((2, 1), counts, strict=True):
        start = _quarter_start(today, back)
        days = (_quarter_start(today, back - 1) - start).days
        for i in range(count):
            # complaints twice as often as repairs, cycling through the categories
            sample = samples[6 + i % 5] if i % 3 else samples[i % 6]
            t = _ticket(site, desk, residents, sample, rng)
            _drive(t, HISTORY_TARGETS[i % len(HISTORY_TARGETS)], desk, head, worker)
            day = start + timedelta(days=rng.randrange(0, days - 1))
            when = timezone.make_aware(
                datetime(day.year, day.month, day.day, rng.randrange(8, 18)), tz
            )
            _spread(Ticket.objects.get(pk=t.pk), when, rng)


def load(ctx):
    if Ticket.objects.exists():
        return
    rng, users, now = ctx["rng"], _users(), timezone.now()
    plan = [
        ("A", users["agent"], users["eng"], users["worker"], 110),
        ("B", users["agent_b"], users["eng_b"], users["worker_b"], 40),
    ]
    for key, desk, head, worker, count in plan:
        site = ctx["sites"][key]
        residents = list(
            Resident.objects.filter(occupancies__site=site).prefetch_related("occupancies")[:300]
        )
        _history(site, desk, head, worker, residents, rng, HISTORY[key])
        for i in range(count):
            kind = SAMPLES[i % len(SAMPLES)][0]
            t = _ticket(
                site,
                desk,
                residents,
                SAMPLES[i % len(SAMPLES)],
                rng,
                is_paid=kind == "repair" and i % 7 == 0,
            )
            age = timedelta(days=28 * (count - i) / count, hours=rng.randrange(0, 8))
            target = (
                TARGETS[i % len(TARGETS)] if age > timedelta(days=3) else rng.choice(TARGETS[6:])
            )
            _drive(t, target, desk, head, worker)
            _spread(Ticket.objects.get(pk=t.pk), now - age, rng)
    # _spread moves dates with UPDATEs, which bypass the index hooks: index everything once.
    from propdesk.search.services import search_index_rebuild

    search_index_rebuild()
