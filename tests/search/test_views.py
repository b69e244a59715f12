"""The results page, the header box and the API: access, scope, escaping, fixed query count."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

URL = "/search/"


def test_anonymous_is_sent_to_login(client):
    resp = client.get(URL, {"q": "漏水"})
    assert resp.status_code == 302 and "login" in resp["Location"]


def test_post_is_not_allowed(client_for, agent_a):
    assert client_for(agent_a).post(URL, {"q": "漏水"}).status_code == 405


def test_results_page_shows_marked_hits_of_own_site_only(
    client_for, agent_b, site_a, site_b, make_note
):
    make_note(site_a, "A小区厨房水管漏水了")
    make_note(site_b, "B大厦卫生间<b>漏水</b>")
    html = client_for(agent_b).get(URL, {"q": "漏水"}).content.decode()
    assert "B大厦卫生间&lt;b&gt;<mark>漏水</mark>&lt;/b&gt;" in html
    assert "A小区" not in html


def test_header_has_the_search_box(client_for, agent_a):
    html = client_for(agent_a).get(reverse("home")).content.decode()
    assert f'action="{URL}"' in html and 'name="q"' in html


def test_type_and_site_filters_combine(client_for, csm, site_a, site_b, make_note):
    make_note(site_a, "东门电梯困人")
    make_note(site_b, "西门电梯困人")
    html = (
        client_for(csm).get(URL, {"q": "电梯", "site": site_b.pk, "type": "note"}).content.decode()
    )
    assert "西门" in html and "东门" not in html
    html = client_for(csm).get(URL, {"q": "电梯", "type": "ticket_unknown"}).content.decode()
    assert "西门" in html  # an unknown type is dropped by the form, not an error


def _count(c, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(URL, params).status_code == 200
    return len(ctx.captured_queries)


def test_results_page_query_count_is_fixed(client_for, agent_a, site_a, make_note):
    c = client_for(agent_a)
    for _ in range(3):
        make_note(site_a, "快递包裹到了")
    few = _count(c, q="快递")
    for _ in range(30):
        make_note(site_a, "快递包裹到了")
    assert _count(c, q="快递") == few
    assert few <= 12


def test_api_search(client_for, agent_a, agent_b, site_a, make_note):
    note = make_note(site_a, "厨房水管漏水了", unit="3栋1单元502")
    body = client_for(agent_a).get("/api/v1/search/", {"q": "3-1-502"}).json()
    assert body["count"] == 1 and body["items"][0]["id"] == note.pk
    assert body["items"][0]["type"] == "note" and body["items"][0]["url"] == f"/notes/{note.pk}/"
    assert client_for(agent_b).get("/api/v1/search/", {"q": "漏水"}).json()["count"] == 0


def test_api_needs_authentication(client):
    assert client.get("/api/v1/search/", {"q": "漏水"}).status_code == 401


def test_api_query_count_is_fixed(client_for, agent_a, site_a, make_note):
    c = client_for(agent_a)
    make_note(site_a, "快递包裹到了")
    with CaptureQueriesContext(connection) as small:
        c.get("/api/v1/search/", {"q": "快递", "limit": 10})
    for _ in range(20):
        make_note(site_a, "快递包裹到了")
    with CaptureQueriesContext(connection) as large:
        c.get("/api/v1/search/", {"q": "快递", "limit": 100})
    assert len(large.captured_queries) == len(small.captured_queries)


def test_page_and_api_say_when_results_are_newest_first(
    client_for, agent_a, site_a, make_note, monkeypatch
):
    from propdesk.search import selectors

    for _ in range(3):
        make_note(site_a, "电梯异响")
    monkeypatch.setattr(selectors, "RANK_LIMIT", 2)
    c = client_for(agent_a)
    body = c.get("/api/v1/search/", {"q": "电梯"}).json()
    assert body["more"] is True and body["count"] == 2 and len(body["items"]) == 3
    html = c.get(URL, {"q": "电梯"}).content.decode()
    assert "超过 2 条结果" in html


def test_page_and_api_show_the_words_that_narrowed_the_search(
    client_for, agent_a, site_a, make_note
):
    make_note(site_a, "电梯异响")
    c = client_for(agent_a)
    assert c.get("/api/v1/search/", {"q": "今天 电梯 投诉"}).json()["narrowed_by"] == [
        "今天",
        "投诉",
    ]
    assert (
        "已按以下条件缩小范围：今天、投诉" in c.get(URL, {"q": "今天 电梯 投诉"}).content.decode()
    )
