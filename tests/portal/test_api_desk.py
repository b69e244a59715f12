"""The API of the desk's invitations and household link requests, and of the resident's household
and notice choice: the same services and checks as the pages (every action has its operation)."""

import pytest
from django.test import Client

from propdesk.people.models import Occupancy
from propdesk.people.services import api_token_create
from propdesk.portal.models import HouseholdRequest, Invitation
from propdesk.portal.notices import wants_messages

pytestmark = pytest.mark.django_db


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='api')[1]}"}


def _post(user, path, body=None):
    return Client().post(
        f"/api/v1/{path}", body or {}, content_type="application/json", **_auth(user)
    )


def _get(user, path):
    return Client().get(f"/api/v1/{path}", **_auth(user))


def test_invitation_through_the_api_link_signs_in_once(agent_a, agent_b, resident_a):
    resp = _post(agent_a, f"residents/{resident_a.pk}/invitations/", {"days": 3})
    assert resp.status_code == 201
    link = resp.json()["link"]
    path = link[link.index("/portal/invite/") :]
    assert Client().post(path).status_code == 302
    assert Client().post(path).status_code == 400
    listing = _get(agent_a, f"residents/{resident_a.pk}/invitations/").json()
    assert listing["items"][0]["status"] == "used" and "link" not in listing["items"][0]
    assert _post(agent_b, f"residents/{resident_a.pk}/invitations/").status_code == 404


def test_invitation_api_refuses_extra_fields_and_revokes(agent_a, resident_a, auditor):
    resp = _post(agent_a, f"residents/{resident_a.pk}/invitations/", {"days": 7, "site": 1})
    assert resp.status_code == 422 and "site" in resp.json()["message"]
    assert not Invitation.objects.exists()
    assert _post(auditor, f"residents/{resident_a.pk}/invitations/").status_code == 403
    made = _post(agent_a, f"residents/{resident_a.pk}/invitations/").json()
    resp = _post(agent_a, f"residents/{resident_a.pk}/invitations/{made['id']}/revoke")
    assert resp.status_code == 200 and resp.json()["status"] == "revoked"
    assert (
        _post(agent_a, f"residents/{resident_a.pk}/invitations/{made['id']}/revoke").status_code
        == 409
    )


def test_household_through_the_api(
    owner_a, unit_a, agent_a, agent_b, django_assert_max_num_queries
):
    resp = _post(owner_a, "portal/household/requests",
                 {"unit": unit_a.pk, "name": "孙八", "phone": "13755556666", "relation": "family"})  # fmt: skip
    assert resp.status_code == 201
    assert resp.json()["units"][0]["requests"][0]["state"] == "pending"
    bad = _post(owner_a, "portal/household/requests",
                {"unit": unit_a.pk, "name": "x", "phone": "13755556667", "relation": "family",
                 "state": "confirmed"})  # fmt: skip
    assert bad.status_code == 422 and "state" in bad.json()["message"]
    for n in range(4):  # the list's queries do not grow with its rows
        _post(owner_a, "portal/household/requests",
              {"unit": unit_a.pk, "name": f"家属{n}", "phone": f"1375555000{n}", "relation": "family"})  # fmt: skip
    auth = _auth(agent_a)
    with django_assert_max_num_queries(11):
        listing = Client().get("/api/v1/household-requests/", **auth).json()
    assert listing["count"] == 5
    item = listing["items"][0]
    assert item["actions"] == ["confirm", "refuse"] and item["phone"] == "137****6666"
    assert _post(agent_b, f"household-requests/{item['id']}/confirm").status_code == 404
    resp = _post(agent_a, f"household-requests/{item['id']}/confirm", {"version": item["version"]})
    assert resp.status_code == 200 and resp.json()["state"] == "confirmed"
    assert Occupancy.objects.filter(unit=unit_a, resident__phone="13755556666").exists()
    with django_assert_max_num_queries(11):
        mine = Client().get("/api/v1/portal/household", **_auth(owner_a)).json()
    assert any(m["name"] == "孙八" for m in mine["units"][0]["members"])


def test_refuse_needs_a_reason_through_the_api(owner_a, unit_a, agent_a):
    _post(owner_a, "portal/household/requests",
          {"unit": unit_a.pk, "name": "孙八", "phone": "13755556666", "relation": "family"})  # fmt: skip
    r = HouseholdRequest.objects.get()
    resp = _post(agent_a, f"household-requests/{r.pk}/refuse", {"reason": "  "})
    assert resp.status_code == 400 and "原因" in resp.json()["message"]
    resp = _post(agent_a, f"household-requests/{r.pk}/refuse", {"reason": "请带证件来前台"})
    assert resp.status_code == 200 and resp.json()["actions"] == []


def test_notice_choice_through_the_api(owner_a, agent_a):
    assert _get(owner_a, "portal/notice-choice").json() == {"by_message": False}
    assert _post(owner_a, "portal/notice-choice", {"by_message": True}).status_code == 200
    assert wants_messages(owner_a)
    assert _post(owner_a, "portal/notice-choice", {"by_message": True, "x": 1}).status_code == 422
    assert _post(agent_a, "portal/notice-choice", {"by_message": True}).status_code == 404


def test_invitation_list_query_count(agent_a, resident_a, django_assert_max_num_queries):
    for _n in range(4):
        _post(agent_a, f"residents/{resident_a.pk}/invitations/")
    auth = _auth(agent_a)
    with django_assert_max_num_queries(10):
        listing = Client().get(f"/api/v1/residents/{resident_a.pk}/invitations/", **auth).json()
    assert listing["count"] == 4
    assert [i["status"] for i in listing["items"]] == ["open", "revoked", "revoked", "revoked"]


def test_the_link_page_after_making_an_invitation_query_count(
    agent_a, resident_a, django_assert_max_num_queries
):
    c = Client()
    c.force_login(agent_a)
    url = f"/people/residents/{resident_a.pk}/invite/"
    with django_assert_max_num_queries(20):
        assert c.post(url, {"days": 7, "output": "link"}).status_code == 200
