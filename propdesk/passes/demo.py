"""Demo renovations, worker passes and goods releases on both sites, driven through the services;
the guards `guard` (翠湖花园) and `guard_b` (国贸中心大厦) of the security department."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from propdesk.orgs.models import Department
from propdesk.people.demo import _user
from propdesk.people.models import Occupancy, Resident, StaffProfile, User
from propdesk.people.roles import Role

from . import services
from .models import Renovation
from .validators import id_number_check_char

GUARDS = [("guard", "黄勇", "A", "HT0101"), ("guard_b", "梁伟", "B", "HT0102")]
COMPANIES = ["美家装饰工程有限公司", "匠心装修有限公司", "东方建筑装饰有限公司"]
WORKERS = [("李建国", "水电工"), ("王海", "木工"), ("赵强", "泥瓦工"), ("陈刚", "油漆工")]
# The state each demo renovation is driven to, in order; one of each per site.
PATHS = {
    "submitted": [],
    "returned": ["return"],
    "approved": ["approve"],
    "in_progress": ["approve", "start", "inspect"],
    "suspended": ["approve", "start", "violation", "suspend"],
    "awaiting_acceptance": ["approve", "start", "extend", "request_acceptance"],
    "accepted": ["approve", "start", "request_acceptance", "fail", "request_acceptance", "accept"],
    "closed": ["approve", "start", "request_acceptance", "accept", "refund"],
    "cancelled": ["cancel"],
}


def _photo(colour) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (150, 200), colour).save(buf, "JPEG")
    return SimpleUploadedFile("photo.jpg", buf.getvalue(), content_type="image/jpeg")


def _id_number(n: int) -> str:
    first = f"33010619{80 + n % 15:02d}0{1 + n % 9}1{n % 10}{n % 7}{n % 10}{n % 3}"[:17]
    return first + id_number_check_char(first)


def _guards(ctx) -> dict:
    out = {}
    for username, name, key, employee_no in GUARDS:
        site = ctx["sites"][key]
        user = _user(username, name, Role.DEPT_STAFF)
        dept = Department.objects.get(site=site, kind=Department.Kind.SECURITY)
        profile, created = StaffProfile.objects.get_or_create(
            user=user,
            defaults={
                "employee_no": employee_no,
                "phone": f"1390572{employee_no[-4:]}",
                "department": dept,
            },
        )
        if created:
            profile.sites.set([site])
        out[key] = User.objects.get(pk=user.pk)
    return out


def _units_with_owner(site, count: int) -> list:
    """Units of the site with an owner in the directory; an office tower's owner is added if none."""
    occs = list(
        Occupancy.objects.filter(site=site, relation="owner", move_out__isnull=True)
        .select_related("unit", "resident")
        .order_by("unit__code")[: count * 3 : 3]
    )
    units = [o.unit for o in occs]
    if len(units) < count:
        owner = Resident.objects.create(name="国贸置业有限公司", phone="057188009999")
        taken = {u.pk for u in units}
        for unit in site.units.exclude(pk__in=taken).order_by("code")[: count - len(units)]:
            Occupancy(resident=owner, unit=unit, relation="owner").save()
            units.append(unit)
    return units


def _owner(unit):
    return (
        Occupancy.objects.filter(unit=unit, relation="owner", move_out__isnull=True)
        .select_related("resident")
        .first()
        .resident
    )


def _renovation(desk, lead, unit, n, path):
    today = timezone.localdate()
    owner = _owner(unit)
    r = services.renovation_submit(
        actor=desk,
        unit=unit,
        owner=owner,
        start_date=today,
        end_date=today + timedelta(days=20 + n * 3),
        applicant_name=owner.name,
        applicant_phone=owner.phone if len(owner.phone) == 11 else "13800000000",
        company=COMPANIES[n % 3],
        lead_name=f"{'王李张'[n % 3]}工",
        lead_phone=f"1391111{n:04d}",
        deposit="3000",
        scope="水电改造、铺地砖、吊顶、墙面刷漆",
        refund_account_name=owner.name,
        refund_bank="中国工商银行杭州文三路支行",
        refund_account_no=f"6222 0212 0000 {n:04d}",
    )
    steps = {
        "approve": lambda: services.renovation_approve(
            actor=lead, renovation=r, note="资料齐全，同意施工"
        ),
        "return": lambda: services.renovation_return(
            actor=lead, renovation=r, reason="缺少施工图纸，请补充"
        ),
        "start": lambda: services.renovation_start(actor=desk, renovation=r),
        "inspect": lambda: services.renovation_inspect(
            actor=desk,
            renovation=r,
            day=today,
            inspector="工程部巡查员",
            result="ok",
            notes="按图施工",
        ),
        "violation": lambda: services.renovation_inspect(
            actor=desk,
            renovation=r,
            day=today,
            inspector="秩序部巡查员",
            result="violation",
            notes="擅自拆改承重墙",
            photo=_photo((160, 60, 60)),
        ),
        "suspend": lambda: services.renovation_suspend(
            actor=lead, renovation=r, reason="违规拆改承重墙，停工整改"
        ),
        "extend": lambda: services.renovation_extend(
            actor=desk,
            renovation=r,
            end_date=r.end_date + timedelta(days=10),
            reason="材料到货延迟",
        ),
        "request_acceptance": lambda: services.renovation_request_acceptance(
            actor=desk, renovation=r
        ),
        "fail": lambda: services.renovation_fail(
            actor=desk, renovation=r, reason="卫生间闭水试验渗漏"
        ),
        "accept": lambda: services.renovation_accept(actor=desk, renovation=r, note="验收合格"),
        "refund": lambda: services.renovation_refund(
            actor=lead, renovation=r, deducted="200", reason="损坏公共走廊地砖"
        ),
        "cancel": lambda: services.renovation_cancel(
            actor=desk, renovation=r, reason="业主暂缓装修"
        ),
    }
    for step in path:
        steps[step]()
    return r


