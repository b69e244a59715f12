"""Telling residents (R-ST-10): in the portal always, and through the notification app's webhook
channel when the resident chose it, when their request is dispatched, handled (their rating is
asked), answered or cancelled, when a goods release waits for their consent (R-FD-3) and when a
parcel arrives (R-FD-4). Never an internal note, a staff name or a staff number."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from propdesk.frontdesk import services as desk
from propdesk.notify.models import Delivery, Notification, WebhookEndpoint
from propdesk.passes import services as passes
from propdesk.portal.notices import notice_choice_set, wants_messages
from propdesk.tickets import services as tickets

from .conftest import portal_user

pytestmark = pytest.mark.django_db

NOTE = "内部备注：住户难缠，师傅老刘 13900001111"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _staff_text(*users) -> list[str]:
    out = [NOTE, "师傅老刘", "13900001111"]
    for u in users:
        out += [str(u), u.username] + ([u.staff.phone] if hasattr(u, "staff") else [])
    return out


def _clean(note, *users):
    text = note.title + note.body + note.url
    for bad in _staff_text(*users):
        assert bad not in text, bad


@pytest.fixture
def leak(submit, owner_a):
    submit(owner_a)
    from propdesk.tickets.models import Ticket

    return Ticket.objects.get()


def _gateway(codes="resident.*,mail.received"):
    return WebhookEndpoint.objects.create(
        name="微信模板消息", url="https://gw.example.com/hook", event_codes=codes
    )


def test_r_st_10_dispatch_handle_tell_the_resident_in_the_portal(
    leak, owner_a, agent_a, dept_head_a, eng_a
):
    """R-ST-10: dispatched and handled reach the resident's portal, without notes or staff."""
    tickets.ticket_dispatch(actor=agent_a, ticket=leak, note=NOTE)
    note = Notification.objects.get(recipient=owner_a, code="resident.ticket.dispatched")
    assert leak.number in note.title and eng_a.name in note.title
    assert note.url == reverse("portal:request-detail", args=[leak.pk])
    _clean(note, agent_a, dept_head_a)
    tickets.ticket_accept(actor=dept_head_a, ticket=leak, assignee=dept_head_a, note=NOTE)
    tickets.ticket_handle(actor=dept_head_a, ticket=leak, result=NOTE)
    note = Notification.objects.get(recipient=owner_a, code="resident.ticket.handled")
    assert "评价" in note.title
    _clean(note, agent_a, dept_head_a)
    page = _client(owner_a).get(reverse("notify:list")).content.decode()
    assert leak.number in page and "13900001111" not in page and "老刘" not in page


def test_r_st_10_answered_and_cancelled_are_told(submit, owner_a, agent_a, lead_a, unit_a, eng_a):
    from propdesk.tickets.models import Category, Ticket

    inquiry = Category.objects.filter(kind="inquiry", active=True).first()
    submit(owner_a, category=inquiry.pk, content="物业费怎么交？")
    t = Ticket.objects.get()
    tickets.ticket_answer(actor=agent_a, ticket=t, answer=NOTE)
    note = Notification.objects.get(recipient=owner_a, code="resident.ticket.answered")
    _clean(note, agent_a)
    submit(owner_a, content="楼道灯坏了")
    t2 = Ticket.objects.exclude(pk=t.pk).get()
    tickets.ticket_cancel(actor=lead_a, ticket=t2, reason=NOTE)
    note = Notification.objects.get(recipient=owner_a, code="resident.ticket.cancelled")
    assert t2.number in note.title
    _clean(note, lead_a)


def test_r_fd_3_the_owner_is_asked_to_consent(owner_a, agent_a, unit_a):
    """R-FD-3, R-ST-10: a slip a tenant asks for reaches the owner's portal; no applicant phone."""
    from .test_releases import ITEMS

    g = passes.release_create(
        actor=agent_a, unit=unit_a, release_type="tenant_move_out", applicant_name="刘租",
        applicant_relation="tenant", applicant_phone="13355556666",
        pass_date=timezone.localdate(), items=ITEMS,
    )  # fmt: skip
    note = Notification.objects.get(recipient=owner_a, code="resident.release.consent")
    assert g.number in note.title and "13355556666" not in note.title + note.body
    assert note.url == reverse("portal:release-detail", args=[g.pk])


def test_no_message_unless_the_resident_chose_it(leak, owner_a, agent_a, eng_a):
    """The webhook channel follows the resident's choice; the portal row is always written."""
    _gateway()
    assert not wants_messages(owner_a)
    tickets.ticket_dispatch(actor=agent_a, ticket=leak)
    assert Notification.objects.filter(recipient=owner_a).exists()
    assert not Delivery.objects.filter(notification__recipient=owner_a).exists()


