"""Archive records: class tree, gap-free numbers per class and year, location, media, secrecy,
retention, files checksummed, access logged, list filtered in the database. R-AR-1, R-AR-2."""

from datetime import date

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse

from propdesk.archives import services
from propdesk.archives.models import ArchiveClass, ArchiveRecord
from propdesk.core.attachments import attachment_list_for
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from tests.archives.conftest import pdf_upload
from tests.factories import make_user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _file(archivist, site, cls, **kw):
    return services.record_create(
        actor=archivist, archive_class=cls, site=site, title=kw.pop("title", "档案"), **kw
    )


def test_r_ar_1_the_named_classes_are_seeded(db):
    names = set(ArchiveClass.objects.values_list("name", flat=True))
    assert {"业主档案", "装修档案", "合同", "工程图纸", "会议纪要", "投诉档案"} <= names


def test_r_ar_1_numbers_are_gap_free_per_class_and_year(archivist, site_a, site_b, owner_class):
    contracts = ArchiveClass.objects.get(code="ht")
    with time_machine.travel("2026-05-01 10:00 +0800", tick=False):
        a1 = _file(archivist, site_a, owner_class)
        b1 = _file(archivist, site_b, owner_class)
        c1 = _file(archivist, site_a, contracts)
        with pytest.raises(InvalidInput), transaction.atomic():
            _file(
                archivist, site_a, owner_class, date_from=date(2026, 3, 1), date_to=date(2026, 1, 1)
            )
        a2 = _file(archivist, site_a, owner_class)
    with time_machine.travel("2027-01-02 10:00 +0800", tick=False):
        n1 = _file(archivist, site_a, owner_class)
    assert [a1.number, b1.number, a2.number] == [
        "DA-YZ-2026-000001",
        "DA-YZ-2026-000002",
        "DA-YZ-2026-000003",
    ]
    assert c1.number == "DA-HT-2026-000001"
    assert n1.number == "DA-YZ-2027-000001" and n1.year == 2027


def test_r_ar_1_retention_end_follows_the_class(archivist, site_a, owner_class):
    complaints = ArchiveClass.objects.get(code="ts")
    r = _file(archivist, site_a, complaints, date_to=date(2026, 2, 28))
    assert r.retention_years == 3 and r.retention_end == date(2029, 2, 28)
    permanent = _file(archivist, site_a, owner_class)
    assert permanent.retention_end is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("media", "vinyl"),
        ("secrecy", "top"),
        ("quantity", 0),
        ("quantity", "x"),
        ("retention_years", 500),
        ("unit_code", "99栋9单元999"),
        ("box", "盒" * 41),
    ],
)
def test_r_ar_1_bad_input_is_refused_in_chinese_and_files_nothing(
    archivist, site_a, owner_class, field, value
):
    values = {"title": "档案", field: value}
    with pytest.raises(InvalidInput) as err, transaction.atomic():
        services.record_create(actor=archivist, archive_class=owner_class, site=site_a, **values)
    assert field in err.value.fields or field == "unit_code" and "unit" in err.value.fields
    assert ArchiveRecord.objects.count() == 0


def test_r_ar_1_only_the_archivist_files(site_a, owner_class, csm, auditor, gm):
    for user in (csm, auditor, gm):
        with pytest.raises(NotAllowed):
            services.record_create(actor=user, archive_class=owner_class, site=site_a, title="x")


