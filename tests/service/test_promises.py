"""Promised replies (承诺回复): R-FS-7 (due time, owner, reminder, overdue, kept-on-time rate), R-FS-8."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import timezone

from propdesk.core import periodic
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from propdesk.core.models import Event
from propdesk.notify.models import Notification
from propdesk.service import selectors, services
from propdesk.service.models import Promise

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


def _notes(user, code):
    return Notification.objects.filter(recipient=user, code=code).count()


def test_r_fs_7_promise_takes_the_contacts_resident_due_time_and_owner(
    make_promise, agent_a, resident_a, site_a
):
    """R-FS-7: a promise on a contact records to whom (the contact's resident), what, when, who."""
    p = make_promise(hours=3)
    assert p.number.startswith("CN-") and p.site_id == site_a.pk and p.state == "open"
    assert p.resident == resident_a and p.to_name == "张伟" and p.to_phone == "13812345678"
    assert p.owner == agent_a and p.remind_at == p.due_at - timedelta(minutes=30)
    assert Event.objects.filter(object_id=p.pk, code="made").exists()


def test_r_fs_7_promise_refuses_past_due_time_foreign_owner_and_auditor(
    make_promise, agent_b, auditor
):
    with pytest.raises(InvalidInput):
        make_promise(hours=-1)
    with pytest.raises(InvalidInput):
        make_promise(owner=agent_b)  # not staff of site A
    with pytest.raises(NotAllowed):
        make_promise(actor=auditor)
    with pytest.raises(NotFound):
        make_promise(actor=agent_b, owner=agent_b)


def test_r_fs_7_promise_for_someone_else_tells_the_owner(make_promise, lead_a):
    p = make_promise(owner=lead_a)
    assert _notes(lead_a, "promise.assigned") == 1 and p.owner == lead_a


def test_r_fs_7_reminder_once_before_due_even_with_two_concurrent_sweeps(make_promise, agent_a):
    """R-FS-7: two sweeps that both saw the promise as due for a reminder send it once."""
    p = make_promise(hours=2)
    with time_machine.travel(p.due_at - timedelta(minutes=45), tick=False):
        services.promise_sweep()
        assert _notes(agent_a, "promise.reminder") == 0  # not yet: 30 minutes before
    with time_machine.travel(p.due_at - timedelta(minutes=20), tick=False):
        now = timezone.now()
        seen_a, seen_b = selectors.promise_reminders_due(now), selectors.promise_reminders_due(now)
        assert [x.pk for x in seen_a] == [x.pk for x in seen_b] == [p.pk]
        sent = [services.promise_remind(promise=x, now=now) for x in seen_a + seen_b]
        services.promise_sweep()
        services.promise_sweep()
    assert sent == [True, False]
    assert _notes(agent_a, "promise.reminder") == 1


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs concurrent connections (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles_present")
def test_r_fs_7_reminder_once_when_two_sweeps_run_in_parallel(make_promise, agent_a):
    """R-FS-7: two sweeps in two threads (two connections) at the same moment: one reminder."""
    p = make_promise(hours=2)
    barrier, errors = threading.Barrier(2), []

    def run():
        try:
            barrier.wait()
            services.promise_sweep(now=p.due_at - timedelta(minutes=10))
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == [] and _notes(agent_a, "promise.reminder") == 1


def test_r_fs_7_sweep_is_registered():
    assert "service.promise_sweep" in [s.name for s in periodic.registered()]


def test_r_fs_7_overdue_promise_notifies_owner_and_shift_lead_once(make_promise, agent_a, lead_a):
    p = make_promise(hours=1)
    with time_machine.travel(p.due_at + timedelta(minutes=5), tick=False):
        assert services.promise_sweep() == {"reminded": 0, "overdue": 1}
        assert services.promise_sweep() == {"reminded": 0, "overdue": 0}
        assert selectors.promises_overdue(lead_a).get() == p
    assert _notes(agent_a, "promise.overdue") == 1 and _notes(lead_a, "promise.overdue") == 1


def test_r_fs_7_keeping_records_when_and_how(make_promise, agent_a):
    """R-FS-7: keeping the promise records when, by which channel, what was said; on time."""
    p = make_promise(hours=2)
    with time_machine.travel(p.due_at - timedelta(hours=1), tick=False):
        services.promise_keep(actor=agent_a, promise=p, channel="phone", text="本月15日9-12点停水")
        kept_at = timezone.now()
    p.refresh_from_db()
    assert p.state == "kept" and p.kept_at == kept_at and p.kept_by == agent_a
    assert p.reply_channel == "phone" and p.reply_text == "本月15日9-12点停水"
    assert p.kept_on_time is True and p.version == 1


def test_r_fs_7_keeping_after_due_is_late_and_cannot_be_kept_twice(make_promise, agent_a):
    p = make_promise(hours=1)
    with time_machine.travel(p.due_at + timedelta(minutes=1), tick=False):
        services.promise_keep(actor=agent_a, promise=p, channel="sms", text="已短信告知")
    assert Promise.objects.get(pk=p.pk).kept_on_time is False
    with pytest.raises(Conflict):
        services.promise_keep(actor=agent_a, promise=p, channel="sms", text="again")


def test_r_fs_8_reasonable_request_answered_with_department_reply_on_time(
    make_promise, agent_a, eng_dept_a, dept_head_a
):
    """R-FS-8: the request goes to the responsible department; its reply is given on time."""
    p = make_promise(hours=4, subject="请工程部确认电梯年检日期", department=eng_dept_a)
    with time_machine.travel(p.made_at + timedelta(minutes=90), tick=False):
        services.promise_keep(
            actor=agent_a, promise=p, channel="phone", text="工程部答复：电梯年检定于下周二上午"
        )
    p.refresh_from_db()
    assert p.department == eng_dept_a and p.kept_on_time is True
    assert p.reply_text.startswith("工程部答复")
    assert Event.objects.get(object_id=p.pk, code="keep").data["minutes"] == 90


def test_r_fs_7_reassign_tells_the_new_owner_and_moves_the_reminder(make_promise, agent_a, lead_a):
    p = make_promise(hours=2)
    services.promise_reassign(actor=agent_a, promise=p, owner=lead_a, note="交给领班")
    with time_machine.travel(p.due_at - timedelta(minutes=10), tick=False):
        services.promise_sweep()
    assert _notes(lead_a, "promise.assigned") == 1 and _notes(lead_a, "promise.reminder") == 1
    assert _notes(agent_a, "promise.reminder") == 0


def test_cancel_needs_a_lead_and_a_reason(make_promise, agent_a, lead_a):
    p = make_promise()
    with pytest.raises(NotAllowed):
        services.promise_cancel(actor=agent_a, promise=p, reason="重复登记")
    with pytest.raises(InvalidInput):
        services.promise_cancel(actor=lead_a, promise=p, reason=" ")
    services.promise_cancel(actor=lead_a, promise=p, reason="重复登记")
    assert Promise.objects.get(pk=p.pk).state == "cancelled"


def test_r_fs_7_kept_on_time_rate_per_agent_and_per_site(make_promise, agent_a, lead_a, site_a):
    """R-FS-7: 2 on time, 1 late, 1 missed → 50 %; cancelled and not-yet-due are not counted."""
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as clock:
        ps = [make_promise(hours=h) for h in (1, 2, 3, 4, 5, 48)]
        clock.move_to("2026-03-02 10:30 +0800")
        services.promise_keep(actor=agent_a, promise=ps[0], channel="phone", text="a")  # late
        services.promise_keep(actor=agent_a, promise=ps[1], channel="phone", text="b")  # on time
        services.promise_keep(actor=agent_a, promise=ps[2], channel="visit", text="c")  # on time
        services.promise_cancel(actor=lead_a, promise=ps[4], reason="重复")
        clock.move_to("2026-03-02 14:00 +0800")  # ps[3] (due 13:00) is now missed
        by_owner = selectors.promise_kept_rate(lead_a, by="owner")
        by_site = selectors.promise_kept_rate(lead_a, by="site")
    assert [
        (r["owner_id"], r["total"], r["on_time"], r["late"], r["missed"], r["rate"])
        for r in by_owner
    ] == [(agent_a.pk, 4, 2, 1, 1, 50.0)]
    assert [(r["site_id"], r["rate"]) for r in by_site] == [(site_a.pk, 50.0)]


def test_handover_open_items_list_open_promises(make_promise, agent_a, site_a):
    """R-HO-2: open promises are among the open items of the site."""
    from propdesk.core.openitems import open_items_for_site

    p = make_promise()
    items = [i for i in open_items_for_site(agent_a, site_a.pk) if i.kind == "promise.open"]
    assert [(i.number, i.due_at) for i in items] == [(p.number, p.due_at)]
