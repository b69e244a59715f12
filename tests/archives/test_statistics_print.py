"""The printed archive statistics (档案统计, R-AR-6): the page's figures, printed through the core
print toolkit (cover page, company header, template version, page numbers), for the readers of
archive records only; any class or site name the forms accept lays out."""

import html
import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from propdesk.archives import services
from propdesk.archives.models import ArchiveClass, ArchiveLoan
from propdesk.archives.printing import statistics_pdf
from propdesk.archives.statistics import archive_statistics
from propdesk.orgs.models import Site
from tests.factories import make_user

PAGE_TABLES = {  # the page's table → the section label of the printed rows
    "by-class": "类别",
    "by-site": "项目",
    "by-media": "载体",
    "by-year": "归档年度",
    "loan-stats": "借阅",
    "inspection-stats": "季度检查",
}


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _file(archivist, site, cls, media="paper"):
    return services.record_create(
        actor=archivist, archive_class=cls, site=site, title="档案", media=media
    )


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_figures(body: str) -> dict[str, list[tuple[str, str]]]:
    """Each statistics table of the page as (item, count) pairs, read from its HTML."""
    out = {}
    for table_id in PAGE_TABLES:
        table = re.search(rf'<table [^>]*id="{table_id}">(.*?)</table>', body, re.S).group(1)
        cells = re.findall(r'<tr><td>(.*?)</td><td class="text-end">(\d+)</td></tr>', table, re.S)
        out[table_id] = [(html.unescape(re.sub(r"\s+", "", k)), n) for k, n in cells]
    return out


@pytest.fixture
def archive(archivist, site_a, site_b, owner_class, agent_a):
    contracts = ArchiveClass.objects.get(code="ht")
    for _ in range(3):
        _file(archivist, site_a, owner_class)
    _file(archivist, site_a, contracts, media="photo")
    _file(archivist, site_b, owner_class, media="disk")
    record = _file(archivist, site_a, owner_class)
    loan = services.loan_request(
        actor=agent_a,
        record=record,
        mode="read",
        purpose="查阅",
        due_date=timezone.localdate() + timedelta(days=3),
    )
    ArchiveLoan.objects.filter(pk=loan.pk).update(
        state=ArchiveLoan.State.LENT, due_date=timezone.localdate() - timedelta(days=1)
    )
    return record


def test_r_ar_6_printed_statistics_carry_the_pages_figures(
    archive, archivist, django_assert_max_num_queries
):
    """R-AR-6: every figure of the page is on the print, in the page's order, with the cover page,
    the company header, the template version and page numbers."""
    c = _client(archivist)
    page = c.get(reverse("archives:statistics"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="print-statistics"' in page
    figures = _page_figures(page)
    assert dict(figures["by-class"]) == {"业主档案": "5", "合同": "1"}
    assert dict(figures["loan-stats"])["已逾期"] == "1"
    with django_assert_max_num_queries(14):
        resp = c.get(reverse("archives:statistics-print"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    pages = _pages(resp.content)
    cover, body = _compact(pages[0]), _compact("".join(pages[1:]))
    assert "档案统计" in cover and "全部项目" in cover and "客服部" in cover
    company = Site.objects.select_related("company").first().company.name
    for n, text in enumerate(pages, start=1):
        flat = _compact(text)
        assert company in flat and "版本：2026.1" in flat
        assert f"第{n}页，共{len(pages)}页" in flat
    # the figures, row by row as the page shows them (section, item, count)
    expected = "".join(
        f"{PAGE_TABLES[table_id]}{item}{n}"
        for table_id, rows in figures.items()
        if table_id in ("by-class", "by-site", "by-media", "by-year")
        for item, n in rows
    )
    assert expected in body
    loans = "".join(f"借阅{item}{n}" for item, n in figures["loan-stats"])
    checks = "".join(f"季度检查{item}{n}" for item, n in figures["inspection-stats"])
    assert loans in body and checks in body


def test_r_ar_6_printed_statistics_follow_the_site_and_the_year(
    archive, archivist, csm, site_a, site_b
):
    """R-AR-6: the print is scoped like the page: the current site, the year asked, the reader's
    own sites (a CS manager of site A never prints site B's records)."""
    c = _client(archivist)
    session = c.session
    session["current_site_id"] = site_b.pk
    session.save()
    body = _compact("".join(_pages(c.get(reverse("archives:statistics-print")).content)))
    assert site_b.name in body and "业主档案1" in body and "合同" not in body
    old = _compact(
        "".join(_pages(c.get(reverse("archives:statistics-print") + "?year=2001").content))
    )
    assert "2001" in old and "业主档案" not in old

    mine = make_user("cs_manager", site_a)
    body = _compact(
        "".join(_pages(_client(mine).get(reverse("archives:statistics-print")).content))
    )
    assert f"项目{site_a.name}5" in body and site_b.name not in body


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("archivist", 200),
        ("cs_manager", 200),
        ("centre_manager", 200),
        ("gm", 200),
        ("auditor", 200),
        ("agent", 403),
        ("supervisor", 403),
        ("dept_head", 403),
        ("resident", 403),
    ],
)
def test_r_ar_6_statistics_print_access(site_a, owner_file, role, status):
    """SECURITY.md §c: the readers of archive records print the statistics; others get 403."""
    user = make_user(role, site_a)
    c = _client(user)
    assert c.get(reverse("archives:statistics-print")).status_code == status
    page = c.get(reverse("archives:statistics"))
    assert page.status_code == status
    if status == 200:
        assert b'id="print-statistics"' in page.content


PIECES = st.sampled_from(
    [
        "档案",
        "x",
        "Supercalifragilistic",
        "😀",
        "👨‍👩‍👧",
        "<b>&amp;",
        " ",
        "\n",
        "\x1b",  # NUL never reaches the database (PostgreSQL refuses it)
        "\x07",
        "\u202e",
        "é",
    ]
)


def texts(limit: int, min_size: int = 1):
    """Text of 1..`limit` characters: a random pattern (unbroken Latin, emoji, Chinese, control
    characters) repeated."""
    pattern = st.lists(PIECES, min_size=1, max_size=6).map("".join)
    return st.builds(
        lambda p, n: (p * (n // len(p) + 1))[:n], pattern, st.integers(min_size, limit)
    )


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(class_name=texts(60), site_name=texts(100))
@example("W" * 60, "S" * 100)
@example("😀" * 60, "\x07\x1b" + "项" * 98)
def test_r_ar_6_printed_statistics_lay_out_any_class_and_site_name(
    archive, archivist, site_a, owner_class, class_name, site_name
):
    ArchiveClass.objects.filter(pk=owner_class.pk).update(name=class_name)
    Site.objects.filter(pk=site_a.pk).update(name=site_name)
    site = Site.objects.select_related("company").get(pk=site_a.pk)
    stats = archive_statistics(archivist)
    pages = _pages(statistics_pdf(stats, site=site).getvalue())
    assert len(pages) >= 2 and "档案统计" in _compact(pages[0])
    assert _compact(pages[-1])  # the last page has its figures and footer
