"""R-FD-4 in the portal (the resident's parcels waiting, with their pickup codes) and my data
(PIPL; R-ST-10): one download of everything kept about the resident, and the staff reveals of their
number. P5: the download holds every one of the resident's own rows and none of anyone else's."""

import itertools
import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from propdesk.frontdesk.models import MailItem
from propdesk.passes import services as passes
from propdesk.people.services import personal_data_reveal
from propdesk.tickets import services as tickets
from propdesk.tickets.models import Ticket
from tests.factories import resident_in

from .conftest import jpeg, portal_user

pytestmark = pytest.mark.django_db


_SEQ = itertools.count(1)


def _parcel(agent, unit, resident=None, *, state="notified", code="482913"):
    n = next(_SEQ)
    return MailItem.objects.create(
        site=unit.site,
        number=f"YJ{n:05d}",
        unit=unit,
        resident=resident,
        carrier="顺丰",
        state=state,
        pickup_code=code,
        received_at=timezone.now() - timedelta(hours=n % 48),
        received_by=agent,
        shelf="A3",
    )


@pytest.fixture
def world(owner_a, owner_b, neighbour_a, submit, unit_a, unit_b, agent_a, agent_b, lead_a):
    """张伟 (A) with requests, parcels, a slip and reveals; 李娜 (B), 王芳 (A, next door) and
    a tenant of 张伟's unit with theirs."""
    tenant = portal_user(resident_in(unit_a, relation="tenant", name="刘租", phone="13355556666"))
    submit(owner_a, photo=jpeg())
    submit(owner_a, content="楼道灯坏了")
    neighbour_unit = neighbour_a.resident.occupancies.get().unit
    submit(neighbour_a, unit=neighbour_unit.pk, content="隔壁装修太吵")
    contact = tickets.contact_register(
        actor=agent_b, site=unit_b.site, channel="phone", kind="repair", content="空调不制冷",
        resident=owner_b.resident, unit=unit_b,
    )  # fmt: skip
    from propdesk.tickets.models import Category

    tickets.ticket_open(
        actor=agent_b, contact=contact, kind="repair",
        category=Category.objects.get(kind="repair", code="plumbing"), title="空调不制冷",
    )  # fmt: skip
    mine = [
        _parcel(agent_a, unit_a, owner_a.resident, code="111111"),
        _parcel(agent_a, unit_a, None, code="222222"),  # to the household
        _parcel(agent_a, unit_a, owner_a.resident, state="picked_up", code="333333"),
    ]
    theirs = [
        _parcel(agent_a, unit_a, tenant.resident, code="444444"),  # named: the tenant's
        _parcel(agent_a, neighbour_unit, None, code="555555"),
        _parcel(agent_b, unit_b, owner_b.resident, code="666666"),
    ]
    slip = passes.release_create(
        actor=agent_a, unit=unit_a, release_type="tenant_move_out", applicant_name="刘租",
        applicant_relation="tenant", pass_date=timezone.localdate(),
        items=[{"name": "沙发", "quantity": 1}],
    )  # fmt: skip
    passes.release_owner_respond(actor=owner_a, release=slip, consent=True)
    personal_data_reveal(actor=lead_a, resident=owner_a.resident, field="phone", reason="回访联系")
    personal_data_reveal(actor=lead_a, resident=neighbour_a.resident, field="phone", reason="邻居")
    return {"mine": mine, "theirs": theirs, "slip": slip, "tenant": tenant}


def test_r_fd_4_the_resident_sees_their_parcels_waiting_with_the_pickup_codes(
    client_of, owner_a, world
):
    c = client_of(owner_a)
    html = c.get(reverse("portal:parcel-list")).content.decode()
    assert "111111" in html and "222222" in html  # addressed to them, to their household
    assert "333333" not in html  # picked up already
    for code in ("444444", "555555", "666666"):  # the tenant's, next door's, the other site's
        assert code not in html
    assert "portal-parcels-waiting" in c.get(reverse("portal:home")).content.decode()


