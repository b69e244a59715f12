"""SLA clocks on the business calendar, warnings, breaches, escalation (R-SS-1, R-FS-4) with frozen time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from propdesk.core.events import event_list_for
from propdesk.notify.models import Notification
from propdesk.tickets import services
from propdesk.tickets.models import SlaClock, Ticket
from propdesk.tickets.sla import plain_time_left
from propdesk.tickets.sweeps import desk_escalation_sweep, sla_sweep

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return dt.datetime(*args, tzinfo=SH)


def clock(t, target):
    return SlaClock.objects.get(ticket=t, target=target)


def test_r_ss_1_response_due_skips_the_weekend(open_ticket):
    """R-SS-1: a complaint registered Friday 17:20 must be dispatched by Monday 08:40 (20 working minutes)."""
    with time_machine.travel(at(2026, 3, 6, 17, 20), tick=False):  # Friday
        t = open_ticket(kind="complaint")
    assert clock(t, "response").due_at == at(2026, 3, 9, 8, 40)


def test_r_ss_1_public_holiday_and_make_up_workday(open_ticket):
    """R-SS-1: 国庆 2026-10-01..07 are holidays; Saturday 2026-10-10 is a make-up workday."""
    with time_machine.travel(at(2026, 9, 30, 17, 20), tick=False):
        t = open_ticket(kind="complaint")
    assert clock(t, "response").due_at == at(2026, 10, 8, 8, 40)
    with time_machine.travel(
        at(2026, 10, 9, 17, 20), tick=False
    ):  # Friday before the make-up Saturday
        t2 = open_ticket(kind="complaint", content="楼道灯坏了")
    assert clock(t2, "response").due_at == at(2026, 10, 10, 8, 40)


def test_r_ss_1_emergency_repair_runs_24x7_and_arrival_by_service_level(
    open_ticket, agent_a, dept_head_a, worker_a
):
    """R-SS-1: emergency repairs: dispatch ≤10 min and on site ≤30 min (level 1), around the clock."""
    with time_machine.travel(at(2026, 3, 7, 23, 0), tick=False):  # Saturday night
        t = open_ticket(kind="repair", priority="emergency", content="水管爆裂跑水")
        assert clock(t, "response").due_at == at(2026, 3, 7, 23, 10)
        services.ticket_dispatch(actor=agent_a, ticket=t)
        services.ticket_accept(actor=dept_head_a, ticket=t, assignee=worker_a)
    assert clock(t, "arrive").due_at == at(2026, 3, 7, 23, 30)
    assert clock(t, "response").state == "met" and clock(t, "response").late_minutes == 0


def test_r_ss_1_no_sla_for_suggestions(open_ticket):
    """R-SS-1: "no SLA" is a first-class choice: a suggestion gets no clock."""
    t = open_ticket(kind="suggestion", content="建议增加快递柜")
    assert not SlaClock.objects.filter(ticket=t).exists()


def test_r_ss_1_paused_time_does_not_count(open_ticket, agent_a, dept_head_a, worker_a):
    """R-SS-1: time in the paused state does not count."""
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False) as tm:  # Monday
        t = open_ticket(kind="repair")
        due = clock(t, "resolve").due_at
        services.ticket_dispatch(actor=agent_a, ticket=t)
        services.ticket_accept(actor=dept_head_a, ticket=t, assignee=worker_a)
        services.ticket_start(actor=worker_a, ticket=t)
        services.ticket_pause(actor=worker_a, ticket=t, reason="等待配件")
        tm.shift(dt.timedelta(hours=2))
        services.ticket_resume(actor=worker_a, ticket=t)
    assert clock(t, "resolve").due_at == due + dt.timedelta(hours=2)


def test_r_ss_1_warning_and_breach_each_sent_once(open_ticket, agent_a):
    """R-SS-1: warning at 80 %, breach at 100 %, each once even when the sweep runs twice."""
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        t = open_ticket(kind="complaint")
    sla_sweep(now=at(2026, 3, 2, 9, 17))
    sla_sweep(now=at(2026, 3, 2, 9, 17))
    assert Notification.objects.filter(code="sla.warning", recipient=agent_a).count() == 1
    sla_sweep(now=at(2026, 3, 2, 9, 21))
    sla_sweep(now=at(2026, 3, 2, 9, 22))
    assert Notification.objects.filter(code="sla.breached", recipient=agent_a).count() == 1
    assert clock(t, "response").breached_at == at(2026, 3, 2, 9, 21)


def test_r_ss_1_missed_hour_catches_up_once(open_ticket, agent_a, lead_a):
    """R-SS-1: a sweep after an hour of downtime reports the breach once, with no stale warning."""
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        open_ticket(kind="complaint")
    sla_sweep(now=at(2026, 3, 2, 10, 30))
    assert Notification.objects.filter(code="sla.warning").count() == 0
    assert Notification.objects.filter(code="sla.breached", recipient=lead_a).count() == 1


def test_r_ss_1_breach_is_kept_with_how_late(open_ticket, agent_a):
    """R-SS-1: met / breached per target with minutes late, for reporting."""
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False) as tm:
        t = open_ticket(kind="complaint")
        tm.shift(dt.timedelta(minutes=50))
        services.ticket_dispatch(actor=agent_a, ticket=t)
    c = clock(t, "response")
    assert (c.state, c.late_minutes, c.breached) == ("met", 30, True)


def test_r_ss_1_priority_change_recomputes_due_on_the_timeline(open_ticket, agent_a):
    """R-SS-1: due times are recomputed when the priority changes, recorded on the timeline."""
    with time_machine.travel(at(2026, 3, 7, 10, 0), tick=False):  # Saturday
        t = open_ticket(kind="repair")
        assert clock(t, "response").due_at == at(2026, 3, 9, 8, 50)
        services.ticket_reclassify(
            actor=agent_a, ticket=t, priority="emergency", reason="业主说在跑水"
        )
    assert clock(t, "response").due_at == at(2026, 3, 7, 10, 10)
    assert event_list_for(t).filter(code="sla_recomputed").count() == 1
    assert Ticket.objects.get(pk=t.pk).priority == "emergency"


def test_r_fs_4_undispatched_complaint_goes_to_shift_lead_after_30_minutes(open_ticket, lead_a):
    """R-FS-4: a complaint still not dispatched 30 minutes after registration is escalated, once."""
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        t = open_ticket(kind="complaint")
    assert desk_escalation_sweep(now=at(2026, 3, 2, 9, 29)) == 0
    assert desk_escalation_sweep(now=at(2026, 3, 2, 9, 31)) == 1
    assert desk_escalation_sweep(now=at(2026, 3, 2, 9, 40)) == 0
    assert Ticket.objects.get(pk=t.pk).escalated_at is not None
    assert Notification.objects.filter(recipient=lead_a, code="ticket.escalated").count() == 1


def test_plain_time_left():
    now = at(2026, 3, 2, 9, 0)
    assert plain_time_left(at(2026, 3, 2, 11, 30), now) == ("left", 150)
    assert plain_time_left(at(2026, 3, 2, 8, 25), now) == ("overdue", 35)


@pytest.mark.django_db(transaction=True)
def test_r_ss_1_concurrent_sweeps_warn_once(open_ticket, agent_a):
    """R-SS-1: two sweeps running at the same moment on separate connections send one warning."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("real concurrent connections are exercised on PostgreSQL")
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        open_ticket(kind="complaint")
    barrier = threading.Barrier(4)

    def run():
        barrier.wait()
        try:
            sla_sweep(now=at(2026, 3, 2, 9, 17))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert Notification.objects.filter(code="sla.warning", recipient=agent_a).count() == 1


def test_r_ss_1_list_and_ticket_page_show_time_left_or_overdue_in_plain_words(
    client_for, agent_a, open_ticket
):
    """R-SS-1: lists and the ticket page say how long is left, or how late it is."""
    from django.urls import reverse

    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        t = open_ticket(kind="complaint")
    with time_machine.travel(at(2026, 3, 2, 9, 5), tick=False):
        page = client_for(agent_a).get(reverse("tickets:list")).content.decode()
        assert "还剩 15 分钟" in page
    with time_machine.travel(at(2026, 3, 2, 9, 50), tick=False):
        detail = client_for(agent_a).get(reverse("tickets:detail", args=[t.pk])).content.decode()
        assert "已超时 30 分钟" in detail and "服务标准" in detail
