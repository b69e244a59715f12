"""Overdue corrective actions on the owner's board and on the meeting's agenda (R-CP-5): the
meetings app reads them through the quality app's selector, computed from the actions' dates."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from propdesk.meetings import printing, selectors
from propdesk.quality import services as quality
from propdesk.quality.models import CorrectiveAction
from tests.factories import DepartmentFactory, make_user


@pytest.fixture(autouse=True)
def _before_the_meeting():
    """A Wednesday morning: the series' next meeting (Friday 09:00) is still ahead, so the
    actions recorded now are recorded before it, whatever day the suite runs on (on a Friday
    afternoon "the next meeting" would be this morning's, already started)."""
    with time_machine.travel(dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC), tick=True):
        yield


def _capa(csm, site, dept, problem, *, due, **fields):
    capa = quality.capa_create(
        actor=csm,
        site_id=site.pk,
        department_id=dept.pk,
        kind="corrective",
        problem=problem,
        cause="原因",
        action="措施",
        due_date=timezone.localdate(),
    )
    CorrectiveAction.objects.filter(pk=capa.pk).update(due_date=due, **fields)
    capa.refresh_from_db()
    return capa


@pytest.fixture
def security_head(site_a):
    dept = DepartmentFactory(site=site_a, kind="security", name="秩序部")
    head = make_user("dept_head", site_a, department=dept)
    dept.head = head
    dept.save()
    return head


@pytest.fixture
def capas(csm, site_a, site_b, eng_dept_a, dept_head_a, security_head, meeting_a):
    """Site A's actions around the meeting: two overdue at it (one done only after it started),
    and four that are not (done before, due on the day, recorded after it, another site's)."""
    today = timezone.localdate()
    start = meeting_a.starts_at
    sec = security_head.staff.department
    eng_b = DepartmentFactory(site=site_b, kind="engineering", name="工程部B")
    eng_b.head = make_user("dept_head", site_b, department=eng_b)
    eng_b.save()
    return {
        "late": _capa(
            csm, site_a, eng_dept_a, "地下车库照明不足", due=today - dt.timedelta(days=3)
        ),
        "done_after": _capa(
            csm,
            site_a,
            sec,
            "夜间巡逻记录缺失",
            due=today - dt.timedelta(days=1),
            state="done",
            done_at=start + dt.timedelta(hours=2),
        ),
        "done_before": _capa(
            csm,
            site_a,
            eng_dept_a,
            "电梯按钮失灵",
            due=today - dt.timedelta(days=5),
            state="closed",
            done_at=start - dt.timedelta(days=2),
        ),
        "due_on_the_day": _capa(
            csm, site_a, eng_dept_a, "绿化带积水", due=timezone.localdate(start)
        ),
        "recorded_after": _capa(
            csm,
            site_a,
            eng_dept_a,
            "会后新增问题",
            due=today - dt.timedelta(days=1),
            created_at=start + dt.timedelta(hours=1),
        ),
        "other_site": _capa(csm, site_b, eng_b, "别的项目的问题", due=today - dt.timedelta(days=9)),
    }


def test_r_cp_5_the_agenda_lists_the_sites_actions_overdue_at_the_meeting(capas, csm, meeting_a):
    """R-CP-5: due before the meeting's day, recorded before it, not done when it started."""
    rows = selectors.overdue_corrective_actions(csm, meeting_a)
    assert [r["pk"] for r in rows] == [capas["late"].pk, capas["done_after"].pk]
    late = rows[0]
    assert late["problem"] == "地下车库照明不足" and late["department"] == "工程部"
    assert late["url"] == reverse("quality:capa-detail", args=[capas["late"].pk])
    assert late["days_late"] == (timezone.localdate(meeting_a.starts_at) - late["due_date"]).days


