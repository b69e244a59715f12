"""The month's attendance computation for N staff (default 1,000) on one site: a month of punches
(two a working day, some late), then `staff.services.month_compute` timed — first the drafts
created, then recomputed. Target: under 5 s for 1,000 staff.

    DATABASE_URL=sqlite:////tmp/bench-staff.sqlite3 python -m bench.staff [N]

Run on a migrated, otherwise empty database of its own (it creates a company and a site).
"""

import datetime
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.config.settings")
OUT = Path(__file__).parent / "out"


def main(n: int = 1000) -> dict:
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from propdesk.orgs.models import Company, Site
    from propdesk.people.models import StaffProfile, User
    from propdesk.staff import attendance, services
    from propdesk.staff.models import MonthSummary, Punch, Schedule

    rnd = random.Random(7)
    tag = f"{int(time.time())}"
    company = Company.objects.create(name="基准物业")
    site = Site.objects.create(company=company, code=f"st{tag[-8:]}", name="基准项目")
    agents = Group.objects.get(name="agent")
    users = User.objects.bulk_create(
        [User(username=f"b{tag}-{i}", name=f"员工{i}") for i in range(n)], batch_size=1000
    )
    agents.user_set.add(*users)
    StaffProfile.objects.bulk_create(
        [
            StaffProfile(
                user=u,
                employee_no=f"B{tag[-6:]}{i:05d}",
                base_salary=Decimal("3000.00"),
                hire_date=datetime.date(2024, 1, 1),
            )
            for i, u in enumerate(users)
        ],
        batch_size=1000,
    )
    Schedule.objects.bulk_create([Schedule(person=u, site=site) for u in users], batch_size=1000)
    month = datetime.date(2026, 11, 1)
    sched = Schedule(site=site)
    rows = []
    for u in users:
        for day in attendance.scheduled_days(sched, month):
            late = rnd.random() < 0.1
            at_in = day.start + datetime.timedelta(minutes=rnd.randint(1, 40) if late else -5)
            rows.append(Punch(person=u, site=site, at=at_in, kind="in", method="pc"))
            rows.append(
                Punch(
                    person=u,
                    site=site,
                    at=day.end + datetime.timedelta(minutes=2),
                    kind="out",
                    method="pc",
                )
            )
    Punch.objects.bulk_create(rows, batch_size=5000)
    t0, c0 = time.perf_counter(), time.process_time()
    services.month_compute(site=site, month=month)
    first, first_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    services.month_compute(site=site, month=month)
    again = time.perf_counter() - t0
    assert MonthSummary.objects.filter(site=site, month=month).count() == n
    result = {
        "staff": n,
        "punches": len(rows),
        "first_s": round(first, 2),
        "first_cpu_s": round(first_cpu, 2),
        "recompute_s": round(again, 2),
        "at": timezone.now().isoformat(),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / f"staff-{n}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
