"""Excel exports: scoped and filtered rows, formula-safe text (I6), background jobs, owner-only files."""

import itertools
import threading
import zipfile
from io import BytesIO

import psutil
import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from propdesk.core.exceptions import Conflict
from propdesk.core.exporting import export_start
from propdesk.core.models_exports import ExportJob
from propdesk.core.tasks_exports import run_export
from propdesk.tickets.models import Category, Contact, Ticket
from tests.factories import make_user

HEADER_ROWS = 4  # title, filters, export time, column labels
_numbers = itertools.count(1)


def _tickets(site, user, n, *, start=0, **fields):
    """Build (not save) `n` tickets quickly; services are not needed to test an export."""
    category = Category.objects.filter(kind="repair").first()
    now = timezone.now()
    for i in range(start, start + n):
        values = {"title": f"厨房水管漏水 {i}", "state": "registered", **fields}
        values.setdefault("number", f"T-{next(_numbers):07d}")
        yield Ticket(
            site=site,
            kind="repair",
            category=category,
            created_by=user,
            created_at=now,
            **values,
        )


def _bulk(site, user, n, **fields):
    rows = list(_tickets(site, user, n, **fields))
    Ticket.objects.bulk_create(rows)


def _sheet(job):
    with job.file.open("rb") as fh:
        return load_workbook(BytesIO(fh.read())).active


def _data(ws):
    return [row for row in ws.iter_rows(min_row=HEADER_ROWS + 1, values_only=True)]


def test_ticket_export_holds_only_the_filtered_rows_the_user_may_see(
    agent_a, agent_b, site_a, site_b
):
    _bulk(site_a, agent_a, 3)
    _bulk(site_a, agent_a, 2, state="closed", title="已关闭的工单")
    _bulk(site_b, agent_b, 4, title="国贸的工单")
    job = export_start(agent_a, "tickets", {"state": "registered"})
    assert job.state == "done" and job.rows_written == 3
    ws = _sheet(job)
    assert ws["A1"].value == "工单" or ws["A1"].value == "Tickets"
    titles = sorted(r[6] for r in _data(ws))
    assert titles == ["厨房水管漏水 0", "厨房水管漏水 1", "厨房水管漏水 2"]


def test_site_b_agent_exports_nothing_of_site_a(agent_a, agent_b, site_a, site_b):
    _bulk(site_a, agent_a, 3)
    job = export_start(agent_b, "tickets", {"site": site_a.pk})
    assert job.rows_written == 0 and _data(_sheet(job)) == []


def test_i6_titles_starting_with_formula_characters_are_text_cells(agent_a, site_a):
    hostile = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", '=HYPERLINK("http://x")']
    for title in hostile:
        _bulk(site_a, agent_a, 1, title=title)
    job = export_start(agent_a, "tickets", {})
    ws = _sheet(job)
    cells = [row[6] for row in ws.iter_rows(min_row=HEADER_ROWS + 1)]
    assert sorted(c.value for c in cells) == sorted(hostile)
    assert {c.data_type for c in cells} == {"s"}


def test_contact_export_masks_phones_and_keeps_to_the_site(agent_a, agent_b, site_a, site_b):
    now = timezone.now()
    for site, user, n in ((site_a, agent_a, "C-A-1"), (site_b, agent_b, "C-B-1")):
        Contact.objects.create(
            number=n, site=site, received_at=now, channel="phone", kind="repair",
            caller_phone="13812345678", content="电梯异响", received_by=user,
        )  # fmt: skip
    rows = _data(_sheet(export_start(agent_a, "contacts", {"date_from": timezone.localdate()})))
    assert [r[0] for r in rows] == ["C-A-1"]
    assert rows[0][6] == "138****5678"


