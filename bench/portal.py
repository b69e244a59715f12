"""Portal home at scale: the resident's start page (`GET /portal/`) on the 1M-ticket bench database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/propdesk_bench1m python -m bench.portal

Run after `bench.run N --generate`. It picks the site with the most tickets and gives portal
accounts to three residents there: two owners already in the generated directory (each with the
tickets the generator gave their unit) and one new tenant linked to an owner's unit; each then
submits three requests through the portal's own service (contact register → ticket, as on the
page). The home page is then asked for as each of them in turn, in process through Django's test
client (all middleware, the session, the template), after a warm-up, one request at a time.

A report, not a test: it prints and saves the figures (bench/out/portal.json) — p50 / p95 / max
wall time and the process's CPU, the queries of one home page with the slowest one's
`EXPLAIN ANALYZE` time — and says whether p95 is under the 30 ms target; it asserts nothing.
"""

import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.config.settings")
OUT = Path(__file__).parent / "out"
TARGET_MS = 30.0
USERS = ("bportal0", "bportal1", "bportal2")


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def setup() -> tuple[list, int]:
    """Three residents with portal accounts at the busiest site (idempotent); (users, site_id)."""
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.db.models import Count

    from propdesk.people.models import Occupancy, Resident, User
    from propdesk.portal.services import request_submit
    from propdesk.tickets.models import Category, Ticket

    site_id = Ticket.objects.values("site_id").annotate(n=Count("id")).order_by("-n")[0]["site_id"]
    if User.objects.filter(username__in=USERS).count() == len(USERS):
        return list(User.objects.filter(username__in=USERS).order_by("username")), site_id
    group = Group.objects.get(name="resident")
    owners = list(
        Occupancy.objects.filter(site_id=site_id, relation="owner", resident__user__isnull=True)
        .select_related("resident", "unit", "unit__site")
        .order_by("unit_id")[:2]
    )
    category = Category.objects.filter(kind="repair", active=True).order_by("pk").first()
    users = []
    with transaction.atomic():
        for n, username in enumerate(USERS):
            user = User.objects.create_user(username=username, password="bench-pass-2026")  # noqa: S106
            user.groups.add(group)
            if n < 2:
                resident, unit = owners[n].resident, owners[n].unit
            else:  # a tenant of the first owner's unit: only their own requests are theirs
                unit = owners[0].unit
                resident = Resident.objects.create(name="租户基准", phone="13700000000")
                Occupancy.objects.create(
                    resident=resident, unit=unit, site_id=unit.site_id, relation="tenant"
                )
            resident.user = user
            resident.save(update_fields=["user"])
            for k in range(3):
                request_submit(
                    actor=user,
                    resident=resident,
                    unit=unit,
                    category=category,
                    content=f"厨房水管漏水了，第{k + 1}次报修，请尽快派人",
                )
            users.append(user)
    return users, site_id


def _slowest_explain(queries) -> tuple[float, str]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0, ""
    worst, sql_of = 0.0, ""
    with connection.cursor() as cur:
        for q in queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cur.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            ms = plan[0]["Execution Time"]
            if ms > worst:
                worst, sql_of = ms, sql[:300]
    return round(worst, 3), sql_of


def measure(users, requests: int = 600) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = []
    for user in users:
        c = Client(HTTP_HOST="127.0.0.1")
        c.force_login(user)
        clients.append(c)
    times, cpu = [], []
    for i in range(requests + 60):
        c = clients[i % len(clients)]
        t0, c0 = time.perf_counter(), time.process_time()
        resp = c.get("/portal/")
        dt, dc = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        if resp.status_code != 200:
            return {"error": f"GET /portal/ answered {resp.status_code}"}
        if i >= 60:  # warm-up
            times.append(dt)
            cpu.append(dc)
    with CaptureQueriesContext(connection) as ctx:
        size = len(clients[0].get("/portal/").content)
    worst_ms, worst_sql = _slowest_explain(ctx.captured_queries)
    p95 = round(_pct(times, 95), 1)
    return {
        "n": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": p95,
        "max_ms": round(max(times), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(_pct(cpu, 95), 1),
        "queries_per_page": len(ctx.captured_queries),
        "slowest_query_explain_ms": worst_ms,
        "slowest_query": worst_sql,
        "html_bytes": size,
        "target_p95_ms": TARGET_MS,
        "verdict": "met" if p95 < TARGET_MS else "missed",
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.db import connection

    from propdesk.tickets.models import Ticket

    users, site_id = setup()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE tickets_ticket")
    own = {u.username: Ticket.objects.filter(resident__user=u).count() for u in users}
    figures = {
        "tickets": Ticket.objects.count(),
        "site_tickets": Ticket.objects.filter(site_id=site_id).count(),
        "residents_own_tickets": own,
        "database": connection.vendor,
        "date": date.today().isoformat(),
        **measure(users, int(next((a for a in argv if a.isdigit()), 600))),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "portal.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
