"""Shift handover rules R-HO-1 … R-HO-7 at the service level."""

import pytest

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.signatures import signature_list_for
from propdesk.frontdesk import selectors, services
from propdesk.frontdesk.models import ShiftHandover
from propdesk.notify.models import Notification
from tests.factories import desk_holder
from tests.frontdesk.conftest import read_all


def test_r_ho_1_r_ho_4_handover_lists_desk_and_equipment_check_items(frozen, desk_a, agent_a):
    """R-HO-1, R-HO-4: the handover carries the desk's check items (desk tidy, equipment working)."""
    h = services.handover_open(actor=agent_a, desk=desk_a)
    codes = set(h.checks.values_list("code", flat=True))
    assert {"desk_tidy", "equipment_working", "keys_counted"} <= codes
    assert h.number.startswith("JB-2026-")
    assert h.shift.name == "夜班"


def test_r_ho_4_failed_item_needs_a_remark(frozen, desk_a, agent_a):
    """R-HO-4: an equipment item that fails must say what is wrong."""
    h = services.handover_open(actor=agent_a, desk=desk_a)
    with pytest.raises(InvalidInput):
        services.handover_check_set(actor=agent_a, handover=h, code="cctv_working", result="fail")
    c = services.handover_check_set(
        actor=agent_a, handover=h, code="cctv_working", result="fail", remark="3号摄像头黑屏"
    )
    assert c.checked_at is not None and c.checked_by == agent_a


def test_r_ho_2_submit_snapshots_open_items_and_signs_outgoing(submitted, agent_a):
    """R-HO-2, R-HO-7: the submitted handover keeps the open items and the outgoing signature."""
    sigs = {s.slot: s for s in signature_list_for(submitted)}
    assert sigs["outgoing"].signer == agent_a and sigs["outgoing"].signed_at
    assert sigs["incoming"].signer is None
    assert isinstance(submitted.open_items, list)


def test_r_ho_3_incoming_cannot_accept_before_opening_log_and_handover(submitted, agent2_a):
    """R-HO-3: accepting needs the duty log and the handover opened first (recorded)."""
    with pytest.raises(Conflict) as exc:
        services.handover_accept(actor=agent2_a, handover=submitted)
    assert "read" in exc.value.fields
    services.handover_record_read(actor=agent2_a, handover=submitted, part="handover")
    with pytest.raises(Conflict):
        services.handover_accept(actor=agent2_a, handover=submitted)
    services.handover_record_read(actor=agent2_a, handover=submitted, part="log")
    services.handover_accept(actor=agent2_a, handover=submitted)
    assert submitted.state == "accepted" and submitted.log_read_at <= submitted.accepted_at


def test_r_ho_6_unanswered_question_blocks_acceptance(submitted, agent_a, agent2_a):
    """R-HO-6: the handover is over only when every question is answered."""
    h = read_all(submitted, agent2_a)
    q = services.handover_ask(actor=agent2_a, handover=h, question="3栋漏水报修派了吗？")
    with pytest.raises(Conflict) as exc:
        services.handover_accept(actor=agent2_a, handover=h)
    assert "questions" in exc.value.fields
    services.handover_answer(actor=agent_a, question=q, answer="已派工程部，上午处理")
    services.handover_accept(actor=agent2_a, handover=h)
    assert ShiftHandover.objects.get(pk=h.pk).state == "accepted"


def test_r_ho_6_unfilled_check_item_blocks_acceptance(submitted, agent2_a):
    """R-HO-6: accepted only when all check items are filled."""
    h = read_all(submitted, agent2_a)
    h.checks.filter(code="keys_counted").update(result="")
    with pytest.raises(Conflict) as exc:
        services.handover_accept(actor=agent2_a, handover=h)
    assert "checks" in exc.value.fields


def test_r_ho_6_only_outgoing_answers_and_only_incoming_accepts(submitted, agent_a, agent2_a):
    """R-HO-6: the outgoing agent cannot accept their own handover."""
    with pytest.raises(NotAllowed):
        services.handover_accept(actor=agent_a, handover=submitted)


def test_r_ho_5_refusal_notifies_supervisor_and_outgoing_keeps_desk(
    submitted, desk_a, agent_a, agent2_a, lead_a
):
    """R-HO-5: refused with a reason → supervisor notified at once; the outgoing stays responsible."""
    h = read_all(submitted, agent2_a)
    services.handover_refuse(actor=agent2_a, handover=h, reason="对讲机坏了没有说明")
    assert h.state == "refused"
    assert Notification.objects.filter(recipient=lead_a, code="handover.refused").count() == 1
    assert desk_holder(desk_a) == agent_a
    with pytest.raises(Conflict):
        services.handover_accept(actor=agent2_a, handover=h)


