"""Gate verify at scale: N worker passes (default 100,000) and N/10 release slips over 20 sites,
then the gate check as a guard, in process (Django test client: middleware, session, the API).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python -m bench.gate [N] [--reuse]

Generation writes rows with bulk_create (numbers as the services issue them, counters set to
match); the measured requests are the real `POST /api/v1/passes/verify` and `POST /passes/gate/check/`
with codes drawn at random (QR and typed), plus forged and other-site codes. Every verify logs
its scan, as in production. Figures go to bench/out/gate-N.json.
"""

import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.config.settings")
SITES, OUT = 20, Path(__file__).parent / "out"


def _org():
    from django.contrib.auth.models import Group

    from propdesk.orgs.models import Building, Company, Department, Site, Unit
    from propdesk.people.models import Occupancy, Resident, StaffProfile, User

    company = Company.objects.create(name="基准物业")
    sites = Site.objects.bulk_create(
        [Site(company=company, code=f"g{i}", name=f"基准项目{i}") for i in range(SITES)]
    )
    units, owners, guards = [], [], []
    for s in sites:
        b = Building.objects.create(site=s, name="1栋")
        units += [
            Unit(
                site=s, building=b, code=f"1栋1单元{f:02d}{r:02d}", search_key=f"1-1-{f:02d}{r:02d}"
            )
            for f in range(1, 31)
            for r in range(1, 11)
        ]
    Unit.objects.bulk_create(units, batch_size=2000)
    owners = Resident.objects.bulk_create(
        [Resident(name=f"业主{i}", phone=f"138{i:08d}") for i in range(len(units))], batch_size=2000
    )
    Occupancy.objects.bulk_create(
        [
            Occupancy(resident=o, unit=u, site_id=u.site_id, relation="owner")
            for o, u in zip(owners, units, strict=True)
        ],
        batch_size=2000,
    )
    staff, agents = Group.objects.get(name="dept_staff"), Group.objects.get(name="agent")
    for n, s in enumerate(sites):
        dept = Department.objects.create(site=s, kind="security", name="秩序部")
        for role, group in (("guard", staff), ("agent", agents)):
            u = User.objects.create_user(username=f"{role}{n}", password="bench-pass-2026")  # noqa: S106
            u.groups.add(group)
            p = StaffProfile.objects.create(
                user=u,
                employee_no=f"B{role[0]}{n:04d}",
                department=dept if role == "guard" else None,
            )
            p.sites.set([s])
            guards.append(u) if role == "guard" else None
    return sites, units, owners, guards


