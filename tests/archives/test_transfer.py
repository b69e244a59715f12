"""Custody transfer (R-AR-6): a transfer list both archivists sign; custody changes only when
both have signed; nobody signs both lines; pages and API with the same checks."""

import pytest
from django.test import Client
from django.urls import reverse

from propdesk.archives import services
from propdesk.archives.models import ArchiveRecord, CustodyTransfer
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from tests.factories import make_user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def successor(db):
    return make_user("archivist")


def test_r_ar_6_custody_changes_only_when_both_have_signed(archivist, successor, owner_file):
    t = services.transfer_propose(actor=archivist, to_user=successor, records=[owner_file.pk])
    assert ArchiveRecord.objects.get(pk=owner_file.pk).custodian == archivist
    with pytest.raises(Conflict):  # the handover line is already signed
        services.transfer_sign(actor=archivist, transfer=t)
    assert ArchiveRecord.objects.get(pk=owner_file.pk).custodian == archivist
    services.transfer_sign(actor=successor, transfer=t)
    t.refresh_from_db()
    assert t.state == CustodyTransfer.State.DONE and t.done_at
    assert ArchiveRecord.objects.get(pk=owner_file.pk).custodian == successor
    assert "custody" in [e.code for e in event_list_for(owner_file)]


def test_r_ar_6_nobody_signs_both_lines_or_someone_elses(archivist, successor, owner_file):
    with pytest.raises(InvalidInput):
        services.transfer_propose(actor=archivist, to_user=archivist, records=[owner_file.pk])
    t = services.transfer_propose(actor=archivist, to_user=successor, records=[owner_file.pk])
    third = make_user("archivist")
    with pytest.raises(NotAllowed):
        services.transfer_sign(actor=third, transfer=t)
    t.refresh_from_db()
    assert t.state == CustodyTransfer.State.OPEN


def test_r_ar_6_only_records_in_my_custody_not_on_an_open_list(archivist, successor, owner_file):
    with pytest.raises(InvalidInput):  # not the successor's record
        services.transfer_propose(actor=successor, to_user=archivist, records=[owner_file.pk])
    services.transfer_propose(actor=archivist, to_user=successor, records=[owner_file.pk])
    with pytest.raises(InvalidInput):  # already on an open list
        services.transfer_propose(actor=archivist, to_user=successor, records=[owner_file.pk])
    for bad in ([], ["x"], [-3]):
        with pytest.raises(InvalidInput):
            services.transfer_propose(actor=archivist, to_user=successor, records=bad)
    agent = make_user("agent")
    with pytest.raises(InvalidInput):
        services.transfer_propose(actor=archivist, to_user=agent, records=[owner_file.pk])


def test_r_ar_6_the_transfer_on_the_pages(archivist, successor, owner_file):
    a = _client(archivist)
    form = a.get(reverse("archives:transfer-new"))
    assert form.status_code == 200 and owner_file.number in form.content.decode()
    bad = a.post(reverse("archives:transfer-new"), {"to_user": successor.pk}, follow=True)
    assert "请选择要移交的档案" in bad.content.decode()
    resp = a.post(
        reverse("archives:transfer-new"), {"to_user": successor.pk, "records": [owner_file.pk]}
    )
    t = CustodyTransfer.objects.get()
    assert resp.status_code == 302
    s = _client(successor)
    page = s.get(reverse("archives:transfer-detail", args=[t.pk]))
    assert 'id="sign-transfer"' in page.content.decode()
    assert (
        'id="sign-transfer"'
        not in a.get(reverse("archives:transfer-detail", args=[t.pk])).content.decode()
    )
    s.post(reverse("archives:transfer-action", args=[t.pk, "sign"]), {"version": t.version})
    assert ArchiveRecord.objects.get(pk=owner_file.pk).custodian == successor
    assert s.get(reverse("archives:transfer-list")).status_code == 200


def test_r_ar_6_others_do_not_read_transfers(archivist, successor, owner_file, site_a):
    t = services.transfer_propose(actor=archivist, to_user=successor, records=[owner_file.pk])
    csm = make_user("cs_manager", site_a)
    assert _client(csm).get(reverse("archives:transfer-list")).status_code == 403
    assert _client(csm).get(reverse("archives:transfer-detail", args=[t.pk])).status_code == 404
    assert _client(csm).get(f"/api/v1/archives/transfers/{t.pk}").status_code == 404
    auditor = make_user("auditor")
    assert _client(auditor).get(reverse("archives:transfer-detail", args=[t.pk])).status_code == 200
    resp = _client(auditor).post(
        f"/api/v1/archives/transfers/{t.pk}/sign", {"version": 0}, content_type="application/json"
    )
    assert resp.status_code == 403


def test_r_ar_6_the_transfer_through_the_api(archivist, successor, owner_file):
    made = _client(archivist).post(
        "/api/v1/archives/transfers",
        {"to_user": successor.pk, "records": [owner_file.pk]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    url = f"/api/v1/archives/transfers/{body['id']}"
    again = _client(archivist).post(
        f"{url}/sign", {"version": body["version"]}, content_type="application/json"
    )
    assert again.status_code == 409
    ok = _client(successor).post(
        f"{url}/sign", {"version": body["version"]}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["state"] == "done"
    assert ArchiveRecord.objects.get(pk=owner_file.pk).custodian == successor
