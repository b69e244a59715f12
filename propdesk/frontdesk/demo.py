"""Demo front desk: a few days of duty logs and handovers (accepted, refused then resolved, one
waiting today), the desk holder, parcels waiting and picked up (three of them the demo
resident's), newspapers, a spot check."""

from datetime import datetime, timedelta

from django.utils import timezone

from propdesk.core.models import Signature
from propdesk.core.numbering import number_next
from propdesk.core.signatures import signature_request, signature_sign
from propdesk.orgs.models import FrontDesk, Unit
from propdesk.people.models import Resident, User

from . import services
from .checklists import CONDUCT_DEFAULTS, HANDOVER_DEFAULTS
from .models import (
    DeskHolding,
    DutyLog,
    DutyLogEntry,
    HandoverCheck,
    MailItem,
    NewspaperSubscription,
    ShiftHandover,
)

ENTRIES = [
    ("call", "业主来电咨询物业费缴费方式，已告知线上缴费流程"),
    ("repair", "3栋2单元1502业主报卫生间漏水，已通知工程部"),
    ("visit", "访客找5栋1单元801，已电话确认后放行"),
    ("complaint", "业主投诉楼下装修噪音，已记录并通知秩序维护部"),
    ("parcel", "顺丰快递10件已登记入柜"),
    ("notice", "明日上午9点至11点停水通知已张贴"),
]


def _at(day, shift) -> datetime:
    start = datetime.combine(day, shift.start)
    return timezone.make_aware(start + timedelta(hours=1))


def _sign(target, slot, user, when, requested_by=None):
    signature_request(
        target=target, slot=slot, requested_by=requested_by, summary=getattr(target, "number", "")
    )
    sig = signature_sign(target=target, slot=slot, actor=user)
    Signature.objects.filter(pk=sig.pk).update(signed_at=when)


def _log(desk, shift, day, recorder, rng):
    log = DutyLog.objects.create(
        site_id=desk.site_id,
        desk=desk,
        shift=shift,
        date=day,
        recorder=recorder,
        number=number_next(scheme="ZB", site_id=desk.site_id, year=day.year),
    )
    for i, (kind, text) in enumerate(rng.sample(ENTRIES, 3)):
        DutyLogEntry.objects.create(
            log=log,
            site_id=desk.site_id,
            occurred_at=_at(day, shift) + timedelta(minutes=40 * i),
            kind=kind,
            content=text,
            handled_by=recorder,
            created_by=recorder,
            status="open" if kind == "repair" and day == timezone.localdate() else "closed",
        )
    return log


def _handover(desk, shift, day, out, inc, rng, *, reviewers, refused_by_lead=None):
    log = _log(desk, shift, day, out, rng)
    when = _at(day, shift) + timedelta(hours=6)
    h = ShiftHandover.objects.create(
        site_id=desk.site_id,
        desk=desk,
        shift=shift,
        date=day,
        duty_log=log,
        outgoing=out,
        incoming=inc,
        number=number_next(scheme="JB", site_id=desk.site_id, year=day.year),
        summary="本班工作已交接清楚。",
        state="accepted",
        submitted_at=when,
        log_read_at=when,
        handover_read_at=when,
        accepted_at=when,
    )
    HandoverCheck.objects.bulk_create(
        HandoverCheck(
            handover=h,
            code=c,
            label=str(label),
            sort_order=i,
            result="pass",
            checked_by=out,
            checked_at=when,
        )
        for i, (c, label) in enumerate(HANDOVER_DEFAULTS)
    )
    if refused_by_lead:
        ShiftHandover.objects.filter(pk=h.pk).update(
            refusal_reason="对讲机一台无法开机，交班人未说明",
            refused_at=when,
            resolution="outgoing_finished",
            resolution_note="对讲机已更换电池，恢复正常",
            resolved_by=refused_by_lead,
            resolved_at=when,
        )
    DutyLog.objects.filter(pk=log.pk).update(closed_at=when)
    log.closed_at = when
    for target in (h, log):
        _sign(target, "outgoing", out, when, requested_by=out)
    _sign(h, "incoming", inc, when, requested_by=out)
    for slot, target in (("supervisor", h), ("manager", h), ("countersign", log), ("manager", log)):
        signature_request(target=target, slot=slot, requested_by=out, summary=target.number)
        user = reviewers.get(slot if slot != "countersign" else "supervisor")
        if user is not None:
            _sign(target, slot, user, when + timedelta(hours=3))
    return h


