"""I2: open redirect. Every view that takes `next` (sign-in, sign-out, language switch, site
switch, marking notifications read, ticket actions, meeting actions) lands on the same-origin default when `next` points off the
site (`//evil.example`, `/\\evil.example`, `https:evil.example`, `%2F%2Fevil.example` …); a
same-origin path is still honoured.

The values are written as they would stand in a crafted link, i.e. URL-encoded, and sent raw in
the query string and in the form body, so `%2F%2Fevil.example` reaches the view as
`//evil.example`, the way a browser delivers it.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

EVIL = [
    "//evil.example",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https:evil.example",
    "https:/evil.example",
    "https://evil.example/",
    "http://evil.example",
    "HTTPS://evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "%5C%5Cevil.example",
    "///evil.example",
    "%20//evil.example",
    "%09//evil.example",
    "%0D%0A//evil.example",
    "/%09/evil.example",
    "//evil.example%40testserver/",
    "https://testserver%40evil.example/",
    "https://testserver.evil.example/",
    "javascript:alert(1)//evil.example",
    "//evil%2Eexample",
    "//%EF%BD%85%EF%BD%96%EF%BD%89%EF%BD%8C.example",
]


FORM = "application/x-www-form-urlencoded"


def _post(client, url, body, **extra):
    return client.post(url, body, content_type=FORM, **extra)


def _lands_home(resp, default):
    """The answer is a redirect to a same-origin path (the view's default)."""
    assert resp.status_code in (302, 303), resp.status_code
    loc = resp["Location"]
    parts = urlsplit(loc)
    assert not parts.scheme and not parts.netloc, loc
    assert loc.startswith("/") and not loc.startswith("//") and "\\" not in loc, loc
    assert "evil" not in loc.lower(), loc
    assert loc == default, (loc, default)


@pytest.mark.parametrize("evil", EVIL)
def test_I2_login_next_lands_on_the_default(client, agent_a, evil):
    url = reverse("login") + "?next=" + evil
    body = f"username={agent_a.username}&password={PASSWORD}"
    _lands_home(_post(client, url, body), reverse("home"))
    client.logout()
    _lands_home(_post(client, url, body + "&next=" + evil), reverse("home"))


@pytest.mark.parametrize("evil", EVIL)
def test_I2_logout_next_lands_on_the_default(client, agent_a, evil):
    client.force_login(agent_a)
    _lands_home(_post(client, reverse("logout") + "?next=" + evil, ""), reverse("login"))
    client.force_login(agent_a)
    _lands_home(_post(client, reverse("logout"), "next=" + evil), reverse("login"))


@pytest.mark.parametrize("evil", EVIL)
def test_I2_language_switch_next_lands_on_the_default(client, agent_a, evil):
    client.force_login(agent_a)
    from urllib.parse import unquote

    resp = _post(client, reverse("set_language"), "language=en&next=" + evil)
    # Django's set_language falls back to the Referer, then to "/".
    _lands_home(resp, "/")
    resp = _post(
        client, reverse("set_language"), "language=zh-hans&next=" + evil, HTTP_REFERER=unquote(evil)
    )
    _lands_home(resp, "/")


@pytest.mark.parametrize("evil", EVIL)
def test_I2_site_switch_next_lands_on_the_default(client, agent_a, site_a, evil):
    client.force_login(agent_a)
    resp = _post(client, reverse("site-switch"), f"site_id={site_a.pk}&next={evil}")
    _lands_home(resp, reverse("home"))


@pytest.mark.parametrize("evil", EVIL)
def test_I2_notification_read_next_lands_on_the_default(client, agent_a, evil):
    from propdesk.notify.models import Notification

    client.force_login(agent_a)
    n = Notification.objects.create(recipient=agent_a, code="x", title="t")
    resp = _post(client, reverse("notify:read", args=[n.pk]), "next=" + evil)
    _lands_home(resp, reverse("notify:list"))
    resp = _post(client, reverse("notify:read-all"), "next=" + evil)
    _lands_home(resp, reverse("notify:list"))


def test_I2_a_same_origin_next_is_still_honoured(client, agent_a, site_a):
    resp = client.post(
        reverse("login") + "?next=/tickets/",
        {"username": agent_a.username, "password": PASSWORD, "next": "/tickets/"},
    )
    assert resp["Location"] == "/tickets/"
    resp = client.post(reverse("site-switch"), {"site_id": site_a.pk, "next": "/desk/"})
    assert resp["Location"] == "/desk/"


@pytest.fixture
def ticket_a(agent_a, site_a, unit_a, resident_a, eng_dept_a, dept_head_a):
    from propdesk.tickets import services
    from propdesk.tickets.models import Category

    contact = services.contact_register(
        actor=agent_a, site=site_a, channel="phone", kind="repair", content="厨房漏水",
        resident=resident_a, unit=unit_a,
    )  # fmt: skip
    return services.ticket_open(
        actor=agent_a, contact=contact, kind="repair",
        category=Category.objects.get(kind="repair", code="plumbing"), title="厨房漏水",
    )  # fmt: skip


@pytest.mark.parametrize("evil", EVIL)
def test_I2_ticket_action_next_lands_on_the_ticket(client, agent_a, ticket_a, evil):
    """A ticket action done (or refused) from a list sends the user back to `next`: off-site
    targets land on the ticket instead."""
    client.force_login(agent_a)
    url = reverse("tickets:action", args=[ticket_a.pk, "urge"])
    default = reverse("tickets:detail", args=[ticket_a.pk])
    refused = _post(client, f"{url}?next={evil}", "next=" + evil)  # no version: refused
    _lands_home(refused, default)
    ticket_a.refresh_from_db()
    done = _post(client, url, f"next={evil}&urge-version={ticket_a.version}&urge-note=x")
    _lands_home(done, default)


@pytest.mark.parametrize("evil", EVIL[:6])
def test_I2_meeting_action_next_is_a_named_page_only(client, site_a, pcm_a, csm, dept_head_a, evil):
    """The meetings board sends back only to its own named pages."""
    from datetime import timedelta

    from django.utils import timezone

    from propdesk.meetings import services

    series = services.series_create(actor=pcm_a, site=site_a, chair=pcm_a, minute_taker=csm)
    meeting = series.meetings.get()
    services.meeting_hold(actor=pcm_a, meeting=meeting)
    item = services.action_add(
        actor=csm, meeting=meeting, title="整改", owner=dept_head_a,
        due_on=timezone.localdate() + timedelta(days=7),
    )  # fmt: skip
    client.force_login(dept_head_a)
    resp = _post(client, reverse("meetings:action-act", args=[item.pk, "close"]), "next=" + evil)
    _lands_home(resp, reverse("meetings:board"))


@pytest.mark.parametrize("evil", ["%252F%252Fevil.example", "%255C%255Cevil.example"])
def test_I2_double_encoded_targets_stay_on_the_site(client, agent_a, evil):
    """Encoded twice, the target reaches the view as `%2F%2Fevil.example`: a relative path the
    browser resolves on this site (`/accounts/login/%2F%2Fevil.example`), never off it."""
    from urllib.parse import urljoin

    url = reverse("login") + "?next=" + evil
    resp = _post(client, url, f"username={agent_a.username}&password={PASSWORD}")
    assert resp.status_code == 302
    landed = urlsplit(urljoin("http://testserver" + url, resp["Location"]))
    assert landed.netloc == "testserver" and landed.scheme == "http", landed
