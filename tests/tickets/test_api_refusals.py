"""Tickets API refusals: wrong role 403, wrong state and stale version 409, other site 404,
bad and forbidden input 400/422 with fields (SECURITY.md A4, A6, I4, I8), and bounded queries (API2)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from propdesk.core.models import Event
from propdesk.tickets import services
from propdesk.tickets.models import CallbackAttempt, Contact, Ticket
from tests.factories import make_user
from tests.tickets.test_api import REPAIR, Api

# A plausible body for every action, so that only the role or the state can refuse it.
BODIES = {
    "dispatch": {},
    "send_back": {"reason": "r"},
    "accept": {"assignee": 0},
    "start": {},
    "pause": {"reason": "r"},
    "resume": {},
    "transfer": {"assignee": 0},
    "agree_price": {"price": "1", "agreed_by": "x"},
    "handle": {"result": "r"},
    "callback": {"outcome": "reached", "satisfied": True, "score": 5},
    "close": {"cause": "c", "responsibility": "company"},
    "answer": {"answer": "a"},
    "invalidate": {"explanation": "e"},
    "cancel": {"reason": "r"},
    "merge": {"into": 0},
    "escalate": {"note": "n"},
    "clear_escalation": {},
    "urge": {},
}


@pytest.fixture
def api_for(client):
    return lambda user: Api(client, user)


def _state(pk: int):
    t = Ticket.objects.get(pk=pk)
    return t.state, t.version, Event.objects.filter(object_id=pk).count()


def test_agent_may_not_accept_403(api_for, open_ticket, agent_a, worker_a):
    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    before = _state(t.pk)
    err = api_for(agent_a).act(t.pk, "accept", expect=403, assignee=worker_a.pk)
    assert err["code"] == "role" and err["message"]
    assert _state(t.pk) == before


def test_head_of_another_department_does_not_see_the_form_404(
    api_for, open_ticket, agent_a, env_head_a
):
    """R-CP-2: the handling form belongs to the dispatched department; others do not see it."""
    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    before = _state(t.pk)
    api_for(env_head_a).act(t.pk, "accept", expect=404, assignee=env_head_a.pk)
    assert _state(t.pk) == before


def test_auditor_is_refused_every_post_and_nothing_changes(
    api_for, open_ticket, handled_ticket, auditor, unit_a
):
    """SECURITY A5/A6: the auditor reads everything and changes nothing, action by action."""
    tickets = [open_ticket(), handled_ticket()]
    before = [_state(t.pk) for t in tickets]
    api = api_for(auditor)
    for t in tickets:
        for action, body in BODIES.items():
            resp = api.post(f"tickets/{t.pk}/{action}", {"version": t.version, **body})
            assert resp.status_code == 403, (action, resp.content)
    assert api.post("tickets/", {**REPAIR, "unit": unit_a.pk}).status_code == 403
    assert (
        api.post("contacts/", {"channel": "phone", "kind": "help", "content": "x"}).status_code
        == 403
    )
    contact = Contact.objects.first()
    assert (
        api.post(f"contacts/{contact.pk}/record", {"version": contact.version}).status_code == 403
    )
    assert [_state(t.pk) for t in tickets] == before
    assert Ticket.objects.count() == 2 and CallbackAttempt.objects.count() == 0
    assert api.get(f"tickets/{tickets[0].pk}").status_code == 200


def test_wrong_state_409_changes_nothing(api_for, open_ticket, worker_a, agent_a):
    t = open_ticket()
    before = _state(t.pk)
    err = api_for(agent_a).act(t.pk, "close", expect=409)
    assert err["code"] == "wrong_state"
    assert _state(t.pk) == before


def test_stale_version_409(api_for, open_ticket, agent_a):
    t = open_ticket()
    api = api_for(agent_a)
    api.act(t.pk, "escalate", note="n")
    err = api.act(t.pk, "dispatch", expect=409, version=0)
    assert err["code"] == "stale"
    assert Ticket.objects.get(pk=t.pk).state == "registered"


def test_other_site_is_404_for_read_and_act(api_for, open_ticket, agent_b):
    t = open_ticket()
    contact = Contact.objects.get(ticket=t)
    api = api_for(agent_b)
    assert api.get(f"tickets/{t.pk}").status_code == 404
    assert api.get(f"contacts/{contact.pk}").status_code == 404
    assert api.act(t.pk, "dispatch", expect=404, version=0)["code"] == "not_found"
    assert api.post(f"contacts/{contact.pk}/record", {"version": 0}).status_code == 404
    assert api.get("tickets/").json()["count"] == 0


def test_forbidden_fields_on_create_are_refused_naming_them(api_for, agent_a, unit_a):
    """SECURITY A4: agent-only or system fields added to the create body are refused, not ignored."""
    extra = {"state": "closed", "site": 99, "version": 5, "sla_due": "2030-01-01", "created_by": 1}
    resp = api_for(agent_a).post("tickets/", {**REPAIR, "unit": unit_a.pk, **extra})
    assert resp.status_code == 400
    err = resp.json()
    assert err["code"] == "forbidden_fields" and set(err["fields"]) == set(extra)
    assert "sla_due" in err["message"]
    assert not Ticket.objects.exists() and not Contact.objects.exists()


def test_forbidden_fields_on_an_action_are_refused(api_for, open_ticket, agent_a):
    t = open_ticket()
    body = {"version": 0, "state": "closed", "assignee": 1}
    resp = api_for(agent_a).post(f"tickets/{t.pk}/dispatch", body)
    assert resp.status_code == 400 and set(resp.json()["fields"]) == {"state", "assignee"}
    assert Ticket.objects.get(pk=t.pk).state == "registered"


def test_only_managers_mark_a_complaint_major(api_for, agent_a, unit_a):
    """SECURITY §c rule 3: only the CS manager or the centre manager set "major" by hand."""
    body = {**REPAIR, "kind": "complaint", "category": "repair", "severity": "major"}
    body["caller_name"] = "王先生"
    resp = api_for(agent_a).post("tickets/", {**body, "unit": unit_a.pk})
    assert resp.status_code == 400 and "severity" in resp.json()["fields"]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "version"),
        ({"version": "x"}, "version"),
        ({"version": -1}, "version"),
        ({"version": 0, "department": "abc"}, "department"),
    ],
)
def test_bad_action_input_is_422_with_fields(api_for, open_ticket, agent_a, body, field):
    resp = api_for(agent_a).post(f"tickets/{open_ticket().pk}/dispatch", body)
    assert resp.status_code == 422 and field in resp.json()["fields"]


def test_bad_domain_input_is_400_with_fields(api_for, open_ticket, agent_a, site_b):
    from tests.factories import DepartmentFactory

    other = DepartmentFactory(site=site_b)
    t = open_ticket()
    err = api_for(agent_a).act(t.pk, "dispatch", expect=400, department=other.pk)
    assert err["fields"] == {"department": "Not found."} or "department" in err["fields"]
    err = api_for(agent_a).act(t.pk, "escalate", expect=400, note="  ")
    assert "note" in err["fields"]


def test_hostile_text_never_500(api_for, agent_a, unit_a, resident_a):
    """SECURITY I8: NUL, over-length and 4-byte text give 400/422, identical on SQLite and PG."""
    api = api_for(agent_a)
    nul = api.post("tickets/", {**REPAIR, "unit": unit_a.pk, "title": "漏水\x00"})
    assert nul.status_code == 400 and "title" in nul.json()["fields"]
    long = api.post("tickets/", {**REPAIR, "unit": unit_a.pk, "title": "长" * 1000})
    assert long.status_code == 422 and "title" in long.json()["fields"]
    emoji = api.post(
        "tickets/",
        {**REPAIR, "unit": unit_a.pk, "title": "漏水😀\u202e", "resident": resident_a.pk},
    )
    assert emoji.status_code == 201
    assert api.post("tickets/", "not json").status_code in (400, 422)


@pytest.mark.parametrize(
    "params, code",
    [
        ({"sort": "title; DROP TABLE x"}, "bad_sort"),
        ({"sort": "site__company__name"}, "bad_sort"),
        ({"order_by": "id"}, "bad_filter"),
        ({"state__in": "closed"}, "bad_filter"),
        ({"state": "nope"}, "bad_filter"),
        ({"state": "\x00"}, "bad_text"),
        ({"kind": "x" * 10}, "bad_filter"),
    ],
)
def test_unknown_sort_and_filters_are_400(api_for, agent_a, params, code):
    """SECURITY I4: unknown sort or filter answers 400 with a message, never 500 or silence."""
    resp = api_for(agent_a).get("tickets/", params)
    assert resp.status_code == 400 and resp.json()["code"] == code and resp.json()["message"]


def test_over_long_and_mistyped_filters_are_422(api_for, agent_a):
    api = api_for(agent_a)
    assert api.get("tickets/", {"sort": "x" * 10_000}).status_code == 422
    assert api.get("tickets/", {"category": "abc"}).status_code == 422
    assert api.get("contacts/", {"channel": "fax"}).status_code == 400


def test_list_filters_and_sorts_work(api_for, open_ticket, agent_a):
    first, second = open_ticket(), open_ticket(kind="inquiry")
    api = api_for(agent_a)
    assert [i["id"] for i in api.get("tickets/", {"sort": "created"}).json()["items"]] == [
        first.pk,
        second.pk,
    ]
    assert [i["id"] for i in api.get("tickets/", {"kind": "inquiry"}).json()["items"]] == [
        second.pk
    ]
    page = api.get("tickets/", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1


def _queries(api, path: str, params=None) -> int:
    api.get(path, params)  # warm: token last-use stamp, content types
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path, params).status_code == 200
    return len(ctx.captured_queries)


def test_api2_list_query_count_is_fixed(api_for, open_ticket, agent_a):
    """SECURITY API2: the list costs the same queries with 1 or 15 tickets, any page size."""
    api = api_for(agent_a)
    open_ticket()
    small = _queries(api, "tickets/", {"limit": 10})
    for _ in range(14):
        open_ticket(kind="complaint")
    assert _queries(api, "tickets/", {"limit": 100}) == small
    assert _queries(api, "tickets/", {"limit": 100, "q": "漏水"}) == small  # words: a subquery
    assert _queries(api, "contacts/", {"limit": 100}) == _queries(api, "contacts/", {"limit": 1})


def test_api2_detail_query_count_is_fixed(api_for, handled_ticket, open_ticket, agent_a):
    api = api_for(agent_a)
    quiet = open_ticket()
    busy = handled_ticket()
    for _ in range(4):
        services.ticket_callback(actor=agent_a, ticket=busy, outcome="no_answer")
    assert _queries(api, f"tickets/{busy.pk}") == _queries(api, f"tickets/{quiet.pk}")


def test_department_head_list_has_each_ticket_once(api_for, open_ticket, agent_a, dept_head_a):
    for _ in range(2):
        make_user(
            "dept_staff", agent_a.staff.sites.first(), department=dept_head_a.staff.department
        )
    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    page = api_for(dept_head_a).get("tickets/").json()
    assert page["count"] == 1 and [i["id"] for i in page["items"]] == [t.pk]
