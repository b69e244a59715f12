"""C3 on PostgreSQL: 50 concurrent gate scans of one release slip → exactly one lets it out; the
other 49 answer "already used" with who and when (R-FD-3). Each scan is a real API request on its
own thread and database connection."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from propdesk.core.models import Event
from propdesk.passes import tokens
from propdesk.passes.models import GoodsRelease

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="needs concurrent connections (PostgreSQL)"),
    pytest.mark.django_db(transaction=True),
]
SCANS = 50


def test_c3_r_fd_3_fifty_concurrent_scans_one_release(approved_release, guard_a):
    """C3, R-FD-3: exactly one of 50 simultaneous let-outs succeeds; 49 get already_used + who/when."""
    code = tokens.qr_payload(number=approved_release.number, site_id=approved_release.site_id)
    body = {"code": code, "goods_match": True, "carrier_id_last4": "1234"}
    barrier, results = threading.Barrier(SCANS), [None] * SCANS

    def scan(i):
        try:
            client = Client()
            client.force_login(guard_a)
            barrier.wait()
            resp = client.post("/api/v1/passes/let-out", body, content_type="application/json")
            results[i] = (resp.status_code, resp.json())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan, args=(i,)) for i in range(SCANS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [r for r in results if r[0] == 200]
    used = [r for r in results if r[0] == 409 and r[1]["code"] == "already_used"]
    assert len(ok) == 1 and len(used) == SCANS - 1, [r[1].get("code") for r in results]
    g = GoodsRelease.objects.get(pk=approved_release.pk)
    assert g.state == "released" and g.gate_checked_by == guard_a
    assert all(str(guard_a) in r[1]["message"] for r in used)
    assert Event.objects.filter(object_id=g.pk, code="release").count() == 1
