"""`propdesk backup`: one dated archive of the database and the media files, with its manifest.

propdesk backup                      # into PROPDESK_BACKUP_DIR (default var/backups)
propdesk backup --output /mnt/usb    # elsewhere
propdesk backup --verify FILE        # check an archive against its manifest (exit 1 if not)
propdesk backup --scheduled          # the daily run: if due, back up; then apply retention
"""

from django.core.management.base import BaseCommand, CommandError

from propdesk.core.backup import backup_create, backup_verify
from propdesk.core.backup_db import BackupError
from propdesk.core.backup_schedule import backup_scheduled


class Command(BaseCommand):
    help = "Back up the database and media into one archive with a manifest, or verify one."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--output", help="folder for the archive (default: the backup folder)")
        parser.add_argument("--verify", metavar="FILE", help="check an archive, change nothing")
        parser.add_argument("--scheduled", action="store_true", help="the daily run (retention)")

    def handle(self, *args, output=None, verify=None, scheduled=False, **opts):
        try:
            if verify:
                return self._verify(verify)
            if scheduled:
                made, removed = backup_scheduled()
                self.stdout.write(f"backup: {made or 'not due'}; removed {len(removed)} old")
                return
            backup = backup_create(out_dir=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        m = backup.manifest
        rows = sum(t["rows"] for t in m["tables"].values())
        self.stdout.write(self.style.SUCCESS(f"{backup.path}: {len(m['tables'])} tables, "
                                             f"{rows} rows, {len(m['files'])} files"))  # fmt: skip
        if m["database"].get("integrity_check", "ok") != "ok":
            raise CommandError(f"the database failed its integrity check: {m['database']}")

    def _verify(self, path: str) -> None:
        v = backup_verify(path)
        for problem in v.problems:
            self.stdout.write(problem)
        if not v.ok:
            raise CommandError(f"{path}: REFUSED ({len(v.problems)} problems)")
        m = v.manifest
        self.stdout.write(self.style.SUCCESS(f"{path}: ok ({m['engine']}, {m['created_at']}, "
                                             f"{len(m['tables'])} tables, {len(m['files'])} files)"))  # fmt: skip