def test_the_resident_chooses_messages_on_the_home_page(owner_a, leak, agent_a, eng_a):
    c = _client(owner_a)
    home = c.get(reverse("portal:home")).content.decode()
    assert 'id="portal-notice-choice"' in home
    assert c.post(reverse("portal:notice-choice"), {"by_message": "1"}).status_code == 302
    assert wants_messages(owner_a)
    _gateway()
    tickets.ticket_dispatch(actor=agent_a, ticket=leak)
    d = Delivery.objects.get(notification__recipient=owner_a)
    assert d.channel == "webhook" and d.notification.code == "resident.ticket.dispatched"
    resp = c.post(reverse("portal:notice-choice"), {"by_message": "1", "priority": "9"})
    assert resp.status_code == 400 and "priority" in resp.content.decode()
    c.post(reverse("portal:notice-choice"), {"by_message": "0"})
    assert not wants_messages(owner_a)
    resp = c.post(reverse("portal:notice-choice"), {"by_message": "<script>"}, follow=True)
    assert "请选择" in resp.content.decode()


def test_r_fd_4_parcel_notice_follows_the_choice(owner_a, agent_a, site_a, unit_a, resident_a):
    """R-FD-4: the pickup notice is in the portal; by message only for a resident who chose it."""
    _gateway()
    desk.mail_register(actor=agent_a, site_id=site_a.pk, unit=unit_a, resident=resident_a,
                       carrier="顺丰", tracking_no="SF1", shelf="B-3")  # fmt: skip
    assert Notification.objects.filter(recipient=owner_a, code="mail.received").exists()
    assert not Delivery.objects.exists()
    notice_choice_set(user=owner_a, by_message=True)
    desk.mail_register(actor=agent_a, site_id=site_a.pk, unit=unit_a, resident=resident_a,
                       carrier="顺丰", tracking_no="SF2", shelf="B-3")  # fmt: skip
    assert Delivery.objects.filter(notification__recipient=owner_a, channel="webhook").count() == 1


def test_home_page_query_count_with_the_choice(owner_a, django_assert_max_num_queries):
    c = _client(owner_a)
    c.get(reverse("portal:home"))
    with django_assert_max_num_queries(16):
        assert c.get(reverse("portal:home")).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data")
def test_r_st_10_through_the_real_worker_the_gateway_gets_the_resident_message(
    worker_db, receiver, site_a, unit_a, resident_a, agent_a, dept_head_a, eng_dept_a
):
    """R-ST-10: the real worker posts the signed message to the resident gateway with the
    resident's mobile number; an endpoint for every notification never gets the number; no
    internal note or staff number is in any request."""
    from propdesk.tickets.models import Category

    plumbing, _ = Category.objects.get_or_create(
        kind="repair",
        code="plumbing",
        defaults={"name": "水管", "default_department": "engineering"},
    )
    owner = portal_user(resident_a)
    notice_choice_set(user=owner, by_message=True)
    gateway = WebhookEndpoint.objects.create(
        name="gw", url=receiver.url, secret=receiver.secret, event_codes="resident.*"
    )
    WebhookEndpoint.objects.create(name="all", url=receiver.url, secret=receiver.secret)
    contact = tickets.contact_register(
        actor=owner, site=site_a, channel="online", kind="repair", content="水管漏水",
        resident=resident_a, unit=unit_a,
    )  # fmt: skip
    t = tickets.ticket_open(
        actor=owner, contact=contact, kind="repair", category=plumbing, title="水管漏水"
    )
    tickets.ticket_dispatch(actor=agent_a, ticket=t, department=eng_dept_a, note=NOTE)

    worker_db.run_batch()

    mine = Delivery.objects.filter(
        notification__recipient=owner, notification__code__startswith="resident."
    )
    assert {d.status for d in mine} == {Delivery.Status.SENT} and mine.count() == 2
    bodies = [json.loads(r["body"]) for r in receiver.received if r["signed"]]
    to_gateway = [b for b in bodies if b["delivery"] == f"n{mine[0].notification_id}-w{gateway.pk}"]
    assert to_gateway and to_gateway[0]["recipient"]["mobile"] == "13812345678"
    assert t.number in to_gateway[0]["notification"]["title"]
    others = [b for b in bodies if b["event"].startswith("resident.") and b not in to_gateway]
    assert others and all("mobile" not in b["recipient"] for b in others)
    raw = b"".join(r["body"] for r in receiver.received if b"resident." in r["body"])
    for bad in ["内部备注", "13900001111", dept_head_a.staff.phone, agent_a.staff.phone]:
        assert bad.encode() not in raw
