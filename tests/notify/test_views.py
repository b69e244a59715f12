"""Notification list, mark read, the header bell and the API: own notifications only, paged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from propdesk.notify.models import Notification
from propdesk.notify.services import notify

pytestmark = pytest.mark.django_db


def _make(user, n, code="x"):
    for i in range(n):
        notify(recipients=[user], code=code, title=f"消息 {i}", channels=[])


def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("notify:list")).status_code == 302


def test_list_shows_own_notifications_only(client_for, agent_a, agent_b):
    _make(agent_a, 1)
    notify(recipients=[agent_b], code="x", title="别人的", channels=[])
    body = client_for(agent_a).get(reverse("notify:list")).content.decode()
    assert "消息 0" in body and "别人的" not in body


def test_list_query_count_is_fixed(client_for, agent_a):
    c = client_for(agent_a)
    _make(agent_a, 2)

    def count(size):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("notify:list"), {"size": size}).status_code == 200
        return len(ctx.captured_queries)

    small = count(10)
    _make(agent_a, 40)
    assert count(100) == small


def test_mark_read_needs_post_and_own_notification(client_for, agent_a, agent_b):
    _make(agent_a, 1)
    mine = Notification.objects.get()
    c = client_for(agent_b)
    assert c.get(reverse("notify:read", args=[mine.pk])).status_code == 405
    assert c.post(reverse("notify:read", args=[mine.pk])).status_code == 404
    c = client_for(agent_a)
    assert c.post(
        reverse("notify:read", args=[mine.pk]), {"next": "https://evil.example/"}
    ).url == reverse("notify:list")
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_all_read_and_bell(client_for, agent_a):
    _make(agent_a, 3)
    c = client_for(agent_a)
    page = c.get(reverse("notify:list")).content.decode()
    assert 'badge text-bg-danger">3<' in page
    c.post(reverse("notify:read-all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "text-bg-danger" not in c.get(reverse("notify:list")).content.decode()


def test_bell_in_english(client_for, agent_a):
    _make(agent_a, 1)
    c = client_for(agent_a)
    c.post(
        reverse("set_language"), {"language": "en", "next": "/"}
    )  # the language switch, not the browser
    page = c.get(reverse("notify:list")).content.decode()
    assert "Notifications" in page


def test_api_lists_and_marks_read(client_for, agent_a, agent_b):
    _make(agent_a, 3)
    c = client_for(agent_a)
    data = c.get("/api/v1/notifications/?limit=2").json()
    assert (data["count"], data["unread"], len(data["items"])) == (3, 3, 2)
    first = data["items"][0]["id"]
    assert c.post(f"/api/v1/notifications/{first}/read").status_code == 204
    assert c.get("/api/v1/notifications/?unread=true").json()["count"] == 2
    assert client_for(agent_b).post(f"/api/v1/notifications/{first}/read").status_code == 404


def test_api_query_count_is_fixed(client_for, agent_a):
    c = client_for(agent_a)
    _make(agent_a, 2)
    with CaptureQueriesContext(connection) as small:
        c.get("/api/v1/notifications/?limit=10")
    _make(agent_a, 30)
    with CaptureQueriesContext(connection) as big:
        c.get("/api/v1/notifications/?limit=100")
    assert len(big.captured_queries) == len(small.captured_queries)
