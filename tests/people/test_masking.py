"""Personal data masking and logged reveal (PIPL minimum necessary; SECURITY.md P2)."""

import re

from django.urls import reverse

from propdesk.core.masking import mask_id_number, mask_phone
from propdesk.core.models import DataAccess

FULL_PHONE = re.compile(r"1[3-9]\d{9}")
FULL_ID = re.compile(r"\d{17}[\dXx]")


def test_mask_formats():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("110101199003071234") == "110***********1234"
    assert mask_phone("") == ""


def test_agent_sees_masked_numbers_on_every_directory_page(client_for, agent_a, resident_a, unit_a):
    c = client_for(agent_a)
    for url in (
        reverse("people:directory"),
        reverse("people:unit-detail", args=[unit_a.pk]),
        reverse("people:resident-detail", args=[resident_a.pk]),
    ):
        html = c.get(url).content.decode()
        assert not FULL_PHONE.search(html) and not FULL_ID.search(html), url
    assert "138****5678" in c.get(reverse("people:directory")).content.decode()


def test_api_returns_masked_numbers(client_for, agent_a, resident_a):
    body = client_for(agent_a).get("/api/v1/residents/").content.decode()
    assert "138****5678" in body and not FULL_PHONE.search(body) and not FULL_ID.search(body)


def test_reveal_shows_full_number_and_logs_who_whose_when(client_for, agent_a, resident_a):
    resp = client_for(agent_a).post(
        reverse("people:resident-reveal", args=[resident_a.pk]),
        {"field": "phone", "reason": "回电"},
    )
    assert "13812345678" in resp.content.decode()
    log = DataAccess.objects.get()
    assert (log.actor, log.object_id, log.field, log.reason) == (
        agent_a,
        resident_a.pk,
        "phone",
        "回电",
    )
    assert log.created_at is not None


def test_reveal_through_api_is_logged(client_for, agent_a, resident_a):
    resp = client_for(agent_a).post(
        f"/api/v1/residents/{resident_a.pk}/reveal",
        {"field": "id_number"},
        content_type="application/json",
    )
    assert resp.json()["value"] == "110101199003071234"
    assert DataAccess.objects.filter(field="id_number", actor=agent_a).count() == 1


def test_gm_and_auditor_cannot_reveal(client_for, gm, auditor, resident_a):
    for user in (gm, auditor):
        resp = client_for(user).post(
            reverse("people:resident-reveal", args=[resident_a.pk]), {"field": "phone"}
        )
        assert resp.status_code == 403
    assert not DataAccess.objects.exists()


def test_reveal_of_other_site_resident_is_404_and_not_logged(client_for, agent_b, resident_a):
    resp = client_for(agent_b).post(
        reverse("people:resident-reveal", args=[resident_a.pk]), {"field": "phone"}
    )
    assert resp.status_code == 404
    assert not DataAccess.objects.exists()
