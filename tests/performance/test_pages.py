"""The performance pages and API driven as their users do, with bounded queries (R-ST-2, R-ST-8, R-ST-9)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from propdesk.core.exceptions import InvalidInput, NotAllowed
from propdesk.performance import services
from propdesk.performance.models import DailyReport, Score, TrainingAttendance, TrainingSession

from .conftest import DAY

pytestmark = pytest.mark.django_db
EVENING = "2026-03-03 18:00 +0800"


@time_machine.travel(EVENING, tick=False)
def test_r_st_2_agent_submits_on_the_page_and_the_manager_accepts(
    client, day_of_work, agent_a, csm, django_assert_max_num_queries
):
    client.force_login(agent_a)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("performance:report-mine")).content.decode()
    assert 'id="submit-report"' in page
    client.post(
        reverse("performance:report-submit"), {"date": DAY.isoformat(), "notes": "电梯异响"}
    )
    r = DailyReport.objects.get(author=agent_a)
    assert r.counts["contacts"] == 5 and r.notes == "电梯异响"
    client.force_login(csm)
    with django_assert_max_num_queries(30):
        listing = client.get(reverse("performance:report-list")).content.decode()
    assert reverse("performance:report-detail", args=[r.pk]) in listing
    assert (
        'id="accept-report"'
        in client.get(reverse("performance:report-detail", args=[r.pk])).content.decode()
    )
    client.post(
        reverse("performance:report-accept", args=[r.pk]), {"version": r.version, "comment": "好"}
    )
    r.refresh_from_db()
    assert r.state == "accepted" and r.review_comment == "好"


@time_machine.travel(EVENING, tick=False)
def test_r_st_2_a_future_date_on_the_page_is_refused_in_chinese(client, agent_a):
    client.force_login(agent_a)
    resp = client.post(reverse("performance:report-submit"), {"date": "2026-03-04"}, follow=True)
    assert "尚未到来" in resp.content.decode() and DailyReport.objects.count() == 0
    api = client.post(
        "/api/v1/performance/reports", {"date": "2026-03-04"}, content_type="application/json"
    )
    assert api.status_code == 400 and "尚未到来" in api.json()["message"]


@time_machine.travel(EVENING, tick=False)
def test_r_st_2_missing_reports_in_the_api(
    client, agent_a, lead_a, csm, django_assert_max_num_queries
):
    client.force_login(csm)
    with django_assert_max_num_queries(12):
        rows = client.get(
            "/api/v1/performance/reports/missing?start=2026-03-02&end=2026-03-03"
        ).json()
    assert {(r["date"], r["person_id"]) for r in rows} == {
        ("2026-03-02", agent_a.pk),
        ("2026-03-02", lead_a.pk),
    }
    bad = client.get("/api/v1/performance/reports/missing?start=2026-01-01&end=2026-12-31")
    assert bad.status_code == 400


def test_r_st_8_scores_computed_ranked_and_confirmed_through_the_pages(
    client, day_of_work, agent_a, agent2_a, site_a, csm, pcm_a, django_assert_max_num_queries
):
    client.force_login(csm)
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        form = {"site": site_a.pk, "period": "month", "year": 2026, "number": 3}
        client.post(reverse("performance:score-compute"), form)
    assert Score.objects.filter(site=site_a).count() == 2  # agents A and A2
    with django_assert_max_num_queries(30):
        listing = client.get(reverse("performance:score-list") + "?period=month").content.decode()
    s = Score.objects.get(person=agent_a)
    with django_assert_max_num_queries(30):
        detail = client.get(reverse("performance:score-detail", args=[s.pk])).content.decode()
    assert reverse("tickets:detail", args=[day_of_work.pk]) in detail  # drill-down to the ticket
    assert str(s.score) in listing and 'id="confirm-bonus"' in detail
    client.force_login(pcm_a)
    client.post(
        reverse("performance:score-confirm", args=[s.pk]),
        {"version": s.version, "amount": "300.00"},
    )
    s.refresh_from_db()
    assert (
        s.state == "confirmed"
        and s.confirmed_bonus == Decimal("300.00")
        and s.confirmed_by == pcm_a
    )


def test_r_st_8_score_api_pages_and_refuses_bad_input(
    client, site_a, csm, django_assert_max_num_queries
):
    client.force_login(csm)
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        bad = client.post(
            "/api/v1/performance/scores/compute",
            {"site": site_a.pk, "period": "month", "year": 2026, "number": 13},
            content_type="application/json",
        )
    assert bad.status_code == 400 and "月份" in bad.json()["message"] and Score.objects.count() == 0
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/performance/scores?period=quarter").json()["count"] == 0


def test_r_st_9_training_recorded_and_due_list(
    client, site_a, csm, agent_a, agent2_a, lead_a, django_assert_max_num_queries
):
    """R-ST-9: a session with attendees; attendance and assessment recorded; bad scores refused;
    who has not attended within the interval is due."""
    client.force_login(csm)
    with time_machine.travel("2026-03-03 10:00 +0800", tick=False):
        client.post(
            reverse("performance:training-new"),
            {"site": site_a.pk, "topic": "communication", "title": "沟通技巧", "date": "2026-03-03",
             "trainer": csm.pk, "attendees": [agent_a.pk, agent2_a.pk]},
        )  # fmt: skip
        s = TrainingSession.objects.get()
        url = reverse("performance:training-record", args=[s.pk])
        resp = client.post(
            url, {"person": agent_a.pk, "attended": "yes", "assessment": "101"}, follow=True
        )
        assert "0 到 100" in resp.content.decode()
        assert TrainingAttendance.objects.get(person=agent_a).attended is None
        client.post(url, {"person": agent_a.pk, "attended": "yes", "assessment": "88.5"})
        assert TrainingAttendance.objects.get(person=agent_a).assessment == Decimal("88.50")
        with django_assert_max_num_queries(30):
            page = client.get(reverse("performance:training-list")).content.decode()
        record = client.get(
            reverse("performance:person-training", args=[agent_a.pk])
        ).content.decode()
    assert "88.5" in record
    due = page.split('id="due"')[1]
    assert agent2_a.name in due and lead_a.name in due and agent_a.name not in due


def test_r_st_9_future_session_cannot_be_marked_and_nobody_marks_themself(
    site_a, csm, agent_a, lead_a
):
    with time_machine.travel("2026-03-03 10:00 +0800", tick=False):
        s = services.training_session_create(
            actor=lead_a, site=site_a, topic="product", title="新服务", trainer=lead_a,
            date=datetime.date(2026, 3, 10), attendees=[agent_a.pk, lead_a.pk],
        )  # fmt: skip
        with pytest.raises(InvalidInput, match="当天或之后"):
            services.training_attendance_record(
                actor=csm, session=s, person_id=agent_a.pk, attended=True
            )
    with time_machine.travel("2026-03-10 18:00 +0800", tick=False):
        with pytest.raises(NotAllowed, match="自己"):
            services.training_attendance_record(
                actor=lead_a, session=s, person_id=lead_a.pk, attended=True
            )
    assert not TrainingAttendance.objects.filter(attended__isnull=False).exists()
