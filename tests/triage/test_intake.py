"""Suggestions and likely duplicates on the intake screen and in the API (R-FD-1, R-CP-8)."""

from datetime import timedelta

import pytest

from propdesk.tickets.models import Contact
from propdesk.triage.selectors import duplicates, suggest
from tests.factories import BuildingFactory, UnitFactory
from tests.tickets.test_api import Api
from tests.triage.conftest import make_ticket

pytestmark = pytest.mark.django_db
LIFT = "3栋电梯困人了，快来人"


@pytest.fixture
def lift_ticket(seed_model, site_a, agent_a, unit_a):
    return make_ticket(
        site_a, agent_a, "3号楼电梯停了里面有人", kind="repair", code="elevator",
        state="dispatched", unit=unit_a, scope="common",
    )  # fmt: skip


def _dups(user, text, site, unit=None):
    return [d["number"] for d in duplicates(user, text, site=site, unit=unit)]


# --- duplicates -------------------------------------------------------------------------------


def test_r_cp_8_same_building_common_area_is_a_likely_duplicate(
    lift_ticket, agent_a, site_a, unit_a
):
    """R-CP-8: a neighbour of the same building calls about the same lift."""
    neighbour = UnitFactory(site=site_a, building=unit_a.building, code="3栋2单元1201")
    assert _dups(agent_a, LIFT, site_a, neighbour) == [lift_ticket.number]
    assert _dups(agent_a, LIFT, site_a) == [lift_ticket.number]  # no unit picked yet


def test_other_building_other_problem_closed_or_old_are_not_duplicates(
    seed_model, lift_ticket, agent_a, site_a, unit_a
):
    other = UnitFactory(site=site_a, building=BuildingFactory(site=site_a), code="8栋1单元101")
    assert _dups(agent_a, LIFT, site_a, other) == []  # another building's lift
    assert _dups(agent_a, "物业费怎么交", site_a, unit_a) == []  # another problem
    lift_ticket.created_at -= timedelta(days=8)
    lift_ticket.save()
    assert _dups(agent_a, LIFT, site_a, unit_a) == []  # older than the window
    lift_ticket.created_at += timedelta(days=8)
    lift_ticket.state = "closed"
    lift_ticket.save()
    assert _dups(agent_a, LIFT, site_a, unit_a) == []  # no longer open


def test_same_unit_inside_problem_is_a_duplicate_but_not_for_the_neighbour(
    seed_model, agent_a, site_a, unit_a
):
    leak = make_ticket(site_a, agent_a, "厨房水管漏水", kind="repair", code="plumbing",
                       state="dispatched", unit=unit_a, scope="unit")  # fmt: skip
    neighbour = UnitFactory(site=site_a, building=unit_a.building, code="3栋1单元999")
    assert _dups(agent_a, "厨房的水管在漏水", site_a, unit_a) == [leak.number]
    assert _dups(agent_a, "厨房的水管在漏水", site_a, neighbour) == []


def test_duplicates_never_come_from_another_site(seed_model, agent_a, csm, site_a, site_b, unit_b):
    """Scoped like the ticket list: another site's tickets are never candidates, even for a
    manager who sees both sites."""
    theirs = make_ticket(site_b, agent_a, "电梯困人了", kind="repair", code="elevator",
                         state="dispatched", unit=unit_b, scope="common")  # fmt: skip
    assert _dups(agent_a, LIFT, site_a) == []
    assert _dups(csm, LIFT, site_a) == []
    assert _dups(agent_a, LIFT, site_b) == []  # agent of A cannot see B's tickets
    assert _dups(csm, LIFT, site_b) == [theirs.number]


# --- the API --------------------------------------------------------------------------------


def test_r_fd_1_api_suggest(client, lift_ticket, agent_a, site_a, unit_a, eng_dept_a):
    """R-FD-1: the API answers suggestions with department, the priority and the duplicates."""
    resp = Api(client, agent_a).post(
        "intake/suggest", {"text": LIFT, "site": site_a.pk, "unit": unit_a.pk}
    )
    assert resp.status_code == 200, resp.content
    data = resp.json()
    first = data["suggestions"][0]
    assert first["kind"] == "repair" and first["department"] == eng_dept_a.pk
    assert data["priority_hint"] == "emergency"
    assert [d["number"] for d in data["duplicates"]] == [lift_ticket.number]


def test_api_site_of_another_user_is_refused(client, seed_model, agent_a, site_b, unit_b, site_a):
    api = Api(client, agent_a)
    resp = api.post("intake/suggest", {"text": LIFT, "site": site_b.pk})
    assert resp.status_code == 400 and "site" in resp.json()["fields"]
    resp = api.post("intake/suggest", {"text": LIFT, "site": site_a.pk, "unit": unit_b.pk})
    assert resp.status_code == 400 and "unit" in resp.json()["fields"]


