"""R-FD-4: a parcel counts as notified only when a notice reached the resident (in the app, or a
text message through the SMS relay webhook); the desk can send the code again; the desk never
sees the code's digits."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from propdesk.frontdesk import services
from propdesk.frontdesk.models import MailItem, MailNotice
from propdesk.frontdesk.services.notices import mail_notice_send
from propdesk.notify.models import Notification, WebhookEndpoint
from propdesk.notify.sms import sms_endpoint
from tests.notify import conftest as notify_fixtures

receiver = notify_fixtures.receiver  # the notify tests' webhook receiver on 127.0.0.1


def _register(client, unit_code: str):
    with translation.override("zh-hans"):
        return client.post(
            reverse("frontdesk:mail-new"),
            {
                "kind": "parcel",
                "unit_code": unit_code,
                "carrier": "顺丰",
                "pieces": 1,
                "condition": "ok",
            },
            follow=True,
        )


def _relay(receiver, codes="sms.*"):
    return WebhookEndpoint.objects.create(
        name="短信网关", url=receiver.url, secret=receiver.secret, event_codes=codes
    )


def test_r_fd_4_no_channel_the_page_does_not_claim_the_resident_was_told(
    client_for, agent_a, site_a, unit_a, resident_a
):
    """R-FD-4: a resident with no portal login and no SMS relay set up is not "已通知住户"."""
    c = client_for(agent_a)
    html = _register(c, unit_a.code).content.decode()
    assert "已通知住户" not in html and "未能通知住户" in html
    item = MailItem.objects.get()
    assert item.state == "received" and not item.notices.exists()
    page = c.get(reverse("frontdesk:mail-detail", args=[item.pk])).content.decode()
    assert 'id="not-notified"' in page and 'id="resend-code"' not in page
    resp = c.post(f"/api/v1/desk/parcels/{item.pk}/resend-code")
    assert resp.status_code == 409 and resp.json()["code"] == "no_channel"
    assert c.get(f"/api/v1/desk/parcels/{item.pk}").json()["actions"] == ["hand_over", "return"]


def test_r_fd_4_resident_with_a_login_reads_the_code_in_the_app_the_desk_never_sees_it(
    client_for, agent_a, unit_a, resident_a, resident_user
):
    """R-FD-4: the in-app notice carries the pickup code; the desk's page and the API do not."""
    c = client_for(agent_a)
    body = {"unit_id": unit_a.pk, "resident_id": resident_a.pk, "carrier": "中通"}
    out = c.post("/api/v1/desk/parcels/", json.dumps(body), content_type="application/json").json()
    item = MailItem.objects.get(pk=out["id"])
    assert out["state"] == "notified" and out["notified_at"]
    note = Notification.objects.get(recipient=resident_user, code="mail.received")
    assert item.pickup_code in note.body
    detail = c.get(f"/api/v1/desk/parcels/{item.pk}")
    assert [(n["channel"], n["status"]) for n in detail.json()["notices"]] == [("in_app", "sent")]
    page = c.get(reverse("frontdesk:mail-detail", args=[item.pk])).content.decode()
    assert item.pickup_code not in detail.content.decode() and item.pickup_code not in page
    assert 'id="resend-code"' in page


def test_r_fd_4_text_message_through_the_relay_notifies_once_it_went_out(
    client_for,
    agent_a,
    unit_a,
    resident_a,
    receiver,
    django_capture_on_commit_callbacks,
):
    """R-FD-4: with an SMS relay set up the code goes by text to the resident's phone through the
    worker; the item is notified only once the relay took it."""
    _relay(receiver)
    c = client_for(agent_a)
    with django_capture_on_commit_callbacks(execute=True):
        html = _register(c, unit_a.code).content.decode()
    assert "短信正在发送" in html
    item = MailItem.objects.get()
    notice = item.notices.get()
    assert (notice.channel, notice.status, item.state) == ("sms", "pending", "received")
    assert mail_notice_send(notice_id=notice.pk) == "sent"
    payload = json.loads(receiver.received[0]["body"])
    assert receiver.received[0]["signed"] and payload["event"] == "sms.mail"
    assert payload["sms"]["to"] == "13812345678" and item.pickup_code in payload["sms"]["text"]
    item.refresh_from_db()
    assert item.state == "notified" and item.notified_at is not None


def test_r_fd_4_desk_resends_the_code_from_the_page_once_the_last_text_went_out(
    client_for,
    agent_a,
    unit_a,
    resident_a,
    receiver,
    django_capture_on_commit_callbacks,
):
    """R-FD-4: the re-send button queues a new text; a second one while it is on its way is refused."""
    _relay(receiver)
    item = services.mail_register(actor=agent_a, site_id=unit_a.site_id, unit=unit_a)
    mail_notice_send(notice_id=item.notices.get().pk)
    c = client_for(agent_a)
    url = reverse("frontdesk:mail-detail", args=[item.pk])
    assert 'id="resend-code"' in c.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        c.post(reverse("frontdesk:mail-resend", args=[item.pk]))
    assert len(queued) == 1 and item.notices.filter(status="pending").count() == 1
    assert 'id="resend-code"' not in c.get(url).content.decode()
    again = c.post(f"/api/v1/desk/parcels/{item.pk}/resend-code")
    assert again.status_code == 409 and again.json()["code"] == "sending"
    mail_notice_send(notice_id=item.notices.get(status="pending").pk)
    assert (
        len(receiver.received) == 2 and receiver.received[0]["key"] != receiver.received[1]["key"]
    )


def test_r_fd_4_failed_text_leaves_the_item_not_notified(
    client_for,
    settings,
    agent_a,
    unit_a,
    resident_a,
    receiver,
):
    """R-FD-4: a relay that keeps failing ends the notice as failed; nothing claims it was sent."""
    settings.PROPDESK_DELIVERY_MAX_ATTEMPTS = 1
    receiver.status = 500
    _relay(receiver)
    item = services.mail_register(actor=agent_a, site_id=unit_a.site_id, unit=unit_a)
    assert mail_notice_send(notice_id=item.notices.get().pk) == "failed"
    item.refresh_from_db()
    assert item.state == "received"
    page = (
        client_for(agent_a).get(reverse("frontdesk:mail-detail", args=[item.pk])).content.decode()
    )
    assert "138****5678" in page and "13812345678" not in page


@pytest.mark.parametrize("codes", ["", "*", "mail.*"])
def test_an_endpoint_for_every_notification_never_gets_phone_numbers(db, receiver, codes):
    """A general webhook (all notifications, or mail ones) is not an SMS relay."""
    _relay(receiver, codes)
    assert sms_endpoint("sms.mail") is None


def test_r_fd_4_other_sites_parcel_cannot_be_resent(
    client_for, agent_b, agent_a, unit_a, resident_a
):
    item = services.mail_register(actor=agent_a, site_id=unit_a.site_id, unit=unit_a)
    c = client_for(agent_b)
    assert c.post(f"/api/v1/desk/parcels/{item.pk}/resend-code").status_code == 404
    assert c.post(reverse("frontdesk:mail-resend", args=[item.pk])).status_code == 404
    assert not MailNotice.objects.exists()