def test_r_ho_5_supervisor_resolves_then_handover_is_accepted(
    submitted, desk_a, agent_a, agent2_a, lead_a
):
    """R-HO-5: after the supervisor resolves, the incoming agent can accept; the desk moves."""
    h = read_all(submitted, agent2_a)
    services.handover_refuse(actor=agent2_a, handover=h, reason="钥匙少一把")
    with pytest.raises(NotAllowed):
        services.handover_resolve(
            actor=agent_a, handover=h, resolution="outgoing_finished", note="找到了"
        )
    services.handover_resolve(
        actor=lead_a, handover=h, resolution="outgoing_finished", note="钥匙在保安室，已取回"
    )
    assert h.state == "resolved" and desk_holder(desk_a) == agent_a
    services.handover_accept(actor=agent2_a, handover=h)
    assert desk_holder(desk_a) == agent2_a


def test_r_ho_5_supervisor_takeover_makes_supervisor_desk_holder(
    submitted, desk_a, agent2_a, lead_a
):
    """R-HO-5: the supervisor may take the desk over while the refusal is settled."""
    h = read_all(submitted, agent2_a)
    services.handover_refuse(actor=agent2_a, handover=h, reason="交接不清")
    services.handover_resolve(
        actor=lead_a, handover=h, resolution="supervisor_took_over", note="我先顶岗"
    )
    assert desk_holder(desk_a) == lead_a


def test_r_ho_7_signatures_with_time_and_daily_review(
    submitted, agent_a, agent2_a, lead_a, csm, frozen
):
    """R-HO-7: outgoing, incoming, supervisor and manager sign with time; the queue lists the rest."""
    h = read_all(submitted, agent2_a)
    services.handover_accept(actor=agent2_a, handover=h)
    queue = selectors.review_queue_for_user(lead_a)
    assert {(r["kind"], r["slot"]) for r in queue} >= {
        ("ShiftHandover", "supervisor"),
        ("DutyLog", "countersign"),
    }
    assert not any(r["overdue"] for r in queue)
    with pytest.raises(NotAllowed):
        services.record_sign(actor=agent_a, target=h, slot="supervisor")
    services.record_sign(actor=lead_a, target=h, slot="supervisor")
    with pytest.raises(NotAllowed):
        services.record_sign(actor=lead_a, target=h, slot="manager")
    services.record_sign(actor=csm, target=h, slot="manager")
    sigs = {s.slot: s for s in signature_list_for(h)}
    assert {k: bool(v.signed_at and v.signer) for k, v in sigs.items()} == {
        "outgoing": True,
        "incoming": True,
        "supervisor": True,
        "manager": True,
    }
    frozen.shift(24 * 3600)
    assert all(r["overdue"] for r in selectors.review_queue_for_user(lead_a))


def test_r_ho_7_review_not_before_acceptance(submitted, lead_a):
    """R-HO-7: the daily review signs handed-over records only."""
    with pytest.raises(Conflict):
        services.record_sign(actor=lead_a, target=submitted, slot="supervisor")


def test_r_ho_2_only_desk_holder_opens_handover(frozen, desk_a, agent_a, agent2_a):
    """R-HO-2: the agent holding the desk records the handover, nobody else."""
    services.desk_take(actor=agent_a, desk=desk_a)
    with pytest.raises(NotAllowed):
        services.handover_open(actor=agent2_a, desk=desk_a)
    services.handover_open(actor=agent_a, desk=desk_a)
    with pytest.raises(Conflict):
        services.handover_open(actor=agent_a, desk=desk_a)


def test_r_ho_6_concurrent_accept_with_stale_version_conflicts(submitted, agent2_a):
    """R-HO-6: an accept based on an old version is refused (409), nothing changes."""
    h = read_all(submitted, agent2_a)
    with pytest.raises(Conflict):
        services.handover_accept(actor=agent2_a, handover=h, expected_version=h.version - 1)


def test_r_ho_7_unsigned_records_are_flagged_the_next_day(submitted, agent2_a, lead_a, csm, frozen):
    """R-HO-7: the next day, reviewers of the site are told that records still await signatures."""
    from propdesk.frontdesk.services.review import review_overdue_notify

    services.handover_accept(actor=agent2_a, handover=read_all(submitted, agent2_a))
    assert review_overdue_notify() == 0
    frozen.shift(24 * 3600)
    assert review_overdue_notify() == 2  # the supervisor and the manager of site A
    assert review_overdue_notify() == 0  # once a day
    assert Notification.objects.filter(recipient=lead_a, code="review.overdue").count() == 1