def test_r_ar_2_files_are_checksummed_and_a_changed_file_is_refused(owner_file, archivist):
    att = attachment_list_for(owner_file).get()
    assert len(att.sha256) == 64
    assert services.record_file_download(actor=archivist, record=owner_file, key=att.key) == att
    with open(att.file.path, "ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(Conflict):
        services.record_file_download(actor=archivist, record=owner_file, key=att.key)
    codes = [e.code for e in event_list_for(owner_file)]
    assert codes.count("downloaded") == 1 and "checksum_failed" in codes


def test_r_ar_5_view_and_download_are_logged(owner_file, csm):
    att = attachment_list_for(owner_file).get()
    c = _client(csm)
    assert c.get(reverse("archives:record-detail", args=[owner_file.pk])).status_code == 200
    resp = c.get(reverse("archives:record-file", args=[owner_file.pk, att.key]))
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment")
    events = list(event_list_for(owner_file).filter(actor=csm))
    assert [e.code for e in events] == ["viewed", "downloaded"]


def test_r_ar_5_a_confidential_file_is_not_opened_without_a_loan(owner_file, csm, archivist):
    ArchiveRecord.objects.filter(pk=owner_file.pk).update(secrecy="confidential")
    att = attachment_list_for(owner_file).get()
    url = reverse("archives:record-file", args=[owner_file.pk, att.key])
    assert _client(csm).get(url).status_code == 403
    assert _client(archivist).get(url).status_code == 200


def test_a1_records_of_another_site_answer_404(owner_file, site_b, agent_a):
    other_csm = make_user("cs_manager", site_b)
    c = _client(other_csm)
    assert c.get(reverse("archives:record-detail", args=[owner_file.pk])).status_code == 404
    assert c.get(f"/api/v1/archives/records/{owner_file.pk}").status_code == 404
    page = c.get(reverse("archives:record-list"))
    assert owner_file.number not in page.content.decode()
    assert _client(agent_a).get(reverse("archives:record-list")).status_code == 403
    detail = reverse("archives:record-detail", args=[owner_file.pk])
    assert _client(agent_a).get(detail).status_code == 404


def test_a5_the_auditor_reads_and_changes_nothing(owner_file, auditor):
    c = _client(auditor)
    assert c.get(reverse("archives:record-detail", args=[owner_file.pk])).status_code == 200
    assert c.get(reverse("archives:record-new")).status_code == 404
    resp = c.post(
        f"/api/v1/archives/records/{owner_file.pk}/edit",
        {"title": "改", "version": owner_file.version},
        content_type="application/json",
    )
    assert resp.status_code == 403
    owner_file.refresh_from_db()
    assert owner_file.title != "改"


def test_r_ar_1_the_archivist_files_and_edits_on_the_pages(archivist, site_a, unit_a, owner_class):
    c = _client(archivist)
    resp = c.post(
        reverse("archives:record-new"),
        {
            "archive_class": owner_class.pk,
            "site": site_a.pk,
            "title": "业主档案 张三",
            "unit_code": unit_a.code,
            "media": "paper",
            "secrecy": "internal",
            "quantity": "2",
            "room": "档案室",
            "box": "YZ-002",
            "files": pdf_upload(),
        },
    )
    record = ArchiveRecord.objects.get()
    assert resp.status_code == 302 and record.unit == unit_a and record.quantity == 2
    assert attachment_list_for(record).count() == 1
    resp = c.post(
        reverse("archives:record-edit", args=[record.pk]),
        {
            "title": "业主档案 张三（补）",
            "media": "paper",
            "secrecy": "confidential",
            "quantity": "3",
            "box": "YZ-003",
            "version": record.version,
        },
    )
    record.refresh_from_db()
    assert resp.status_code == 302 and record.box == "YZ-003" and record.secrecy == "confidential"
    stale = c.post(
        reverse("archives:record-edit", args=[record.pk]),
        {"title": "旧页面", "media": "paper", "secrecy": "internal", "version": 0},
    )
    assert stale.status_code == 200
    record.refresh_from_db()
    assert record.title == "业主档案 张三（补）"
    codes = [e.code for e in event_list_for(record)]
    assert codes[:3] == ["filed", "attach", "edit"]


def test_r_ar_1_bad_input_on_the_page_gets_a_chinese_message(archivist, site_a, owner_class):
    resp = _client(archivist).post(
        reverse("archives:record-new"),
        {
            "archive_class": owner_class.pk,
            "site": site_a.pk,
            "title": "",
            "media": "paper",
            "secrecy": "internal",
        },
        follow=True,
    )
    assert "请" in resp.content.decode() or "标题" in resp.content.decode()
    assert ArchiveRecord.objects.count() == 0


def test_list_is_paged_and_filtered_in_the_database(
    archivist, site_a, owner_class, django_assert_max_num_queries
):
    contracts = ArchiveClass.objects.get(code="ht")
    for i in range(30):
        _file(archivist, site_a, owner_class if i % 2 else contracts, title=f"档案{i}")
    c = _client(archivist)
    with django_assert_max_num_queries(12):
        resp = c.get(reverse("archives:record-list"), {"class": contracts.pk})
    page = resp.context["page"]
    assert page.paginator.count == 15 and all(r.archive_class_id == contracts.pk for r in page)
    with django_assert_max_num_queries(12):
        assert c.get(reverse("archives:record-list"), {"q": "档案1"}).status_code == 200


def test_export_and_printed_ledger(owner_file, archivist, django_assert_max_num_queries):
    c = _client(archivist)
    with django_assert_max_num_queries(10):
        xlsx = c.get(reverse("archives:record-export"))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")
    pdf = c.get(reverse("archives:record-ledger"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_api_files_and_lists_records(archivist, site_a, owner_class):
    c = _client(archivist)
    resp = c.post(
        "/api/v1/archives/records",
        {"archive_class": owner_class.pk, "site": site_a.pk, "title": "API 档案", "media": "disk"},
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["number"].startswith("DA-YZ-") and body["media"] == "disk"
    bad = c.post(
        "/api/v1/archives/records",
        {"archive_class": owner_class.pk, "site": site_a.pk, "title": "", "media": "disk"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "title" in bad.json()["fields"]
    listed = c.get("/api/v1/archives/records", {"media": "disk"}).json()
    assert listed["count"] == 1
    assert c.get("/api/v1/archives/records", {"media": "x"}).status_code == 400


def test_r_ar_3_records_are_found_through_search(owner_file, csm):
    resp = _client(csm).get(reverse("search:results"), {"q": owner_file.number})
    assert owner_file.title in resp.content.decode()


def test_a1_search_finds_no_record_of_another_site(owner_file, site_b):
    other_csm = make_user("cs_manager", site_b)
    resp = _client(other_csm).get(reverse("search:results"), {"q": owner_file.number})
    assert owner_file.title not in resp.content.decode()
