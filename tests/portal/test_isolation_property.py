"""Isolation, property-tested: for random residents and records across both sites, a resident
reaches only their own requests, the slips of the units they own and their own parcels, on
every portal page; everything else answers 404 (and a refused action changes nothing). Every
portal response of the run is scanned for the internal notes and staff numbers of the world."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propdesk.frontdesk.models import MailItem
from propdesk.passes import services as passes
from propdesk.tickets import services as tickets
from propdesk.tickets.models import Category, Ticket
from tests.factories import UnitFactory, resident_in

from .conftest import portal_user

pytestmark = pytest.mark.django_db

INTERNAL = ["内部备注：住户难缠", "13900001111", "师傅老刘"]


@pytest.fixture
def world(site_a, site_b, unit_a, unit_b, agent_a, agent_b, eng_dept_a):
    from tests.factories import DepartmentFactory

    DepartmentFactory(site=site_b, kind="engineering", name="工程部B")
    units = [unit_a, UnitFactory(building=unit_a.building, code="3栋1单元602"), unit_b,
             UnitFactory(building=unit_b.building, code="A座1202")]  # fmt: skip
    desk = {site_a.pk: agent_a, site_b.pk: agent_b}
    people = []  # (user, resident, unit, relation)
    for i, unit in enumerate(units):
        for relation in ("owner", "tenant"):
            r = resident_in(unit, relation=relation, name=f"住户{i}{relation[0]}",
                            phone=f"1350000{i}{len(people):03d}")  # fmt: skip
            people.append((portal_user(r), r, unit, relation))
    plumbing = Category.objects.get(kind="repair", code="plumbing")
    requests, slips, parcels = [], [], []
    for n, (user, r, unit, _rel) in enumerate(people):
        contact = tickets.contact_register(
            actor=user, site=unit.site, channel="online", kind="repair",
            content=f"请求{n}", resident=r, unit=unit,
        )  # fmt: skip
        t = tickets.ticket_open(
            actor=user, contact=contact, kind="repair", category=plumbing, title=f"请求{n}"
        )
        tickets.ticket_escalate(actor=desk[unit.site_id], ticket=t, note=INTERNAL[0] + INTERNAL[1])
        requests.append(t)
        parcels.append(
            MailItem.objects.create(
                site=unit.site,
                number=f"YJ{n:04d}",
                unit=unit,
                resident=r if n % 2 else None,
                pickup_code=f"{700000 + n}",
                received_at=timezone.now(),
                received_by=desk[unit.site_id],
                state="notified",
            )  # fmt: skip
        )
    for unit in units:
        slips.append(
            passes.release_create(
                actor=desk[unit.site_id],
                unit=unit,
                release_type="tenant_move_out",
                applicant_name="搬家人",
                applicant_relation="contractor",
                pass_date=timezone.localdate(),
                items=[{"name": "柜子", "quantity": 1}],
            )  # fmt: skip
        )
    from propdesk.people.services import api_token_create

    clients, tokens = {}, {}
    for user, *_rest in people:
        c = Client()
        c.force_login(user)
        clients[user.pk] = c
        tokens[user.pk] = {
            "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"
        }
    return {"people": people, "requests": requests, "slips": slips, "parcels": parcels,
            "clients": clients, "tokens": tokens}  # fmt: skip


def _api(c, auth, path, body=None):
    """A portal API call with the resident's token (a POST when `body` is given)."""
    if body is None:
        return c.get(f"/api/v1/portal/{path}", **auth)
    return c.post(f"/api/v1/portal/{path}", body, content_type="application/json", **auth)


