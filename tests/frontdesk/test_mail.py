"""Mail and parcel log (邮件收发记录表), R-FD-4, with countersign of the day (R-FM-5)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.signatures import signature_list_for
from propdesk.frontdesk import selectors, services
from propdesk.frontdesk.models import MailItem, MailLogDay, NewspaperSubscription
from propdesk.notify.models import Notification


@pytest.fixture
def parcel(agent_a, site_a, unit_a, resident_user, resident_a):
    return services.mail_register(
        actor=agent_a,
        site_id=site_a.pk,
        unit=unit_a,
        resident=resident_a,
        carrier="顺丰",
        tracking_no="SF1234567890",
        shelf="B-3",
    )


def test_r_fd_4_register_notifies_resident_with_pickup_code(parcel, resident_user):
    """R-FD-4: registering numbers the item and tells the resident the pickup code."""
    assert parcel.number.startswith("YJ-") and parcel.state == "notified"
    note = Notification.objects.get(recipient=resident_user, code="mail.received")
    assert parcel.pickup_code in note.body and len(parcel.pickup_code) == 6


def test_r_fd_4_hand_over_needs_code_or_recorded_id_check(parcel, agent_a):
    """R-FD-4: no hand-over without the pickup code or an ID check recorded by the agent."""
    with pytest.raises(InvalidInput):
        services.mail_hand_over(actor=agent_a, item=parcel, picked_up_by_name="张伟")
    wrong = "000000" if parcel.pickup_code != "000000" else "111111"
    with pytest.raises(InvalidInput):
        services.mail_hand_over(actor=agent_a, item=parcel, picked_up_by_name="张伟", code=wrong)
    with pytest.raises(InvalidInput):  # API1: a code in any script is a wrong code, not a 500
        services.mail_hand_over(actor=agent_a, item=parcel, picked_up_by_name="张伟", code="一二三")
    with pytest.raises(InvalidInput):
        services.mail_hand_over(
            actor=agent_a, item=parcel, picked_up_by_name="张伟", id_checked=True
        )
    services.mail_hand_over(
        actor=agent_a,
        item=parcel,
        picked_up_by_name="王五",
        id_checked=True,
        id_last4="123x",
        proxy_relation="邻居",
    )
    parcel.refresh_from_db()
    assert (parcel.state, parcel.verification, parcel.id_last4) == ("picked_up", "id_check", "123X")


def test_r_fd_4_pickup_code_is_used_once(parcel, agent_a):
    """R-FD-4: the second hand-over of the same item is refused."""
    services.mail_hand_over(
        actor=agent_a, item=parcel, picked_up_by_name="张伟", code=parcel.pickup_code
    )
    stale = MailItem.objects.get(pk=parcel.pk)
    stale.state, stale.version = "notified", 0
    with pytest.raises(Conflict):
        services.mail_hand_over(
            actor=agent_a, item=stale, picked_up_by_name="张伟", code=parcel.pickup_code
        )


@pytest.mark.django_db(transaction=True)
def test_r_fd_4_concurrent_pickups_only_one_wins(agent_a, site_a, unit_a, resident_a):
    """R-FD-4 (SECURITY C3): two desks scan the same code at once; exactly one hands it over."""
    if connection.vendor != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL")
    item = services.mail_register(
        actor=agent_a, site_id=site_a.pk, unit=unit_a, resident=resident_a
    )
    results, barrier = [], threading.Barrier(2)

    def pick():
        try:
            copy = MailItem.objects.get(pk=item.pk)
            barrier.wait()
            services.mail_hand_over(
                actor=agent_a, item=copy, picked_up_by_name="张伟", code=item.pickup_code
            )
            results.append("ok")
        except Conflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=pick) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(results) == ["conflict", "ok"]


def test_r_fd_4_returned_to_sender_with_reason(parcel, agent_a):
    """R-FD-4: an item can be returned to the sender, with the reason kept."""
    with pytest.raises(InvalidInput):
        services.mail_return(actor=agent_a, item=parcel, reason=" ")
    services.mail_return(actor=agent_a, item=parcel, reason="超过保管期")
    assert parcel.state == "returned" and parcel.return_reason == "超过保管期"


def test_r_fd_4_overdue_items_listed_and_resident_reminded_once_a_day(
    parcel, agent_a, resident_user, time_machine
):
    """R-FD-4: items waiting more than N days are listed and the resident is reminded (once per day)."""
    assert not selectors.mail_list_for_user(agent_a, overdue=True).exists()
    time_machine.move_to(parcel.received_at + timedelta(days=4))
    assert list(selectors.mail_list_for_user(agent_a, overdue=True)) == [parcel]
    assert services.mail_remind_overdue() == 1
    assert services.mail_remind_overdue() == 0
    assert Notification.objects.filter(recipient=resident_user, code="mail.overdue").count() == 1


def test_r_fd_4_the_desk_sends_the_reminders_through_the_api(
    client_for, parcel, agent_a, resident_user, time_machine
):
    """R-FD-4: `POST /api/v1/desk/parcels/remind` reaches the reminders (not the item route)."""
    time_machine.move_to(parcel.received_at + timedelta(days=4))
    url = f"/api/v1/desk/parcels/remind?site_id={parcel.site_id}"
    resp = client_for(agent_a).post(url, content_type="application/json")
    assert resp.status_code == 200 and resp.json() == {"reminded": 1}
    assert Notification.objects.filter(recipient=resident_user, code="mail.overdue").count() == 1


def test_r_fd_4_newspapers_delivered_per_unit_in_one_step(agent_a, site_a, unit_a):
    """R-FD-4: one action registers the day's newspaper of every subscribed unit, once."""
    NewspaperSubscription.objects.create(site=site_a, unit=unit_a, title="钱江晚报")
    NewspaperSubscription.objects.create(site=site_a, unit=unit_a, title="人民日报", copies=2)
    assert services.newspaper_deliver(actor=agent_a, site_id=site_a.pk) == 2
    assert services.newspaper_deliver(actor=agent_a, site_id=site_a.pk) == 0
    assert MailItem.objects.filter(kind="newspaper", unit=unit_a).count() == 2


def test_r_fd_4_auditor_and_other_site_cannot_register(auditor, agent_b, site_a, unit_a):
    """R-FD-4: read-only roles and agents of another site register nothing."""
    with pytest.raises(NotAllowed):
        services.mail_register(actor=auditor, site_id=site_a.pk, unit=unit_a)
    from propdesk.core.exceptions import NotFound

    with pytest.raises(NotFound):
        services.mail_register(actor=agent_b, site_id=site_a.pk, unit=unit_a)


def test_r_fm_5_mail_log_day_countersigned_by_supervisor_not_by_filler(
    parcel, agent_a, lead_a, site_a
):
    """R-FM-5: the day's mail log waits for the direct supervisor's countersignature."""
    day = MailLogDay.objects.get(site=site_a)
    rows = selectors.review_queue_for_user(lead_a)
    assert [(r["kind"], r["slot"]) for r in rows] == [("MailLogDay", "countersign")]
    with pytest.raises(NotAllowed):
        services.record_sign(actor=agent_a, target=day, slot="countersign")
    services.record_sign(actor=lead_a, target=day, slot="countersign")
    sig = signature_list_for(day).get(slot="countersign")
    assert sig.signer == lead_a and sig.signed_at
    assert selectors.review_queue_for_user(lead_a) == []
