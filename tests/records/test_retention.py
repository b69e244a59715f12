"""Retention (R-FM-8): each record kind keeps its form's period; nothing is deleted before it ends
(no delete is offered, the API refuses it); the end-of-retention list feeds the destruction flow."""

import datetime as dt

import time_machine
from django.utils import timezone

from propdesk.records import retention
from propdesk.records.models import Document, FormTemplate


def test_r_fm_8_default_periods_come_from_the_domain_notes(db):
    """R-FM-8: parcels 30 days, release slips and survey forms 1 year, complaints 3 years."""
    days = dict(FormTemplate.objects.values_list("code", "retention_days"))
    assert days["mail_log"] == 30 and days["goods_release"] == 365 and days["survey_form"] == 365
    assert days["handling_form"] == 3 * 365


def test_r_fm_8_a_closed_ticket_reaches_the_end_of_retention_list_after_three_years(
    handled_ticket, csm
):
    ticket = handled_ticket(kind="repair")
    ticket.__class__.objects.filter(pk=ticket.pk).update(closed_at=timezone.now())
    kind = retention.kind("ticket")
    assert list(retention.expired(csm, kind)) == []
    with time_machine.travel(timezone.now() + dt.timedelta(days=3 * 365 + 1)):
        assert [t.pk for t in retention.expired(csm, kind)] == [ticket.pk]


def test_r_fm_8_api_refuses_to_delete_and_nothing_is_deleted(client_for, csm, notice):
    """R-FM-8: DELETE on a document answers 409 with the reason; the document stays."""
    resp = client_for(csm).delete(f"/api/v1/documents/{notice.pk}")
    assert resp.status_code == 409 and resp.json()["code"] == "retention"
    assert "不能删除" in resp.json()["message"]
    assert Document.objects.filter(pk=notice.pk).exists()


def test_r_fm_8_the_admin_offers_no_delete(client_for, admin_client, csm, notice):
    """R-FM-8: a reader of documents sees them in the admin, and may not delete one; the system
    administrator does not see them at all."""
    csm.is_staff = True
    csm.save(update_fields=["is_staff"])
    reader = client_for(csm)
    url = f"/admin/records/document/{notice.pk}/delete/"
    assert reader.get(f"/admin/records/document/{notice.pk}/change/").status_code == 200
    assert reader.get(url).status_code == 403
    assert reader.post(url, {"post": "yes"}).status_code == 403
    assert admin_client.get(url).status_code == 404
    assert Document.objects.filter(pk=notice.pk).exists()
