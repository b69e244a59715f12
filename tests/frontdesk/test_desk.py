"""Desk coverage and leave of post (R-FS-2); conduct spot checks (R-FS-1, R-FS-3)."""

import pytest

from propdesk.core.exceptions import InvalidInput, NotAllowed
from propdesk.frontdesk import selectors, services
from propdesk.frontdesk.models import CheckTemplate, SpotCheckFinding
from propdesk.notify.models import Notification
from tests.factories import desk_holder


@pytest.fixture
def held(desk_a, agent_a):
    services.desk_take(actor=agent_a, desk=desk_a)
    return desk_a


def test_r_fs_2_leave_without_approval_is_refused(held, agent_a, agent2_a, lead_a):
    """R-FS-2: a leave-of-post request changes nothing until the shift lead approves it."""
    leave = services.leave_request(
        actor=agent_a, desk=held, replacement=agent2_a, reason="去卫生间"
    )
    assert Notification.objects.filter(recipient=lead_a, code="leave.requested").exists()
    assert desk_holder(held) == agent_a
    with pytest.raises(NotAllowed):
        services.leave_approve(actor=agent_a, leave=leave)  # self-approval
    with pytest.raises(NotAllowed):
        services.leave_approve(actor=agent2_a, leave=leave)  # agents do not approve
    from propdesk.core.exceptions import Conflict

    with pytest.raises(Conflict):
        services.leave_return(
            actor=agent_a, leave=leave
        )  # cannot "come back" from an unapproved leave
    assert desk_holder(held) == agent_a


def test_r_fs_2_approved_leave_hands_desk_to_named_replacement_until_return(
    held, agent_a, agent2_a, lead_a
):
    """R-FS-2: with approval, the named replacement holds the desk until the agent returns."""
    leave = services.leave_request(
        actor=agent_a, desk=held, replacement=agent2_a, reason="取快递柜钥匙"
    )
    services.leave_approve(actor=lead_a, leave=leave)
    assert desk_holder(held) == agent2_a
    services.leave_return(actor=agent_a, leave=leave)
    assert desk_holder(held) == agent_a


def test_r_fs_2_leave_needs_a_replacement_and_the_holder(held, agent_a, agent2_a):
    """R-FS-2: only the holder asks, and a replacement other than oneself must be named."""
    with pytest.raises(InvalidInput):
        services.leave_request(actor=agent_a, desk=held, replacement=agent_a, reason="x")
    with pytest.raises(NotAllowed):
        services.leave_request(actor=agent2_a, desk=held, replacement=agent_a, reason="x")


def test_r_fs_2_rejected_leave_keeps_agent_on_desk(held, agent_a, agent2_a, lead_a):
    """R-FS-2: a rejected request leaves the requester responsible."""
    leave = services.leave_request(actor=agent_a, desk=held, replacement=agent2_a, reason="私事")
    services.leave_reject(actor=lead_a, leave=leave)
    assert desk_holder(held) == agent_a and leave.state == "rejected"


def _all(result="met"):
    from propdesk.frontdesk.checklists import CONDUCT_DEFAULTS

    return {code: (result, "") for code, _l in CONDUCT_DEFAULTS}


def test_r_fs_3_spot_check_records_violations_against_the_agent(desk_a, agent_a, lead_a):
    """R-FS-3: conduct standards as a checklist; a violation is recorded against the person."""
    results = _all() | {"private_calls": ("violated", "私人电话约6分钟")}
    check = services.spot_check_record(actor=lead_a, desk=desk_a, agent=agent_a, results=results)
    assert check.violation_count == 1 and check.agent == agent_a
    f = check.findings.get(code="private_calls")
    assert f.result == SpotCheckFinding.Result.VIOLATED and f.remark


def test_r_fs_3_violation_needs_description_and_every_standard_a_result(desk_a, agent_a, lead_a):
    """R-FS-3: each standard gets a result; a violation is described."""
    with pytest.raises(InvalidInput):
        services.spot_check_record(actor=lead_a, desk=desk_a, agent=agent_a, results={})
    with pytest.raises(InvalidInput):
        services.spot_check_record(
            actor=lead_a,
            desk=desk_a,
            agent=agent_a,
            results=_all() | {"standing": ("violated", "")},
        )


def test_r_fs_1_only_supervisors_spot_check_and_see_all_desk_activity(
    desk_a, agent_a, agent2_a, lead_a
):
    """R-FS-1: the supervisor supervises the desk: records spot checks; agents cannot."""
    with pytest.raises(NotAllowed):
        services.spot_check_record(actor=agent2_a, desk=desk_a, agent=agent_a, results=_all())
    services.spot_check_record(actor=lead_a, desk=desk_a, agent=agent_a, results=_all())
    assert selectors.spot_check_list_for_user(lead_a).count() == 1


def test_r_fs_3_checklist_is_configurable_per_desk(desk_a, agent_a, lead_a):
    """R-FS-3: a desk's own checklist replaces the defaults."""
    CheckTemplate.objects.create(kind="conduct", desk=desk_a, code="mask", label="佩戴口罩")
    check = services.spot_check_record(
        actor=lead_a, desk=desk_a, agent=agent_a, results={"mask": ("met", "")}
    )
    assert list(check.findings.values_list("label", flat=True)) == ["佩戴口罩"]
