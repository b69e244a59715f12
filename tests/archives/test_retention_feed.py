"""The other apps' end-of-retention lists feed the archive (R-FM-8, R-AR-3, R-AR-4): a CS manager
offers a ticket whose retention has ended to the intake queue; the archivist files it with that
period, so it is on the destruction list at once and goes through a two-approval batch."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from propdesk.archives import services as archives
from propdesk.archives.models import ArchiveIntake, ArchiveRecord, DestructionBatch
from propdesk.core.exceptions import InvalidInput, NotAllowed
from tests.factories import make_user
from tests.tickets.conftest import *  # noqa: F403 (tickets that reach their retention end)

LATER = dt.timedelta(days=3 * 365 + 2)


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def old_ticket(handled_ticket):
    ticket = handled_ticket(kind="repair")
    ticket.__class__.objects.filter(pk=ticket.pk).update(closed_at=timezone.now())
    return ticket


def test_r_fm_8_an_expired_ticket_is_offered_filed_and_destroyed(old_ticket, csm, pcm_a, archivist):
    with time_machine.travel(timezone.now() + LATER):
        offered = _client(csm).post(
            reverse("archives:retention-offer"), {"kind": "ticket", "ids": [old_ticket.pk]}
        )
        assert offered.status_code == 302 and "kind=ticket" in offered["Location"]
        intake = ArchiveIntake.objects.get()
        assert intake.source_id == old_ticket.pk and intake.suggested_class.code == "ts"
        assert intake.kept_years == 3 and intake.completed_on is not None
        # offering it again returns the same entry
        again = archives.retention_offer(actor=csm, kind_code="ticket", ids=[old_ticket.pk])
        assert [i.pk for i in again] == [intake.pk] and ArchiveIntake.objects.count() == 1
        record = archives.intake_file(
            actor=archivist, intake=intake, archive_class=intake.suggested_class
        )
        assert record.retention_end == intake.completed_on.replace(
            year=intake.completed_on.year + 3
        )
        assert record in archives.expired_records(record.site_id)
        batch = archives.destruction_propose(
            actor=archivist, site=record.site, record_ids=[record.pk], reason="保存期满"
        )
        archives.destruction_approve(actor=csm, batch=batch)
        archives.destruction_approve(actor=pcm_a, batch=batch)
        batch.refresh_from_db()
        assert batch.state == DestructionBatch.State.APPROVED


def test_r_fm_8_the_retention_page_offers_the_button_to_managers_only(
    old_ticket, csm, agent_a, django_assert_max_num_queries
):
    with time_machine.travel(timezone.now() + LATER):
        c = _client(csm)
        url = reverse("records:retention") + "?kind=ticket"
        with django_assert_max_num_queries(16):
            page = c.get(url).content.decode()
        assert 'id="offer"' in page and f'value="{old_ticket.pk}"' in page
        agent_page = _client(agent_a).get(url)
        assert 'id="offer"' not in agent_page.content.decode()
        refused = _client(agent_a).post(
            reverse("archives:retention-offer"), {"kind": "ticket", "ids": [old_ticket.pk]}
        )
        assert refused.status_code == 403 and not ArchiveIntake.objects.exists()


def test_r_fm_8_only_records_past_retention_can_be_offered(old_ticket, csm, site_b):
    from django.utils import translation

    with translation.override("zh-hans"):
        with pytest.raises(InvalidInput) as err:  # not yet at the end of its retention
            archives.retention_offer(actor=csm, kind_code="ticket", ids=[old_ticket.pk])
        assert "保存" in str(err.value.fields["ids"])
    with time_machine.travel(timezone.now() + LATER):
        for bad in ([], ["x"], [old_ticket.pk + 999]):
            with pytest.raises(InvalidInput):
                archives.retention_offer(actor=csm, kind_code="ticket", ids=bad)
        with pytest.raises(InvalidInput) as err:
            archives.retention_offer(actor=csm, kind_code="nothing", ids=[old_ticket.pk])
        assert "kind" in err.value.fields
        other_csm = make_user("cs_manager", site_b)  # another site's ticket: not theirs
        with pytest.raises(InvalidInput):
            archives.retention_offer(actor=other_csm, kind_code="ticket", ids=[old_ticket.pk])
        with pytest.raises(NotAllowed):
            archives.retention_offer(
                actor=make_user("auditor"), kind_code="ticket", ids=[old_ticket.pk]
            )
    assert not ArchiveIntake.objects.exists()
    assert not ArchiveRecord.objects.exists()


def test_r_fm_8_offered_through_the_api(old_ticket, csm):
    with time_machine.travel(timezone.now() + LATER):
        c = _client(csm)
        resp = c.post(
            "/api/v1/archives/intake/from-retention",
            {"kind": "ticket", "ids": [old_ticket.pk]},
            content_type="application/json",
        )
        assert resp.status_code == 201, resp.content
        assert resp.json()[0]["kept_years"] == 3
        bad = c.post(
            "/api/v1/archives/intake/from-retention",
            {"kind": "ticket", "ids": [old_ticket.pk], "state": "filed"},
            content_type="application/json",
        )
        assert bad.status_code in (400, 422)
