"""Destruction (R-AR-4, R-FM-8): only records past retention; two different approvers, neither
the proposer; the destruction record stays; a destroyed record keeps its number and metadata and
its files are gone from storage."""

import os
from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from propdesk.archives import services
from propdesk.archives.models import ArchiveClass, ArchiveRecord, DestructionBatch
from propdesk.core.attachments import attachment_list_for
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from tests.archives.conftest import pdf_upload
from tests.factories import make_user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def expired(archivist, site_a):
    complaints = ArchiveClass.objects.get(code="ts")  # kept 3 years
    with time_machine.travel("2020-03-01 10:00 +0800", tick=False):
        record = services.record_create(
            actor=archivist,
            archive_class=complaints,
            site=site_a,
            title="2020年投诉卷",
            date_to=date(2020, 2, 28),
        )
        services.record_attach(actor=archivist, record=record, upload=pdf_upload())
    return record


def test_r_ar_4_only_records_past_retention_are_proposed(expired, owner_file, archivist, site_a):
    with pytest.raises(InvalidInput):
        services.destruction_propose(
            actor=archivist, site=site_a, record_ids=[owner_file.pk], reason="过期"
        )
    batch = services.destruction_propose(
        actor=archivist, site=site_a, record_ids=[expired.pk], reason="保管期满"
    )
    assert list(batch.records.all()) == [expired]
    assert not services.expired_records(site_a.pk).exists()  # held by the open batch


def test_r_ar_4_two_different_approvers_neither_the_proposer(
    expired, archivist, site_a, csm, pcm_a
):
    batch = services.destruction_propose(
        actor=archivist, site=site_a, record_ids=[expired.pk], reason="保管期满"
    )
    both = make_user("cs_manager", site_a)
    both.groups.add(Group.objects.get(name="centre_manager"))
    services.destruction_approve(actor=both, batch=batch)
    with pytest.raises(NotAllowed):
        services.destruction_approve(actor=both, batch=batch)  # the second line needs another
    with pytest.raises(Conflict):
        services.destruction_execute(
            actor=archivist, batch=batch, method="碎纸", witnesses="甲、乙"
        )
    services.destruction_approve(
        actor=pcm_a if batch.csm_approved_by_id == both.pk else csm, batch=batch
    )
    assert batch.state == DestructionBatch.State.APPROVED
    assert batch.csm_approved_by_id != batch.pcm_approved_by_id


def test_r_ar_4_destroyed_records_keep_their_metadata_and_lose_their_files(
    expired, archivist, site_a, csm, pcm_a
):
    att = attachment_list_for(expired).get()
    path = att.file.path
    batch = services.destruction_propose(
        actor=archivist, site=site_a, record_ids=[expired.pk], reason="保管期满"
    )
    services.destruction_approve(actor=csm, batch=batch)
    services.destruction_approve(actor=pcm_a, batch=batch)
    with pytest.raises(InvalidInput):
        services.destruction_execute(actor=archivist, batch=batch, method="", witnesses="甲")
    services.destruction_execute(
        actor=archivist, batch=batch, method="碎纸机粉碎", witnesses="甲、乙"
    )
    expired.refresh_from_db()
    assert expired.state == ArchiveRecord.State.DESTROYED and expired.number.startswith(
        "DA-TS-2020"
    )
    assert not os.path.exists(path)
    assert attachment_list_for(expired).get().sha256 == att.sha256  # what was destroyed stays known
    batch.refresh_from_db()
    assert batch.method == "碎纸机粉碎" and batch.destroyed_at is not None
    page = _client(archivist).get(reverse("archives:record-detail", args=[expired.pk]))
    assert page.status_code == 200 and expired.number in page.content.decode()


def test_a7_the_proposer_never_approves(expired, site_a):
    proposer = make_user("archivist")
    proposer.groups.add(Group.objects.get(name="cs_manager"))
    batch = services.destruction_propose(
        actor=proposer, site=site_a, record_ids=[expired.pk], reason="保管期满"
    )
    resp = _client(proposer).post(
        reverse("archives:destruction-action", args=[batch.pk, "approve"]),
        {"version": batch.version},
    )
    assert resp.status_code == 403
    assert DestructionBatch.objects.get(pk=batch.pk).csm_approved_at is None


def test_destruction_pages(expired, archivist, site_a, auditor):
    c = _client(archivist)
    assert c.get(reverse("archives:destruction-list")).status_code == 200
    resp = c.post(
        reverse("archives:destruction-new"),
        {"site": site_a.pk, "records": [expired.pk], "reason": "保管期满"},
    )
    batch = DestructionBatch.objects.get()
    assert resp.status_code == 302
    assert c.get(reverse("archives:destruction-detail", args=[batch.pk])).status_code == 200
    assert (
        _client(auditor).get(reverse("archives:destruction-detail", args=[batch.pk])).status_code
        == 200
    )
