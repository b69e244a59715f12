"""Archive statistics (R-AR-6): counts per class, site, media and year, loans, overdue,
inspections — database aggregates over the reader's sites, a constant number of queries, exported
to Excel."""

from datetime import timedelta
from io import BytesIO

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from propdesk.archives import services
from propdesk.archives.models import ArchiveClass, ArchiveLoan
from propdesk.archives.statistics import archive_statistics
from tests.factories import make_user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _file(archivist, site, cls, media="paper"):
    return services.record_create(
        actor=archivist, archive_class=cls, site=site, title="档案", media=media
    )


def test_r_ar_6_counts_per_class_site_media_and_year(archivist, site_a, site_b, owner_class):
    contracts = ArchiveClass.objects.get(code="ht")
    for _ in range(3):
        _file(archivist, site_a, owner_class)
    _file(archivist, site_a, contracts, media="photo")
    _file(archivist, site_b, owner_class)
    year = timezone.localdate().year
    s = archive_statistics(archivist)
    assert dict(s["by"]["class"]) == {"业主档案": 4, "合同": 1}
    assert dict(s["by"]["year"]) == {year: 5}
    assert dict(s["by"]["media"]) == {"纸质": 4, "照片": 1}
    assert s["totals"] == {"filed": 5, "destroyed": 0}
    csm = make_user("cs_manager", site_a)
    mine = archive_statistics(csm)
    assert dict(mine["by"]["site"]) == {site_a.name: 4}


def test_r_ar_6_loans_and_overdue_are_counted(archivist, owner_file, agent_a):
    loan = services.loan_request(
        actor=agent_a,
        record=owner_file,
        mode="read",
        purpose="查阅",
        due_date=timezone.localdate() + timedelta(days=3),
    )
    ArchiveLoan.objects.filter(pk=loan.pk).update(
        state=ArchiveLoan.State.LENT, due_date=timezone.localdate() - timedelta(days=1)
    )
    s = archive_statistics(archivist)
    assert s["loans"]["asked"] == 1 and s["loans"]["out"] == 1 and s["loans"]["overdue"] == 1


def test_r_ar_6_the_page_costs_the_same_queries_however_many_records(
    archivist, site_a, owner_class, django_assert_max_num_queries
):
    c = _client(archivist)
    _file(archivist, site_a, owner_class)
    with django_assert_max_num_queries(14):
        assert c.get(reverse("archives:statistics")).status_code == 200
    for _ in range(20):
        _file(archivist, site_a, owner_class)
    with django_assert_max_num_queries(14):
        page = c.get(reverse("archives:statistics"))
    assert page.status_code == 200 and "21" in page.content.decode()


def test_r_ar_6_statistics_export_and_api(archivist, owner_file, agent_a):
    resp = _client(archivist).get(reverse("archives:statistics-export"))
    assert resp.status_code == 200
    ws = load_workbook(BytesIO(resp.content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "业主档案" in cells
    api = _client(archivist).get("/api/v1/archives/statistics")
    assert api.status_code == 200 and api.json()["totals"]["filed"] == 1
    assert _client(agent_a).get(reverse("archives:statistics")).status_code == 403
    assert _client(agent_a).get("/api/v1/archives/statistics").status_code == 403
