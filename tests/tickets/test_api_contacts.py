"""Contact register API (来人来电来访登记, R-CP-1, R-SS-2): register, list, answer, record, link."""

import pytest

from propdesk.tickets.models import Contact
from tests.tickets.test_api import Api

CALL = {"channel": "phone", "kind": "inquiry", "content": "询问停车费标准"}


@pytest.fixture
def api_for(client):
    return lambda user: Api(client, user)


@pytest.fixture
def contact(api_for, agent_a, unit_a, resident_a):
    body = {**CALL, "unit": unit_a.pk, "resident": resident_a.pk}
    resp = api_for(agent_a).post("contacts/", body)
    assert resp.status_code == 201, resp.content
    return resp.json()


def test_r_cp_1_register_a_call_with_masked_phone(contact, agent_a, site_a):
    """R-CP-1: every contact is registered with number, channel and the receiving agent."""
    assert contact["number"].startswith("DJ-") and contact["channel"] == "phone"
    assert contact["received_by_id"] == agent_a.pk and contact["site_id"] == site_a.pk
    assert contact["caller_phone"] == "138****5678" and contact["disposition"] == "open"


def test_list_and_get_with_filters(api_for, contact, agent_a):
    api = api_for(agent_a)
    assert api.get("contacts/", {"channel": "phone"}).json()["count"] == 1
    assert api.get("contacts/", {"channel": "visit"}).json()["count"] == 0
    assert api.get("contacts/", {"disposition": "bogus"}).status_code == 400
    assert api.get(f"contacts/{contact['id']}").json()["number"] == contact["number"]


def test_answer_on_the_spot_then_no_second_answer(api_for, contact, agent_a):
    api = api_for(agent_a)
    resp = api.post(f"contacts/{contact['id']}/answer", {"answer": "每月300元", "version": 0})
    assert resp.status_code == 200 and resp.json()["disposition"] == "answered"
    again = api.post(f"contacts/{contact['id']}/answer", {"answer": "x", "version": 1})
    assert again.status_code == 409 and again.json()["code"] == "wrong_state"


def test_stale_version_on_a_contact_is_409(api_for, contact, agent_a):
    resp = api_for(agent_a).post(f"contacts/{contact['id']}/record", {"version": 3})
    assert resp.status_code == 409 and resp.json()["code"] == "stale"
    assert Contact.objects.get(pk=contact["id"]).disposition == "open"


def test_record_only(api_for, contact, agent_a):
    resp = api_for(agent_a).post(
        f"contacts/{contact['id']}/record", {"note": "仅登记", "version": 0}
    )
    assert resp.json()["disposition"] == "recorded"


def test_same_resident_calls_again_link_to_the_open_ticket(api_for, contact, agent_a, open_ticket):
    """R-CP-1: a ticket can have several contacts: link, don't duplicate."""
    ticket = open_ticket()
    api = api_for(agent_a)
    resp = api.post(f"contacts/{contact['id']}/link", {"ticket": ticket.pk, "version": 0})
    assert resp.status_code == 200 and resp.json()["ticket_id"] == ticket.pk
    assert len(api.get(f"tickets/{ticket.pk}").json()["contacts"]) == 2


def test_link_to_an_invisible_ticket_is_refused(api_for, agent_b, agent_a, open_ticket, site_b):
    ticket = open_ticket()
    body = {**CALL, "caller_name": "陈先生"}
    other = api_for(agent_b).post("contacts/", body).json()
    resp = api_for(agent_b).post(
        f"contacts/{other['id']}/link", {"ticket": ticket.pk, "version": 0}
    )
    assert resp.status_code == 400 and "ticket" in resp.json()["fields"]


def test_department_head_does_not_see_the_register(api_for, contact, dept_head_a):
    assert api_for(dept_head_a).get(f"contacts/{contact['id']}").status_code == 404
    assert api_for(dept_head_a).get("contacts/").json()["count"] == 0
