"""The floor: what the cheapest Django endpoint costs on this machine and database (issue 19).

A separate, tiny Django application — no apps, no middleware, no ORM models — served by gunicorn
beside the product on the same PostgreSQL database with the same number of workers:

- `POST /insert` writes one row with one `INSERT … RETURNING id` (autocommit) and answers 201;
- `GET /list?site=N[&before=ID]` reads one page of 25 rows with an indexed keyset `SELECT`.

`bench.run` starts it next to the product and `bench.load` measures it right after the product's
matching pass (list after list, inserts after creates), so each product figure can be read as a
ratio to the floor measured a moment before on the same busy or quiet machine. Its table
`bench_floor_row` holds as many rows as the product has tickets (`python -m bench.floor N`
fills it once, ~100 sites).

    DATABASE_URL=postgres://…/propdesk_bench python -m gunicorn bench.floor:application
"""

import json
import os
import sys

import dj_database_url
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-floor-not-secret",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
        DATABASES={"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600)},
    )

import django  # noqa: E402 - after the settings above

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

TABLE = "bench_floor_row"
SITES = 100


def fill(n: int) -> int:
    """Create the table and fill it with `n` rows over SITES sites (once); returns its row count."""
    with connection.cursor() as c:
        c.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY,"
            " site_id integer NOT NULL, title text NOT NULL, body text NOT NULL,"
            " created_at timestamptz NOT NULL DEFAULT now())"
        )
        c.execute(f"SELECT count(*) FROM {TABLE}")
        (have,) = c.fetchone()
        if have < n:
            c.execute(
                f"INSERT INTO {TABLE} (site_id, title, body, created_at)"  # noqa: S608 - constants
                " SELECT 1 + g %% %s, '厨房水管漏水', '住户来电厨房水管漏水',"
                " now() - g * interval '1 minute' FROM generate_series(1, %s) g",
                [SITES, n - have],
            )
        c.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_site_id ON {TABLE} (site_id, id)")
        c.execute(f"ANALYZE {TABLE}")
        c.execute(f"SELECT count(*) FROM {TABLE}")
        return c.fetchone()[0]


@csrf_exempt
def insert(request):
    data = json.loads(request.body)
    with connection.cursor() as c:
        c.execute(
            f"INSERT INTO {TABLE} (site_id, title, body) VALUES (%s, %s, %s) RETURNING id",
            [int(data["site"]), data["title"], data["content"]],
        )
        (pk,) = c.fetchone()
    return JsonResponse({"id": pk}, status=201)


def page(request):
    site, before = int(request.GET.get("site", 1)), request.GET.get("before")
    params = [site] + ([int(before)] if before else [])
    with connection.cursor() as c:
        c.execute(
            f"SELECT id, title, created_at FROM {TABLE} WHERE site_id = %s"  # noqa: S608
            + (" AND id < %s" if before else "")
            + " ORDER BY id DESC LIMIT 25",
            params,
        )
        rows = c.fetchall()
    items = [{"id": i, "title": t, "created_at": at.isoformat()} for i, t, at in rows]
    return JsonResponse({"items": items})


urlpatterns = [path("insert", insert), path("list", page)]
application = get_wsgi_application()

if __name__ == "__main__":
    print(json.dumps({"floor_rows": fill(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)}))
