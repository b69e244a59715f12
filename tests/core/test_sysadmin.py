"""The system administrator sees configuration, not residents (SECURITY.md §c rule 2).

`sysadmin` manages users, roles, sites, categories, calendars, SLA, templates and webhooks in the
admin, and gets 404 on every business page, API operation and business admin page. Business data
in the admin is read-only and only for roles that may read it anyway, within their sites.
A new app's admins and routes join these tests by existing: the tests walk the admin registry,
the URL resolver and the OpenAPI document.
"""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from propdesk.core.admin import BusinessAdmin, ConfigAdmin
from propdesk.people.gate import CONFIG_ROUTES
from propdesk.people.services import api_token_create
from tests.business_records import records_at
from tests.core.test_routes import ROUTES, _sample_path
from tests.factories import make_user

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


@pytest.fixture
def sysadmin(db):
    return make_user("sysadmin", is_staff=True)


@pytest.fixture
def world(site_a, site_b, unit_a, unit_b, resident_a, resident_b):
    return {
        "A": records_at(site_a, unit_a, resident_a),
        "B": records_at(site_b, unit_b, resident_b),
    }


def _admins():
    return sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label)


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _records_of(world, model, site_key):
    return [o for o in world[site_key].items.values() if type(o) is model]


def test_item2_every_model_admin_is_configuration_or_business():
    """Item 2: each admin says what it holds (a new app's admin must choose one base)."""
    loose = [m._meta.label for m, a in _admins() if not isinstance(a, ConfigAdmin | BusinessAdmin)]
    assert loose == []
    closed = [
        m._meta.label for m, a in _admins() if isinstance(a, BusinessAdmin) and not a.reader_roles
    ]
    assert closed == []  # every business admin names the roles that read it


def test_item2_sysadmin_edits_configuration_in_the_admin(client_for, sysadmin, site_a, rf):
    c = client_for(sysadmin)
    request = rf.get("/")
    request.user = sysadmin
    assert c.get(reverse("admin:index")).status_code == 200
    for model, model_admin in _admins():
        if not isinstance(model_admin, ConfigAdmin):
            continue
        assert c.get(_url(model, "changelist")).status_code == 200, model._meta.label
        if model_admin.has_add_permission(request):
            assert c.get(_url(model, "add")).status_code == 200, model._meta.label


def test_item2_sysadmin_gets_404_on_every_business_admin_page(client_for, sysadmin, world):
    c = client_for(sysadmin)
    for model, model_admin in _admins():
        if not isinstance(model_admin, BusinessAdmin):
            continue
        assert c.get(_url(model, "changelist")).status_code == 404, model._meta.label
        for obj in _records_of(world, model, "A"):
            for view in ("change", "history", "delete"):
                assert c.get(_url(model, view, obj.pk)).status_code == 404, (model, view)
    index = c.get(reverse("admin:index")).content.decode()
    assert "/admin/tickets/ticket/" not in index and "/admin/people/resident/" not in index


def test_item2_business_admin_is_read_only_for_its_readers_within_their_sites(client, world):
    lead = world["A"].lead
    lead.is_staff = True
    lead.save()
    client.force_login(lead)
    seen = set()
    for model, model_admin in _admins():
        if (
            not isinstance(model_admin, BusinessAdmin)
            or "supervisor" not in model_admin.reader_roles
        ):
            continue
        resp = client.get(_url(model, "changelist"))
        assert resp.status_code == 200, model._meta.label
        shown = set(resp.context["cl"].queryset.values_list("pk", flat=True))
        for obj in _records_of(world, model, "B"):
            assert obj.pk not in shown, model._meta.label
            assert client.get(_url(model, "change", obj.pk)).status_code == 404
        for obj in _records_of(world, model, "A"):
            page = client.get(_url(model, "change", obj.pk))
            assert page.status_code == 200, model._meta.label
            html = page.content.decode()
            assert not PHONE.search(html) and not ID_NUMBER.search(html), model._meta.label
            assert client.post(_url(model, "change", obj.pk), {}).status_code == 403
            assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
            assert type(obj).objects.filter(pk=obj.pk).exists()
            seen.add(model)
        assert client.get(_url(model, "add")).status_code == 403
    assert len(seen) >= 8  # tickets, contacts, desk records, promises, incidents, residents