@pytest.mark.parametrize("text", ["", "😀😀", "hello", "漏" * 10_000])
def test_api_bad_input_no_suggestion_no_error(client, seed_model, agent_a, site_a, text):
    resp = Api(client, agent_a).post("intake/suggest", {"text": text, "site": site_a.pk})
    assert resp.status_code in (200, 400), resp.content
    if resp.status_code == 200:
        assert resp.json()["duplicates"] == [] or text.startswith("漏")
    else:  # over the documented 10,000 characters: a clear field error, nothing changed
        assert "text" in str(resp.json()["fields"])


def test_api_not_for_department_staff(client, seed_model, dept_head_a, site_a):
    resp = Api(client, dept_head_a).post("intake/suggest", {"text": LIFT, "site": site_a.pk})
    assert resp.status_code == 403


def test_api_query_count_is_constant(
    client, seed_model, agent_a, site_a, unit_a, django_assert_max_num_queries
):
    api = Api(client, agent_a)
    body = {"text": LIFT, "site": site_a.pk, "unit": unit_a.pk}
    api.post("intake/suggest", body)  # warm: the model and tables in this process

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert api.post("intake/suggest", body).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(25):
        make_ticket(site_a, agent_a, f"电梯困人第{i}次", kind="repair", code="elevator",
                    state="dispatched", unit=unit_a, scope="common")  # fmt: skip
    assert len(api.post("intake/suggest", body).json()["duplicates"]) == 5
    assert count() == few
    with django_assert_max_num_queries(8):
        api.post("intake/suggest", body)


# --- the intake screen ----------------------------------------------------------------------


def test_suggest_partial_shows_buttons_hint_and_duplicates(
    client_for, lift_ticket, agent_a, site_a, eng_dept_a, django_assert_max_num_queries
):
    client = client_for(agent_a)
    client.post("/triage/suggest/", {"content": LIFT, "site": site_a.pk})
    with django_assert_max_num_queries(10):
        resp = client.post("/triage/suggest/", {"content": LIFT, "site": site_a.pk})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "电梯" in html and "工程部" in html and 'title="' in html
    assert 'id="triage-urgency"' in html and lift_ticket.number in html
    assert "s_kind=repair" in html


@pytest.mark.parametrize("text", ["", "😀", "abc", "漏" * 10_000])
def test_suggest_partial_bad_input_is_empty(client_for, seed_model, agent_a, site_a, text):
    resp = client_for(agent_a).post("/triage/suggest/", {"content": text, "site": site_a.pk})
    assert resp.status_code == 200
    if not text.startswith("漏"):
        assert resp.content.decode().strip() == ""


def test_apply_sets_kind_category_department_and_priority(
    client_for, seed_model, agent_a, site_a, eng_dept_a
):
    from propdesk.tickets.models import Category

    lift = Category.objects.get(kind="repair", code="elevator")
    resp = client_for(agent_a).get(
        "/triage/apply/",
        {"s_kind": "repair", "s_category": lift.pk, "s_priority": "emergency", "site": site_a.pk},
    )
    html = resp.content.decode()
    assert resp.status_code == 200
    assert f'<option value="{lift.pk}" selected>' in html
    assert resp["HX-Trigger-After-Settle"] == "intake-changed"  # the department follows
    dept = client_for(agent_a).get(
        "/tickets/intake/department/", {"kind": "repair", "category": lift.pk, "site": site_a.pk}
    )
    assert f'<option value="{eng_dept_a.pk}" selected>' in dept.content.decode()
    assert '<option value="emergency" selected>' in html and 'hx-swap-oob="true"' in html
    assert client_for(agent_a).get("/triage/apply/", {"s_kind": "nope"}).status_code == 404


def test_r_cp_8_one_click_links_the_call_to_the_open_ticket(
    client_for, lift_ticket, agent_a, site_a, unit_a
):
    """R-CP-8: the second caller is linked to the open ticket, no second ticket opened."""
    body = {
        "site": site_a.pk, "channel": "phone", "kind": "repair", "caller_name": "李先生",
        "content": LIFT, "priority": "normal", "link_number": ["", lift_ticket.number],
    }  # fmt: skip
    resp = client_for(agent_a).post("/triage/link/", body)
    assert resp.status_code == 302 and resp["Location"].endswith(f"/tickets/{lift_ticket.pk}/")
    contact = Contact.objects.get(content=LIFT)
    assert contact.ticket_id == lift_ticket.pk and contact.disposition == "ticket"


def test_link_to_unknown_number_is_refused_and_changes_nothing(
    client_for, seed_model, agent_a, site_a
):
    body = {"site": site_a.pk, "channel": "phone", "kind": "repair", "caller_name": "李先生",
            "content": LIFT, "link_number": "T-404"}  # fmt: skip
    resp = client_for(agent_a).post("/triage/link/", body)
    assert resp.status_code == 400 and "没有这个编号的工单" in resp.content.decode()
    assert not Contact.objects.exists()


def test_suggest_needs_a_desk_role(client_for, seed_model, dept_head_a, site_a):
    assert client_for(dept_head_a).post("/triage/suggest/", {"content": LIFT}).status_code == 403


def test_suggest_text_is_read(seed_model, site_a):
    assert suggest(LIFT, site=site_a)["proba"]["elevator"] > 0.5
