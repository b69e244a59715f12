"""Printed archive records (R-AR-4, R-AR-6): the inspection report, the destruction record and the
custody transfer list, opened with pypdf — numbers, results, signers and the template version."""

from datetime import timedelta
from io import BytesIO

import pypdf
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from propdesk.archives import services
from propdesk.archives.models import ArchiveRecord
from tests.factories import make_user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _text(resp) -> str:
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    body = b"".join(resp.streaming_content) if resp.streaming else resp.content
    return "".join(
        "".join(pg.extract_text().split()) for pg in pypdf.PdfReader(BytesIO(body)).pages
    )


def test_r_ar_4_the_inspection_report_prints_with_results_and_signers(
    owner_file, archivist, csm, django_assert_max_num_queries
):
    rnd, _ = services.inspection_round_open(site=owner_file.site)
    line = rnd.lines.get()
    services.inspection_mark(
        actor=archivist, rnd=rnd, line_id=line.pk, result="damaged", note="封面破损需修补"
    )
    services.inspection_close(actor=archivist, rnd=rnd)
    services.inspection_countersign(actor=csm, rnd=rnd)
    page = _client(csm).get(reverse("archives:round-detail", args=[rnd.pk]))
    assert 'id="print"' in page.content.decode()
    c = _client(csm)
    with django_assert_max_num_queries(14):
        resp = c.get(reverse("archives:round-print", args=[rnd.pk]))
    text = _text(resp)
    assert owner_file.number in text and "封面破损需修补" in text
    assert "2026.1" in text  # the template version on the print
    assert str(csm) in text
    assert (
        _client(make_user("agent", owner_file.site))
        .get(reverse("archives:round-print", args=[rnd.pk]))
        .status_code
        == 404
    )


def test_r_ar_4_the_destruction_record_prints_its_list_method_and_approvers(
    owner_file, archivist, csm, pcm_a
):
    ArchiveRecord.objects.filter(pk=owner_file.pk).update(
        retention_end=timezone.localdate() - timedelta(days=1)
    )
    batch = services.destruction_propose(
        actor=archivist, site=owner_file.site, record_ids=[owner_file.pk], reason="保管期满"
    )
    services.destruction_approve(actor=csm, batch=batch)
    services.destruction_approve(actor=pcm_a, batch=batch)
    batch.refresh_from_db()
    services.destruction_execute(
        actor=archivist, batch=batch, method="碎纸机粉碎", witnesses="张三、李四"
    )
    text = _text(_client(csm).get(reverse("archives:destruction-print", args=[batch.pk])))
    assert batch.number in text and owner_file.number in text
    assert "碎纸机粉碎" in text and "张三、李四" in text
    assert str(pcm_a) in text


def test_r_ar_6_the_transfer_list_prints_both_signature_lines(archivist, owner_file):
    successor = make_user("archivist")
    t = services.transfer_propose(actor=archivist, to_user=successor, records=[owner_file.pk])
    text = _text(_client(successor).get(reverse("archives:transfer-print", args=[t.pk])))
    assert owner_file.number in text and owner_file.box in text
    assert str(archivist) in text
    outsider = _client(make_user("agent", owner_file.site))
    assert outsider.get(reverse("archives:transfer-print", args=[t.pk])).status_code in (403, 404)
