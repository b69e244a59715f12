"""Completeness of archive records (R-AR-1): a configurable checklist per class, ticked by the
archivist on the record (page and API, same checks), and the list of incomplete records, paged and
filtered in the database."""

import pytest
from django.test import Client
from django.urls import reverse

from propdesk.archives import selectors, services
from propdesk.archives.models import ArchiveClass, ChecklistItem, ChecklistTick
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import InvalidInput, NotAllowed
from tests.factories import make_user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _items(cls):
    return list(ChecklistItem.objects.filter(archive_class=cls).order_by("sort_order"))


def _file(archivist, site, cls, title="档案"):
    return services.record_create(actor=archivist, archive_class=cls, site=site, title=title)


def test_r_ar_1_the_owner_file_checklist_is_seeded(owner_class):
    names = [i.name for i in _items(owner_class)]
    assert names == ["购房合同", "身份证复印件", "房屋交接单"]


def test_r_ar_1_a_record_is_incomplete_until_every_item_is_ticked(archivist, owner_file):
    items = _items(owner_file.archive_class)
    assert owner_file in selectors.incomplete_list_for_user(archivist)
    assert selectors.incomplete_list_for_user(archivist).get(pk=owner_file.pk).missing == 3
    services.record_checklist_set(actor=archivist, record=owner_file, items=[items[0].pk])
    assert selectors.incomplete_list_for_user(archivist).get(pk=owner_file.pk).missing == 2
    services.record_checklist_set(actor=archivist, record=owner_file, items=[i.pk for i in items])
    assert owner_file not in selectors.incomplete_list_for_user(archivist)
    codes = [e.code for e in event_list_for(owner_file)]
    assert codes.count("checklist") == 2
    # unticking puts it back on the list
    services.record_checklist_set(actor=archivist, record=owner_file, items=[items[1].pk])
    assert selectors.incomplete_list_for_user(archivist).get(pk=owner_file.pk).missing == 2


def test_r_ar_1_an_item_out_of_use_no_longer_counts(archivist, owner_file):
    items = _items(owner_file.archive_class)
    services.record_checklist_set(actor=archivist, record=owner_file, items=[items[0].pk])
    ChecklistItem.objects.filter(pk__in=[items[1].pk, items[2].pk]).update(active=False)
    assert owner_file not in selectors.incomplete_list_for_user(archivist)


def test_r_ar_1_a_class_without_checklist_is_complete(archivist, site_a):
    minutes = ArchiveClass.objects.get(code="hy")
    record = _file(archivist, site_a, minutes)
    assert record not in selectors.incomplete_list_for_user(archivist)


def test_r_ar_1_only_the_archivist_ticks_and_only_the_class_items(archivist, owner_file, site_a):
    other = ChecklistItem.objects.create(
        archive_class=ArchiveClass.objects.get(code="ht"), name="x"
    )
    csm = make_user("cs_manager", site_a)
    with pytest.raises(NotAllowed):
        services.record_checklist_set(actor=csm, record=owner_file, items=[])
    for bad in ([other.pk], ["abc"], [-1], [10**12]):
        with pytest.raises(InvalidInput) as err:
            services.record_checklist_set(actor=archivist, record=owner_file, items=bad)
        assert "只能勾选" in str(err.value.message) or err.value.message
    assert not ChecklistTick.objects.filter(record=owner_file).exists()


def test_r_ar_1_the_archivist_ticks_on_the_record_page(archivist, owner_file):
    items = _items(owner_file.archive_class)
    c = _client(archivist)
    page = c.get(reverse("archives:record-detail", args=[owner_file.pk]))
    assert page.status_code == 200 and 'id="checklist"' in page.content.decode()
    resp = c.post(
        reverse("archives:record-checklist", args=[owner_file.pk]),
        {"items": [items[0].pk, items[2].pk]},
    )
    assert resp.status_code == 302
    assert set(ChecklistTick.objects.filter(record=owner_file).values_list("item", flat=True)) == {
        items[0].pk,
        items[2].pk,
    }
    bad = c.post(
        reverse("archives:record-checklist", args=[owner_file.pk]), {"items": ["x"]}, follow=True
    )
    assert "只能勾选本档案类别的项目" in bad.content.decode()
    assert ChecklistTick.objects.filter(record=owner_file).count() == 2


def test_r_ar_1_another_site_reader_gets_404_on_the_checklist(owner_file, site_b):
    csm_b = make_user("cs_manager", site_b)
    resp = _client(csm_b).post(reverse("archives:record-checklist", args=[owner_file.pk]), {})
    assert resp.status_code == 404
    api = _client(csm_b).get(f"/api/v1/archives/records/{owner_file.pk}/checklist")
    assert api.status_code == 404


def test_r_ar_1_the_checklist_through_the_api(archivist, owner_file, site_a):
    items = _items(owner_file.archive_class)
    url = f"/api/v1/archives/records/{owner_file.pk}/checklist"
    got = _client(archivist).get(url)
    assert got.status_code == 200 and [i["ticked"] for i in got.json()] == [False] * 3
    resp = _client(archivist).post(
        url, {"items": [i.pk for i in items]}, content_type="application/json"
    )
    assert resp.status_code == 200 and all(i["ticked"] for i in resp.json())
    csm = make_user("cs_manager", site_a)
    refused = _client(csm).post(url, {"items": []}, content_type="application/json")
    assert refused.status_code == 403
    other = ChecklistItem.objects.create(
        archive_class=ArchiveClass.objects.get(code="ht"), name="y"
    )
    bad = _client(archivist).post(url, {"items": [other.pk]}, content_type="application/json")
    assert bad.status_code == 400 and "items" in bad.json()["fields"]
    assert ChecklistTick.objects.filter(record=owner_file).count() == 3
    listed = _client(archivist).get("/api/v1/archives/incomplete").json()
    assert listed["count"] == 0


def test_r_ar_1_incomplete_list_is_paged_filtered_and_queries_constant(
    archivist, site_a, site_b, owner_class, django_assert_max_num_queries
):
    for n in range(30):
        _file(archivist, site_a if n % 2 else site_b, owner_class, title=f"业主档案{n}")
    _file(archivist, site_a, ArchiveClass.objects.get(code="hy"))
    csm = make_user("cs_manager", site_a)
    c = _client(csm)
    with django_assert_max_num_queries(15):
        page = c.get(reverse("archives:incomplete-list"))
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 15  # site A's owner files only
    filtered = c.get(reverse("archives:incomplete-list"), {"q": "业主档案7"})
    assert filtered.context["page"].paginator.count == 1
    a = _client(archivist)
    with django_assert_max_num_queries(12):
        api = a.get("/api/v1/archives/incomplete", {"limit": 10})
    assert api.status_code == 200 and api.json()["count"] == 30
    assert len(api.json()["items"]) == 10 and api.json()["items"][0]["missing"] == 3


def test_r_ar_1_desk_staff_do_not_see_the_incomplete_list(agent_a):
    assert _client(agent_a).get(reverse("archives:incomplete-list")).status_code == 403
    assert _client(agent_a).get("/api/v1/archives/incomplete").status_code == 403
