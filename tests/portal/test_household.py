"""Household on the portal: an owner sees everyone linked to the unit (masked numbers), a tenant
or family member the owner's name only; a resident asks to link a person, the desk of the site
confirms (the directory gets the link) or refuses it with a reason. R-ST-10."""

import pytest
from django.test import Client
from django.urls import reverse

from propdesk.notify.models import Notification
from propdesk.people.models import Occupancy, Resident
from propdesk.portal import household as hh
from propdesk.portal.models import HouseholdRequest
from tests.factories import resident_in

from .conftest import portal_user

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def tenant_a(unit_a, owner_a):
    return portal_user(resident_in(unit_a, relation="tenant", name="赵六", phone="13711113333"))


@pytest.fixture
def family_a(unit_a, owner_a):
    return portal_user(resident_in(unit_a, relation="family", name="钱七", phone="13711114444"))


def _ask(user, unit, **fields):
    data = {"unit": unit.pk, "name": "孙八", "phone": "13755556666", "relation": "family", **fields}
    return _client(user).post(reverse("portal:household"), data)


def test_r_st_10_owner_sees_everyone_with_masked_numbers(
    owner_a, tenant_a, family_a, django_assert_max_num_queries
):
    """R-ST-10: the owner sees the household with masked numbers, never the full ones."""
    c = _client(owner_a)
    with django_assert_max_num_queries(12):
        page = c.get(reverse("portal:household")).content.decode()
    assert "赵六" in page and "钱七" in page
    assert "137****3333" in page and "13711113333" not in page


def test_tenant_sees_the_owner_name_only(owner_a, tenant_a, family_a):
    page = _client(tenant_a).get(reverse("portal:household")).content.decode()
    assert "张伟" in page
    assert "钱七" not in page and "138****5678" not in page and "13812345678" not in page


def test_another_units_household_is_not_shown(owner_a, neighbour_a):
    page = _client(neighbour_a).get(reverse("portal:household")).content.decode()
    assert "张伟" not in page


def test_r_st_10_ask_then_the_desk_confirms_and_the_directory_links(
    owner_a, unit_a, agent_a, resident_a
):
    """R-ST-10: the request reaches the desk's queue; confirming links the person in the
    directory and tells the resident in the portal."""
    assert _ask(owner_a, unit_a).status_code == 302
    req = HouseholdRequest.objects.get()
    assert req.state == "pending" and req.resident_id == resident_a.pk
    assert Notification.objects.filter(recipient=agent_a, code="household.requested").exists()
    directory = _client(agent_a).get(reverse("people:directory")).content.decode()
    assert 'id="household-queue-link"' in directory
    queue = _client(agent_a).get(reverse("household-requests")).content.decode()
    confirm = reverse("household-request-decide", args=[req.pk, "confirm"])
    assert confirm in queue and "137****6666" in queue and "13755556666" not in queue
    assert _client(agent_a).post(confirm, {"version": req.version}).status_code == 302
    req.refresh_from_db()
    assert req.state == "confirmed" and req.decided_by_id == agent_a.pk
    occ = Occupancy.objects.get(unit=unit_a, resident__phone="13755556666")
    assert occ.relation == "family" and occ.move_in is not None and req.linked_id == occ.resident_id
    note = Notification.objects.get(recipient=owner_a, code="resident.household")
    assert "孙八" in note.title
    page = _client(owner_a).get(reverse("portal:household")).content.decode()
    assert "孙八" in page and "137****6666" in page


def test_confirming_links_the_directorys_existing_entry(owner_a, unit_a, agent_a, neighbour_a):
    """A person already in the directory at the site (by number) is linked, not duplicated."""
    _ask(owner_a, unit_a, phone="13611112222", name="王芳")
    req = HouseholdRequest.objects.get()
    hh.link_request_confirm(actor=agent_a, req=req)
    assert Resident.objects.filter(phone="13611112222").count() == 1
    assert Occupancy.objects.filter(unit=unit_a, resident__phone="13611112222").exists()


def test_the_desk_refuses_with_a_reason_and_the_resident_is_told(owner_a, unit_a, agent_a):
    _ask(owner_a, unit_a)
    req = HouseholdRequest.objects.get()
    url = reverse("household-request-decide", args=[req.pk, "refuse"])
    resp = _client(agent_a).post(url, {"reason": ""}, follow=True)
    assert "请填写原因" in resp.content.decode()
    assert HouseholdRequest.objects.get().state == "pending"
    _client(agent_a).post(url, {"reason": "请带房产证到前台办理"})
    assert HouseholdRequest.objects.get().state == "refused"
    assert not Occupancy.objects.filter(resident__phone="13755556666").exists()
    note = Notification.objects.get(recipient=owner_a, code="resident.household")
    assert "请带房产证到前台办理" in note.title