def test_item2_a_superuser_is_only_a_system_administrator(client, world):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.com", "x-Secret-9876")
    client.force_login(root)
    ticket = world["A"]["ticket"]
    assert client.get(reverse("tickets:detail", args=[ticket.pk])).status_code == 404
    assert client.get(_url(type(ticket), "change", ticket.pk)).status_code == 404
    assert client.get(reverse("admin:orgs_site_changelist")).status_code == 200


def _detail_urls(world):
    a = world["A"]
    return [
        reverse("tickets:detail", args=[a["ticket"].pk]),
        reverse("tickets:attachment", args=[a["ticket"].pk, a["ticket_attachment"].key]),
        reverse("tickets:contact-detail", args=[a["contact"].pk]),
        reverse("frontdesk:dutylog-detail", args=[a["duty_log"].pk]),
        reverse("frontdesk:handover-detail", args=[a["handover"].pk]),
        reverse("frontdesk:mail-detail", args=[a["mail"].pk]),
        reverse("service:promise-detail", args=[a["promise"].pk]),
        reverse("service:incident-detail", args=[a["incident"].pk]),
        reverse("people:resident-detail", args=[a.resident.pk]),
        reverse("people:unit-detail", args=[a.unit.pk]),
        f"/api/v1/tickets/{a['ticket'].pk}",
        f"/api/v1/contacts/{a['contact'].pk}",
        f"/api/v1/desk/duty-logs/{a['duty_log'].pk}",
        f"/api/v1/desk/handovers/{a['handover'].pk}",
        f"/api/v1/desk/parcels/{a['mail'].pk}",
        f"/api/v1/promises/{a['promise'].pk}",
        f"/api/v1/incidents/{a['incident'].pk}",
        f"/api/v1/residents/{a.resident.pk}",
    ]


def test_item2_sysadmin_gets_404_where_a_reader_of_the_record_gets_200(client, sysadmin, world):
    """Item 2: tickets, contacts, duty logs, handovers, parcels, promises, incidents, residents."""
    lead = Client()
    lead.force_login(world["A"].lead)
    client.force_login(sysadmin)
    for url in _detail_urls(world):
        assert lead.get(url).status_code == 200, url
        resp = client.get(url)
        assert resp.status_code == 404, url
        if url.startswith("/api/"):
            assert resp.json()["code"] == "not_found"


@pytest.mark.parametrize("method", ["get", "post"])
def test_item2_sysadmin_gets_404_on_every_page_outside_the_admin(client, sysadmin, method):
    """Every route the resolver knows, today's and a later app's: 404 unless it is a sign-in,
    password, profile or language route (the gate's list)."""
    client.force_login(sysadmin)
    wrong = {}
    for name, pattern in ROUTES:
        if name in CONFIG_ROUTES or pattern.startswith(("api/v1/", "static")) or not name:
            continue
        status = getattr(client, method)(_sample_path(pattern)).status_code
        if status != 404:
            wrong[name] = status
    assert wrong == {}
    assert client.get(reverse("home")).url == reverse("admin:index")


def _operations():
    from propdesk.config.api import api

    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method in ops:
            yield method, re.sub(r"\{[^}]+\}", "1", path)


def test_item2_sysadmin_gets_404_on_every_api_operation(client, sysadmin, world):
    """With a token and with the session; `me` only answers (who am I, no business data)."""
    _token, raw = api_token_create(user=sysadmin, name="配置")
    session = Client()
    session.force_login(sysadmin)
    for method, path in _operations():
        if path == "/api/v1/me":
            continue
        by_token = getattr(client, method)(
            path, {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
        )
        by_session = getattr(session, method)(path, {}, content_type="application/json")
        # 405: the path is routed to another operation that lacks the method (no data either)
        assert {by_token.status_code, by_session.status_code} <= {404, 405}, (method, path)
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert me["roles"] == ["sysadmin"] and me["site_ids"] == []


def test_item2_sysadmin_role_is_not_combined_with_business_roles(client_for, sysadmin, agent_a):
    from django.contrib.auth.models import Group

    groups = [Group.objects.get(name="sysadmin").pk, Group.objects.get(name="agent").pk]
    resp = client_for(sysadmin).post(
        reverse("admin:people_user_change", args=[agent_a.pk]),
        {
            "username": agent_a.username,
            "name": agent_a.name,
            "is_active": "on",
            "groups": groups,
            "staff-TOTAL_FORMS": "0",
            "staff-INITIAL_FORMS": "0",
        },
    )
    assert resp.status_code == 200 and resp.context["adminform"].form.errors
    assert set(agent_a.groups.values_list("name", flat=True)) == {"agent"}
