"""Backup and restore (SECURITY D5): the archive and its manifest, the round trip, refusals of a
tampered archive or a non-empty target, the daily schedule and its retention."""

import json
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from bench.crashkit import Probe
from propdesk.core import backup_schedule
from propdesk.core.backup import archive_time, backup_create, backup_verify, file_sha256
from propdesk.core.backup_db import BackupError, Database
from propdesk.core.backup_restore import backup_restore
from propdesk.core.models import Attachment
from tests.core.backupkit import add_attachments, edit_sqlite_member, empty_target, rewrite
from tests.tickets.test_api import REPAIR, Api


@pytest.fixture
def records(transactional_db, site_a, agent_a, settings):
    """Three attachments, committed: a backup reads the database through its own connection."""
    add_attachments(site_a, agent_a)
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def target(tmp_path):
    db, media, drop = empty_target(tmp_path)
    yield db, media
    drop()


def test_d5_manifest_counts_rows_and_hashes_every_file(records, tmp_path):
    backup = backup_create(out_dir=tmp_path / "b")
    m = backup.manifest
    assert backup.path.name.startswith("propdesk-") and archive_time(backup.path)
    assert m["tables"]["core_attachment"]["rows"] == Attachment.objects.count() == 3
    assert len(m["tables"]["core_attachment"]["sha256"]) == 64
    for a in Attachment.objects.all():
        assert m["files"][a.file.name]["sha256"] == file_sha256(records / a.file.name) == a.sha256
    sidecar = backup.path.with_name(backup.path.name + ".sha256").read_text()
    assert sidecar.split() == [file_sha256(backup.path), backup.path.name]
    out = StringIO()
    call_command("backup", "--verify", str(backup.path), stdout=out)
    assert ": ok (" in out.getvalue()


def test_d5_round_trip_restores_identical_tables_and_files(records, tmp_path, target, new_tickets):
    """D5: restored into an empty database and media folder, every table hash equals the
    manifest's (checked by restore), every file its SHA-256, the counters their tickets (the
    next create after a restore is checked live, under load)."""
    numbers = [t["number"] for t in new_tickets(2)]
    backup = backup_create(out_dir=tmp_path / "b")
    db, media = target
    done = backup_restore(backup.path, db=db, media_root=media)
    assert done["files"] == 3 and done["tables"] == len(backup.manifest["tables"])
    for name, f in backup.manifest["files"].items():
        assert file_sha256(media / name) == f["sha256"]
    probe = Probe(_url(db))
    assert sorted(n for (n,) in probe.rows("SELECT number FROM tickets_ticket")) == sorted(numbers)
    assert probe.rows("SELECT last FROM core_numbercounter WHERE scheme = 'BX'") == [(2,)]


def test_d5_a_changed_file_in_the_archive_is_refused_and_nothing_is_restored(
    records, tmp_path, target
):
    backup = backup_create(out_dir=tmp_path / "b")
    rewrite(backup.path, lambda name, data: data + b"x" if name.startswith("media/") else data)
    assert not backup_verify(backup.path).ok
    backup.path.with_name(backup.path.name + ".sha256").unlink()  # the forger drops the sidecar
    problems = backup_verify(backup.path).problems
    assert problems and all(
        p.startswith("content differs from the manifest: media/") for p in problems
    )
    db, media = target
    with pytest.raises(BackupError, match="refused"):
        backup_restore(backup.path, db=db, media_root=media)
    assert not media.exists() and _empty(db)
    with pytest.raises(CommandError, match="REFUSED"):
        call_command("backup", "--verify", str(backup.path), stdout=StringIO())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="edits the archived SQLite file")
def test_d5_a_forged_row_with_a_fixed_file_hash_is_refused(records, tmp_path, target):
    """Even with the manifest's file hash recomputed, the table hashes give the forgery away."""
    backup = backup_create(out_dir=tmp_path / "b")
    edit_sqlite_member(backup.path, tmp_path, "UPDATE core_attachment SET original_name = 'x'")
    assert any(p.startswith("table core_attachment") for p in backup_verify(backup.path).problems)
    db, media = target
    with pytest.raises(BackupError, match="differs"):
        backup_restore(backup.path, db=db, media_root=media)
    assert not Path(db.name).exists() and not media.exists()


