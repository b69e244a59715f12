"""Renovations, worker passes and goods releases in the one search index, within the user's sites
(R-FD-2, R-FD-3, R-AR-3); never a worker's ID number or phone; a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from propdesk.passes import services
from propdesk.search.models import SearchDocument
from propdesk.search.selectors import search
from tests.factories import make_user, resident_in

from .conftest import VALID_ID, issue_pass, release_for, renovation_for

pytestmark = pytest.mark.django_db

TYPES = ["renovation", "worker_pass", "release"]


@pytest.fixture
def site_b_records(site_b, unit_b, agent_b):
    """The same company, worker and goods at site B: none of it may reach a user of site A."""
    lead_b = make_user("supervisor", site_b, username="lead_b_search")
    owner = resident_in(unit_b, name="张伟", phone="13812349999")
    r = renovation_for(agent_b, unit_b, owner)
    services.renovation_approve(actor=lead_b, renovation=r)
    p = issue_pass(agent_b, r)
    g = release_for(agent_b, unit_b, relation="owner", resident=owner, name=owner.name)
    return r, p, g


def _found(user, q, doc_type):
    return {h.object_id for h in search(user, q, doc_types=[doc_type]).hits}


def test_r_fd_2_renovation_found_by_number_unit_applicant_company_and_lead(
    agent_a, renovation, site_b_records
):
    r_b = site_b_records[0]
    for q in (renovation.number, renovation.unit.code, "张伟", "美家装饰", "王工"):
        assert _found(agent_a, q, "renovation") == {renovation.pk}, q
    assert r_b.pk not in _found(agent_a, r_b.number, "renovation")


def test_r_fd_2_pass_found_by_number_name_company_never_by_id_or_phone(
    agent_a, worker_pass, site_b_records
):
    p_b = site_b_records[1]
    for q in (worker_pass.number, "李师傅", "美家装饰"):
        assert _found(agent_a, q, "worker_pass") == {worker_pass.pk}, q
    assert p_b.pk not in _found(agent_a, p_b.number, "worker_pass")
    for q in (VALID_ID, VALID_ID[-6:], worker_pass.phone, worker_pass.phone[-4:]):
        assert _found(agent_a, q, "worker_pass") == set(), q
    row = SearchDocument.objects.get(doc_type="worker_pass", object_id=worker_pass.pk)
    stored = " ".join([row.title, row.body, row.title_tokens, row.body_tokens, row.keys])
    assert VALID_ID not in stored and VALID_ID[-6:] not in stored
    assert worker_pass.phone not in stored and worker_pass.phone[-4:] not in stored


def test_r_fd_3_release_found_by_number_unit_applicant_plate_and_items(
    agent_a, approved_release, site_b_records
):
    g_b = site_b_records[2]
    for q in (
        approved_release.number,
        approved_release.unit.code,
        "刘租",
        "浙A12345",
        "A12345",
        "沙发",
    ):
        assert _found(agent_a, q, "release") == {approved_release.pk}, q
    assert g_b.pk not in _found(agent_a, g_b.number, "release")


def test_a1_site_b_records_never_reach_a_user_of_site_a(
    agent_a, lead_a, guard_a, renovation, worker_pass, approved_release, site_b_records
):
    """The same words match at both sites; each user of site A finds only site A's records."""
    mine = {renovation.pk, worker_pass.pk, approved_release.pk}
    theirs = {x.site_id for x in site_b_records}
    for user in (agent_a, lead_a, guard_a):
        for q in ("美家装饰", "张伟", "沙发", "浙A12345", "李师傅"):
            page = search(user, q, doc_types=TYPES)
            assert page.total >= 1 and {h.site_id for h in page.hits}.isdisjoint(theirs), (user, q)
            assert {h.object_id for h in page.hits} <= mine


def test_a1_roles_without_the_passes_pages_find_none(
    site_a, unit_a, renovation, worker_pass, approved_release
):
    resident = resident_in(unit_a, name="住户甲")
    resident_user = make_user("resident", site_a, username="resident_search")
    resident.user = resident_user
    resident.save(update_fields=["user"])
    for user in (make_user("dept_staff", site_a, username="staff_search"), resident_user):
        for q in ("美家装饰", "沙发", "李师傅"):
            assert search(user, q, doc_types=TYPES).total == 0, (user, q)


def test_a_hit_opens_the_record_and_another_site_answers_404(
    client_for, agent_a, agent_b, worker_pass
):
    hit = search(agent_a, worker_pass.number, doc_types=["worker_pass"]).hits[0]
    assert client_for(agent_a).get(hit.url).status_code == 200
    assert client_for(agent_b).get(hit.url).status_code == 404


def test_api2_search_runs_constant_queries(
    client_for, agent_a, lead_a, site_a, renovation, django_assert_max_num_queries
):
    """The search page and API: the same number of queries for 1 or 6 matching records."""
    from tests.factories import BuildingFactory, UnitFactory

    c = client_for(agent_a)
    urls = ["/search/?q=美家装饰", "/api/v1/search/?q=美家装饰"]
    for url in urls:
        c.get(url)
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as small:
            assert c.get(url).status_code == 200
        counts[url] = len(small.captured_queries)
    building = BuildingFactory(site=site_a, name="8栋")
    for i in range(5):
        unit = UnitFactory(building=building, code=f"8栋1单元{200 + i}")
        r = renovation_for(agent_a, unit, resident_in(unit, name=f"业主{i}"))
        services.renovation_approve(actor=lead_a, renovation=r)
        issue_pass(agent_a, r, id_number="330106198503121231")
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert c.get(url).status_code == 200
    assert search(agent_a, "美家装饰", doc_types=TYPES).total == 11  # 6 renovations, 5 passes


def test_rebuild_indexes_every_kind(renovation, worker_pass, approved_release):
    from propdesk.search.services import search_index_rebuild

    SearchDocument.objects.filter(doc_type__in=TYPES).delete()
    for name in TYPES:
        search_index_rebuild(name)
    assert SearchDocument.objects.filter(doc_type__in=TYPES).count() == 3
