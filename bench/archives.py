"""Archive ledger and search at scale: N archive records (default 100,000) over 10 sites, then the
ledger page, the records API and the staff search of archive records, in process (Django's test
client: middleware, session, templates, the API layer), one request at a time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python -m bench.archives [N] [--reuse]

Generation (a fresh database: migrate first) writes the records with `bulk_create` — numbers per
class and year as the numbering issues them, counters set to match — and their search documents
with the search app's own `document_for`, then `ANALYZE`. Measured: the ledger page unfiltered and
filtered (class, media, a box), the records API page, the search API and the search page with a
record's words and with a number, as the archivist (every site) and as a CS manager (one site).
Targets (DESIGN.md): a list p95 < 50 ms, a search p95 < 100 ms. A report: figures to
bench/out/archives-N.json, no assertion.
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
SITES, OUT = 10, Path(__file__).parent / "out"
PLACES = ["东区", "西区", "南苑", "北苑", "中庭"]
WHAT = ["购房合同", "装修申请", "工程图纸", "会议纪要", "投诉处理", "物业服务合同", "交接单"]


def generate(n: int) -> None:
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from propdesk.archives.models import ArchiveClass, ArchiveRecord
    from propdesk.core.models import NumberCounter
    from propdesk.orgs.models import Building, Company, Site, Unit
    from propdesk.people.models import StaffProfile, User
    from propdesk.search.models import SearchDocument
    from propdesk.search.services import document_for

    rng, today, now = random.Random(5), timezone.localdate(), timezone.now()
    classes = list(ArchiveClass.objects.filter(active=True).order_by("pk"))
    scheme = {c.code: c.scheme for c in classes}
    with transaction.atomic():
        company = Company.objects.create(name="档案基准物业")
        sites = Site.objects.bulk_create(
            [Site(company=company, code=f"a{i}", name=f"档案基准项目{i}") for i in range(SITES)]
        )
        units = []
        for s in sites:
            b = Building.objects.create(site=s, name="3栋")
            units += [
                Unit(
                    site=s,
                    building=b,
                    code=f"3栋1单元{f:02d}{r:02d}",
                    search_key=f"3-1-{f:02d}{r:02d}",
                )
                for f in range(1, 21)
                for r in range(1, 6)
            ]
        Unit.objects.bulk_create(units, batch_size=2000)
        archivist = User.objects.create_user(username="barchivist", password="bench-pass-2026")  # noqa: S106
        archivist.groups.add(Group.objects.get(name="archivist"))
        StaffProfile.objects.create(user=archivist, employee_no="BA0001")
        csm = User.objects.create_user(username="barchive_csm", password="bench-pass-2026")  # noqa: S106
        csm.groups.add(Group.objects.get(name="cs_manager"))
        StaffProfile.objects.create(user=csm, employee_no="BA0002").sites.set([sites[0]])
        by_site = {s.pk: [u for u in units if u.site_id == s.pk] for s in sites}
        seq, rows = {}, []
        for k in range(n):
            s = sites[k % SITES]
            c = classes[k % len(classes)]
            year = today.year - rng.randrange(0, 5)
            seq[(c.code, year)] = seq.get((c.code, year), 0) + 1
            unit = rng.choice(by_site[s.pk]) if rng.random() < 0.6 else None
            rows.append(
                ArchiveRecord(
                    number=f"DA-{c.code.upper()}-{year}-{seq[(c.code, year)]:06d}",
                    archive_class=c,
                    year=year,
                    title=f"{rng.choice(PLACES)}{unit.code if unit else ''}{rng.choice(WHAT)}第{k}号",
                    site=s,
                    unit=unit,
                    media=rng.choice(["paper"] * 6 + ["photo", "disk", "electronic"]),
                    room="档案室",
                    cabinet=f"{rng.randrange(1, 40)}号柜",
                    shelf=f"{rng.randrange(1, 6)}层",
                    box=f"{c.code.upper()}-{rng.randrange(1, 3000):04d}",
                    quantity=rng.randrange(1, 20),
                    secrecy=rng.choice(["public", "internal", "internal", "confidential"]),
                    retention_years=c.retention_years,
                    retention_end=(
                        today + timedelta(days=rng.randrange(-400, 3000))
                        if c.retention_years
                        else None
                    ),
                    custodian=archivist,
                    created_by=archivist,
                    created_at=now - timedelta(days=rng.randrange(0, 1800)),
                )
            )
        ArchiveRecord.objects.bulk_create(rows, batch_size=5000)
        NumberCounter.objects.bulk_create(
            [
                NumberCounter(scheme=scheme[code], site_id=0, year=y, last=v)
                for (code, y), v in seq.items()
            ]
        )
    qs = ArchiveRecord.objects.select_related("archive_class", "unit").order_by("pk")
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:5000])
        if not batch:
            break
        SearchDocument.objects.bulk_create([document_for("archive_record", r) for r in batch])
        last = batch[-1].pk


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def measure(requests: int = 200) -> dict:
    from django.test import Client

    from propdesk.archives.models import ArchiveClass, ArchiveRecord
    from propdesk.people.models import User

    rng = random.Random(3)
    owner = ArchiveClass.objects.get(code="yz")
    numbers = list(ArchiveRecord.objects.values_list("number", flat=True)[:2000])
    boxes = list(ArchiveRecord.objects.values_list("box", flat=True)[:2000])
    out = {}
    for who in ("barchivist", "barchive_csm"):
        c = Client(HTTP_HOST="127.0.0.1")
        c.force_login(User.objects.get(username=who))
        cases = {
            "ledger_page": lambda: ("/archives/", {}),
            "ledger_page_filtered": lambda: (
                "/archives/",
                {"archive_class": owner.pk, "media": "paper", "q": rng.choice(boxes)},
            ),
            "records_api": lambda: ("/api/v1/archives/records", {"limit": 25}),
            "search_api_words": lambda: (
                "/api/v1/search/",
                {"q": f"{rng.choice(PLACES)} {rng.choice(WHAT)}", "type": "archive_record"},
            ),
            "search_api_number": lambda: (
                "/api/v1/search/",
                {"q": rng.choice(numbers), "type": "archive_record"},
            ),
            "search_page_words": lambda: ("/search/", {"q": rng.choice(WHAT)}),
        }
        for name, make in cases.items():
            times = []
            for i in range(requests + 20):
                url, params = make()
                t0 = time.perf_counter()
                resp = c.get(url, params)
                dt = (time.perf_counter() - t0) * 1000
                if resp.status_code != 200:
                    times = None
                    out[f"{who}.{name}"] = {"error": resp.status_code}
                    break
                if i >= 20:
                    times.append(dt)
            if times:
                out[f"{who}.{name}"] = {
                    "n": len(times),
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(_pct(times, 95), 1),
                    "max_ms": round(max(times), 1),
                }
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return out


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from propdesk.archives.models import ArchiveRecord

    n = int(next((a for a in argv if a.isdigit()), 100_000))
    call_command("migrate", verbosity=0)
    if "--reuse" not in argv or not ArchiveRecord.objects.exists():
        t0 = time.perf_counter()
        generate(n)
        print(f"generated {n} archive records in {time.perf_counter() - t0:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    figures = {
        "records": ArchiveRecord.objects.count(),
        "database": connection.vendor,
        "date": date.today().isoformat(),
        **measure(int(next((a for a in argv[1:] if a.isdigit()), 200))),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / f"archives-{n}.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
