"""Internal rules of a site (R-DOC-2, R-SS-5): discussed at the meeting, signed off by the
managers present, only then issued; reviewed yearly and listed when due for review."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from propdesk.core.exceptions import Conflict
from propdesk.meetings import services as meeting_services
from propdesk.records import selectors, services
from tests.records.conftest import open_and_sign


@pytest.fixture
def rule(csm, site_a):
    return services.document_create(
        actor=csm,
        kind="internal_rule",
        sites=[site_a],
        title="前台钥匙借用管理规定",
        issuing_body="翠湖花园物业服务中心",
        body="钥匙借用须登记。",
    )


def test_r_doc_2_a_rule_cannot_be_issued_without_its_meeting(rule, csm):
    """R-DOC-2: no meeting, no sign-off, no issue."""
    with pytest.raises(Conflict):
        services.rule_submit(actor=csm, document=rule)
    with pytest.raises(Conflict):
        services.rule_publish(actor=csm, document=rule)
    assert rule.state == "draft"


def test_r_doc_2_the_meeting_must_have_been_held(rule, csm, meeting_a):
    services.rule_link_meeting(actor=csm, document=rule, meeting=meeting_a)
    assert meeting_a.agenda.filter(kind="rule").count() == 1
    with pytest.raises(Conflict):
        services.rule_submit(actor=csm, document=rule)


def test_r_doc_2_signed_off_by_the_managers_present_then_issued(
    rule, csm, pcm_a, dept_head_a, meeting_a
):
    """R-DOC-2: only managers recorded present sign; issue waits for every one of them."""
    services.rule_link_meeting(actor=csm, document=rule, meeting=meeting_a)
    meeting_services.meeting_hold(actor=pcm_a, meeting=meeting_a)
    for user, status in ((pcm_a, "present"), (csm, "present"), (dept_head_a, "absent")):
        meeting_services.meeting_attendance(actor=csm, meeting=meeting_a, user=user, status=status)
    services.rule_submit(actor=csm, document=rule)
    assert {s.user for s in selectors.signers_of(rule)} == {pcm_a, csm}
    open_and_sign(rule, csm)
    with pytest.raises(Conflict):
        services.rule_publish(actor=csm, document=rule)
    open_and_sign(rule, pcm_a)
    services.rule_publish(actor=csm, document=rule)
    assert rule.state == "issued" and rule.review_due == timezone.localdate().replace(
        year=timezone.localdate().year + 1
    )


def test_r_ss_5_issued_rule_appears_on_the_due_for_review_list(rule, csm, pcm_a, held_meeting):
    """R-SS-5: a year on (30 days before), the rule is due for review; a review moves it a year on."""
    services.rule_link_meeting(actor=csm, document=rule, meeting=held_meeting)
    services.rule_submit(actor=csm, document=rule)
    open_and_sign(rule, *[s.user for s in selectors.signers_of(rule)])
    services.rule_publish(actor=csm, document=rule)
    assert list(selectors.rules_due_for_review(csm)) == []
    later = timezone.now() + dt.timedelta(days=340)
    with time_machine.travel(later):
        assert list(selectors.rules_due_for_review(csm)) == [rule]
        services.rule_review(actor=csm, document=rule, note="仍然适用")
        assert list(selectors.rules_due_for_review(csm)) == []
