"""Issue item 5 (announcements, R-ST-10): the desk publishes a notice to a site, a building or all
its sites; residents see those that reach their units; the first opening is the read receipt;
withdrawing keeps the record (R-FM-6). Isolation: another site's or building's resident gets 404."""

import json

import pytest
from django.urls import reverse

from propdesk.orgs.models import Building
from propdesk.people.services import api_token_create
from propdesk.portal import announcements as ann
from propdesk.portal.models import Announcement, AnnouncementRead
from tests.factories import UnitFactory, make_user, resident_in

from .conftest import portal_user

pytestmark = pytest.mark.django_db


def _publish(agent, site, **kw):
    fields = {"scope": "site", "site": site, "title": "停水通知", "body": "明天 9:00-12:00 停水。"}
    fields.update(kw)
    return ann.announcement_publish(actor=agent, **fields)[0]


@pytest.fixture
def other_building_a(unit_a):
    """A resident of site A in another building (4栋)."""
    b = Building.objects.create(site=unit_a.site, name="4栋")
    unit = UnitFactory(building=b, code="4栋101")
    return portal_user(resident_in(unit, name="赵敏", phone="13700001111"))


def _token(user):
    return "Bearer " + api_token_create(user=user, name="t")[1]


def test_r_st_10_site_notice_reaches_its_residents_only(
    client_of, agent_a, site_a, owner_a, neighbour_a, owner_b
):
    a = _publish(agent_a, site_a)
    for user in (owner_a, neighbour_a):
        c = client_of(user)
        assert "停水通知" in c.get(reverse("portal:home")).content.decode()
        assert "停水通知" in c.get(reverse("portal:announcement-list")).content.decode()
        assert c.get(reverse("portal:announcement-detail", args=[a.pk])).status_code == 200
    c = client_of(owner_b)
    assert "停水通知" not in c.get(reverse("portal:home")).content.decode()
    assert "停水通知" not in c.get(reverse("portal:announcement-list")).content.decode()
    assert c.get(reverse("portal:announcement-detail", args=[a.pk])).status_code == 404
    api = c.get(f"/api/v1/portal/announcements/{a.pk}", HTTP_AUTHORIZATION=_token(owner_b))
    assert api.status_code == 404
    assert (
        not AnnouncementRead.objects.filter(announcement=a)
        .exclude(resident__user__in=[owner_a, neighbour_a])
        .exists()
    )


def test_r_st_10_building_notice_skips_other_buildings(
    client_of, agent_a, site_a, unit_a, owner_a, other_building_a
):
    a = _publish(agent_a, site_a, scope="building", building=unit_a.building, title="3栋电梯检修")
    assert (
        client_of(owner_a).get(reverse("portal:announcement-detail", args=[a.pk])).status_code
        == 200
    )
    other = client_of(other_building_a)
    assert "3栋电梯检修" not in other.get(reverse("portal:announcement-list")).content.decode()
    assert other.get(reverse("portal:announcement-detail", args=[a.pk])).status_code == 404


def test_r_st_10_all_my_sites_publishes_one_per_site(site_a, site_b, owner_a, owner_b, client_of):
    lead = make_user("supervisor", site_a, site_b)
    made = ann.announcement_publish(actor=lead, scope="all", title="新服务", body="上门洗车")
    assert sorted(a.site_id for a in made) == sorted([site_a.pk, site_b.pk])
    for user in (owner_a, owner_b):
        html = client_of(user).get(reverse("portal:announcement-list")).content.decode()
        assert html.count("新服务") == 1


def test_r_st_10_read_receipt_counted_once_per_resident(
    client_of, client_for, agent_a, site_a, owner_a, neighbour_a
):
    a = _publish(agent_a, site_a)
    c = client_of(owner_a)
    for _ in range(3):
        c.get(reverse("portal:announcement-detail", args=[a.pk]))
    client_of(neighbour_a).get(reverse("portal:announcement-detail", args=[a.pk]))
    assert AnnouncementRead.objects.filter(announcement=a).count() == 2
    desk = client_for(agent_a)
    html = desk.get(reverse("announcements:list")).content.decode()
    assert ">2</td>" in html
    body = desk.get("/api/v1/announcements/", HTTP_AUTHORIZATION=_token(agent_a)).json()
    assert body["items"][0]["read_count"] == 2


