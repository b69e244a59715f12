"""The archivist's desk, their home (R-AR-3, R-AR-4, R-AR-5): intake waiting with its age, loans
overdue and due, approved loans to hand over, the inspection in progress, destructions pending —
in a fixed number of queries whatever the number of rows."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from propdesk.archives import services
from propdesk.archives.models import ArchiveRecord


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _loan(record, borrower, approver, archivist, days, lend=True):
    loan = services.loan_request(
        actor=borrower,
        record=record,
        mode="read",
        purpose="核对",
        due_date=timezone.localdate() + timedelta(days=days),
    )
    services.loan_approve(actor=approver, loan=loan)
    if lend:
        services.loan_lend(actor=archivist, loan=loan)
    return loan


def test_r_ar_3_the_desk_is_the_archivists_home_with_every_panel(
    owner_file, archivist, agent_a, csm, site_a, owner_class, django_assert_max_num_queries
):
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        services.intake_add(actor=archivist, site=site_a, title="旧合同一批")
        late = _loan(owner_file, agent_a, csm, archivist, days=1)
    services.inspection_round_open(site=site_a)
    others = [
        services.record_create(
            actor=archivist, archive_class=owner_class, site=site_a, title=f"档案{i}"
        )
        for i in range(2)
    ]
    _loan(others[0], agent_a, csm, archivist, days=2, lend=False)
    ArchiveRecord.objects.filter(pk=others[1].pk).update(
        retention_end=timezone.localdate() - timedelta(days=1)
    )
    services.destruction_propose(
        actor=archivist, site=site_a, record_ids=[others[1].pk], reason="保管期满"
    )
    c = _client(archivist)
    home = c.get(reverse("home"))
    assert home.status_code == 200 and "archives/desk.html" in [t.name for t in home.templates]
    with django_assert_max_num_queries(16):
        page = c.get(reverse("archives:desk"))
    html = page.content.decode()
    assert "旧合同一批" in html and "8" in html  # waiting 5 days before, now 8
    assert late.number in html  # overdue
    assert others[0].number in html  # approved, to hand over
    assert "份记录待检查" in html
    assert "XH" in html  # the destruction batch's number


def test_r_ar_3_the_desk_stays_at_a_fixed_number_of_queries(
    owner_file, archivist, agent_a, csm, site_a, owner_class, django_assert_max_num_queries
):
    with time_machine.travel(timezone.now() - timedelta(days=5)):
        for i in range(12):
            services.intake_add(actor=archivist, site=site_a, title=f"材料{i}")
            r = services.record_create(
                actor=archivist, archive_class=owner_class, site=site_a, title=f"档案{i}"
            )
            _loan(r, agent_a, csm, archivist, days=1)
    c = _client(archivist)
    with django_assert_max_num_queries(16):
        page = c.get(reverse("archives:desk"))
    assert page.status_code == 200


def test_the_desk_is_for_the_archivist_only(client, agent_a, csm, auditor):
    for user in (agent_a, csm, auditor):
        assert _client(user).get(reverse("archives:desk")).status_code == 403
    assert client.get(reverse("archives:desk")).status_code == 302
