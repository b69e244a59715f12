"""Quarterly inspection rounds (R-AR-4): opened exactly once per quarter per site by the
scheduler, a line per filed record, files whose checksum no longer matches flagged, every line
marked before the round closes with its counts, missing records escalated, countersigned by a CS
manager who did not close it."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from propdesk.archives import services
from propdesk.archives.models import InspectionLine, InspectionRound
from propdesk.core.attachments import attachment_list_for
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from propdesk.notify.models import Notification
from tests.archives.conftest import pdf_upload
from tests.factories import make_user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def two_records(owner_file, archivist, site_a, owner_class):
    other = services.record_create(
        actor=archivist, archive_class=owner_class, site=site_a, title="第二卷"
    )
    services.record_attach(actor=archivist, record=other, upload=pdf_upload("图纸.pdf"))
    return owner_file, other


def test_r_ar_4_a_round_is_opened_exactly_once_per_quarter_per_site(two_records, site_a, site_b):
    with time_machine.travel("2026-04-01 01:00 +0800", tick=False):
        assert services.inspection_sweep() == 2  # both sites
        assert services.inspection_sweep() == 0
    with time_machine.travel("2026-06-30 23:00 +0800", tick=False):
        assert services.inspection_sweep() == 0
    with time_machine.travel("2026-07-01 00:30 +0800", tick=False):
        assert services.inspection_sweep() == 2
    rounds = InspectionRound.objects.filter(site=site_a).order_by("quarter")
    assert [(r.year, r.quarter) for r in rounds] == [(2026, 2), (2026, 3)]
    assert rounds[0].lines.count() == 2


def test_r_ar_4_a_file_whose_checksum_no_longer_matches_is_flagged(two_records, site_a):
    first, second = two_records
    att = attachment_list_for(second).get()
    with open(att.file.path, "ab") as fh:
        fh.write(b"x")
    rnd, created = services.inspection_round_open(site=site_a)
    assert created and rnd.bad_files == 1
    flagged = rnd.lines.get(files_ok=False)
    assert flagged.record == second and rnd.lines.get(record=first).files_ok is True


def test_r_ar_4_marking_closing_and_countersigning(two_records, site_a, archivist, csm):
    first, second = two_records
    rnd, _ = services.inspection_round_open(site=site_a)
    l1, l2 = rnd.lines.order_by("id")
    services.inspection_mark(actor=archivist, rnd=rnd, line_id=l1.pk, result="found")
    with pytest.raises(Conflict):
        services.inspection_close(actor=archivist, rnd=rnd)
    with pytest.raises(InvalidInput):
        services.inspection_mark(actor=archivist, rnd=rnd, line_id=l2.pk, result="missing")
    services.inspection_mark(
        actor=archivist, rnd=rnd, line_id=l2.pk, result="missing", note="B柜未见"
    )
    assert Notification.objects.filter(recipient=csm, code="archive_missing").exists()
    with pytest.raises(Conflict):
        services.inspection_countersign(actor=csm, rnd=rnd)  # not closed yet
    services.inspection_close(actor=archivist, rnd=rnd)
    assert (rnd.found, rnd.damaged, rnd.missing) == (1, 0, 1)
    with pytest.raises(NotAllowed):
        services.inspection_countersign(actor=archivist, rnd=rnd)
    services.inspection_countersign(actor=csm, rnd=rnd)
    assert rnd.state == InspectionRound.State.COUNTERSIGNED and rnd.countersigned_by == csm


def test_a3_a_line_of_another_round_is_not_found(
    two_records, site_a, site_b, archivist, owner_class
):
    services.record_create(actor=archivist, archive_class=owner_class, site=site_b, title="B卷")
    rnd_a, _ = services.inspection_round_open(site=site_a)
    rnd_b, _ = services.inspection_round_open(site=site_b)
    line_b = rnd_b.lines.get()
    with pytest.raises(NotFound):
        services.inspection_mark(actor=archivist, rnd=rnd_a, line_id=line_b.pk, result="found")
    resp = _client(archivist).post(
        reverse("archives:round-mark", args=[rnd_a.pk]), {"line": line_b.pk, "result": "found"}
    )
    assert resp.status_code == 404
    assert InspectionLine.objects.get(pk=line_b.pk).result == "pending"


def test_r_ar_4_the_pages(
    two_records, site_a, site_b, archivist, auditor, django_assert_max_num_queries
):
    rnd, _ = services.inspection_round_open(site=site_a)
    line = rnd.lines.first()
    c = _client(archivist)
    c.get(reverse("archives:round-detail", args=[rnd.pk]))
    with django_assert_max_num_queries(14):
        assert c.get(reverse("archives:round-detail", args=[rnd.pk])).status_code == 200
    resp = c.post(
        reverse("archives:round-mark", args=[rnd.pk]),
        {"line": line.pk, "result": "damaged", "note": "封面霉变，需修复"},
    )
    assert resp.status_code == 302
    assert InspectionLine.objects.get(pk=line.pk).result == "damaged"
    other_csm = make_user("cs_manager", site_b)
    assert (
        _client(other_csm).get(reverse("archives:round-detail", args=[rnd.pk])).status_code == 404
    )
    a = _client(auditor)
    assert a.get(reverse("archives:round-list")).status_code == 200
    a.post(reverse("archives:round-mark", args=[rnd.pk]), {"line": line.pk, "result": "found"})
    assert InspectionLine.objects.get(pk=line.pk).result == "damaged"