def test_r_cp_5_meeting_page_shows_overdue_actions_with_links_only_where_they_open(
    capas, client_for, csm, dept_head_a, security_head, meeting_a, django_assert_max_num_queries
):
    """R-CP-5: the meeting's page lists them under the agenda; each links to the action for a
    reader of the site's actions, and a department head gets links to their own only."""
    url = reverse("meetings:meeting-detail", args=[meeting_a.pk])
    c = client_for(csm)
    with django_assert_max_num_queries(22):
        html = c.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="agenda-overdue-capas"' in html and "逾期的纠正预防措施" in html
    assert "地下车库照明不足" in html and "夜间巡逻记录缺失" in html
    for key in ("done_before", "due_on_the_day", "recorded_after", "other_site"):
        assert capas[key].problem not in html
    for key in ("late", "done_after"):
        link = reverse("quality:capa-detail", args=[capas[key].pk])
        assert f'href="{link}"' in html
        assert c.get(link).status_code == 200  # every link shown opens

    head = client_for(dept_head_a)
    html = head.get(url).content.decode()
    assert "夜间巡逻记录缺失" in html  # the agenda is the meeting's: all the site's actions
    own = reverse("quality:capa-detail", args=[capas["late"].pk])
    other = reverse("quality:capa-detail", args=[capas["done_after"].pk])
    assert f'href="{own}"' in html and f'href="{other}"' not in html
    assert head.get(own).status_code == 200 and head.get(other).status_code == 404


def test_r_cp_5_meeting_page_queries_do_not_grow_with_the_actions(
    capas, client_for, csm, eng_dept_a, site_a, meeting_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(csm)
    url = reverse("meetings:meeting-detail", args=[meeting_a.pk])
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        c.get(url)
    for i in range(8):
        _capa(csm, site_a, eng_dept_a, f"问题{i}", due=timezone.localdate() - dt.timedelta(days=2))
    with CaptureQueriesContext(connection) as many:
        html = c.get(url).content.decode()
    assert "问题7" in html
    assert len(many) == len(few)


def test_r_cp_5_printed_minutes_carry_the_overdue_actions(capas, held_meeting):
    from django.utils import translation

    with translation.override("zh-hans"):
        data = printing.minutes_pdf(held_meeting).getvalue()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "逾期的纠正预防措施" in text
    assert "地下车库照明不足" in text and "夜间巡逻记录缺失" in text
    assert "电梯按钮失灵" not in text and "别的项目的问题" not in text


def test_r_cp_5_no_overdue_actions_no_section(client_for, csm, meeting_a):
    html = client_for(csm).get(reverse("meetings:meeting-detail", args=[meeting_a.pk]))
    assert b"agenda-overdue-capas" not in html.content


def test_r_cp_5_overdue_actions_on_the_owners_board_and_home(
    capas, client_for, dept_head_a, security_head, django_assert_max_num_queries
):
    """R-CP-5: the owner's board lists the open actions they own past due (not the ones done,
    not other owners'); the home page counts them and links to the overdue list."""
    c = client_for(dept_head_a)
    with django_assert_max_num_queries(20):
        html = c.get(reverse("meetings:board"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="my-overdue-capas"' in html and "我逾期的纠正预防措施" in html
    assert "地下车库照明不足" in html and "会后新增问题" in html  # both open, past due, mine
    assert "电梯按钮失灵" not in html  # closed
    assert "夜间巡逻记录缺失" not in html  # another owner's
    assert "绿化带积水" not in html  # due on the meeting day, in the future
    link = reverse("quality:capa-detail", args=[capas["late"].pk])
    assert f'href="{link}"' in html
    with django_assert_max_num_queries(25):
        home = c.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="home-overdue-capas"' in home
    card = re.search(r'<a [^>]*id="home-overdue-capas".*?</a>', home, re.S).group(0)
    assert 'class="display-6">2</div>' in card and "?overdue=1&amp;mine=1" in card
    resp = c.get(reverse("quality:capa-list") + "?overdue=1&mine=1")
    body = resp.content.decode()
    assert "地下车库照明不足" in body and "夜间巡逻记录缺失" not in body

    sec = client_for(security_head)
    assert b"my-overdue-capas" not in sec.get(reverse("meetings:board")).content  # done, not open
