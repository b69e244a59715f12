"""Ticket rules, each test named by its rule ID (RULES.md)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from propdesk.core.corrections import correction_apply, correction_list_for
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.signatures import signature_pending_for_user, signature_sign
from propdesk.notify.models import Notification
from propdesk.tickets import selectors, services
from propdesk.tickets.models import Contact, Ticket


def test_r_cp_1_every_ticket_comes_from_a_register_entry(open_ticket):
    """R-CP-1: a ticket is opened from a contact register entry, which links to it."""
    t = open_ticket(kind="complaint")
    contact = t.contacts.get()
    assert contact.number.startswith("DJ-") and contact.disposition == Contact.Disposition.TICKET
    assert not Ticket.objects.filter(contacts__isnull=True).exists()


def test_r_cp_1_a_dealt_with_contact_cannot_open_a_second_ticket(open_ticket, agent_a):
    """R-CP-1: link a repeat call instead of duplicating the ticket."""
    t = open_ticket()
    with pytest.raises(Conflict):
        services.ticket_open(
            actor=agent_a,
            contact=t.contacts.get(),
            kind="repair",
            category=t.category,
            title="重复",
        )


def test_r_ss_2_channel_is_recorded_on_every_contact(agent_a, site_a, resident_a):
    """R-SS-2: phone, visit, letter, online and API contacts are registered with their channel."""
    for channel in ("phone", "visit", "letter", "online", "api"):
        c = services.contact_register(
            actor=agent_a,
            site=site_a,
            channel=channel,
            kind="inquiry",
            content="咨询物业费",
            resident=resident_a,
        )
        assert Contact.objects.get(pk=c.pk).channel == channel


def test_r_fm_3_ticket_numbers_per_kind_scheme(open_ticket):
    """R-FM-3: complaints are numbered TS-, repairs BX-, per site and year."""
    assert open_ticket(kind="complaint").number.endswith("-000001")
    assert open_ticket(kind="complaint").number.startswith("TS-")
    assert open_ticket(kind="repair").number.startswith("BX-")


def test_r_fd_1_r_cp_2_dispatch_reaches_the_department_heads_queue(
    open_ticket, agent_a, dept_head_a
):
    """R-FD-1, R-CP-2: dispatch sends the handling form to the head of the responsible department."""
    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    assert list(selectors.department_queue(dept_head_a)) == [t]
    assert Notification.objects.filter(recipient=dept_head_a, code="ticket.dispatched").count() == 1
    assert t.dispatched_at is not None and t.state == "dispatched"


def test_r_cp_2_another_department_head_cannot_accept(open_ticket, agent_a, env_head_a, worker_a):
    """R-CP-2: only the head of the dispatched department acts on the form; nothing changes."""
    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    with pytest.raises(Exception) as exc:
        services.ticket_accept(
            actor=env_head_a, ticket=Ticket.objects.get(pk=t.pk), assignee=worker_a
        )
    assert isinstance(exc.value, NotAllowed | Conflict | InvalidInput)
    assert Ticket.objects.get(pk=t.pk).state == "dispatched"


def test_r_fs_8_department_reply_is_recorded_with_its_time(handled_ticket):
    """R-FS-8: the department's reply (result) comes back with the time it took."""
    t = Ticket.objects.get(pk=handled_ticket().pk)
    assert t.result == "已更换水管接头" and t.handled_at >= t.dispatched_at


def test_r_cp_3_complaint_cannot_close_without_callback_result(handled_ticket, agent_a):
    """R-CP-3: a handled complaint needs a callback result before it closes."""
    t = handled_ticket(kind="complaint")
    with pytest.raises(Conflict) as exc:
        services.ticket_close(actor=agent_a, ticket=t, cause="接头老化", responsibility="company")
    assert exc.value.code == "callback_required"
    assert Ticket.objects.get(pk=t.pk).state == "handled"


def test_r_cp_3_closes_after_three_failed_attempts_on_different_days(handled_ticket, agent_a):
    """R-CP-3: three failed callback attempts on different days allow closing without a result."""
    t = handled_ticket(kind="complaint")
    with time_machine.travel(t.handled_at, tick=False) as tm:
        for i in range(3):
            services.ticket_callback(actor=agent_a, ticket=t, outcome="no_answer")
            if i < 2:
                services.ticket_callback(
                    actor=agent_a, ticket=t, outcome="no_answer"
                )  # same day, not counted
                with pytest.raises(Conflict):
                    services.ticket_close(
                        actor=agent_a, ticket=t, cause="接头老化", responsibility="company"
                    )
            tm.shift(timedelta(days=1))
        services.ticket_close(
            actor=agent_a,
            ticket=t,
            cause="接头老化",
            desired_outcome="修好",
            responsibility="company",
        )
    assert Ticket.objects.get(pk=t.pk).state == "closed"


def test_r_ss_3_satisfied_callback_records_score_then_closes(handled_ticket, agent_a):
    """R-SS-3: a reached callback records satisfaction and a 1–5 score."""
    t = handled_ticket(kind="repair")
    attempt = services.ticket_callback(
        actor=agent_a, ticket=t, outcome="reached", satisfied=True, score=5
    )
    assert (attempt.satisfied, attempt.score, t.state) == (True, 5, "callback_done")
    services.ticket_close(actor=agent_a, ticket=t)
    assert Ticket.objects.get(pk=t.pk).state == "closed"


