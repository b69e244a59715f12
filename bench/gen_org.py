"""Bench organisation: 100 sites with buildings, units, departments (with heads), staff, residents."""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

BUILDINGS, FLOORS, PER_FLOOR = 4, 10, 3  # 120 units per site
PASSWORD = "bench-pass-2026"  # bench database only
DEPT_KINDS = ("cs", "engineering", "security", "environment")


@dataclass
class Org:
    sites: list = field(default_factory=list)
    units: list = field(default_factory=list)  # (site_id, unit_id, code, resident_id)
    depts: dict = field(default_factory=dict)  # (site_id, kind) -> (dept_id, head_id)
    agents: dict = field(default_factory=dict)  # site_id -> user_id
    gm_id: int = 0

    def part(self, k: int, parts: int) -> "Org":
        """Every `parts`-th site from the `k`-th, with their units, departments and agents."""
        sites = self.sites[k::parts]
        keep = set(sites)
        return Org(
            sites=sites,
            units=[u for u in self.units if u[0] in keep],
            depts={key: v for key, v in self.depts.items() if key[0] in keep},
            agents={s: a for s, a in self.agents.items() if s in keep},
            gm_id=self.gm_id,
        )


def _users(names_roles: list[tuple[str, str]], password: str):
    from propdesk.people.models import StaffProfile, User

    users = User.objects.bulk_create(
        [User(username=u, name=u, password=password) for u, _ in names_roles], batch_size=2000
    )
    groups = {g.name: g for g in Group.objects.all()}
    through = User.groups.through
    through.objects.bulk_create(
        [
            through(user_id=u.pk, group_id=groups[r].pk)
            for u, (_, r) in zip(users, names_roles, strict=False)
        ]
    )
    StaffProfile.objects.bulk_create(
        [StaffProfile(user=u, employee_no=f"B{u.pk:07d}") for u in users], batch_size=2000
    )
    return users


def _assign(users_sites: list[tuple[int, int]]) -> None:
    from propdesk.people.models import StaffProfile

    profiles = dict(StaffProfile.objects.values_list("user_id", "pk"))
    through = StaffProfile.sites.through
    through.objects.bulk_create(
        [through(staffprofile_id=profiles[u], site_id=s) for u, s in users_sites], batch_size=5000
    )


def _units(org: Org, sites) -> None:
    from propdesk.orgs.models import Building, Unit, unit_search_key
    from propdesk.people.models import Occupancy, Resident

    buildings = Building.objects.bulk_create(
        [
            Building(site=s, name=f"{b}栋", sort_order=b)
            for s in sites
            for b in range(1, BUILDINGS + 1)
        ]
    )
    units = []
    for b in buildings:
        for floor in range(1, FLOORS + 1):
            for door in range(1, PER_FLOOR + 1):
                code = f"{b.name}1单元{floor}{door:02d}"
                units.append(
                    Unit(site_id=b.site_id, building=b, code=code, floor=floor,
                         search_key=unit_search_key(code))
                )  # fmt: skip
    units = Unit.objects.bulk_create(units, batch_size=5000)
    residents = Resident.objects.bulk_create(
        [Resident(name=f"住户{u.pk}", phone=f"139{u.pk:08d}") for u in units], batch_size=5000
    )
    Occupancy.objects.bulk_create(
        [Occupancy(resident=r, unit=u, site_id=u.site_id, relation="owner")
         for u, r in zip(units, residents, strict=False)], batch_size=5000,
    )  # fmt: skip
    org.units = [(u.site_id, u.pk, u.code, r.pk) for u, r in zip(units, residents, strict=False)]


def create(n_sites: int) -> Org:
    """Create the company, its sites and the people; returns the ids the ticket generator needs."""
    from propdesk.orgs.models import Company, Department, Site

    org = Org()
    company, _ = Company.objects.get_or_create(name="华庭物业（压测）")
    sites = Site.objects.bulk_create(
        [Site(company=company, code=f"b{i:03d}", name=f"压测小区{i:03d}") for i in range(n_sites)]
    )
    org.sites = [s.pk for s in sites]
    _units(org, sites)
    password = make_password(PASSWORD)
    plan = [(f"bagent{s.pk}", "agent", s.pk) for s in sites]
    plan += [(f"bhead{s.pk}{k[:3]}", "dept_head", s.pk) for s in sites for k in DEPT_KINDS]
    plan += [("bench_gm", "gm", None), ("bench_csm", "cs_manager", None)]
    users = _users([(u, r) for u, r, _ in plan], password)
    _assign([(u.pk, s) for u, (_, _, s) in zip(users, plan, strict=False) if s])
    ids = {name: u.pk for u, (name, _, _) in zip(users, plan, strict=False)}
    org.agents = {s.pk: ids[f"bagent{s.pk}"] for s in sites}
    org.gm_id = ids["bench_gm"]
    depts = Department.objects.bulk_create(
        [Department(site=s, kind=k, name=dict(Department.Kind.choices)[k],
                    head_id=ids[f"bhead{s.pk}{k[:3]}"]) for s in sites for k in DEPT_KINDS]
    )  # fmt: skip
    org.depts = {(d.site_id, d.kind): (d.pk, d.head_id) for d in depts}
    return org
