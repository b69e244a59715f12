"""Demo people: staff in every role with known passwords, ~1,500 residents with Chinese names."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group

from propdesk.orgs.models import Department, Unit

from .models import Occupancy, Resident, StaffProfile, User
from .roles import Role

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo login, refused in production

# username, name, role, site keys ("A", "B"), department kind or None, heads its department?
STAFF = [
    ("agent", "李静", Role.AGENT, "A", "cs", False),
    ("agent2", "王芳", Role.AGENT, "A", "cs", False),
    ("agent_b", "陈晨", Role.AGENT, "B", "cs", False),
    ("lead", "赵敏", Role.SUPERVISOR, "A", "cs", False),
    ("csm", "刘洋", Role.CS_MANAGER, "AB", "cs", True),
    ("eng", "张强", Role.DEPT_HEAD, "A", "engineering", True),
    ("sec", "孙军", Role.DEPT_HEAD, "A", "security", True),
    ("env", "周丽", Role.DEPT_HEAD, "A", "environment", True),
    ("worker", "吴刚", Role.DEPT_STAFF, "A", "engineering", False),
    ("eng_b", "林涛", Role.DEPT_HEAD, "B", "engineering", True),
    ("worker_b", "马超", Role.DEPT_STAFF, "B", "engineering", False),
    ("pcm", "郑华", Role.CENTRE_MANAGER, "AB", "management", True),
    ("gm", "冯建国", Role.GM, "", None, False),
    ("archivist", "何静怡", Role.ARCHIVIST, "", "cs", False),
    ("auditor", "钱进", Role.AUDITOR, "", None, False),
    # Every department has a head: a handling form must reach a person (R-CP-2).
    ("green", "黄磊", Role.DEPT_HEAD, "A", "landscaping", True),
    ("sec_b", "徐鹏", Role.DEPT_HEAD, "B", "security", True),
    ("env_b", "宋梅", Role.DEPT_HEAD, "B", "environment", True),
    ("green_b", "唐飞", Role.DEPT_HEAD, "B", "landscaping", True),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉玲红梅鹏飞浩宇子涵欣怡佳琪思远晨阳雨萱俊杰"


def _user(username, name, role, is_staff=False):
    user, created = User.objects.get_or_create(
        username=username, defaults={"name": name, "is_staff": is_staff}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def _staff(ctx):
    sites = ctx["sites"]
    for n, (username, name, role, site_keys, dept_kind, heads) in enumerate(STAFF, start=1):
        user = _user(username, name, role)
        dept = None
        if dept_kind and site_keys:
            dept = Department.objects.filter(site=sites[site_keys[0]], kind=dept_kind).first()
        profile, created = StaffProfile.objects.get_or_create(
            user=user,
            defaults={
                "employee_no": f"HT{n:04d}",
                "phone": f"1390571{n:04d}",
                "department": dept,
                "hire_date": date(2024, 3, 1),
                "probation_end": date(2024, 6, 1),
                "base_salary": Decimal("4800.00") + 400 * n,
            },
        )
        if created:
            profile.sites.set([sites[k] for k in site_keys])
        if heads and dept_kind:
            Department.objects.filter(
                site__in=[sites[k] for k in site_keys], kind=dept_kind, head__isnull=True
            ).update(head=user)
    # The system administrator opens the configuration admin by role, not as a superuser (who
    # would pass every admin permission): it sees no business data (SECURITY.md §c rule 2).
    admin = _user("admin", "系统管理员", Role.SYSADMIN, is_staff=True)
    if admin.is_superuser:
        admin.is_superuser = False
        admin.save(update_fields=["is_superuser"])


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng):
    return (
        rng.choice(["138", "139", "137", "135", "150", "151", "158", "186", "187", "177"])
        + f"{rng.randrange(10**8):08d}"
    )


def _id_number(rng, born: date):
    return f"330106{born:%Y%m%d}{rng.randrange(1000):03d}{rng.choice('0123456789X')}"


def _residents(ctx):
    rng = ctx["rng"]
    units = list(Unit.objects.filter(site__in=ctx["sites"].values()).order_by("id"))
    occupied = rng.sample(units, k=int(len(units) * 0.85))
    residents, links = [], []
    for unit in occupied:
        household = 1 + (rng.random() < 0.6) + (rng.random() < 0.25)
        for i in range(household):
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
            r = Resident(name=_name(rng), phone=_phone(rng), id_number=_id_number(rng, born))
            relation = "owner" if i == 0 else "family"
            if i == 0 and unit.site.kind == "office" or rng.random() < 0.12:
                relation = "tenant" if i == 0 else relation
            residents.append(r)
            links.append(
                (r, unit, relation, date(2015, 1, 1) + timedelta(days=rng.randrange(3600)))
            )
    Resident.objects.bulk_create(residents, batch_size=500)
    Occupancy.objects.bulk_create(
        [
            Occupancy(resident=r, unit=u, site_id=u.site_id, relation=rel, move_in=mi)
            for r, u, rel, mi in links
        ],
        batch_size=500,
    )


def _portal_resident(ctx):
    """The `resident` login: a resident of site A who lives in a unit there (their parcels, their
    requests). A resident record without a current unit at site A gets one."""
    user = _user("resident", "业主演示", Role.RESIDENT)
    site = ctx["sites"]["A"]
    if not hasattr(user, "resident"):
        resident = Resident.objects.filter(occupancies__site=site, user__isnull=True).first()
        if resident is None:
            resident = Resident.objects.create(name="业主演示", phone="13900000001")
        resident.user = user
        resident.save(update_fields=["user"])
    resident = Resident.objects.get(user=user)
    if not resident.occupancies.filter(site=site, move_out__isnull=True).exists():
        unit = Unit.objects.filter(site=site).order_by("id").first()
        Occupancy(resident=resident, unit=unit, relation="owner").save()


def load(ctx):
    _staff(ctx)
    if not Resident.objects.exists():
        _residents(ctx)
    _portal_resident(ctx)