def test_d5_a_forged_table_hash_is_refused_and_the_target_left_empty(records, tmp_path, target):
    """Whatever the engine checks first (SQLite: the staged file; PostgreSQL: the loaded
    database, emptied again), a table that differs from the manifest refuses the restore."""
    backup = backup_create(out_dir=tmp_path / "b")

    def forged(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"]["core_attachment"]["sha256"] = "0" * 64
        return json.dumps(manifest).encode()

    rewrite(backup.path, forged)
    backup.path.with_name(backup.path.name + ".sha256").unlink()
    db, media = target
    with pytest.raises(BackupError, match="differs: table core_attachment"):
        backup_restore(backup.path, db=db, media_root=media)
    assert _empty(db) and not media.exists()


def test_d5_restore_refuses_a_target_that_is_not_empty_or_a_newer_backup(records, tmp_path, target):
    backup = backup_create(out_dir=tmp_path / "b")
    db, media = target
    (media / "old").mkdir(parents=True)
    (media / "old" / "f.jpg").write_bytes(b"x")
    with pytest.raises(BackupError, match="media folder .* is not empty"):
        backup_restore(backup.path, db=db, media_root=media)
    with pytest.raises(BackupError, match="target database .* is not empty"):
        backup_restore(backup.path, db=Database.from_settings(), media_root=tmp_path / "m2")

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("core.9999_from_the_future")
        return json.dumps(manifest).encode()

    rewrite(backup.path, newer)
    backup.path.with_name(backup.path.name + ".sha256").unlink()
    with pytest.raises(BackupError, match="newer version .*core.9999_from_the_future"):
        backup_restore(backup.path, db=db, media_root=tmp_path / "m3")


@pytest.fixture
def new_tickets(client, agent_a, unit_a, resident_a, eng_dept_a):
    def make(n):
        api, body = Api(client, agent_a), {**REPAIR, "unit": unit_a.pk, "resident": resident_a.pk}
        return [api.post("tickets/", body).json() for _ in range(n)]

    return make


def _url(db) -> str:
    if db.engine == "sqlite":
        return f"sqlite:///{db.name}"
    return f"postgres://{db.user}@{db.host or '127.0.0.1'}:{db.port or 5432}/{db.name}"


def _empty(db) -> bool:
    from propdesk.core.backup_restore import _database_is_empty

    return _database_is_empty(db)


# --- the daily backup and its retention ---------------------------------------------------


def _fake_archives(folder: Path, start: datetime, days: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(days):
        stamp = timezone.localtime(start + timedelta(days=d))
        (folder / f"propdesk-{stamp:%Y%m%d-%H%M%S}.tar.gz").write_bytes(b"")


def test_d5_retention_keeps_7_daily_and_4_weekly(tmp_path):
    start = timezone.make_aware(datetime(2026, 10, 1, 2, 0))  # a Thursday
    _fake_archives(tmp_path, start, 40)
    backup_schedule.prune(tmp_path, keep_daily=7, keep_weekly=4)
    kept = sorted(archive_time(p).date().isoformat() for p in tmp_path.glob("*.tar.gz"))
    # the last 7 days (Nov 3–9) and the newest of each of the last 4 ISO weeks (Nov 9, Nov 8,
    # Nov 1, Oct 25): the weeks are counted with the days, as restic counts them
    assert kept == ["2026-10-25", "2026-11-01", *[f"2026-11-0{d}" for d in range(3, 10)]]


def test_d5_the_daily_sweep_starts_a_backup_once_when_due(tmp_path, settings, monkeypatch):
    settings.PROPDESK = {**settings.PROPDESK, "BACKUP_SCHEDULE": True, "BACKUP_HOUR": 2}
    started = []

    class FakeChild:
        def __init__(self, argv):
            started.append(argv)

        def poll(self):
            return None  # still running

    monkeypatch.setattr(backup_schedule.subprocess, "Popen", FakeChild)
    monkeypatch.setattr(backup_schedule, "_child", None)
    early = timezone.make_aware(datetime(2026, 12, 2, 1, 30))
    assert not backup_schedule.backup_sweep(now=early)  # before the hour
    assert backup_schedule.backup_sweep(now=early + timedelta(hours=1))
    assert not backup_schedule.backup_sweep(now=early + timedelta(hours=2))  # still running
    assert started == [[started[0][0], "-m", "propdesk", "backup", "--scheduled"]]


def test_d5_the_scheduled_run_backs_up_once_a_day_and_prunes(records, settings, tmp_path):
    folder = Path(settings.PROPDESK["BACKUP_DIR"])
    old = timezone.make_aware(datetime(2026, 9, 1, 2, 0))
    _fake_archives(folder, old, 10)  # September 1–10
    with time_machine.travel(timezone.make_aware(datetime(2026, 12, 2, 3, 0)), tick=False):
        made, removed = backup_schedule.backup_scheduled()
        assert made and archive_time(made).date().isoformat() == "2026-12-02"
        assert len(removed) == 4  # kept: today and Sep 5–10 (7 days), Sep 6 is its week's newest
        assert backup_schedule.backup_scheduled() == (None, [])
