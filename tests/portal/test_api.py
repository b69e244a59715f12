"""Issue item 9 (first part): `/api/v1/portal/requests/` with a resident's token — only their own
requests; another's answers 404; staff and the unlinked get 404; no staff note in any answer."""

import pytest

from propdesk.people.services import api_token_create
from propdesk.tickets import services
from propdesk.tickets.models import Ticket
from tests.factories import make_user

pytestmark = pytest.mark.django_db


_TOKENS: dict[int, str] = {}


def _get(client, user, path):
    if user.pk not in _TOKENS:
        _TOKENS[user.pk] = api_token_create(user=user, name="小程序")[1]
    auth = f"Bearer {_TOKENS[user.pk]}"
    return client.get(f"/api/v1/portal/{path}", HTTP_AUTHORIZATION=auth)


def test_r_ss_2_the_resident_reads_their_own_requests_by_token(
    client, owner_a, owner_b, submit, agent_a, django_assert_max_num_queries
):
    submit(owner_a)
    submit(owner_a, content="楼道灯坏了")
    t = Ticket.objects.order_by("id").first()
    services.ticket_escalate(actor=agent_a, ticket=t, note="内部：13900001111 住户难缠")
    _TOKENS.clear()
    _get(client, owner_a, "requests/?limit=1")
    with django_assert_max_num_queries(10):
        resp = _get(client, owner_a, "requests/")
    body = resp.json()
    assert resp.status_code == 200 and body["count"] == 2
    assert {i["number"] for i in body["items"]} == set(
        Ticket.objects.values_list("number", flat=True)
    )
    detail = _get(client, owner_a, f"requests/{t.pk}")
    assert detail.status_code == 200 and detail.json()["timeline"][0]["step"]
    assert "13900001111" not in detail.content.decode() and "难缠" not in detail.content.decode()
    other = _get(client, owner_b, f"requests/{t.pk}")
    assert other.status_code == 404 and other.json()["code"] == "not_found"
    assert _get(client, owner_b, "requests/").json()["count"] == 0
    for user in (agent_a, make_user("resident")):
        assert _get(client, user, "requests/").status_code == 404