def _passes(desk, lead, renovations, base: int):
    today = timezone.localdate()
    running = [
        r
        for r in renovations
        if r.state in (Renovation.State.APPROVED, Renovation.State.IN_PROGRESS)
    ]
    for i, r in enumerate(running):
        for j, (name, trade) in enumerate(WORKERS[: 2 + i]):
            until = (
                today + timedelta(days=2) if j == 0 else r.end_date
            )  # one expiring within 3 days
            p = services.pass_issue(
                actor=desk,
                renovation=r,
                photo=_photo((200, 180 - 20 * j, 160)),
                valid_from=today,
                valid_until=until,
                name=name,
                gender="m",
                phone=f"1358888{base + i * 10 + j:04d}",
                id_number=_id_number(base + i * 10 + j),
                company=r.company,
                trade=trade,
                receipt_no=f"SJ{base + i * 10 + j:05d}",
            )
            if j == 2:
                services.pass_revoke(actor=lead, worker_pass=p, reason="lent", note="转借他人使用")


def _releases(desk, guard, units):
    today = timezone.localdate()
    items = [
        {"name": "沙发", "quantity": 1, "unit": "张"},
        {"name": "纸箱", "quantity": 8, "unit": "个"},
        {"name": "床垫", "quantity": 1, "unit": "张"},
    ]
    made = []
    for unit in units[:5]:
        owner = _owner(unit)
        made.append(
            services.release_create(
                actor=desk,
                unit=unit,
                release_type="move_out",
                applicant_name=owner.name,
                applicant_relation="owner",
                applicant_resident=owner,
                vehicle_plate="浙A8" + unit.code[-4:].rjust(4, "0")[-4:],
                pass_date=today,
                items=items,
            )
        )
    for g in made[:4]:
        services.release_approve(actor=desk, release=g, arrears_checked=True)
    from . import tokens

    def code(g):
        return tokens.qr_payload(number=g.number, site_id=g.site_id)

    services.release_let_out(
        actor=guard, code=code(made[1]), goods_match=True, carrier_id_last4="3412"
    )
    services.release_refuse(
        actor=guard, code=code(made[2]), difference="多出一台冰箱，放行条上没有"
    )
    phone = services.release_create(
        actor=desk,
        unit=units[5],
        release_type="tenant_move_out",
        applicant_name="租户",
        applicant_relation="tenant",
        pass_date=today,
        items=[{"name": "行李箱", "quantity": 3, "unit": "个"}],
    )
    owner = _owner(units[5])
    services.release_consent_phone(
        actor=desk, release=phone, phone=owner.phone, note="业主同意租户搬出个人物品"
    )


def load(ctx):
    guards = _guards(ctx)
    if Renovation.objects.exists():
        return
    people = {
        u.username: u
        for u in User.objects.filter(username__in=["agent", "agent2", "lead", "agent_b", "csm"])
    }
    for key, desk, lead, base in (("A", "agent", "lead", 100), ("B", "agent_b", "csm", 500)):
        site = ctx["sites"][key]
        units = _units_with_owner(site, len(PATHS) + 6)
        renovations = [
            _renovation(people[desk], people[lead], unit, n, path)
            for n, (unit, path) in enumerate(zip(units, PATHS.values(), strict=False))
        ]
        _passes(people[desk], people[lead], renovations, base)
        _releases(people[desk], guards[key], units[len(PATHS) :])
