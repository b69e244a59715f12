"""`propdesk restore FILE`: an archive of `propdesk backup` into an empty database and media folder.

The target is the configured one (`DATABASE_URL`, `PROPDESK_VAR_DIR/media`): create an empty
database first on PostgreSQL (`createdb`); on SQLite the file must not exist yet or be empty.
Then run `propdesk migrate` when this version is newer than the backup's.
"""

from django.core.management.base import BaseCommand, CommandError

from propdesk.core.backup_db import BackupError
from propdesk.core.backup_restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and media folder, checking its manifest."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--media", help="media folder to restore into (default MEDIA_ROOT)")

    def handle(self, *args, archive, media=None, **opts):
        try:
            done = backup_restore(archive, media_root=media)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"restored the backup of {done['created_at']}: {done['tables']} tables "
            f"({done['rows']} rows, all hashes equal to the manifest), {done['files']} files"))  # fmt: skip
        self.stdout.write(
            "next: propdesk migrate (when this version is newer), propdesk audit verify"
        )
