"""Demo of the resident portal: the `resident` login (site A) and `resident_b` (site B), each
with requests submitted in the portal and driven through the real workflow into several states
(waiting, sent to the department, being worked on, done and waiting for a rating, rated and
closed, withdrawn); announcements on both sites (one to a building, one withdrawn); a household
link request of each waiting in the desk's queue; `resident_b` also told by message.
Idempotent: a resident who already has portal requests gets no more, a site with announcements
gets no more.
"""

from datetime import timedelta

from django.utils import timezone

from propdesk.people.demo import _user
from propdesk.people.models import Occupancy, Resident, User
from propdesk.people.roles import Role
from propdesk.tickets import services as tickets
from propdesk.tickets.demo import _drive
from propdesk.tickets.models import Category, Channel, Contact

from .services import request_submit

REQUESTS = [
    ("plumbing", "卫生间地漏返水，有异味。", "handled"),
    ("electrical", "客厅插座没电了，空开没有跳。", "in_progress"),
    ("doors_windows", "阳台推拉门关不严，漏风。", "dispatched"),
    ("common", "电梯厅的灯一闪一闪的。", "registered"),
    ("plumbing", "厨房水龙头滴水。", "rated"),
    ("common", "楼下大门的门禁刷卡不灵。", "withdrawn"),
]


def _resident_b(site) -> User:
    """`resident_b`: a tenant of an office unit at site B, signed up for the portal."""
    user = _user("resident_b", "住户演示B", Role.RESIDENT)
    if not hasattr(user, "resident"):
        resident = Resident.objects.filter(occupancies__site=site, user__isnull=True).first()
        if resident is None:
            resident = Resident.objects.create(name="住户演示B", phone="13900000002")
        resident.user = user
        resident.save(update_fields=["user"])
    resident = Resident.objects.get(user=user)
    if not resident.occupancies.filter(site=site, move_out__isnull=True).exists():
        from propdesk.orgs.models import Unit

        unit = Unit.objects.filter(site=site).order_by("id").first()
        Occupancy(resident=resident, unit=unit, relation="owner").save()
    return user


def _submit_all(user, desk, head, worker) -> None:
    resident = Resident.objects.get(user=user)
    if Contact.objects.filter(received_by=user, channel=Channel.ONLINE).exists():
        return
    occupancy = (
        resident.occupancies.filter(move_out__isnull=True).select_related("unit__site").first()
    )
    if occupancy is None:
        return
    for code, content, target in REQUESTS:
        category = Category.objects.filter(kind="repair", code=code).first()
        if category is None:
            continue
        t = request_submit(
            actor=user,
            resident=resident,
            unit=occupancy.unit,
            category=category,
            content=content,
            wished_at=timezone.now() + timedelta(days=1) if target == "dispatched" else None,
        )
        if target == "withdrawn":
            tickets.ticket_withdraw(actor=user, ticket=t, reason="已自行解决")
            continue
        if target == "rated":
            _drive(t, "handled", desk, head, worker)
            tickets.ticket_rate(actor=user, ticket=t, score=5, comment="师傅很专业，谢谢")
            continue
        _drive(t, target, desk, head, worker)


def load(ctx):
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["resident", "agent", "eng", "worker", "agent_b", "eng_b", "worker_b"]
        )
    }
    b = _resident_b(ctx["sites"]["B"])
    if "resident" in users:
        _submit_all(users["resident"], users["agent"], users["eng"], users["worker"])
    _submit_all(b, users["agent_b"], users["eng_b"], users["worker_b"])
    _announce(ctx["sites"]["A"], users.get("agent"))
    _announce(ctx["sites"]["B"], users.get("agent_b"))
    for user, phone in ((users.get("resident"), "13700009901"), (b, "13700009902")):
        if user is not None:
            _household(user, phone)
    from .notices import notice_choice_set

    notice_choice_set(user=b, by_message=True)


def _household(user, phone) -> None:
    """A household link request waiting for the desk (the directory's queue)."""
    from propdesk.core.exceptions import DomainError

    from .household import link_request_create
    from .models import HouseholdRequest

    resident = Resident.objects.filter(user=user).first()
    if resident is None or HouseholdRequest.objects.filter(resident=resident).exists():
        return
    occ = resident.occupancies.filter(move_out__isnull=True, relation__in=["owner", "tenant"])
    occ = occ.first()
    if occ is None:
        return
    try:
        link_request_create(
            actor=user,
            resident=resident,
            unit_id=occ.unit_id,
            name="住户家属演示",
            phone=phone,
            relation="family",
        )
    except DomainError:
        return


def _announce(site, desk) -> None:
    """Notices of a site (R-ST-10): a water cut, a building's fees, a withdrawn new service."""
    from . import announcements as ann
    from .models import Announcement

    if desk is None or Announcement.objects.filter(site=site).exists():
        return
    ann.announcement_publish(
        actor=desk,
        scope="site",
        site=site,
        title="计划停水通知",
        body="因市政管网检修，本周六 9:00–15:00 全小区停水，请提前储水。不便之处敬请谅解。",
        ends_on=timezone.localdate() + timedelta(days=7),
    )
    building = site.buildings.order_by("sort_order", "name").first()
    if building is not None:
        ann.announcement_publish(
            actor=desk,
            scope="building",
            building=building,
            title=f"{building.name}电梯年检",
            body="电梯将于下周二上午进行年度检验，期间请走楼梯。",
        )
    gone = ann.announcement_publish(
        actor=desk, scope="site", site=site, title="新增上门家政服务", body="详情请咨询前台。"
    )[0]
    ann.announcement_withdraw(actor=desk, announcement=gone, reason="服务开通时间推迟")
