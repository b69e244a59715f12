"""Tickets API for integrators: what a create needs (categories, departments) and create-and-
dispatch in one call (R-FD-1), all or nothing and idempotent; bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from propdesk.core.models import Event
from propdesk.tickets.models import Contact, Ticket
from tests.factories import DepartmentFactory
from tests.tickets.test_api import REPAIR, Api


@pytest.fixture
def api_for(client):
    return lambda user: Api(client, user)


@pytest.fixture
def body(unit_a, resident_a, eng_dept_a, dept_head_a):
    return {**REPAIR, "unit": unit_a.pk, "resident": resident_a.pk}


def _queries(api, path: str, params=None) -> int:
    api.get(path, params)  # warm: token last-use stamp, content types
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path, params).status_code == 200
    return len(ctx.captured_queries)


# --- create and dispatch -----------------------------------------------------------------


def test_r_fd_1_create_and_dispatch_in_one_call(api_for, agent_a, body, eng_dept_a):
    """R-FD-1: registered, opened and dispatched to the category's department at once."""
    resp = api_for(agent_a).post("tickets/", {**body, "dispatch": True})
    assert resp.status_code == 201, resp.content
    data = resp.json()
    assert data["state"] == "dispatched" and data["department_id"] == eng_dept_a.pk
    assert [e["code"] for e in data["events"]] == ["registered", "dispatch"]
    assert data["dispatched_at"] and Contact.objects.get().ticket_id == data["id"]
    stages = {c["stage"]: c["status"] for c in data["sla"]}
    assert stages["response"] == "on_time" and stages["accept"] == "left"


def test_r_fd_1_create_and_dispatch_to_a_chosen_department(api_for, agent_a, body, env_head_a):
    env = env_head_a.staff.department
    data = api_for(agent_a).post("tickets/", {**body, "dispatch": True, "department": env.pk})
    assert data.status_code == 201 and data.json()["department_id"] == env.pk


def test_r_fd_1_a_refused_dispatch_leaves_no_contact_and_no_ticket(api_for, agent_a, body, site_b):
    """R-FD-1, R-CP-1: all or nothing: a department of another site refuses the whole create."""
    other = DepartmentFactory(site=site_b, kind="engineering")
    resp = api_for(agent_a).post("tickets/", {**body, "dispatch": True, "department": other.pk})
    assert resp.status_code == 400 and "department" in resp.json()["fields"]
    assert not Ticket.objects.exists() and not Contact.objects.exists()
    assert not Event.objects.exists()


def test_department_without_dispatch_is_refused(api_for, agent_a, body, eng_dept_a):
    resp = api_for(agent_a).post("tickets/", {**body, "department": eng_dept_a.pk})
    assert resp.status_code == 400 and "department" in resp.json()["fields"]
    assert not Ticket.objects.exists() and not Contact.objects.exists()


