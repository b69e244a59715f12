"""The intake queue (R-AR-3): material offered by other apps or entered by hand waits, oldest
first, with how long it has waited; the archivist files it into a numbered record or declines it."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from propdesk.archives import services
from propdesk.archives.models import ArchiveIntake, ArchiveRecord
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import InvalidInput, NotAllowed


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_r_ar_3_another_app_offers_material_once(site_a, unit_a, archivist):
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        first = services.archive_intake_offer(
            source=unit_a, title="交房资料", site=site_a, archive_class_code="yz"
        )
    again = services.archive_intake_offer(source=unit_a, title="交房资料", site=site_a)
    assert first.pk == again.pk and ArchiveIntake.objects.count() == 1
    assert first.suggested_class.code == "yz" and again.waiting_days == 3
    page = _client(archivist).get(reverse("archives:intake-list"))
    assert [i.pk for i in page.context["page"]] == [first.pk]
    assert "3" in page.content.decode()


def test_r_ar_3_the_archivist_files_one_into_a_numbered_record(site_a, unit_a, archivist):
    intake = services.archive_intake_offer(
        source=unit_a, title="3栋1单元502 交房资料", site=site_a, archive_class_code="yz"
    )
    c = _client(archivist)
    resp = c.post(
        reverse("archives:intake-detail", args=[intake.pk]),
        {
            "archive_class": intake.suggested_class.pk,
            "title": "",
            "media": "paper",
            "secrecy": "internal",
            "box": "YZ-009",
            "version": intake.version,
        },
    )
    record = ArchiveRecord.objects.get()
    assert resp.status_code == 302 and record.title == intake.title and record.site == site_a
    assert record.number.startswith("DA-YZ-")
    intake.refresh_from_db()
    assert intake.state == ArchiveIntake.State.FILED and intake.record == record
    assert [e.code for e in event_list_for(intake)] == ["offered", "file"]
    assert "from_intake" in [e.code for e in event_list_for(record)]
    again = c.post(reverse("archives:intake-detail", args=[intake.pk]), {"media": "paper"})
    assert again.status_code == 404 and ArchiveRecord.objects.count() == 1


def test_r_ar_3_filing_refuses_bad_input_and_changes_nothing(site_a, archivist):
    intake = services.intake_add(actor=archivist, site=site_a, title="纸质资料")
    with pytest.raises(InvalidInput):
        services.intake_file(actor=archivist, intake=intake, archive_class=None)
    intake.refresh_from_db()
    assert intake.state == ArchiveIntake.State.WAITING and not ArchiveRecord.objects.exists()
    with pytest.raises(InvalidInput):
        services.intake_decline(actor=archivist, intake=intake, note="")
    services.intake_decline(actor=archivist, intake=intake, note="重复件")
    assert intake.state == ArchiveIntake.State.DECLINED


def test_r_ar_3_only_the_archivist_files_and_others_read_their_sites(
    site_a, site_b, archivist, csm, auditor, agent_a, owner_class
):
    intake = services.intake_add(actor=archivist, site=site_a, title="纸质资料")
    for user in (csm, auditor):
        with pytest.raises(NotAllowed):
            services.intake_file(actor=user, intake=intake, archive_class=owner_class)
        assert (
            _client(user).get(reverse("archives:intake-detail", args=[intake.pk])).status_code
            == 200
        )
    assert (
        _client(agent_a).get(reverse("archives:intake-detail", args=[intake.pk])).status_code == 404
    )
    assert _client(agent_a).get(reverse("archives:intake-list")).status_code == 403
    with pytest.raises(InvalidInput):
        services.intake_add(actor=archivist, site=site_a, title=" ")


def test_intake_list_query_count(site_a, archivist, django_assert_max_num_queries):
    for n in range(20):
        services.intake_add(actor=archivist, site=site_a, title=f"资料{n}")
    c = _client(archivist)
    c.get(reverse("archives:intake-list"))
    with django_assert_max_num_queries(12):
        resp = c.get(reverse("archives:intake-list"))
    assert resp.status_code == 200 and len(resp.context["page"]) == 20