def generate(n: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from propdesk.core.models import NumberCounter
    from propdesk.passes.models import GoodsRelease, GoodsReleaseItem, Renovation, WorkerPass

    rng, now, today = random.Random(7), timezone.now(), timezone.localdate()
    with transaction.atomic():
        sites, units, owners, guards = _org()
        agent = guards[0]
        per_site = {s.pk: [u for u in units if u.site_id == s.pk] for s in sites}
        owner_of = {u.pk: o for u, o in zip(units, owners, strict=True)}
        renos, counters = [], {}
        for s in sites:
            for i, u in enumerate(per_site[s.pk][: n // 10 // SITES]):
                start = today - timedelta(days=rng.randrange(0, 300))
                renos.append(
                    Renovation(
                        site_id=s.pk,
                        number=f"ZS-{today.year}-{i + 1:06d}",
                        unit=u,
                        owner=owner_of[u.pk],
                        state=rng.choice(
                            ["in_progress"] * 6 + ["approved", "suspended", "closed", "accepted"]
                        ),
                        applicant_name="业主",
                        applicant_phone="13800000000",
                        company="基准装饰",
                        lead_name="王工",
                        lead_phone="13900000000",
                        start_date=start,
                        end_date=start + timedelta(days=rng.randrange(20, 200)),
                        planned_end_date=start + timedelta(days=60),
                        am_start="08:00",
                        am_end="12:00",
                        pm_start="14:00",
                        pm_end="18:00",
                        submitted_at=now,
                        review_due=start,
                        created_by=agent,
                    )
                )
            counters[("ZS", s.pk)] = n // 10 // SITES
        Renovation.objects.bulk_create(renos, batch_size=2000)
        passes, seq = [], {}
        for k in range(n):
            r = renos[k % len(renos)]
            seq[r.site_id] = seq.get(r.site_id, 0) + 1
            until = min(r.end_date, today + timedelta(days=rng.randrange(-30, 60)))
            passes.append(
                WorkerPass(
                    site_id=r.site_id,
                    number=f"CZ-{today.year}-{seq[r.site_id]:06d}",
                    renovation=r,
                    state=rng.choice(["active"] * 8 + ["returned", "revoked"]),
                    name=f"工人{k}",
                    phone="13500000000",
                    id_number="11010519491231002X",
                    company="基准装饰",
                    trade="木工",
                    valid_from=min(r.start_date, until),
                    valid_until=until,
                    issued_by=agent,
                    issued_at=now,
                )
            )
        WorkerPass.objects.bulk_create(passes, batch_size=5000)
        counters.update({("CZ", s): v for s, v in seq.items()})
        slips, seq = [], {}
        for k in range(n // 10):
            u = units[k % len(units)]
            seq[u.site_id] = seq.get(u.site_id, 0) + 1
            day = today - timedelta(days=rng.randrange(0, 3))
            slips.append(
                GoodsRelease(
                    site_id=u.site_id,
                    number=f"FX-{today.year}-{seq[u.site_id]:06d}",
                    unit=u,
                    state="approved",
                    release_type="move_out",
                    applicant_name="业主",
                    applicant_relation="owner",
                    pass_date=day,
                    valid_until=day,
                    consent_method="owner_present",
                    consent_owner=owner_of[u.pk],
                    consent_by=agent,
                    consent_at=now,
                    arrears_checked=True,
                    approved_by=agent,
                    approved_at=now,
                    created_by=agent,
                )
            )
        GoodsRelease.objects.bulk_create(slips, batch_size=5000)
        GoodsReleaseItem.objects.bulk_create(
            [GoodsReleaseItem(release=g, name="沙发", quantity=2) for g in slips], batch_size=5000
        )
        counters.update({("FX", s): v for s, v in seq.items()})
        NumberCounter.objects.bulk_create(
            [
                NumberCounter(scheme=a, site_id=s, year=today.year, last=v)
                for (a, s), v in counters.items()
            ]
        )


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _explain(site_id: int, number: str) -> float:
    """Execution time of the pass lookup in PostgreSQL (EXPLAIN ANALYZE), the database's share."""
    from django.db import connection

    from propdesk.passes.models import WorkerPass

    qs = WorkerPass.objects.select_related("renovation__unit", "photo").filter(
        site_id=site_id, number=number
    )
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cur.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return round(plan[0]["Execution Time"], 3)


def measure(requests: int = 600) -> dict:
    from django.test import Client

    from propdesk.passes import tokens
    from propdesk.passes.models import GoodsRelease, WorkerPass
    from propdesk.people.models import User

    rng = random.Random(11)
    guard = User.objects.get(username="guard0")
    site_id = guard.staff.sites.get().pk
    own = list(WorkerPass.objects.filter(site_id=site_id).values_list("number", flat=True)[:5000])
    slips = list(
        GoodsRelease.objects.filter(site_id=site_id).values_list("number", flat=True)[:2000]
    )
    other = WorkerPass.objects.exclude(site_id=site_id).values_list("number", "site_id").first()
    api, page = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    api.force_login(guard)
    page.force_login(guard)

    def code():
        roll = rng.random()
        if roll < 0.6:
            return tokens.qr_payload(number=rng.choice(own), site_id=site_id)
        if roll < 0.85:
            return tokens.typed_code(number=rng.choice(slips), site_id=site_id)
        if roll < 0.95:
            return tokens.qr_payload(number=other[0], site_id=other[1])
        return f"PD1:CZ-2026-{rng.randrange(10**6):06d}:{site_id}:{'A' * 26}"

    out = {}
    for name, client, url, body in (
        ("api_verify", api, "/api/v1/passes/verify", lambda c: json.dumps({"code": c})),
        (
            "gate_page_check",
            page,
            "/passes/gate/check/",
            lambda c: {"code": c, "direction": "entry"},
        ),
    ):
        times, cpu = [], []
        for i in range(requests + 50):
            c = code()
            t0, c0 = time.perf_counter(), time.process_time()
            if name == "api_verify":
                resp = client.post(url, body(c), content_type="application/json")
            else:
                resp = client.post(url, body(c))
            dt = (time.perf_counter() - t0) * 1000
            dc = (time.process_time() - c0) * 1000  # this process's CPU only: no waiting
            assert resp.status_code == 200, resp.status_code
            if i >= 50:  # warm-up
                times.append(dt)
                cpu.append(dc)
        out[name] = {
            "n": len(times),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(_pct(times, 95), 1),
            "max_ms": round(max(times), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "cpu_p95_ms": round(_pct(cpu, 95), 1),
        }
    out["lookup_explain_ms"] = _explain(site_id, own[0])
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return out


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from propdesk.passes.models import GoodsRelease, WorkerPass
    from propdesk.tickets.models import Ticket

    n = int(next((a for a in argv if a.isdigit()), 100_000))
    call_command("migrate", verbosity=0)
    if "--reuse" not in argv or not WorkerPass.objects.exists():
        t0 = time.perf_counter()
        generate(n)
        print(f"generated {n} passes in {time.perf_counter() - t0:.0f} s")
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    figures = {
        "passes": WorkerPass.objects.count(),
        "releases": GoodsRelease.objects.count(),
        "tickets": Ticket.objects.count(),
        "database": connection.vendor,
        "date": date.today().isoformat(),
        **measure(),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / f"gate-{n}.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