def _history(desk, users, rng):
    today = timezone.localdate()
    shifts = list(desk.shifts.order_by("sort_order"))
    pair = (users["agent"], users["agent2"])
    for back in (3, 2, 1):
        day = today - timedelta(days=back)
        reviewers = {"supervisor": users["lead"], "manager": users["csm"]} if back > 1 else {}
        for i, shift in enumerate(shifts):
            out, inc = pair[(i + back) % 2], pair[(i + back + 1) % 2]
            lead = users["lead"] if back == 2 and i == 0 else None
            _handover(desk, shift, day, out, inc, rng, reviewers=reviewers, refused_by_lead=lead)
    DeskHolding.objects.create(
        site_id=desk.site_id,
        desk=desk,
        holder=users["agent"],
        reason="handover",
        since=timezone.now() - timedelta(hours=2),
    )


def _today(desk, users):
    """A handover of the running shift from agent to agent2, waiting for acceptance."""
    services.duty_entry_add(
        actor=users["agent"],
        desk=desk,
        kind="repair",
        status="open",
        content="2栋1单元302报修门禁失灵，工程部尚未到场",
    )
    h = services.handover_open(
        actor=users["agent"], desk=desk, summary="门禁报修未完成，已催工程部。"
    )
    services.handover_update(actor=users["agent"], handover=h, incoming=users["agent2"])
    for c in h.checks.all():
        services.handover_check_set(actor=users["agent"], handover=h, code=c.code, result="pass")
    services.handover_submit(actor=users["agent"], handover=h)


def _parcels(site, users, rng):
    units = list(
        Unit.objects.filter(site=site, occupancies__isnull=False).distinct().order_by("id")[:40]
    )
    carriers = ["顺丰速运", "中通快递", "圆通速递", "京东物流", "EMS", "韵达快递"]
    now = timezone.now()
    for i, unit in enumerate(rng.sample(units, 14)):
        item = services.mail_register(
            actor=users["agent"],
            site_id=site.pk,
            unit=unit,
            kind="parcel" if i % 4 else "registered",
            carrier=rng.choice(carriers),
            tracking_no=f"SF{rng.randrange(10**11, 10**12)}",
            shelf=f"{'ABC'[i % 3]}-{i % 5 + 1}",
        )
        MailItem.objects.filter(pk=item.pk).update(received_at=now - timedelta(days=i % 6, hours=i))
        if i >= 9:
            services.mail_hand_over(
                actor=users["agent2"], item=item, picked_up_by_name="本人", code=item.pickup_code
            )
    for unit in units[:3]:
        NewspaperSubscription.objects.get_or_create(site=site, unit=unit, title="钱江晚报")


def _resident_parcels(site, users):
    """The demo resident's own parcels: one waiting since today, one overdue, one picked up; the
    resident reads their pickup codes in the portal's notifications (R-FD-4). Idempotent."""
    resident = Resident.objects.filter(user__username="resident").first()
    occupancy = resident and resident.occupancies.filter(site=site).select_related("unit").first()
    if occupancy is None or MailItem.objects.filter(resident=resident).exists():
        return
    now = timezone.now()
    for days, carrier, shelf in ((0, "顺丰速运", "A-2"), (4, "京东物流", "C-1"), (1, "EMS", "B-4")):
        item = services.mail_register(
            actor=users["agent"],
            site_id=site.pk,
            unit=occupancy.unit,
            resident=resident,
            carrier=carrier,
            tracking_no=f"DEMO{resident.pk:06d}{days}",
            shelf=shelf,
        )
        MailItem.objects.filter(pk=item.pk).update(received_at=now - timedelta(days=days, hours=1))
        if carrier == "EMS":
            services.mail_hand_over(
                actor=users["agent2"], item=item, picked_up_by_name="本人", code=item.pickup_code
            )


def load(ctx):
    sites = ctx["sites"]
    names = ["agent", "agent2", "lead", "csm", "agent_b"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    desk = FrontDesk.objects.filter(site=sites["A"]).first()
    if desk is None or len(users) < len(names):
        return
    if not ShiftHandover.objects.filter(site=sites["A"]).exists():
        _activity(ctx, desk, users)
    _resident_parcels(sites["A"], users)


def _activity(ctx, desk, users):
    sites = ctx["sites"]
    rng = ctx["rng"]
    _history(desk, users, rng)
    _parcels(sites["A"], users, rng)
    _today(desk, users)
    services.spot_check_record(
        actor=users["lead"],
        desk=desk,
        agent=users["agent2"],
        results={c: ("met", "") for c, _l in CONDUCT_DEFAULTS}
        | {"private_calls": ("violated", "私人电话约5分钟")},
    )
    desk_b = FrontDesk.objects.filter(site=sites["B"]).first()
    if desk_b is not None:
        services.handover_open(actor=users["agent_b"], desk=desk_b, summary="大厦前台：草稿")