def test_r_ss_3_unsatisfied_callback_reopens_to_the_department(
    handled_ticket, agent_a, dept_head_a
):
    """R-SS-3, R-CP-3: an unsatisfied callback sends the ticket back to the department."""
    t = handled_ticket(kind="complaint")
    services.ticket_callback(
        actor=agent_a, ticket=t, outcome="reached", satisfied=False, score=2, comment="还在漏"
    )
    t.refresh_from_db()
    assert t.state == "dispatched" and t.assignee is None
    assert t in selectors.department_queue(dept_head_a)


def test_r_cp_7_cause_and_responsibility_required_before_complaint_closes(handled_ticket, agent_a):
    """R-CP-7: the cause, what the resident wants and the responsibility are recorded before a
    complaint closes."""
    t = handled_ticket(kind="complaint")
    services.ticket_callback(actor=agent_a, ticket=t, outcome="reached", satisfied=True, score=4)
    with pytest.raises(InvalidInput) as exc:
        services.ticket_close(actor=agent_a, ticket=t)
    assert set(exc.value.fields) == {"cause", "desired_outcome", "responsibility"}
    services.ticket_close(
        actor=agent_a, ticket=t, cause="接头老化", desired_outcome="修好", responsibility="company"
    )
    t.refresh_from_db()
    assert (t.state, t.cause, t.desired_outcome) == ("closed", "接头老化", "修好")


def test_r_cp_8_repeat_complaint_is_linked_and_flagged(open_ticket):
    """R-CP-8: same unit and category within 30 days is a repeat, linked to the earlier one."""
    first = open_ticket(kind="complaint")
    second = open_ticket(kind="complaint")
    assert not first.is_repeat and second.is_repeat and second.repeat_of == first


def test_r_cp_8_complaint_after_the_window_is_not_a_repeat(open_ticket):
    """R-CP-8: outside the window it is a new complaint."""
    with time_machine.travel("2026-01-01 10:00 +0800"):
        open_ticket(kind="complaint")
    with time_machine.travel("2026-03-01 10:00 +0800"):
        assert not open_ticket(kind="complaint").is_repeat


def test_r_fm_6_correction_keeps_the_old_value_visible(open_ticket, lead_a):
    """R-FM-6: a correction is a new entry with old → new, who, when and why."""
    t = open_ticket(title="厨房漏水")
    correction_apply(
        target=t, field="title", new_value="卫生间漏水", reason="登记时听错", actor=lead_a
    )
    row = correction_list_for(t).get()
    assert (row.old_value, row.new_value, row.actor, row.reason) == (
        "厨房漏水",
        "卫生间漏水",
        lead_a,
        "登记时听错",
    )
    assert Ticket.objects.get(pk=t.pk).title == "卫生间漏水"
    assert event_list_for(t).filter(code="corrected").count() == 1


def test_r_fm_5_register_entry_awaits_countersign_until_signed(agent_a, lead_a, site_a, resident_a):
    """R-FM-5: each register entry is listed for the supervisor's countersign until countersigned."""
    c = services.contact_register(
        actor=agent_a,
        site=site_a,
        channel="visit",
        kind="inquiry",
        content="咨询停车",
        resident=resident_a,
    )
    assert [s.object_id for s in signature_pending_for_user(lead_a)] == [c.pk]
    with pytest.raises(NotAllowed):
        signature_sign(target=c, slot="countersign", actor=agent_a)  # never one's own entry
    signature_sign(target=c, slot="countersign", actor=lead_a)
    assert not signature_pending_for_user(lead_a).exists()


def test_r_fs_4_escalation_shows_on_the_shift_leads_board(open_ticket, agent_a, lead_a, agent_b):
    """R-FS-4: any ticket can be escalated to the shift lead at once."""
    t = open_ticket(kind="complaint")
    services.ticket_escalate(actor=agent_a, ticket=t, note="业主情绪激动")
    assert list(selectors.escalation_board(lead_a)) == [t]
    assert Notification.objects.filter(recipient=lead_a, code="ticket.escalated").exists()
    assert not selectors.escalation_board(agent_b).exists()


def test_r_fd_5_leader_assigns_task_agent_completes_overdue_listed(lead_a, agent_a, site_a):
    """R-FD-5: a supervisor assigns a task with a due time; overdue ones are listed; the agent completes it."""
    with time_machine.travel("2026-05-06 09:00 +0800", tick=False) as tm:
        due = timezone.now() + timedelta(hours=1)
        task = services.task_assign(
            actor=lead_a, site=site_a, assigned_to=agent_a, title="通知3栋停水", due_at=due
        )
        tm.shift(timedelta(hours=2))
        assert list(selectors.task_list_for_user(lead_a, overdue=True)) == [task]
        with pytest.raises(NotAllowed):
            services.task_complete(actor=lead_a, task=task, note="x")
        services.task_complete(actor=agent_a, task=task, note="已张贴通知")
        assert not selectors.task_list_for_user(lead_a, overdue=True).exists()


def test_r_cp_2_a_complaint_contact_cannot_be_answered_or_recorded_only(
    agent_a, site_a, resident_a
):
    """R-CP-2, R-CP-4: a complaint always gets a handling form, so the major rules and callback apply."""
    c = services.contact_register(
        actor=agent_a,
        site=site_a,
        channel="phone",
        kind="complaint",
        content="住户在小区滑倒受伤，要找媒体",
        resident=resident_a,
    )
    for act in (
        lambda: services.contact_answer(actor=agent_a, contact=c, answer="已安抚"),
        lambda: services.contact_record_only(actor=agent_a, contact=c),
    ):
        with pytest.raises(Conflict) as exc:
            act()
        assert exc.value.code == "complaint_needs_ticket"
    assert Contact.objects.get(pk=c.pk).disposition == Contact.Disposition.OPEN