def test_another_sites_desk_neither_sees_nor_decides(owner_a, unit_a, agent_b):
    _ask(owner_a, unit_a)
    req = HouseholdRequest.objects.get()
    assert "孙八" not in _client(agent_b).get(reverse("household-requests")).content.decode()
    url = reverse("household-request-decide", args=[req.pk, "confirm"])
    assert _client(agent_b).post(url).status_code == 404
    assert HouseholdRequest.objects.get().state == "pending"


def test_a7_nobody_confirms_their_own_household_request(owner_a, unit_a, site_a, resident_a):
    """A7: a desk agent who lives at the site asks for their own unit; they cannot confirm it."""
    from django.contrib.auth.models import Group

    owner_a.groups.add(Group.objects.get(name="agent"))
    from propdesk.people.models import StaffProfile

    StaffProfile.objects.create(user=owner_a, employee_no="T99999").sites.set([site_a])
    req = hh.link_request_create(
        actor=owner_a, resident=resident_a, unit_id=unit_a.pk, name="孙八",
        phone="13755556666", relation="family",
    )  # fmt: skip
    url = reverse("household-request-decide", args=[req.pk, "confirm"])
    resp = _client(owner_a).post(url, follow=True)
    assert "不能确认自己的申请" in resp.content.decode()
    assert HouseholdRequest.objects.get().state == "pending"
    assert not Occupancy.objects.filter(resident__phone="13755556666").exists()


def test_who_may_ask_what(owner_a, tenant_a, family_a, unit_a):
    """A tenant asks for family members only; a family member asks nobody."""
    resp = _ask(tenant_a, unit_a, relation="tenant")
    assert resp.status_code == 400 and "请从给出的关系中选择" in resp.content.decode()
    assert _ask(tenant_a, unit_a).status_code == 302
    assert (
        'id="household-form"'
        not in _client(family_a).get(reverse("portal:household")).content.decode()
    )
    assert _ask(family_a, unit_a, phone="13755557777").status_code == 403
    assert _ask(owner_a, unit_a, relation="owner", phone="13755558888").status_code == 400
    assert HouseholdRequest.objects.count() == 1


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"name": ""}, "“姓名”"),
        ({"name": "x" * 5000}, "最多"),
        ({"phone": "<script>alert(1)</script>"}, "手机号"),
        ({"phone": "<script>1</script>"}, "11 位"),
        ({"phone": "12345"}, "11 位"),
        ({"phone": "13812345678"}, "已关联到该房屋"),
    ],
)
def test_bad_input_is_refused_in_chinese(owner_a, unit_a, fields, words):
    resp = _ask(owner_a, unit_a, **fields)
    assert resp.status_code == 400 and words in resp.content.decode()
    assert "<script>" not in resp.content.decode().split("<main")[1]
    assert not HouseholdRequest.objects.exists()


def test_another_units_id_and_extra_fields_are_refused(owner_a, unit_b, unit_a):
    resp = _ask(owner_a, unit_b)
    assert resp.status_code == 400 and "请选择您自己的房屋" in resp.content.decode()
    resp = _ask(owner_a, unit_a, state="confirmed", site=1)
    assert resp.status_code == 400 and "site" in resp.content.decode()
    assert not HouseholdRequest.objects.exists()


def test_queue_query_count(owner_a, unit_a, agent_a, site_a, django_assert_max_num_queries):
    for n in range(5):
        _ask(owner_a, unit_a, phone=f"1375555000{n}")
    c = _client(agent_a)
    c.get(reverse("household-requests"))
    with django_assert_max_num_queries(14):
        assert c.get(reverse("household-requests")).status_code == 200
    with django_assert_max_num_queries(14):
        assert c.get(reverse("household-requests") + "?state=done").status_code == 200


def test_the_auditor_reads_the_queue_without_buttons(owner_a, unit_a, auditor):
    _ask(owner_a, unit_a)
    page = _client(auditor).get(reverse("household-requests")).content.decode()
    assert "孙八" in page and "Confirm" not in page and "确认并关联" not in page
    req = HouseholdRequest.objects.get()
    url = reverse("household-request-decide", args=[req.pk, "confirm"])
    assert _client(auditor).post(url).status_code == 403
