"""Login protection and sessions: axes lockout (S1), session lifecycle (S3), deactivation (A8), headers (S5)."""

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from propdesk.people.models import ApiToken, UserSession
from propdesk.people.services import api_token_create, user_deactivate
from tests.factories import PASSWORD


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_axes_locks_account_after_configured_failures(client, agent_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, agent_a.username, "wrong-password")
    resp = _login(client, agent_a.username, PASSWORD)  # right password, still refused
    assert resp.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_rotates_session_key(client, agent_a):
    client.get(reverse("login"))
    client.session["x"] = 1
    before = client.cookies.get("sessionid").value if client.cookies.get("sessionid") else None
    resp = _login(client, agent_a.username, PASSWORD)
    assert resp.status_code == 302
    assert client.cookies["sessionid"].value != before


def test_logout_invalidates_session_server_side(client, agent_a):
    _login(client, agent_a.username, PASSWORD)
    old = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    stale = Client()
    stale.cookies["sessionid"] = old
    assert stale.get(reverse("home")).status_code == 302


def test_idle_session_expires(client, agent_a, settings):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as tm:
        _login(client, agent_a.username, PASSWORD)
        assert client.get(reverse("home")).status_code == 200
        tm.shift(settings.SESSION_IDLE_MINUTES * 60 + 5)
        assert client.get(reverse("home")).status_code == 302


def test_activity_renews_the_idle_limit_without_a_session_write_per_request(
    client, agent_a, settings
):
    """Requests 20 min apart keep the desk signed in; one a few seconds after another writes nothing."""
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as tm:
        _login(client, agent_a.username, PASSWORD)
        for _ in range(6):  # two hours of work, never idle for SESSION_IDLE_MINUTES
            tm.shift(20 * 60)
            assert client.get(reverse("home")).status_code == 200
        tm.shift(10)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
        assert not [sql for sql in writes if "django_session" in sql]
        tm.shift(settings.SESSION_IDLE_MINUTES * 60 + 5)
        assert client.get(reverse("home")).status_code == 302


def test_absolute_session_lifetime(client, agent_a, settings):
    with time_machine.travel("2026-03-02 08:00 +0800", tick=False) as tm:
        _login(client, agent_a.username, PASSWORD)
        for _ in range(settings.SESSION_ABSOLUTE_HOURS * 4 + 1):
            tm.shift(15 * 60)
            client.get(reverse("home"))
        assert client.get(reverse("home")).status_code == 302


def _two_sessions_and_a_token(user):
    first, second = Client(), Client()
    _login(first, user.username, PASSWORD)
    _login(second, user.username, PASSWORD)
    _token, raw = api_token_create(user=user, name="集成")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert first.get(reverse("home")).status_code == 200
    assert Client().get("/api/v1/me", **headers).status_code == 200
    return first, second, headers


def _no_call_succeeds(first, second, headers):
    assert first.get(reverse("home")).status_code == 302
    assert second.get(reverse("home")).status_code == 302
    assert second.get("/api/v1/me").status_code == 401
    assert Client().get("/api/v1/me", **headers).status_code == 401
    assert Client().get("/api/v1/tickets/", **headers).status_code == 401


def test_a8_deactivated_user_loses_sessions_and_tokens(agent_a, csm):
    """A8: a user with 2 live sessions and 1 API token is deactivated: 0 successful calls after."""
    first, second, headers = _two_sessions_and_a_token(agent_a)
    assert UserSession.objects.filter(user_id=agent_a.pk).count() == 2
    user_deactivate(actor=csm, user=agent_a)
    _no_call_succeeds(first, second, headers)
    assert not UserSession.objects.filter(user_id=agent_a.pk).exists()


def test_a8_the_administrator_deactivates_from_the_user_list(agent_a, client, db):
    """A8: the admin's "deactivate" action ends the sessions and revokes the token."""
    from tests.factories import make_user

    first, second, headers = _two_sessions_and_a_token(agent_a)
    client.force_login(make_user("sysadmin", is_staff=True))
    resp = client.post(
        reverse("admin:people_user_changelist"),
        {"action": "deactivate", "_selected_action": [agent_a.pk]},
    )
    assert resp.status_code == 302
    _no_call_succeeds(first, second, headers)
    agent_a.refresh_from_db()
    assert not agent_a.is_active


