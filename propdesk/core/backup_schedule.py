"""The daily backup and its retention (settings `PROPDESK["BACKUP_…"]`, README "Operations").

The scheduler's sweep `core.backup_daily` looks every 15 minutes whether today's backup is due
(after `BACKUP_HOUR`, local time, and no archive of today from that hour on) and, if so, starts
`propdesk backup --scheduled` as a child process, so a long backup never holds up the SLA sweeps.
That command takes a lock file in the backup folder (a second scheduler's backup waits its turn
and then finds nothing due), makes the archive and prunes: the newest archive of each of the last
`BACKUP_KEEP_DAILY` days that have one, and of each of the last `BACKUP_KEEP_WEEKLY` ISO weeks,
are kept; older ones go, with their .sha256. Cron or a systemd timer may run the same command.
"""

import fcntl
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .backup import archive_time, backup_create, backup_dir

_child: subprocess.Popen | None = None


def _setting(name: str, default):
    return settings.PROPDESK.get(f"BACKUP_{name}", default)


def archives(folder: Path) -> list[tuple[datetime, Path]]:
    """Complete archives in the folder, newest first."""
    found = (
        [(archive_time(p), p) for p in folder.glob("propdesk-*.tar.gz")] if folder.is_dir() else []
    )
    return sorted(((t, p) for t, p in found if t), reverse=True)


def retained(stamps: list[datetime], *, keep_daily: int, keep_weekly: int) -> set[datetime]:
    """Which archive times to keep: the newest per day for `keep_daily` days, per ISO week for
    `keep_weekly` weeks (counted among days and weeks that have a backup, as restic does)."""
    keep, days, weeks = set(), set(), set()
    for stamp in sorted(stamps, reverse=True):
        day = timezone.localtime(stamp).date()
        week = day.isocalendar()[:2]
        if day not in days and len(days) < keep_daily:
            days.add(day)
            keep.add(stamp)
        if week not in weeks and len(weeks) < keep_weekly:
            weeks.add(week)
            keep.add(stamp)
    return keep


def prune(folder: Path, *, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Delete the archives retention does not keep (and stale .partial files); returns them."""
    found = archives(folder)
    keep = retained([t for t, _ in found], keep_daily=keep_daily, keep_weekly=keep_weekly)
    removed = [p for t, p in found if t not in keep]
    day_ago = timezone.now().timestamp() - 86400
    removed += [p for p in folder.glob("*.partial") if p.stat().st_mtime < day_ago]
    for path in removed:
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".sha256").unlink(missing_ok=True)
    return removed


def backup_due(now: datetime, folder: Path) -> bool:
    local = timezone.localtime(now)
    start = timezone.make_aware(datetime.combine(local.date(), time(int(_setting("HOUR", 2)))))
    return local >= start and not any(t >= start for t, _ in archives(folder))


def backup_scheduled(*, now: datetime | None = None) -> tuple[Path | None, list[Path]]:
    """Today's backup if it is due (under the folder's lock), then retention."""
    folder = backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".backup.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when this process ends, even by kill -9
        made = (
            backup_create(out_dir=folder, now=now).path
            if backup_due(now or timezone.now(), folder)
            else None
        )
        removed = prune(folder, keep_daily=int(_setting("KEEP_DAILY", 7)),
                        keep_weekly=int(_setting("KEEP_WEEKLY", 4)))  # fmt: skip
    return made, removed


def backup_sweep(*, now: datetime | None = None) -> bool:
    """Periodic sweep: start `propdesk backup --scheduled` when today's backup is due."""
    global _child
    if not _setting("SCHEDULE", True):
        return False
    if _child is not None and _child.poll() is None:
        return False  # the last one is still running
    if not backup_due(now or timezone.now(), backup_dir()):
        return False
    _child = subprocess.Popen([sys.executable, "-m", "propdesk", "backup", "--scheduled"])  # noqa: S603
    return True


SWEEP_EVERY = timedelta(minutes=15)