def test_r_fm_6_withdraw_keeps_the_record_and_hides_it(
    client_of, client_for, agent_a, site_a, owner_a
):
    a = _publish(agent_a, site_a)
    client_of(owner_a).get(reverse("portal:announcement-detail", args=[a.pk]))
    desk = client_for(agent_a)
    resp = desk.post(reverse("announcements:withdraw", args=[a.pk]), {"reason": ""})
    assert Announcement.objects.get(pk=a.pk).withdrawn_at is None
    resp = desk.post(reverse("announcements:withdraw", args=[a.pk]), {"reason": "时间改了"})
    assert resp.status_code == 302
    a.refresh_from_db()
    assert a.withdrawn_at and a.withdraw_reason == "时间改了" and a.withdrawn_by == agent_a
    assert Announcement.objects.filter(pk=a.pk).exists()
    assert AnnouncementRead.objects.filter(announcement=a).count() == 1
    detail = desk.get(reverse("announcements:detail", args=[a.pk])).content.decode()
    assert "时间改了" in detail
    assert (
        client_of(owner_a).get(reverse("portal:announcement-detail", args=[a.pk])).status_code
        == 404
    )
    again = desk.post(
        f"/api/v1/announcements/{a.pk}/withdraw",
        data=json.dumps({"reason": "再撤"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=_token(agent_a),
    )
    assert again.status_code == 409


def test_r_st_10_another_sites_desk_gets_404(client_for, agent_a, agent_b, site_a):
    a = _publish(agent_a, site_a)
    desk_b = client_for(agent_b)
    assert desk_b.get(reverse("announcements:detail", args=[a.pk])).status_code == 404
    assert (
        desk_b.post(reverse("announcements:withdraw", args=[a.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert "停水通知" not in desk_b.get(reverse("announcements:list")).content.decode()
    r = desk_b.get(f"/api/v1/announcements/{a.pk}", HTTP_AUTHORIZATION=_token(agent_b))
    assert r.status_code == 404


def test_residents_and_other_staff_cannot_reach_the_desk_pages(client_of, owner_a, site_a):
    assert client_of(owner_a).get(reverse("announcements:list")).status_code == 403
    dept = make_user("dept_staff", site_a)
    assert client_of(dept).get(reverse("announcements:list")).status_code == 403


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"title": ""}, "title", "标题"),
        ({"body": "水" * 5000}, "body", "4000"),
        ({"body": "<script>alert(1)</script>"}, "body", "纯文本"),
        ({"title": "<script>x</script>"}, "title", "纯文本"),
    ],
    ids=["empty-title", "5000-body", "script-body", "script-title"],
)
def test_bad_input_is_refused_in_chinese_and_nothing_saved(
    client_for, agent_a, site_a, fields, field, words
):
    data = {"scope": "site", "title": "停水通知", "body": "明天停水", **fields}
    resp = client_for(agent_a).post(
        reverse("announcements:new"), data, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert resp.status_code == 400
    assert words in resp.content.decode()
    assert not Announcement.objects.exists()
    api = client_for(agent_a).post(
        "/api/v1/announcements/",
        data=json.dumps({k: v for k, v in data.items()}),
        content_type="application/json",
        HTTP_AUTHORIZATION=_token(agent_a),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert api.status_code in (400, 422)
    assert api.json()["message"] and not Announcement.objects.exists()


def test_publish_through_the_page_and_api(client_for, agent_a, site_a, unit_a):
    c = client_for(agent_a)
    assert c.get(reverse("announcements:new")).status_code == 200
    resp = c.post(
        reverse("announcements:new"),
        {
            "scope": "building",
            "building": unit_a.building_id,
            "title": "收费通知",
            "body": "物业费",
        },
    )
    assert resp.status_code == 302
    a = Announcement.objects.get()
    assert a.building_id == unit_a.building_id and a.published_by == agent_a
    r = c.post(
        "/api/v1/announcements/",
        data=json.dumps({"title": "新服务", "body": "家政", "ends_on": "2099-01-01"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=_token(agent_a),
    )
    assert r.status_code == 201, r.content
    assert r.json()["items"][0]["site_id"] == site_a.pk


def test_auditor_reads_but_cannot_publish(client_for, auditor, agent_a, site_a):
    _publish(agent_a, site_a)
    c = client_for(auditor)
    assert c.get(reverse("announcements:list")).status_code == 200
    r = c.post(
        "/api/v1/announcements/",
        data=json.dumps({"site": site_a.pk, "title": "x", "body": "y"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=_token(auditor),
    )
    assert r.status_code == 403


def test_query_counts_are_bounded(
    client_of, client_for, agent_a, site_a, owner_a, django_assert_max_num_queries
):
    for i in range(15):
        _publish(agent_a, site_a, title=f"通知{i}")
    resident, desk = client_of(owner_a), client_for(agent_a)
    for a in Announcement.objects.all()[:5]:
        resident.get(reverse("portal:announcement-detail", args=[a.pk]))
    rtoken, dtoken = _token(owner_a), _token(agent_a)
    with django_assert_max_num_queries(14):
        assert resident.get(reverse("portal:announcement-list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert resident.get(reverse("portal:announcement-detail", args=[a.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert desk.get(reverse("announcements:list")).status_code == 200
    with django_assert_max_num_queries(10):
        r = resident.get("/api/v1/portal/announcements/", HTTP_AUTHORIZATION=rtoken)
        assert r.status_code == 200 and r.json()["count"] == 15
    with django_assert_max_num_queries(10):
        r = desk.get("/api/v1/announcements/?state=active", HTTP_AUTHORIZATION=dtoken)
        assert r.status_code == 200 and r.json()["count"] == 15


def test_r_st_10_moved_out_or_ended_notices_are_not_shown(client_of, agent_a, site_a, owner_a):
    from datetime import timedelta

    from django.utils import timezone

    ended = _publish(agent_a, site_a, title="旧通知")
    Announcement.objects.filter(pk=ended.pk).update(ends_on=timezone.localdate() - timedelta(1))
    current = _publish(agent_a, site_a, title="新通知", ends_on=timezone.localdate())
    c = client_of(owner_a)
    html = c.get(reverse("portal:announcement-list")).content.decode()
    assert "新通知" in html and "旧通知" not in html
    assert c.get(reverse("portal:announcement-detail", args=[ended.pk])).status_code == 404
    owner_a.resident.occupancies.update(move_out=timezone.localdate() - timedelta(1))
    assert c.get(reverse("portal:announcement-detail", args=[current.pk])).status_code == 404


def test_an_end_date_in_the_past_is_refused(agent_a, site_a):
    from propdesk.core.exceptions import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        _publish(agent_a, site_a, ends_on=__import__("datetime").date(2000, 1, 1))
    assert "ends_on" in exc.value.fields and not Announcement.objects.exists()
