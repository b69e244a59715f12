"""The admin's change forms render and save (their widgets come from Django templates)."""

import pytest
from django.urls import reverse

from tests.factories import make_user


@pytest.fixture
def sysadmin(db):
    return make_user("sysadmin", is_staff=True)


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
