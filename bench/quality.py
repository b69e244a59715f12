"""Quality bench: the quarterly complaint analysis of one site and of the company, and the
dashboard's p95 (read from the daily rollup), in process on the generated data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python -m bench.quality [--rollup-days N]

The quarter is the one holding the most tickets. The rollup is filled first for the last
`--rollup-days` days (default 400) with the sweep's own `rollup_range`, then the dashboard is
requested 200 times through the Django test client as the GM. Figures go to
bench/out/quality.json.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.config.settings")
OUT = Path(__file__).parent / "out"


def _timed(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def main(argv):
    import django

    django.setup()
    import datetime

    from django.conf import settings
    from django.db.models import Count
    from django.db.models.functions import TruncQuarter
    from django.test import Client
    from django.utils import timezone

    from propdesk.people.models import User
    from propdesk.quality.analysis import complaint_analysis
    from propdesk.quality.quarters import Quarter
    from propdesk.quality.rollup import rollup_range
    from propdesk.tickets.models import Ticket

    settings.ALLOWED_HOSTS = ["*"]
    days = int(argv[argv.index("--rollup-days") + 1]) if "--rollup-days" in argv else 400
    gm = (
        User.objects.filter(groups__name="gm").first()
        or User.objects.filter(is_superuser=False).first()
    )
    busiest = (
        Ticket.objects.annotate(q=TruncQuarter("created_at"))
        .values("q")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    q = Quarter.of(timezone.localtime(busiest["q"]).date()) if busiest else Quarter(2026, 3)
    site_id = (
        Ticket.objects.filter(created_at__gte=q.start, created_at__lt=q.end)
        .values("site_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["site_id"]
    )
    total = Ticket.objects.count()

    site_best, site_med = _timed(lambda: complaint_analysis(gm, site_id=site_id, quarter=q))
    all_best, all_med = _timed(lambda: complaint_analysis(gm, site_id=None, quarter=q))
    today = timezone.localdate()
    t = time.perf_counter()
    rows = rollup_range(today - datetime.timedelta(days=days), today)
    rollup_s = time.perf_counter() - t
    client = Client()
    client.force_login(gm)
    client.get("/quality/dashboard/")
    times = []
    for _ in range(200):
        t = time.perf_counter()
        resp = client.get("/quality/dashboard/")
        times.append((time.perf_counter() - t) * 1000)
        assert resp.status_code == 200, resp.status_code
    times.sort()
    result = {
        "tickets": total,
        "quarter": str(q),
        "analysis_site_s": {"best": round(site_best, 3), "median": round(site_med, 3)},
        "analysis_company_s": {"best": round(all_best, 3), "median": round(all_med, 3)},
        "rollup_rows": rows,
        "rollup_s": round(rollup_s, 1),
        "dashboard_ms": {"p50": round(times[100], 1), "p95": round(times[189], 1)},
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "quality.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
