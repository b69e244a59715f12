"""`propdesk restore`: an archive into an empty database and an empty media folder (D5).

Refused before anything is written when the archive does not match its manifest, was made on the
other engine or by a newer version (migrations this code does not have), or when the target is
not empty. The files are extracted into a staging folder beside the target and hashed again as
they are written; the database is checked after loading (every table's rows and SHA-256 equal to
the manifest's, and on PostgreSQL no id sequence behind its table). Only then is the SQLite file
renamed into place and the media folder moved in; a PostgreSQL database whose check failed is put
back to empty.
"""

import hashlib
import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from . import backup_db as engines
from .backup import CHUNK, backup_verify, table_problems
from .backup_db import BackupError, Database


def _unknown_migrations(manifest: dict) -> list[str]:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    return sorted(set(manifest["migrations"]) - known)


def _media_is_empty(media_root: Path) -> bool:
    return not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def _database_is_empty(db: Database) -> bool:
    return engines.sqlite_is_empty(db) if db.engine == "sqlite" else engines.pg_is_empty(db)


def _check_target(manifest: dict, db: Database, media_root: Path) -> None:
    if manifest["engine"] != db.engine:
        raise BackupError(
            f"refused: the archive holds a {manifest['engine']} database, the target is {db.engine}"
        )
    unknown = _unknown_migrations(manifest)
    if unknown:
        raise BackupError(
            "refused: the archive was made by a newer version (migrations not in this code: "
            f"{', '.join(unknown[:5])}); restore with that version or a newer one"
        )
    if not _database_is_empty(db):
        raise BackupError(f"refused: the target database {db.name} is not empty")
    if not _media_is_empty(media_root):
        raise BackupError(f"refused: the media folder {media_root} is not empty")


def _write(f, dest: Path, expected_sha256: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    with dest.open("wb") as out:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            out.write(chunk)
    if h.hexdigest() != expected_sha256:
        raise BackupError(f"refused: {dest.name} changed while it was extracted")


def _extract(archive: Path, manifest: dict, db_file: Path, media_dir: Path) -> None:
    files = manifest["files"]
    with tarfile.open(archive, "r|gz") as tar:
        for member in tar:
            name = member.name
            if name == manifest["database"]["file"] and member.isfile():
                _write(tar.extractfile(member), db_file, manifest["database"]["sha256"])
            elif name.startswith("media/") and member.isfile():
                rel = PurePosixPath(name).relative_to("media")
                if ".." in rel.parts or str(rel) not in files:
                    raise BackupError(f"refused: unexpected member {name!r}")
                _write(tar.extractfile(member), media_dir.joinpath(*rel.parts),
                       files[str(rel)]["sha256"])  # fmt: skip


def _load_sqlite(db: Database, staged: Path, manifest: dict) -> None:
    described = engines.sqlite_describe(staged)
    problems = table_problems(manifest["tables"], described["tables"])
    if described["integrity_check"] != "ok":
        problems.append(f"integrity_check: {described['integrity_check']}")
    if problems:
        raise BackupError("refused: the restored database differs: " + "; ".join(problems[:5]))
    target = Path(db.name)
    for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):  # of the empty file replaced
        stale.unlink(missing_ok=True)
    os.replace(staged, target)


def _load_postgresql(db: Database, staged: Path, manifest: dict) -> None:
    engines.pg_restore(db, staged)
    described = engines.pg_describe(db)
    problems = table_problems(manifest["tables"], described["tables"])
    problems += [f"sequence behind its table {t}" for t in described["sequences_behind"]]
    if problems:
        engines.pg_wipe(db)
        raise BackupError("refused: the restored database differs: " + "; ".join(problems[:5]))


def _move_media(staged: Path, media_root: Path) -> None:
    if media_root.exists():
        shutil.rmtree(media_root)  # empty (checked): at most empty folders
    media_root.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, media_root)


def backup_restore(archive, *, db: Database | None = None, media_root=None) -> dict:
    """Restore `archive` into the (empty) database and media folder; returns what was restored."""
    archive, db = Path(archive), db or Database.from_settings()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    verification = backup_verify(archive, deep=False)
    if not verification.ok:
        raise BackupError("refused: " + "; ".join(verification.problems[:5]))
    manifest = verification.manifest
    _check_target(manifest, db, media_root)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    db_home = Path(db.name).parent if db.engine == "sqlite" else None
    with (
        tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restoring-") as media_work,
        tempfile.TemporaryDirectory(dir=db_home, prefix=".restoring-") as db_work,
    ):
        staged_db, staged_media = Path(db_work) / "database", Path(media_work) / "media"
        staged_media.mkdir()
        _extract(archive, manifest, staged_db, staged_media)
        if db.engine == "sqlite":
            _load_sqlite(db, staged_db, manifest)
        else:
            _load_postgresql(db, staged_db, manifest)
        _move_media(staged_media, media_root)
    return {"tables": len(manifest["tables"]), "files": len(manifest["files"]),
            "rows": sum(t["rows"] for t in manifest["tables"].values()),
            "created_at": manifest["created_at"]}  # fmt: skip
