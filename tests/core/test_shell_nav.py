"""The menu and the home page: each role is shown the links that open for it, named as the desk
names them; a resident signing in gets a resident's page, not the staff home."""

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROLES = ["agent_a", "lead_a", "csm", "dept_head_a", "pcm_a", "gm", "archivist", "auditor"]


def _links(resp) -> list[str]:
    urls = []
    for item in resp.context["nav_items"]:
        urls += [c["url"] for c in item["children"]] if "children" in item else [item["url"]]
    return urls


@pytest.mark.parametrize("persona", ROLES)
def test_every_menu_link_opens_for_the_role_that_sees_it(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    links = _links(client.get(reverse("home")))
    assert links and all(client.get(url).status_code == 200 for url in links), links


@pytest.mark.parametrize("persona", ["gm", "auditor", "pcm_a"])
def test_readers_of_every_ticket_have_the_ticket_list_in_the_menu(client_for, request, persona):
    resp = client_for(request.getfixturevalue(persona)).get(reverse("home"))
    assert reverse("tickets:list") in _links(resp)
    assert "工单列表" in resp.content.decode()


def test_menu_names_the_register_for_calls_letters_and_visits(client_for, agent_a):
    html = client_for(agent_a).get(reverse("home")).content.decode()
    assert "来人来电来访登记" in html and ">来访登记<" not in html


def test_menu_groups_ticket_links_in_one_dropdown(client_for, csm):
    items = client_for(csm).get(reverse("home")).context["nav_items"]
    groups = [i for i in items if i.get("children")]
    tickets = next(
        g for g in groups if reverse("tickets:list") in [c["url"] for c in g["children"]]
    )
    assert {c["url"] for c in tickets["children"]} >= {
        reverse("tickets:list"), reverse("tickets:callbacks"), reverse("tickets:escalations")
    }  # fmt: skip


def test_resident_gets_the_resident_portal_with_units_requests_and_messages(
    client_for, resident_user, unit_a
):
    assert client_for(resident_user).get(reverse("home")).url == reverse("portal:home")
    resp = client_for(resident_user).get(reverse("portal:home"))
    html = resp.content.decode()
    assert resp.templates[0].name == "portal/home.html"
    assert "您的房屋" in html and unit_a.code in html and "您未完成的请求" in html
    assert "尚未分配任何项目" not in html and 'role="search"' not in html
    labels = [i["label"] for i in resp.context["nav_items"]]
    assert labels == ["我的首页", "我的请求", "新建请求", "物品放行", "包裹", "公告", "我的数据"]


def test_resident_without_a_unit_is_told_whom_to_ask(client_for, db):
    html = client_for(make_user("resident")).get(reverse("home"), follow=True).content.decode()
    assert "您的账号尚未关联房屋" in html


def test_staff_still_get_the_staff_home(client_for, agent_a):
    assert client_for(agent_a).get(reverse("home")).templates[0].name == "core/home.html"
