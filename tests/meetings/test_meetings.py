"""One meeting (R-MT-1): attendance, minutes by the named minute-taker, decisions, actions with an
owner and a due date carried to the next meeting until closed, the chair signs, the PDF."""

import datetime as dt
import io

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.meetings import printing, selectors, services
from propdesk.meetings.models import AgendaItem, Meeting
from propdesk.records import services as record_services
from propdesk.records.selectors import approved_version


def _next(series):
    services.series_plan(series=series, now=timezone.now() + dt.timedelta(days=7))
    return series.meetings.order_by("-starts_at").first()


def test_r_mt_1_only_the_named_minute_taker_writes_and_only_the_chair_signs(
    held_meeting, pcm_a, csm
):
    with pytest.raises(NotAllowed):
        services.meeting_minutes_write(actor=pcm_a, meeting=held_meeting, minutes="x")
    services.meeting_minutes_write(actor=csm, meeting=held_meeting, minutes="本周工作回顾……")
    services.meeting_submit(actor=csm, meeting=held_meeting)
    with pytest.raises(NotAllowed):
        services.meeting_sign(actor=csm, meeting=held_meeting)
    services.meeting_sign(actor=pcm_a, meeting=held_meeting)
    assert held_meeting.state == "signed" and held_meeting.signed_at is not None


def test_r_mt_1_minutes_need_the_attendance_recorded(meeting_a, pcm_a, csm):
    services.meeting_hold(actor=pcm_a, meeting=meeting_a)
    services.meeting_minutes_write(actor=csm, meeting=meeting_a, minutes="纪要")
    with pytest.raises(Conflict):
        services.meeting_submit(actor=csm, meeting=meeting_a)


def test_r_mt_1_actions_carry_over_until_closed(series_a, held_meeting, csm, dept_head_a):
    """R-MT-1: an open action goes on every next meeting's agenda until its owner closes it."""
    due = timezone.localdate() + dt.timedelta(days=3)
    action = services.action_add(
        actor=csm, meeting=held_meeting, title="修复3栋单元门禁", owner=dept_head_a, due_on=due
    )
    second = _next(series_a)
    assert second.agenda.filter(kind=AgendaItem.Kind.CARRIED, action=action).exists()
    services.meeting_hold(actor=csm, meeting=second)
    with time_machine.travel(timezone.now() + dt.timedelta(days=7)):
        third = _next(series_a)
        assert third.agenda.filter(action=action).exists()
        services.action_close(actor=dept_head_a, action=action, note="门禁已更换")
        services.meeting_hold(actor=csm, meeting=third)
    with time_machine.travel(timezone.now() + dt.timedelta(days=14)):
        fourth = _next(series_a)
    assert not fourth.agenda.filter(action=action).exists()


def test_r_mt_1_action_added_after_the_next_meeting_is_planned_is_carried_to_it(
    series_a, held_meeting, csm, pcm_a
):
    second = _next(series_a)
    action = services.action_add(
        actor=csm,
        meeting=held_meeting,
        title="整理消防通道",
        owner=pcm_a,
        due_on=timezone.localdate(),
    )
    assert second.agenda.filter(action=action).count() == 1


def test_a_due_date_in_the_past_is_refused_in_chinese(held_meeting, csm, pcm_a):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(InvalidInput) as err:
        services.action_add(
            actor=csm, meeting=held_meeting, title="x", owner=pcm_a, due_on=yesterday
        )
    assert "due_on" in err.value.fields
    assert held_meeting.actions.count() == 0


def test_r_mt_1_overdue_actions_show_on_the_owners_and_the_chairs_boards(
    held_meeting, csm, pcm_a, dept_head_a
):
    today = timezone.localdate()
    services.action_add(
        actor=csm, meeting=held_meeting, title="更新应急预案", owner=dept_head_a, due_on=today
    )
    assert selectors.action_board(pcm_a)["chaired"] == []  # not overdue yet
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        owner = selectors.action_board(dept_head_a)
        chair = selectors.action_board(pcm_a)
        assert [a.is_overdue for a in owner["mine"]] == [True]
    assert [a.title for a in chair["chaired"]] == ["更新应急预案"]


def test_r_fm_7_minutes_keep_the_form_version_they_were_handed_in_with(
    held_meeting, csm, pcm_a, gm
):
    """R-FM-7: the minutes keep 2026.1 after 2026.2 of the minutes form is approved; they print it."""
    services.meeting_minutes_write(actor=csm, meeting=held_meeting, minutes="一、本周工作回顾")
    services.decision_add(actor=csm, meeting=held_meeting, text="国庆期间安排双人值班")
    services.meeting_submit(actor=csm, meeting=held_meeting)
    services.meeting_sign(actor=pcm_a, meeting=held_meeting)
    template = approved_version("meeting_minutes").template
    v2 = record_services.template_version_draft(
        actor=csm, template=template, label="2026.2", change_note="加页码"
    )
    record_services.template_version_approve(actor=gm, version=v2)
    held_meeting.refresh_from_db()
    reader = PdfReader(io.BytesIO(printing.minutes_pdf(held_meeting).getvalue()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert held_meeting.minutes_template_version == "2026.1"
    assert "2026.1" in text and held_meeting.number in text and "国庆期间安排双人值班" in text
    assert "主要负责人例会会议纪要" in text


def test_r_fm_1_minutes_cannot_be_handed_in_on_a_retired_form(held_meeting, csm, gm):
    """R-FM-1: with the minutes form retired, handing in is refused and nothing changes."""
    record_services.template_version_retire(
        actor=gm, version=approved_version("meeting_minutes"), reason="停用"
    )
    services.meeting_minutes_write(actor=csm, meeting=held_meeting, minutes="纪要")
    with pytest.raises(Conflict):
        services.meeting_submit(actor=csm, meeting=held_meeting)
    assert Meeting.objects.get(pk=held_meeting.pk).state == "held"