def test_r_fd_4_the_tenant_sees_the_household_parcel_and_their_own(client_of, world):
    html = client_of(world["tenant"]).get(reverse("portal:parcel-list")).content.decode()
    assert "444444" in html and "222222" in html and "111111" not in html


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif value is not None:
        yield str(value)


def test_r_st_10_p5_my_data_holds_all_own_rows_and_no_foreign_row(
    client_of, owner_a, owner_b, neighbour_a, world, django_assert_max_num_queries
):
    c = client_of(owner_a)
    with django_assert_max_num_queries(25):
        resp = c.get(reverse("portal:my-data-download"))
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment;")
    data = json.loads(resp.content)
    me = owner_a.resident
    own = set(Ticket.objects.filter(resident=me).values_list("site__name", "number"))
    assert {(r["site"], r["number"]) for r in data["requests"]} == own and len(own) == 2
    own_tickets = {number for _site, number in own}
    assert {p["number"] for p in data["parcels"]} == {m.number for m in world["mine"]}
    assert [g["slip"] for g in data["consents"]] == [world["slip"].number]
    assert data["profile"]["phone"] == me.phone and data["units"][0]["unit"] == "3栋1单元502"
    assert len(data["contacts"]) == 2
    assert [a["reason"] for a in data["personal_data_reveals"]] == ["回访联系"]
    assert all(r["timeline"] for r in data["requests"])
    # 0 foreign rows: nothing of 李娜 (site B), 王芳 (next door) or the tenant, anywhere.
    text = "\n".join(_strings(data))
    foreign = [
        owner_b.resident.name, owner_b.resident.phone, neighbour_a.resident.phone, "隔壁装修太吵",
        "空调不制冷", "444444", "555555", "666666", "邻居", "13355556666",
        *(m.number for m in world["theirs"]),
        *Ticket.objects.exclude(resident=me).exclude(number__in=own_tickets).values_list(
            "number", flat=True
        ),
    ]  # fmt: skip
    assert [f for f in foreign if f in text] == []
    # staff phone numbers never reach it (a reveal names the staff member, not their number)
    assert not re.search(r"1390000\d{4}", text)


def test_my_data_page_lists_the_reveals_of_the_residents_number_only(client_of, owner_a, world):
    html = client_of(owner_a).get(reverse("portal:my-data")).content.decode()
    assert "回访联系" in html and "邻居" not in html


def test_portal_pages_of_slice_three_answer_404_to_staff_and_unlinked(client_of, agent_a, db):
    from tests.factories import make_user

    for user in (agent_a, make_user("resident")):
        c = client_of(user)
        for name in ("portal:parcel-list", "portal:my-data", "portal:my-data-download"):
            assert c.get(reverse(name)).status_code == 404, (user, name)


def test_parcel_and_my_data_pages_query_counts(
    client_of, owner_a, world, django_assert_max_num_queries
):
    c = client_of(owner_a)
    # The home page also reads the open satisfaction surveys of the resident's units (one query),
    # and the resident's choice of channels (one row).
    # Issue 19: the home page's four counts are one query, and a resident reads no site switcher.
    for name, most in (("portal:parcel-list", 13), ("portal:my-data", 13), ("portal:home", 12)):
        with django_assert_max_num_queries(most):
            assert c.get(reverse(name)).status_code == 200


def test_home_counts_in_one_query_equal_the_counts_of_each_list(
    owner_a, world, django_assert_num_queries
):
    """Issue 19: the home page's counts, read in one query, are each list's own count."""
    from propdesk.portal import selectors

    resident = owner_a.resident
    lists = {
        "open_count": selectors.request_list_for_resident(resident, open_only=True),
        "releases_waiting": selectors.release_awaiting_owner(resident),
        "parcels_waiting": selectors.parcel_list_for_resident(resident),
    }
    expected = {name: qs.count() for name, qs in lists.items()}
    with django_assert_num_queries(1):
        counts = selectors.home_counts(resident)
    assert {k: counts[k] for k in expected} == expected
    assert counts["parcels_waiting"] == 2 and counts["open_count"] >= 1