def test_r_fd_1_create_and_dispatch_is_idempotent(api_for, agent_a, body):
    """The same Idempotency-Key gets the first answer again: one ticket, dispatched once."""
    api = api_for(agent_a)
    first = api.post("tickets/", {**body, "dispatch": True}, HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post("tickets/", {**body, "dispatch": True}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert Ticket.objects.count() == 1
    assert Event.objects.filter(code="dispatch").count() == 1
    other = api.post("tickets/", body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_mismatch"


def test_create_and_dispatch_runs_the_same_queries_for_the_second_and_the_tenth(
    api_for, agent_a, body
):
    """SECURITY API2: the create's queries plus those of the dispatch service (its event, the
    SLA stages it meets and starts, the head's notification), whatever is already there; one of
    them reads the configuration stamp that keeps cached SLA policies fresh on every machine."""
    api = api_for(agent_a)
    api.post("tickets/", {**body, "dispatch": True})  # warm: token stamp, counters, types
    with CaptureQueriesContext(connection) as second:
        assert api.post("tickets/", {**body, "dispatch": True}).status_code == 201
    for _ in range(7):
        api.post("tickets/", {**body, "dispatch": True})
    with CaptureQueriesContext(connection) as tenth:
        assert api.post("tickets/", {**body, "dispatch": True}).status_code == 201
    assert len(tenth.captured_queries) == len(second.captured_queries) <= 47


# --- categories -----------------------------------------------------------------------------


def test_categories_give_codes_names_and_the_department_per_site(
    api_for, agent_a, eng_dept_a, dept_head_a, site_a, site_b
):
    """What a create needs: the category codes of a kind and where a dispatch goes per site."""
    DepartmentFactory(site=site_b, kind="engineering")
    page = api_for(agent_a).get("categories/", {"kind": "repair"}).json()
    assert page["count"] == len(page["items"]) > 0
    items = {c["code"]: c for c in page["items"]}
    assert {c["kind"] for c in page["items"]} == {"repair"}
    plumbing = items["plumbing"]
    assert plumbing["name"] == "给排水/水暖" and plumbing["kind_label"]
    assert plumbing["default_department"] == "engineering"
    assert plumbing["callback_policy"] == "sample" and plumbing["callback_policy_label"]
    assert plumbing["departments"] == [
        {
            "site_id": site_a.pk,
            "department_id": eng_dept_a.pk,
            "department": eng_dept_a.name,
            "has_head": True,
        }
    ]  # site B is not agent A's


def test_categories_show_a_site_without_the_department(api_for, csm, site_a, site_b):
    page = api_for(csm).get("categories/", {"kind": "complaint", "site": site_b.pk}).json()
    attitude = next(c for c in page["items"] if c["code"] == "attitude")
    assert attitude["departments"] == [
        {"site_id": site_b.pk, "department_id": None, "department": "", "has_head": False}
    ]


def test_categories_refuse_unknown_filters_and_kinds(api_for, agent_a):
    api = api_for(agent_a)
    assert api.get("categories/", {"kind": "fax"}).json()["code"] == "bad_filter"
    assert api.get("categories/", {"order_by": "id"}).status_code == 400


def test_categories_run_fixed_queries(api_for, csm, site_a, site_b):
    for site in (site_a, site_b):
        DepartmentFactory(site=site, kind="engineering")
    api = api_for(csm)
    assert _queries(api, "categories/", {"limit": 100}) == _queries(
        api, "categories/", {"limit": 2}
    )


# --- departments ----------------------------------------------------------------------------


def test_departments_of_your_sites_with_their_heads(
    api_for, agent_a, agent_b, eng_dept_a, dept_head_a, site_a, site_b
):
    """Departments a dispatch may name, scoped to your sites; `has_head` shows who receives."""
    cs = DepartmentFactory(site=site_a, kind="cs", name="客服部")
    DepartmentFactory(site=site_b, kind="engineering")
    items = api_for(agent_a).get("departments/").json()["items"]
    assert {d["id"]: d["has_head"] for d in items} == {eng_dept_a.pk: True, cs.pk: False}
    eng = next(d for d in items if d["id"] == eng_dept_a.pk)
    assert eng["head_id"] == dept_head_a.pk and eng["head"] == str(dept_head_a)
    assert eng["kind"] == "engineering" and eng["site_id"] == site_a.pk
    assert api_for(agent_b).get("departments/", {"site": site_a.pk}).json()["count"] == 0


def test_departments_are_for_staff_and_run_fixed_queries(
    api_for, csm, resident_user, site_a, site_b
):
    assert api_for(resident_user).get("departments/").status_code == 403
    api = api_for(csm)
    DepartmentFactory(site=site_a, kind="engineering")
    small = _queries(api, "departments/")
    for kind in ("cs", "security", "environment"):
        DepartmentFactory(site=site_b, kind=kind)
    assert _queries(api, "departments/") == small
    assert api.get("departments/", {"site": site_b.pk}).json()["count"] == 3
