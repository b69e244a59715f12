"""API2: every list, the gate check and the API verify run a number of queries independent of
how many records there are."""

import pytest

from propdesk.passes import tokens

from .conftest import issue_pass, release_for, renovation_for

pytestmark = pytest.mark.django_db


def _more(agent, lead, pairs, renovation, n=6):
    from propdesk.passes import services

    for _i in range(n):
        unit, owner = pairs.pop()
        r = renovation_for(agent, unit, owner)
        services.renovation_approve(actor=lead, renovation=r)
        issue_pass(agent, r)
        g = release_for(agent, unit, relation="owner", resident=owner, name=owner.name)
        services.release_approve(actor=agent, release=g, arrears_checked=True)


@pytest.fixture
def many(agent_a, lead_a, site_a, renovation):
    from tests.factories import BuildingFactory, UnitFactory, resident_in

    pairs, building = [], BuildingFactory(site=site_a, name="9栋")
    for i in range(8):
        unit = UnitFactory(building=building, code=f"9栋1单元{100 + i}")
        pairs.append((unit, resident_in(unit, name=f"业主{i}", phone=f"1360000{i:04d}")))
    return lambda n: _more(agent_a, lead_a, pairs, renovation, n)


LISTS = [
    "/passes/",
    "/passes/worker-passes/?status=all",
    "/passes/releases/?day=all",
    "/api/v1/renovations/",
    "/api/v1/worker-passes/",
    "/api/v1/releases/",
]


@pytest.mark.parametrize("url", LISTS)
def test_api2_lists_run_constant_queries(
    client_for, lead_a, many, url, django_assert_max_num_queries
):
    c = client_for(lead_a)
    many(1)
    c.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert c.get(url).status_code == 200
    many(5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert c.get(url).status_code == 200


def test_api2_gate_check_and_verify_run_few_queries(
    client_for, guard_a, approved_release, worker_pass, django_assert_max_num_queries
):
    c = client_for(guard_a)
    slip = tokens.typed_code(number=approved_release.number, site_id=approved_release.site_id)
    card = tokens.qr_payload(number=worker_pass.number, site_id=worker_pass.site_id)
    c.post("/passes/gate/check/", {"code": slip, "direction": "entry"})  # warm the session
    with django_assert_max_num_queries(14):
        assert (
            c.post("/passes/gate/check/", {"code": slip, "direction": "entry"}).status_code == 200
        )
    with django_assert_max_num_queries(12):
        v = c.post("/api/v1/passes/verify", {"code": card}, content_type="application/json")
    assert v.json()["valid"]


def test_api2_verify_queries_do_not_grow_with_passes_or_sites(
    client_for, guard_a, worker_pass, many, django_assert_max_num_queries
):
    """The gate verify reads the code's own record by (site, number): the same number of queries
    with one pass or many, and with more sites in the company (bench/gate.py measures the time)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import SiteFactory

    c = client_for(guard_a)
    card = tokens.qr_payload(number=worker_pass.number, site_id=worker_pass.site_id)
    typed = tokens.typed_code(number=worker_pass.number, site_id=worker_pass.site_id)

    def verify(code):
        return c.post("/api/v1/passes/verify", {"code": code}, content_type="application/json")

    verify(card)
    counts = {}
    for code in (card, typed):
        with CaptureQueriesContext(connection) as q:
            assert verify(code).json()["valid"]
        counts[code] = len(q.captured_queries)
    many(6)
    for i in range(3):
        SiteFactory(name=f"另一项目{i}", code=f"other{i}")
    for code in (card, typed):
        with django_assert_max_num_queries(counts[code]):
            assert verify(code).json()["valid"]
    assert max(counts.values()) <= 12
