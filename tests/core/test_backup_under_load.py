"""D5 under load: `propdesk backup` taken while gunicorn serves keyed creates, restored into an
empty database and media folder, then the restored copy serves the next create."""

import time

import pytest
from django.utils import timezone

from bench.crashkit import KeyedCreates, Probe, Server, check_exactly_once
from propdesk.core.backup import backup_create, file_sha256
from propdesk.core.backup_db import Database
from propdesk.core.backup_restore import backup_restore
from tests.core.backupkit import add_attachments, empty_target
from tests.core.crashenv import crash_env
from tests.core.test_backup import _url
from tests.tickets.test_api import REPAIR


def _source(url: str) -> Database:
    if url.startswith("sqlite:///"):
        return Database(engine="sqlite", name=url.removeprefix("sqlite:///"))
    return Database.from_settings()


def _wait_for(load, n: int) -> None:
    deadline = time.monotonic() + 120
    while len(load.acknowledged()) < n and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.crash
@pytest.mark.django_db(transaction=True)
def test_d5_backup_under_load_restores_the_snapshot_and_numbering_continues(
    tmp_path, settings, agent_a, unit_a, resident_a, eng_dept_a
):
    """D5: per-table hashes at the snapshot equal after restore (restore checks them), every
    file's SHA-256 equal, the snapshot is consistent (each ticket with its contact, event and key;
    numbers gap-free), and the next create on the restored copy takes the next number."""
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    add_attachments(unit_a, agent_a)
    env = crash_env(tmp_path, agent_a, {**REPAIR, "unit": unit_a.pk, "resident": resident_a.pk})
    server = Server(env.env, tmp_path / "gunicorn.log").start()
    load = KeyedCreates(port_of=lambda: server.port, token=env.token, body=env.body, threads=3)
    try:
        _wait_for(load.start(), 5)
        backup = backup_create(db=_source(env.url), media_root=settings.MEDIA_ROOT,
                               out_dir=tmp_path / "backups")  # fmt: skip
        _wait_for(load, len(load.acknowledged()) + 3)  # the load went on during and after
    finally:
        load.stop()
        server.stop()
    at_snapshot = backup.manifest["tables"]["tickets_ticket"]["rows"]
    assert 5 <= at_snapshot < len(Probe(env.url).rows("SELECT id FROM tickets_ticket"))
    db, media, drop = empty_target(tmp_path)
    try:
        backup_restore(backup.path, db=db, media_root=media)
        for name, f in backup.manifest["files"].items():
            assert (
                file_sha256(media / name) == file_sha256(settings.MEDIA_ROOT / name) == f["sha256"]
            )
        _assert_consistent_and_continues(Probe(_url(db)), env, tmp_path, at_snapshot)
    finally:
        drop()


def _assert_consistent_and_continues(restored: Probe, env, tmp_path, at_snapshot: int) -> None:
    keys = {k for (k,) in restored.rows("SELECT key FROM core_idempotencykey")}
    assert len(keys) == at_snapshot and check_exactly_once(restored, keys, {}) == []
    server = Server({**env.env, "DATABASE_URL": restored.url,
                     "PROPDESK_VAR_DIR": str(tmp_path / "restored")}, tmp_path / "r.log")  # fmt: skip
    load = KeyedCreates(port_of=lambda: server.port, token=env.token, body=env.body)
    server.start()
    try:
        after = load.send("after-restore")
    finally:
        server.stop()
    top = max(i for (i,) in restored.rows("SELECT id FROM tickets_ticket WHERE number <> ?",
                                          [after.body["number"]]))  # fmt: skip
    assert after.status == 201 and after.body["id"] > top
    assert after.body["number"] == f"BX-{timezone.localdate().year}-{at_snapshot + 1:06d}"
