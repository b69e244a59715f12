"""The meetings API: series, the minutes flow, return, reschedule, cancel, actions; scope and
bad input as {code, message, fields}. R-MT-1."""

import datetime as dt

from django.utils import timezone

from propdesk.meetings.models import Meeting, MeetingSeries


def _post(c, url, data=None):
    return c.post(url, data or {}, content_type="application/json")


def test_r_mt_1_series_and_minutes_through_the_api(client_for, site_a, pcm_a, csm, dept_head_a):
    c = client_for(pcm_a)
    made = _post(
        c,
        "/api/v1/meetings/series/",
        {"site": site_a.pk, "chair": pcm_a.pk, "minute_taker": csm.pk},
    )
    assert made.status_code == 201 and made.json()["weekday"] == 5
    meeting = MeetingSeries.objects.get().meetings.get()
    m = f"/api/v1/meetings/{meeting.pk}"
    assert _post(c, f"{m}/hold", {"version": 0}).json()["state"] == "held"
    t = client_for(csm)
    for user in (pcm_a, csm, dept_head_a):
        _post(t, f"{m}/attendance", {"user": user.pk, "status": "present"})
    _post(t, f"{m}/minutes", {"minutes": "纪要正文", "version": 1})
    _post(t, f"{m}/decisions", {"text": "通过"})
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    action = _post(t, f"{m}/actions", {"title": "整改", "owner": dept_head_a.pk, "due_on": due})
    assert action.status_code == 201
    body = _post(t, f"{m}/submit", {"version": 2}).json()
    assert body["state"] == "submitted" and body["minutes_template_version"] == "2026.1"
    # One test client: each step signs in again as whoever acts.
    chair = client_for(pcm_a)
    returned = _post(chair, f"{m}/return", {"reason": "补缺席原因", "version": body["version"]})
    assert returned.json()["state"] == "held"
    again = _post(client_for(csm), f"{m}/submit", {"version": returned.json()["version"]}).json()
    signed = _post(client_for(pcm_a), f"{m}/sign", {"version": again["version"]}).json()
    assert signed["state"] == "signed"
    closed = _post(
        client_for(dept_head_a),
        f"/api/v1/meeting-actions/{action.json()['id']}/close",
        {"note": "已整改", "version": 0},
    )
    assert closed.json()["state"] == "done"
    assert client_for(pcm_a).delete(m).status_code == 409
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_reschedule_and_cancel_by_the_chair_only(client_for, meeting_a, pcm_a, csm):
    m = f"/api/v1/meetings/{meeting_a.pk}"
    later = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert _post(client_for(csm), f"{m}/cancel", {"reason": "x", "version": 0}).status_code == 403
    moved = _post(client_for(pcm_a), f"{m}/reschedule", {"starts_at": later, "version": 0}).json()
    assert moved["moved"] == "rescheduled"
    done = _post(
        client_for(pcm_a), f"{m}/cancel", {"reason": "台风停会", "version": moved["version"]}
    )
    assert done.json()["state"] == "cancelled"


def test_a_past_due_date_and_a_stale_version_are_refused(client_for, held_meeting, csm, pcm_a):
    m = f"/api/v1/meetings/{held_meeting.pk}"
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    resp = _post(client_for(csm), f"{m}/actions", {"title": "x", "owner": pcm_a.pk, "due_on": past})
    assert resp.status_code == 400 and "due_on" in resp.json()["fields"]
    assert "不能早于今天" in resp.json()["fields"]["due_on"]
    stale = _post(client_for(csm), f"{m}/minutes", {"minutes": "x", "version": 0})
    assert stale.status_code == 409 and held_meeting.actions.count() == 0


def test_other_sites_meetings_are_404_and_lists_bounded(
    client_for, held_meeting, agent_b, site_b, pcm_a, django_assert_max_num_queries
):
    from tests.factories import make_user

    other = client_for(make_user("centre_manager", site_b))
    assert other.get(f"/api/v1/meetings/{held_meeting.pk}").status_code == 404
    assert other.get("/api/v1/meetings/").json()["count"] == 0
    c = client_for(pcm_a)
    for url in (
        "/api/v1/meetings/",
        "/api/v1/meeting-actions/?overdue=true",
        "/api/v1/meetings/series/",
    ):
        with django_assert_max_num_queries(10):
            assert c.get(url).status_code == 200
