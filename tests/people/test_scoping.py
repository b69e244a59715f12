"""Site scoping: one mechanism for web and API; other sites answer 404 (issue: foundation)."""

import pytest
from django.urls import reverse

from propdesk.orgs.selectors import unit_list_for_user
from propdesk.people.models import ApiToken, hash_token
from propdesk.people.selectors import resident_list_for_user


def bearer(user) -> dict:
    ApiToken.objects.create(user=user, name="t", prefix="x", key_hash=hash_token(f"tok-{user.pk}"))
    return {"HTTP_AUTHORIZATION": f"Bearer tok-{user.pk}"}


def test_agent_of_site_a_gets_404_for_unit_of_site_b_on_web(client_for, agent_a, unit_b):
    resp = client_for(agent_a).get(reverse("people:unit-detail", args=[unit_b.pk]))
    assert resp.status_code == 404


def test_agent_of_site_a_gets_404_for_resident_of_site_b_on_web(client_for, agent_a, resident_b):
    resp = client_for(agent_a).get(reverse("people:resident-detail", args=[resident_b.pk]))
    assert resp.status_code == 404


def test_agent_of_site_a_gets_404_for_unit_and_resident_of_site_b_on_api(
    client, agent_a, unit_b, resident_b
):
    headers = bearer(agent_a)
    assert client.get(f"/api/v1/units/{unit_b.pk}", **headers).status_code == 404
    resp = client.get(f"/api/v1/residents/{resident_b.pk}", **headers)
    assert resp.status_code == 404
    assert resp.json()["code"] == "not_found"


def test_agent_sees_own_site_unit_on_web_and_api(client_for, agent_a, unit_a, resident_a):
    c = client_for(agent_a)
    assert c.get(reverse("people:unit-detail", args=[unit_a.pk])).status_code == 200
    assert c.get(f"/api/v1/residents/{resident_a.pk}").json()["name"] == "张伟"


def test_lists_contain_only_visible_sites(agent_b, resident_a, resident_b, unit_a, unit_b):
    assert list(resident_list_for_user(agent_b)) == [resident_b]
    assert list(unit_list_for_user(agent_b)) == [unit_b]


def test_company_wide_roles_see_every_site(gm, auditor, resident_a, resident_b):
    for user in (gm, auditor):
        assert set(resident_list_for_user(user)) == {resident_a, resident_b}


def test_resident_role_cannot_use_the_staff_directory(client_for, resident_user):
    assert client_for(resident_user).get(reverse("people:directory")).status_code == 403


def test_api_list_of_other_site_is_empty(client, agent_b, resident_a):
    data = client.get("/api/v1/residents/", **bearer(agent_b)).json()
    assert data["count"] == 0 and data["items"] == []


def test_site_switcher_narrows_lists_and_refuses_foreign_site(
    client_for, csm, site_a, site_b, resident_a, resident_b, agent_a
):
    c = client_for(csm)
    c.post(reverse("site-switch"), {"site_id": site_b.pk, "next": "/people/directory/"})
    page = c.get(reverse("people:directory")).content.decode()
    assert "李娜" in page and "张伟" not in page
    c2 = client_for(agent_a)
    c2.post(reverse("site-switch"), {"site_id": site_b.pk})
    assert c2.session.get("current_site_id") is None


@pytest.mark.parametrize("method", ["put", "delete"])
def test_directory_wrong_method_is_405(client_for, agent_a, method):
    assert getattr(client_for(agent_a), method)(reverse("people:directory")).status_code == 405


def test_anonymous_is_sent_to_login(client):
    resp = client.get(reverse("people:directory"))
    assert resp.status_code == 302 and reverse("login") in resp["Location"]


def test_phone_fragment_matches_the_visible_start_or_end(client_for, agent_a, unit_a):
    """A fragment in the hidden middle digits would show a hit the agent cannot see matching."""
    from tests.factories import resident_in

    shown = resident_in(unit_a, name="尾号人", phone="13911115678")
    resident_in(unit_a, name="中间人", phone="13956781111")
    names = [r.name for r in resident_list_for_user(agent_a, q="5678")]
    assert names == [shown.name]