def _scan(resp):
    if "text/html" in resp.get("Content-Type", "") or "json" in resp.get("Content-Type", ""):
        text = resp.content.decode()
        assert [s for s in INTERNAL if s in text] == []
        assert not re.search(r"1390000\d{4}", text)  # fixture staff numbers


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_isolation_a_resident_reaches_only_their_own_records(world, data):
    people = world["people"]
    who = data.draw(st.integers(0, len(people) - 1), label="resident")
    user, resident, unit, relation = people[who]
    c = world["clients"][user.pk]
    auth = world["tokens"][user.pk]
    kind = data.draw(st.sampled_from(["request", "slip", "parcel"]), label="kind")
    if kind == "request":
        t = data.draw(st.sampled_from(world["requests"]), label="request")
        mine = t.resident_id == resident.pk
        resp = c.get(reverse("portal:request-detail", args=[t.pk]))
        _scan(resp)
        assert resp.status_code == (200 if mine else 404)
        listing = c.get(reverse("portal:request-list"))
        _scan(listing)
        assert (f">{t.number} ·" in listing.content.decode()) is mine or t.site_id != unit.site_id
        api = _api(c, auth, f"requests/{t.pk}")
        _scan(api)
        assert api.status_code == (200 if mine else 404)
        if not mine:
            before = Ticket.objects.filter(pk=t.pk).values_list("version", flat=True).get()
            for action in ("note", "urge", "withdraw", "rate"):
                url = reverse("portal:request-action", args=[t.pk, action])
                assert c.post(url, {"text": "x", "score": 5}).status_code == 404
            for path, body in (("notes", {"text": "x"}), ("urge", {}), ("withdraw", {}),
                               ("rate", {"score": 5})):  # fmt: skip
                assert _api(c, auth, f"requests/{t.pk}/{path}", body).status_code == 404
            assert Ticket.objects.filter(pk=t.pk).values_list("version", flat=True).get() == before
    elif kind == "slip":
        g = data.draw(st.sampled_from(world["slips"]), label="slip")
        mine = g.unit_id == unit.pk and relation == "owner"
        resp = c.get(reverse("portal:release-detail", args=[g.pk]))
        _scan(resp)
        assert resp.status_code == (200 if mine else 404)
        api = _api(c, auth, f"releases/{g.pk}")
        _scan(api)
        assert api.status_code == (200 if mine else 404)
        if not mine:
            url = reverse("portal:release-answer", args=[g.pk, "decline"])
            assert c.post(url, {}).status_code == 404
            for action in ("consent", "decline"):
                assert _api(c, auth, f"releases/{g.pk}/{action}", {}).status_code == 404
    else:
        m = data.draw(st.sampled_from(world["parcels"]), label="parcel")
        mine = m.resident_id == resident.pk or (m.resident_id is None and m.unit_id == unit.pk)
        resp = c.get(reverse("portal:parcel-list"))
        _scan(resp)
        assert (m.pickup_code in resp.content.decode()) is mine
    for name in ("portal:home", "portal:my-data", "portal:my-data-download", "portal:household",
                 "notify:list"):  # fmt: skip
        _scan(c.get(reverse(name)))
    for path in ("requests/", "releases/", "announcements/"):
        _scan(_api(c, auth, path))
    household = c.get(reverse("portal:household")).content.decode()
    others = [r for _u, r, u, _rel in people if u.pk != unit.pk]
    assert [r.name for r in others if r.name in household] == []


def test_isolation_my_data_of_every_resident_holds_only_their_requests(world):
    import json

    for user, resident, _unit, _rel in world["people"]:
        data = json.loads(world["clients"][user.pk].get(reverse("portal:my-data-download")).content)
        own = {(t.site.name, t.number) for t in world["requests"] if t.resident_id == resident.pk}
        assert {(r["site"], r["number"]) for r in data["requests"]} == own
        assert all(s["step"] for r in data["requests"] for s in r["timeline"])


def test_isolation_notifications_tell_each_resident_of_their_own_records_only(world):
    """R-ST-10: dispatching every request (with an internal note) and handling it tells each
    resident of their own requests only; no note or staff number reaches a notification."""
    from propdesk.notify.models import Notification
    from propdesk.orgs.models import Department

    for t in world["requests"]:
        desk = next(g.created_by for g in world["slips"] if g.site_id == t.site_id)
        dept = Department.objects.filter(site_id=t.site_id, kind="engineering").first()
        if dept.head_id is None:
            from tests.factories import make_user

            dept.head = make_user("dept_head", t.site, department=dept)
            dept.save()
        tickets.ticket_dispatch(actor=desk, ticket=t, department=dept, note=INTERNAL[0])
    for user, resident, _unit, _rel in world["people"]:
        own = {t.number for t in world["requests"] if t.resident_id == resident.pk}
        others = {t.number for t in world["requests"]} - own
        notes = list(Notification.objects.filter(recipient=user))
        told = {n for n in own if any(n in x.title for x in notes)}
        assert told == own
        for x in notes:
            text = x.title + x.body + x.url
            assert [n for n in others if n in text] == []
            assert [s for s in INTERNAL if s in text] == []
            assert not re.search(r"1390000\d{4}", text)
        page = world["clients"][user.pk].get(reverse("notify:list"))
        _scan(page)