def test_a8_unticking_active_in_the_admin_also_ends_sessions(agent_a, client, db):
    from tests.factories import make_user

    first, second, headers = _two_sessions_and_a_token(agent_a)
    client.force_login(make_user("sysadmin", is_staff=True))
    resp = client.post(
        reverse("admin:people_user_change", args=[agent_a.pk]),
        {
            "username": agent_a.username,
            "name": agent_a.name,
            "groups": list(agent_a.groups.values_list("pk", flat=True)),
            "staff-TOTAL_FORMS": "1",
            "staff-INITIAL_FORMS": "1",
            "staff-0-id": agent_a.staff.pk,
            "staff-0-user": agent_a.pk,
            "staff-0-employee_no": agent_a.staff.employee_no,
            "staff-0-sites": list(agent_a.staff.sites.values_list("pk", flat=True)),
        },
    )
    assert resp.status_code == 302, resp.context and resp.context["adminform"].form.errors
    _no_call_succeeds(first, second, headers)


def test_a8_deactivation_does_not_read_every_session(agent_a, csm, django_assert_max_num_queries):
    """A8: the sessions of the user are found by an index, not by decoding every live session."""
    for _ in range(30):
        _login(Client(), csm.username, PASSWORD)  # other users' sessions
    with django_assert_max_num_queries(8):
        user_deactivate(actor=csm, user=agent_a)


def test_a8_nobody_deactivates_themselves(csm):
    from propdesk.core.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        user_deactivate(actor=csm, user=csm)


def test_revoked_token_is_refused(client_for, agent_a):
    token, raw = api_token_create(user=agent_a, name="旧")
    c = client_for(agent_a)
    c.post(reverse("people:token-revoke", args=[token.pk]))
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_profile_page_creates_a_token_shown_once(client_for, agent_a):
    resp = client_for(agent_a).post(reverse("people:profile"), {"name": "报表"})
    token = ApiToken.objects.get(user=agent_a)
    raw = resp.context["new_key"]
    assert raw.startswith(token.prefix) and token.key_hash != raw
    assert (
        Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"]
        == agent_a.username
    )


def test_pages_send_security_headers_and_no_store(client_for, agent_a):
    resp = client_for(agent_a).get(reverse("home"))
    csp = resp["Content-Security-Policy"]
    assert (
        "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    )
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Referrer-Policy"] == "same-origin"
    assert resp["Cache-Control"] == "no-store"


def test_login_next_does_not_redirect_off_site(client, agent_a):
    for evil in ("//evil.example", "https://evil.example/", "/\\evil.example"):
        resp = client.post(
            reverse("login") + f"?next={evil}",
            {"username": agent_a.username, "password": PASSWORD, "next": evil},
        )
        assert "evil.example" not in resp.get("Location", "")
        client.post(reverse("logout"))


def test_api_errors_are_json_with_code_message_fields(client_for, agent_a):
    resp = client_for(agent_a).get("/api/v1/residents/?limit=abc")
    assert resp.status_code == 422
    body = resp.json()
    assert body["code"] == "invalid" and "limit" in body["fields"]


def test_api_without_credentials_is_401(client):
    resp = client.get("/api/v1/me")
    assert resp.status_code == 401 and resp.json()["code"] == "unauthenticated"


def test_ui_is_chinese_even_for_an_english_browser_until_english_is_chosen(client_for, agent_a):
    c = client_for(agent_a)
    assert (
        "退出登录" in c.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    )
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Sign out" in c.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_password_change_needs_the_old_password_and_ends_other_sessions(client, agent_a):
    _login(client, agent_a.username, PASSWORD)
    other = Client()
    _login(other, agent_a.username, PASSWORD)
    bad = client.post(
        reverse("password_change"),
        {
            "old_password": "nope",
            "new_password1": "Xq7!lamp-river",
            "new_password2": "Xq7!lamp-river",
        },
    )
    assert bad.status_code == 200 and not bad.context["form"].is_valid()
    ok = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Xq7!lamp-river",
            "new_password2": "Xq7!lamp-river",
        },
    )
    assert ok.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert other.get(reverse("home")).status_code == 302
