"""Transitions refused by state or role change nothing; side paths (send back, transfer, urge, price)."""

import datetime as dt
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine

from propdesk.core.events import event_list_for
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.tickets import services
from propdesk.tickets.models import Ticket
from tests.factories import make_user


def _snapshot(t):
    t = Ticket.objects.get(pk=t.pk)
    return (t.state, t.version, event_list_for(t).count())


def test_wrong_state_is_refused_and_changes_nothing(open_ticket, agent_a, worker_a):
    t = open_ticket()
    before = _snapshot(t)
    with pytest.raises(Conflict):
        services.ticket_handle(actor=worker_a, ticket=t, result="x")
    assert _snapshot(t) == before


def test_auditor_and_resident_cannot_act(open_ticket, auditor, resident_user):
    t = open_ticket()
    before = _snapshot(t)
    for user in (auditor, resident_user):
        with pytest.raises(NotAllowed):
            services.ticket_dispatch(actor=user, ticket=t)
    assert _snapshot(t) == before


def test_department_sends_back_to_the_desk_with_reason(open_ticket, agent_a, dept_head_a):
    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    with pytest.raises(InvalidInput):
        services.ticket_send_back(actor=dept_head_a, ticket=t, reason=" ")
    services.ticket_send_back(actor=dept_head_a, ticket=t, reason="应由环境部处理")
    assert Ticket.objects.get(pk=t.pk).state == "registered"


def test_transfer_keeps_each_hop(open_ticket, agent_a, dept_head_a, worker_a, site_a, eng_dept_a):
    other = make_user("dept_staff", site_a, department=eng_dept_a)
    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    services.ticket_accept(actor=dept_head_a, ticket=t, assignee=worker_a)
    services.ticket_transfer(actor=worker_a, ticket=t, assignee=other, note="我休假")
    services.ticket_transfer(actor=other, ticket=t, assignee=worker_a, note="回来了")
    hops = [
        (e.data["from_user"], e.data["to_user"]) for e in event_list_for(t).filter(code="transfer")
    ]
    assert hops == [(worker_a.pk, other.pk), (other.pk, worker_a.pk)]
    assert Ticket.objects.get(pk=t.pk).assignee == worker_a


def test_worker_of_another_department_cannot_be_assigned(open_ticket, agent_a, dept_head_a, site_a):
    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    outsider = make_user("dept_staff", site_a)
    with pytest.raises(InvalidInput):
        services.ticket_accept(actor=dept_head_a, ticket=t, assignee=outsider)


def test_paid_repair_needs_agreed_price_before_work_starts(
    open_ticket, agent_a, dept_head_a, worker_a
):
    t = open_ticket(is_paid=True)
    services.ticket_dispatch(actor=agent_a, ticket=t)
    services.ticket_accept(actor=dept_head_a, ticket=t, assignee=worker_a)
    with pytest.raises(Conflict):
        services.ticket_start(actor=worker_a, ticket=t)
    services.ticket_agree_price(actor=worker_a, ticket=t, price=Decimal("80"), agreed_by="业主张伟")
    services.ticket_start(actor=worker_a, ticket=t)
    t.refresh_from_db()
    assert (t.state, t.price, t.price_agreed_by) == ("in_progress", Decimal("80.00"), "业主张伟")


def test_urge_is_recorded_at_most_once_per_five_minutes(open_ticket, agent_a):
    t = open_ticket()
    with time_machine.travel("2026-05-06 09:00 +0800", tick=False) as tm:
        services.ticket_urge(actor=agent_a, ticket=t)
        tm.shift(timedelta(minutes=4))
        with pytest.raises(Conflict):
            services.ticket_urge(actor=agent_a, ticket=t)
        tm.shift(timedelta(minutes=2))
        services.ticket_urge(actor=agent_a, ticket=t)
    assert Ticket.objects.get(pk=t.pk).urge_count == 2


def test_inquiry_answered_on_the_spot_closes_without_dispatch(open_ticket, agent_a):
    t = open_ticket(kind="inquiry", content="物业费怎么交")
    services.ticket_answer(actor=agent_a, ticket=t, answer="可在服务中心或线上缴纳")
    t.refresh_from_db()
    assert t.state == "closed" and t.dispatched_at is None


def test_invalid_complaint_is_explained_and_closed(open_ticket, agent_a):
    t = open_ticket(kind="complaint", content="要求物业赔偿邻居噪音损失")
    services.ticket_invalidate(actor=agent_a, ticket=t, explanation="不属于物业服务范围，已解释")
    t.refresh_from_db()
    assert (t.state, t.validity) == ("closed", "invalid")


def test_supervisor_cancels_and_merges_agent_cannot(open_ticket, agent_a, lead_a):
    a, b, c = open_ticket(), open_ticket(), open_ticket()
    with pytest.raises(NotAllowed):
        services.ticket_cancel(actor=agent_a, ticket=a, reason="重复")
    services.ticket_cancel(actor=lead_a, ticket=a, reason="业主撤回")
    services.ticket_merge(actor=lead_a, ticket=b, into=c)
    assert Ticket.objects.get(pk=a.pk).state == "cancelled"
    assert Ticket.objects.get(pk=b.pk).merged_into_id == c.pk
    assert c.contacts.count() == 2


def test_stale_version_is_refused(open_ticket, agent_a):
    t = open_ticket()
    with pytest.raises(Conflict) as exc:
        services.ticket_dispatch(actor=agent_a, ticket=t, version=t.version + 5)
    assert exc.value.code == "stale"


def test_head_of_another_department_cannot_agree_a_price(
    open_ticket, agent_a, dept_head_a, worker_a, env_head_a
):
    """Found by the stateful test: agreeing a price is the desk's or the handling department's act."""
    t = open_ticket(is_paid=True)
    services.ticket_dispatch(actor=agent_a, ticket=t)
    services.ticket_accept(actor=dept_head_a, ticket=t, assignee=worker_a)
    with pytest.raises(NotAllowed):
        services.ticket_agree_price(
            actor=env_head_a, ticket=t, price=Decimal("80"), agreed_by="业主"
        )
    services.ticket_agree_price(
        actor=agent_a, ticket=t, price=Decimal("80"), agreed_by="业主电话确认"
    )
    assert Ticket.objects.get(pk=t.pk).price_agreed_by == "业主电话确认"


def test_intake_refuses_a_non_phone_and_a_past_appointment(
    agent_a, site_a, resident_a, open_ticket
):
    with pytest.raises(InvalidInput) as exc:
        services.contact_register(
            actor=agent_a,
            site=site_a,
            channel="phone",
            kind="inquiry",
            content="问路",
            caller_name="路人",
            caller_phone="abc<>defg",
        )
    assert "caller_phone" in exc.value.fields
    with pytest.raises(InvalidInput) as exc:
        open_ticket(kind="repair", appointment_at=dt.datetime(2020, 1, 1, 10, tzinfo=dt.UTC))
    assert "appointment_at" in exc.value.fields