def test_large_export_is_queued_and_written_by_the_task(
    agent_a, site_a, settings, django_capture_on_commit_callbacks
):
    settings.PROPDESK_EXPORT_INLINE_MAX = 5
    _bulk(site_a, agent_a, 12)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = export_start(agent_a, "tickets", {})
    assert job.state == "queued" and job.rows_total == 12 and len(callbacks) == 1
    assert run_export.call(job.pk) == "done"
    job.refresh_from_db()
    assert (job.state, job.rows_written, job.percent) == ("done", 12, 100)
    assert job.file.name.startswith("exports/") and len(_data(_sheet(job))) == 12
    assert run_export.call(job.pk) == "skipped"  # a repeated task does nothing


def test_status_page_polls_until_done_then_offers_the_download(
    agent_a, site_a, settings, client_for
):
    settings.PROPDESK_EXPORT_INLINE_MAX = 1
    _bulk(site_a, agent_a, 2)
    job = export_start(agent_a, "tickets", {})
    client = client_for(agent_a)
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "<script>" not in page
    run_export.call(job.pk)
    part = client.get(f"/exports/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in part and f"/exports/{job.pk}/download/" in part
    response = client.get(f"/exports/{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_only_the_owner_sees_or_downloads_an_export(agent_a, site_a, client, client_for):
    _bulk(site_a, agent_a, 1)
    job = export_start(agent_a, "tickets", {})
    assert client.get(f"/exports/{job.pk}/download/").status_code == 302  # to the login
    other = client_for(make_user("agent", site_a))
    for url in ("", "progress/", "download/"):
        assert other.get(f"/exports/{job.pk}/{url}").status_code == 404
    assert other.post(f"/exports/{job.pk}/").status_code == 405


def test_a_user_may_not_queue_endless_exports(agent_a, site_a):
    for _ in range(3):
        ExportJob.objects.create(owner=agent_a, kind="tickets", state="queued")
    with pytest.raises(Conflict) as refused:
        export_start(agent_a, "tickets", {})
    assert refused.value.code == "too_many_exports"


def _copy_tickets(*, times: int) -> None:
    """Copy every ticket row `times` times with INSERT … SELECT (numbers made unique)."""
    table = Ticket._meta.db_table
    cols = [f.column for f in Ticket._meta.concrete_fields if f.column != "id"]
    base = max(Ticket.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for k in range(1, times + 1):
            values = [f"number || '-{k}'" if c == "number" else f'"{c}"' for c in cols]
            names = ", ".join(f'"{c}"' for c in cols)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {', '.join(values)} "  # noqa: S608
                f"FROM {table} WHERE id <= %s",
                [base],
            )


def _peak_rss_during(fn):
    """Run `fn` while a thread samples this process's RSS; returns (result, peak growth in bytes)."""
    proc, stop, peak = psutil.Process(), threading.Event(), [0]
    base = proc.memory_info().rss

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], proc.memory_info().rss)
            stop.wait(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        result = fn()
    finally:
        stop.set()
        thread.join()
    return result, max(peak[0], proc.memory_info().rss) - base


def test_100k_row_export_runs_as_a_task_with_flat_memory(agent_a, site_a):
    """Issue 5: a 100,000-row export is a background task; memory grows by far less than 200 MB."""
    _bulk(site_a, agent_a, 10_000)
    _copy_tickets(times=9)  # 10,000 -> 100,000 in the database, in seconds
    job = export_start(agent_a, "tickets", {})
    assert job.state == "queued" and job.rows_total == 100_000
    state, growth = _peak_rss_during(lambda: run_export.call(job.pk))
    job.refresh_from_db()
    assert state == "done" and job.rows_written == 100_000
    assert growth < 200 * 1024 * 1024, f"RSS grew by {growth / 2**20:.0f} MB"
    with job.file.open("rb") as fh, zipfile.ZipFile(fh) as xlsx:
        sheet = next(n for n in xlsx.namelist() if n.startswith("xl/worksheets/sheet"))
        assert xlsx.read(sheet).count(b"<row ") == 100_000 + HEADER_ROWS
