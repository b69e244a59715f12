"""Meeting pages: the whole weekly meeting through the pages, the boards, exports and PDFs,
scope and bounded queries. R-MT-1."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from propdesk.meetings import services
from propdesk.meetings.models import MeetingSeries

LISTS = ["meetings:board", "meetings:meeting-list", "meetings:action-list", "meetings:series-list"]
EXPORTS = ["meetings:meeting-export", "meetings:action-export", "meetings:series-export"]


@pytest.mark.parametrize("name", LISTS)
def test_lists_render_in_bounded_queries(
    client_for, pcm_a, held_meeting, name, django_assert_max_num_queries
):
    c = client_for(pcm_a)
    with django_assert_max_num_queries(20):
        resp = c.get(reverse(name))
    assert resp.status_code == 200 and " style=" not in resp.content.decode()


@pytest.mark.parametrize("name", EXPORTS)
def test_meeting_lists_export_to_xlsx(client_for, pcm_a, held_meeting, name):
    resp = client_for(pcm_a).get(reverse(name))
    assert load_workbook(io.BytesIO(resp.content)).active.max_row >= 4


def test_detail_runs_a_bounded_number_of_queries(
    client_for, csm, held_meeting, django_assert_max_num_queries
):
    c = client_for(csm)
    url = reverse("meetings:meeting-detail", args=[held_meeting.pk])
    with django_assert_max_num_queries(20):
        assert c.get(url).status_code == 200


def test_r_mt_1_the_weekly_meeting_through_the_pages(
    client_for, pcm_a, csm, dept_head_a, meeting_a
):
    """R-MT-1: the chair marks it held, the minute-taker records attendance, minutes, a decision
    and an action, hands them in; the chair signs; the minutes print as PDF with the version."""
    act = lambda who, name, data=None: client_for(who).post(  # noqa: E731
        reverse("meetings:meeting-action", args=[meeting_a.pk, name]),
        {**(data or {}), "version": _v(meeting_a)},
    )
    act(pcm_a, "hold")
    for user in (pcm_a, csm, dept_head_a):
        act(csm, "attendance", {"user": user.pk, "status": "present"})
    act(csm, "minutes", {"minutes": "一、本周投诉回顾"})
    act(csm, "decide", {"text": "下周起启用新值班表"})
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    act(csm, "add_action", {"title": "张贴新值班表", "owner": dept_head_a.pk, "due_on": due})
    act(csm, "submit")
    act(pcm_a, "sign")
    meeting_a.refresh_from_db()
    assert meeting_a.state == "signed" and meeting_a.actions.count() == 1
    pdf = client_for(csm).get(reverse("meetings:meeting-print", args=[meeting_a.pk]))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "下周起启用新值班表" in text and "张贴新值班表" in text and "2026.1" in text


def _v(meeting):
    meeting.refresh_from_db()
    return meeting.version


def test_a_past_due_date_on_the_page_is_refused_with_a_message(
    client_for, csm, pcm_a, held_meeting
):
    url = reverse("meetings:meeting-action", args=[held_meeting.pk, "add_action"])
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    resp = client_for(csm).post(url, {"title": "x", "owner": pcm_a.pk, "due_on": past}, follow=True)
    assert held_meeting.actions.count() == 0 and resp.status_code == 200
    assert "alert-danger" in resp.content.decode()


def test_r_mt_1_overdue_action_is_on_the_owners_and_chairs_board(
    client_for, csm, pcm_a, dept_head_a, held_meeting
):
    a = services.action_add(
        actor=csm,
        meeting=held_meeting,
        title="更换消防栓",
        owner=dept_head_a,
        due_on=timezone.localdate(),
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        owner = client_for(dept_head_a).get(reverse("meetings:board")).content.decode()
        chair = client_for(pcm_a).get(reverse("meetings:board")).content.decode()
    assert f'data-pk="{a.pk}" class="table-danger overdue"' in owner
    assert "chaired-overdue" in chair and "更换消防栓" in chair.split('id="chaired-overdue"')[1]


def test_owner_closes_an_action_from_the_board(client_for, csm, dept_head_a, held_meeting):
    a = services.action_add(
        actor=csm,
        meeting=held_meeting,
        title="修门",
        owner=dept_head_a,
        due_on=timezone.localdate(),
    )
    client_for(dept_head_a).post(
        reverse("meetings:action-act", args=[a.pk, "close"]),
        {"note": "已修好", "version": a.version, "next": "meetings:board"},
    )
    a.refresh_from_db()
    assert a.state == "done" and a.closing_note == "已修好"


def test_centre_manager_sets_up_a_series_from_the_page(client_for, site_a, pcm_a, csm, dept_head_a):
    c = client_for(pcm_a)
    resp = c.post(
        reverse("meetings:series-new"),
        {
            "title": "",
            "weekday": 5,
            "start_time": "09:00",
            "duration_minutes": 60,
            "chair": pcm_a.pk,
            "minute_taker": csm.pk,
            "members": [dept_head_a.pk],
        },
    )
    series = MeetingSeries.objects.get()
    assert resp.status_code == 302 and series.meetings.count() == 1
    assert set(series.members.all()) == {pcm_a, csm, dept_head_a}


def test_other_sites_meetings_answer_404_and_agents_get_403(
    client_for, agent_b, agent_a, held_meeting, site_b
):
    from tests.factories import make_user

    other = make_user("centre_manager", site_b)
    assert (
        client_for(other)
        .get(reverse("meetings:meeting-detail", args=[held_meeting.pk]))
        .status_code
        == 404
    )
    assert client_for(agent_a).get(reverse("meetings:board")).status_code == 403


def test_the_chair_drops_an_action_from_the_board(
    client_for, csm, pcm_a, dept_head_a, held_meeting
):
    a = services.action_add(
        actor=csm,
        meeting=held_meeting,
        title="采购新对讲机",
        owner=dept_head_a,
        due_on=timezone.localdate(),
    )
    page = (
        client_for(pcm_a)
        .get(reverse("meetings:meeting-detail", args=[held_meeting.pk]))
        .content.decode()
    )
    assert reverse("meetings:action-act", args=[a.pk, "drop"]) in page
    client_for(pcm_a).post(
        reverse("meetings:action-act", args=[a.pk, "drop"]),
        {"note": "预算未批", "version": a.version},
    )
    a.refresh_from_db()
    assert a.state == "dropped"


def test_agenda_item_and_plan_next_through_the_pages(client_for, pcm_a, csm, series_a, meeting_a):
    client_for(csm).post(
        reverse("meetings:meeting-action", args=[meeting_a.pk, "agenda"]),
        {"title": "冬季防冻", "notes": ""},
    )
    assert meeting_a.agenda.filter(title="冬季防冻").exists()
    client_for(pcm_a).post(reverse("meetings:series-plan", args=[series_a.pk]))
    assert series_a.meetings.count() == 1  # already planned: planning again makes nothing new
