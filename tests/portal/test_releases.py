"""R-FD-3 in the portal: the owner sees the goods release slips asked for their unit and
confirms or declines each, through the passes app's own consent service (`release_owner_respond`).
A tenant, another unit's owner and the other site's residents see none of them (404)."""

import pytest
from django.urls import reverse

from propdesk.passes import services
from propdesk.passes.models import GoodsRelease
from tests.factories import resident_in

from .conftest import portal_user

pytestmark = pytest.mark.django_db

ITEMS = [{"name": "双人床", "quantity": 1, "unit": "张"}, {"name": "纸箱", "quantity": 6}]


@pytest.fixture
def slip(agent_a, unit_a, owner_a):
    from django.utils import timezone

    return services.release_create(
        actor=agent_a,
        unit=unit_a,
        release_type="tenant_move_out",
        applicant_name="刘租",
        applicant_relation="tenant",
        applicant_phone="13355556666",
        vehicle_plate="浙A12345",
        pass_date=timezone.localdate(),
        items=ITEMS,
    )


def _answer(c, slip, action, **data):
    return c.post(reverse("portal:release-answer", args=[slip.pk, action]), data)


def test_r_fd_3_the_owner_sees_the_slip_and_consents_in_the_portal(
    client_of, owner_a, slip, agent_a
):
    c = client_of(owner_a)
    home = c.get(reverse("portal:home")).content.decode()
    assert "portal-releases-waiting" in home
    assert slip.number in c.get(reverse("portal:release-list")).content.decode()
    html = c.get(reverse("portal:release-detail", args=[slip.pk])).content.decode()
    assert "双人床" in html and "刘租" in html and "13355556666" not in html
    resp = _answer(c, slip, "consent", note="同意搬走")
    assert resp.status_code == 302
    g = GoodsRelease.objects.get(pk=slip.pk)
    assert (g.state, g.consent_method, g.consent_owner, g.consent_by) == (
        "consented", "portal", owner_a.resident, owner_a
    )  # fmt: skip
    assert g.consent_at is not None and g.consent_note == "同意搬走"
    services.release_approve(actor=agent_a, release=g, arrears_checked=True)
    assert GoodsRelease.objects.get(pk=slip.pk).state == "approved"
    assert _answer(c, slip, "consent").status_code == 400  # answered already
    assert (
        "portal-release-answer"
        in c.get(reverse("portal:release-detail", args=[slip.pk])).content.decode()
    )  # an approved slip may still be declined


def test_r_fd_3_the_owner_declines_and_the_slip_is_void(client_of, owner_a, slip):
    resp = _answer(client_of(owner_a), slip, "decline", note="")
    assert resp.status_code == 302
    assert GoodsRelease.objects.get(pk=slip.pk).state == "declined"


def test_r_fd_3_only_the_units_owner_reaches_the_slip(
    client_of, slip, owner_b, neighbour_a, unit_a, agent_a
):
    """A tenant of the unit, another unit's owner, the other site's owner, staff: 404 everywhere."""
    tenant = portal_user(resident_in(unit_a, relation="tenant", name="刘租", phone="13355556666"))
    for user in (tenant, owner_b, neighbour_a, agent_a):
        c = client_of(user)
        assert c.get(reverse("portal:release-detail", args=[slip.pk])).status_code == 404
        for action in ("consent", "decline"):
            assert _answer(c, slip, action).status_code == 404
        if user is not agent_a:
            listing = c.get(reverse("portal:release-list")).content.decode()
            assert slip.number not in listing
    assert GoodsRelease.objects.get(pk=slip.pk).state == "awaiting_consent"


@pytest.mark.parametrize("field", ["state", "consent_method", "version", "consent_owner"])
def test_a4_a_consent_with_extra_fields_is_refused_by_name(client_of, owner_a, slip, field):
    resp = _answer(client_of(owner_a), slip, "consent", **{field: "x"})
    assert resp.status_code == 400 and field in resp.content.decode()
    assert GoodsRelease.objects.get(pk=slip.pk).state == "awaiting_consent"


def test_r_fd_3_a_long_note_is_refused_in_words(client_of, owner_a, slip):
    resp = _answer(client_of(owner_a), slip, "consent", note="好" * 5000)
    assert resp.status_code == 400 and "300" in resp.content.decode()
    assert GoodsRelease.objects.get(pk=slip.pk).state == "awaiting_consent"


def test_release_pages_query_counts(client_of, owner_a, slip, django_assert_max_num_queries):
    c = client_of(owner_a)
    for url in (
        reverse("portal:release-list"),
        reverse("portal:release-detail", args=[slip.pk]),
    ):
        with django_assert_max_num_queries(12):
            assert c.get(url).status_code == 200
