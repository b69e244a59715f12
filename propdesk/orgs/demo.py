"""Demo organisation: one company, a residential community (~800 units) and an office tower."""

from datetime import time

from .models import Building, Company, Department, FrontDesk, Shift, Site, Unit, unit_search_key

DEPARTMENTS = [
    ("cs", "客服部"),
    ("engineering", "工程部"),
    ("security", "秩序维护部"),
    ("environment", "环境部"),
    ("landscaping", "绿化组"),
    ("management", "物业中心管理处"),
]
SHIFTS = [("早班", time(8), time(16)), ("中班", time(16), time(0)), ("夜班", time(0), time(8))]


def _site(company, code, name, kind, address, hotline):
    site, _ = Site.objects.get_or_create(
        code=code,
        defaults={
            "company": company,
            "name": name,
            "kind": kind,
            "address": address,
            "hotline": hotline,
        },
    )
    for kind_code, dept_name in DEPARTMENTS:
        Department.objects.get_or_create(site=site, kind=kind_code, defaults={"name": dept_name})
    desk, _ = FrontDesk.objects.get_or_create(
        site=site, name="一楼大堂前台", defaults={"location": "大堂"}
    )
    for order, (shift_name, start, end) in enumerate(SHIFTS):
        Shift.objects.get_or_create(
            desk=desk, name=shift_name, defaults={"start": start, "end": end, "sort_order": order}
        )
    return site


def _residential_units(site):
    units = []
    for b in range(1, 11):
        building, _ = Building.objects.get_or_create(
            site=site, name=f"{b}栋", defaults={"sort_order": b}
        )
        for entrance in (1, 2):
            for floor in range(1, 21):
                for room in (1, 2):
                    code = f"{b}栋{entrance}单元{floor}{room:02d}"
                    units.append(Unit(site=site, building=building, code=code, floor=floor))
    return units


def _office_units(site):
    units = []
    for name, floors in (("A座", range(3, 23)), ("B座", range(3, 23))):
        building, _ = Building.objects.get_or_create(
            site=site, name=name, defaults={"sort_order": 1 if name == "A座" else 2}
        )
        for floor in floors:
            for room in range(1, 6):
                units.append(
                    Unit(site=site, building=building, code=f"{name}{floor}{room:02d}", floor=floor)
                )
    return units


def load(ctx):
    company, _ = Company.objects.get_or_create(
        name="华庭物业服务有限公司", defaults={"short_name": "华庭物业", "hotline": "400-800-1234"}
    )
    home = _site(
        company,
        "cuihu",
        "翠湖花园",
        Site.Kind.RESIDENTIAL,
        "杭州市西湖区文三路188号",
        "0571-88001234",
    )
    tower = _site(
        company,
        "gmzx",
        "国贸中心大厦",
        Site.Kind.OFFICE,
        "杭州市上城区解放东路58号",
        "0571-88005678",
    )
    for site, make in ((home, _residential_units), (tower, _office_units)):
        if not site.units.exists():
            units = make(site)
            for u in units:
                u.search_key = unit_search_key(u.code)  # bulk_create skips save()
            Unit.objects.bulk_create(units, batch_size=500)
    ctx["sites"] = {"A": home, "B": tower}
    ctx["company"] = company
