"""Lists and directory pages run a fixed number of SQL queries whatever the page size (API2)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UnitFactory, resident_in


def _fill(site, n):
    for _ in range(n):
        unit = UnitFactory(building__site=site)
        resident_in(unit)


def _count(c, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_directory_page_query_count_is_fixed(client_for, agent_a, site_a):
    c = client_for(agent_a)
    _fill(site_a, 3)
    small = _count(c, reverse("people:directory"), size=10)
    _fill(site_a, 40)
    assert _count(c, reverse("people:directory"), size=100) == small
    assert small <= 12


def test_unit_page_query_count_is_fixed(client_for, agent_a, unit_a):
    c = client_for(agent_a)
    resident_in(unit_a)
    one = _count(c, reverse("people:unit-detail", args=[unit_a.pk]))
    for _ in range(10):
        resident_in(unit_a)
    assert _count(c, reverse("people:unit-detail", args=[unit_a.pk])) == one


def test_api_lists_query_count_is_fixed(client_for, agent_a, site_a):
    c = client_for(agent_a)
    _fill(site_a, 3)
    counts = {
        u: _count(c, u, limit=10)
        for u in ("/api/v1/residents/", "/api/v1/units/", "/api/v1/buildings/")
    }
    _fill(site_a, 40)
    assert {u: _count(c, u, limit=100) for u in counts} == counts
