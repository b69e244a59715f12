"""The configuration admin opens in Chinese; submitted records are read-only there (R-FM-6)."""

import pytest
from django.contrib import admin
from django.urls import reverse


@pytest.fixture
def sysadmin(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "x-Secret-9876")


def test_every_registered_changelist_opens(client, sysadmin, site_a):
    client.force_login(sysadmin)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_submitted_records_cannot_be_added_in_the_admin(client, sysadmin):
    client.force_login(sysadmin)
    for name in ("tickets_ticket", "tickets_contact", "frontdesk_dutylog", "service_promise"):
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403, name


def test_an_sla_policy_can_be_edited_in_the_admin(client, sysadmin):
    """R-SS-1: every SLA value is editable; the change form (foreign-key widgets) renders and saves."""
    from django.forms.models import model_to_dict

    from propdesk.tickets.models import SlaPolicy

    client.force_login(sysadmin)
    policy = SlaPolicy.objects.filter(site=None).first()
    url = reverse("admin:tickets_slapolicy_change", args=[policy.pk])
    assert client.get(url).status_code == 200
    form = {k: ("" if v is None else v) for k, v in model_to_dict(policy).items() if v is not False}
    form["response_minutes"] = 33
    assert client.post(url, form).status_code == 302
    policy.refresh_from_db()
    assert policy.response_minutes == 33
