"""Major complaints (R-CP-4): each detection rule, manual flag, and the centre manager's sign-off."""

import pytest

from propdesk.core.exceptions import Conflict, NotAllowed
from propdesk.core.signatures import signature_pending_for_user
from propdesk.notify.models import Notification
from propdesk.tickets import selectors, services
from propdesk.tickets.models import Ticket


def test_r_cp_4_keyword_in_text_makes_it_major_and_assigns_the_centre_manager(open_ticket, pcm_a):
    """R-CP-4: words like 受伤 make a complaint major; the property-centre manager is assigned and notified."""
    t = open_ticket(kind="complaint", content="电梯门夹人，老人受伤了")
    t.refresh_from_db()
    assert t.is_major and "keyword:受伤" in t.major_reasons and t.major_owner == pcm_a
    assert Notification.objects.filter(recipient=pcm_a, code="ticket.major").count() == 1
    assert t in selectors.major_complaints(pcm_a)


def test_r_cp_4_major_category(open_ticket):
    """R-CP-4: a category marked major (人身伤害/财产损失)."""
    t = open_ticket(kind="complaint", category_code="safety_incident", content="车辆被小区道闸砸坏")
    assert Ticket.objects.get(pk=t.pk).major_reasons == ["category"]


def test_r_cp_4_third_complaint_of_a_unit_in_30_days(open_ticket):
    """R-CP-4: a repeat of three or more complaints in 30 days for the same unit."""
    first = open_ticket(kind="complaint", content="楼道脏")
    second = open_ticket(kind="complaint", category_code="noise", content="晚上很吵")
    third = open_ticket(kind="complaint", category_code="parking", content="车位被占")
    assert (
        not Ticket.objects.get(pk=first.pk).is_major
        and not Ticket.objects.get(pk=second.pk).is_major
    )
    assert "repeat" in Ticket.objects.get(pk=third.pk).major_reasons


def test_r_cp_4_flag_by_hand_needs_a_manager_and_a_reason(open_ticket, agent_a, csm, pcm_a):
    """R-CP-4: flagged by hand with a reason, by the CS manager or the centre manager only."""
    t = open_ticket(kind="complaint", content="物业费收费不合理")
    with pytest.raises(NotAllowed):
        services.ticket_flag_major(actor=agent_a, ticket=t, reason="业主要找媒体")
    services.ticket_flag_major(actor=csm, ticket=t, reason="业主要找媒体")
    assert Ticket.objects.get(pk=t.pk).major_reasons == ["manual"]


def test_r_cp_4_major_complaint_cannot_close_without_centre_manager_signoff(
    handled_ticket, agent_a, pcm_a, csm
):
    """R-CP-4: a major complaint closes only after the property-centre manager signs off."""
    t = handled_ticket(kind="complaint", content="维修工把业主家地板砸坏，业主说要报警")
    t.refresh_from_db()
    services.ticket_callback(actor=agent_a, ticket=t, outcome="reached", satisfied=True, score=4)
    with pytest.raises(Conflict) as exc:
        services.ticket_close(actor=agent_a, ticket=t, cause="施工不慎", responsibility="company")
    assert exc.value.code == "major_signoff"
    assert [s.slot for s in signature_pending_for_user(pcm_a, slot="major_signoff")] == [
        "major_signoff"
    ]
    with pytest.raises(NotAllowed):
        services.ticket_major_signoff(actor=csm, ticket=t)
    services.ticket_major_signoff(actor=pcm_a, ticket=t, note="已赔偿，同意结案")
    services.ticket_close(
        actor=agent_a, ticket=t, cause="施工不慎", desired_outcome="赔偿", responsibility="company"
    )
    assert Ticket.objects.get(pk=t.pk).state == "closed"


def test_ordinary_complaint_is_not_major(open_ticket):
    assert not Ticket.objects.get(pk=open_ticket(kind="complaint", content="垃圾没清").pk).is_major
