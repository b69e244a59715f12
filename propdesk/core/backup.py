"""Backups (SECURITY D5): one dated archive with the database snapshot, the media files and a
manifest; verified before anything is restored, and again after.

    propdesk-20261202-020000.tar.gz
        database/propdesk.sqlite3 | database/propdesk.pgdump   the snapshot (backup_db)
        media/attachments/2026/11/<uuid>.jpg …                 every uploaded file
        manifest.json    engine, time, version, applied migrations; the database file's SHA-256;
                         rows and SHA-256 of every table at the snapshot; size and SHA-256 of
                         every media file
    propdesk-20261202-020000.tar.gz.sha256                     `sha256sum -c` line of the archive

The database is snapshotted first and the media copied after: uploads are written before the row
that names them commits, and never changed, so every file the snapshot refers to is in the archive.
Archives are written as `.partial` and renamed when complete.
"""

import hashlib
import json
import re
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import timezone

from . import backup_db as engines
from .backup_db import Database

FORMAT = "propdesk-backup/1"
NAME_RE = re.compile(r"^propdesk-(\d{8}-\d{6})(?:-\d+)?\.tar\.gz$")
DB_MEMBER = {"sqlite": "database/propdesk.sqlite3", "postgresql": "database/propdesk.pgdump"}
CHUNK = 1 << 20


def backup_dir() -> Path:
    return Path(settings.PROPDESK.get("BACKUP_DIR") or Path(settings.VAR_DIR) / "backups")


def archive_time(path: Path) -> datetime | None:
    """The local time in an archive's name (None: not one of ours)."""
    match = NAME_RE.match(path.name)
    if not match:
        return None
    return timezone.make_aware(datetime.strptime(match.group(1), "%Y%m%d-%H%M%S"))


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


class _Hashing:
    """A file object that hashes what is read from it (tarfile reads each member once)."""

    def __init__(self, f):
        self.f, self.h = f, hashlib.sha256()

    def read(self, size=-1):
        data = self.f.read(size)
        self.h.update(data)
        return data


@dataclass
class Backup:
    path: Path
    manifest: dict


def _app_version() -> str:
    try:
        return version("propdesk")
    except PackageNotFoundError:
        return "unknown"


def _snapshot(db: Database, dest: Path) -> dict:
    if db.engine == "sqlite":
        return engines.sqlite_snapshot(db, dest)
    return engines.pg_snapshot(db, dest)


def _add_media(tar: tarfile.TarFile, media_root: Path) -> dict[str, dict]:
    files = {}
    paths = sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())
    for path in paths if media_root.is_dir() else []:
        rel = path.relative_to(media_root).as_posix()
        with path.open("rb") as f:
            info = tar.gettarinfo(arcname=f"media/{rel}", fileobj=f)
            reader = _Hashing(f)
            tar.addfile(info, reader)
        files[rel] = {"size": info.size, "sha256": reader.h.hexdigest()}
    return files


def _free_name(out_dir: Path, now: datetime) -> Path:
    stem = f"propdesk-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    path, n = out_dir / f"{stem}.tar.gz", 1
    while path.exists():
        n += 1
        path = out_dir / f"{stem}-{n}.tar.gz"
    return path


def backup_create(*, db: Database | None = None, media_root=None, out_dir=None, now=None) -> Backup:
    """Snapshot the database, then add every media file; write the archive and its .sha256."""
    db, now = db or Database.from_settings(), now or timezone.now()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    out_dir = Path(out_dir or backup_dir())
    out_dir.mkdir(parents=True, exist_ok=True)
    final = _free_name(out_dir, now)
    partial = final.with_name(final.name + ".partial")
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".snapshot-") as work:
        dump = Path(work) / PurePosixPath(DB_MEMBER[db.engine]).name
        described = _snapshot(db, dump)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": db.engine,
            "version": _app_version(),
            "migrations": described["migrations"],
            "database": {
                "file": DB_MEMBER[db.engine],
                "size": dump.stat().st_size,
                "sha256": file_sha256(dump),
            },  # fmt: skip
            "tables": described["tables"],
        }
        if "integrity_check" in described:
            manifest["database"]["integrity_check"] = described["integrity_check"]
        with tarfile.open(partial, "w:gz", compresslevel=3) as tar:
            tar.add(dump, arcname=DB_MEMBER[db.engine])
            manifest["files"] = _add_media(tar, media_root)
            raw = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(raw), int(now.timestamp())
            tar.addfile(info, BytesIO(raw))
    partial.replace(final)
    final.with_name(final.name + ".sha256").write_text(f"{file_sha256(final)}  {final.name}\n")
    return Backup(path=final, manifest=manifest)


# --- verification ---------------------------------------------------------------------------


@dataclass
class Verification:
    manifest: dict | None = None
    problems: list[str] = field(default_factory=list)
    members: dict[str, tuple[int, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _safe_name(member: tarfile.TarInfo) -> bool:
    """Only regular files under database/ or media/ (or the manifest); no '..', no absolute path."""
    path = PurePosixPath(member.name)
    if not member.isfile() or path.is_absolute() or ".." in path.parts:
        return False
    return member.name == "manifest.json" or path.parts[0] in ("database", "media")


def _read_members(path: Path, sink) -> Verification:
    """Stream the archive once: hash every member; `sink(name, chunks)` may keep the content."""
    v = Verification()
    try:
        with tarfile.open(path, "r|gz") as tar:
            for member in tar:
                if not _safe_name(member):
                    v.problems.append(f"unexpected member {member.name!r}")
                    continue
                f = tar.extractfile(member)
                if member.name == "manifest.json":
                    v.manifest = json.loads(f.read())
                    continue
                h = hashlib.sha256()
                sink(member.name, _chunks(f, h))
                v.members[member.name] = (member.size, h.hexdigest())
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        v.problems.append(f"archive unreadable: {exc}")
    return v


def _chunks(f, h):
    while chunk := f.read(CHUNK):
        h.update(chunk)
        yield chunk


def _drain(_name, chunks) -> None:
    for _chunk in chunks:
        pass


def _compare_members(v: Verification) -> None:
    m = v.manifest
    if m is None or m.get("format") != FORMAT:
        v.problems.append("no manifest of this format in the archive")
        return
    expected = {m["database"]["file"]: (m["database"]["size"], m["database"]["sha256"])}
    expected |= {f"media/{k}": (f["size"], f["sha256"]) for k, f in m["files"].items()}
    for name in sorted(expected.keys() | v.members.keys()):
        if name not in v.members:
            v.problems.append(f"missing from the archive: {name}")
        elif name not in expected:
            v.problems.append(f"not in the manifest: {name}")
        elif v.members[name] != expected[name]:
            v.problems.append(f"content differs from the manifest: {name}")


def table_problems(expected: dict, actual: dict) -> list[str]:
    return [
        f"table {name}: {actual.get(name)} instead of {expected.get(name)}"
        for name in sorted(expected.keys() | actual.keys())
        if expected.get(name) != actual.get(name)
    ]


def _check_sidecar(path: Path, v: Verification) -> None:
    sidecar = path.with_name(path.name + ".sha256")
    if sidecar.exists() and sidecar.read_text().split()[:1] != [file_sha256(path)]:
        v.problems.append(f"the archive's SHA-256 differs from {sidecar.name}")


def backup_verify(path, *, deep: bool = True) -> Verification:
    """Check an archive against its manifest (every member's SHA-256; `deep`: also the database
    snapshot itself — SQLite: integrity and table hashes recomputed; PostgreSQL: the dump reads)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="propdesk-verify-") as work:
        db_copy = Path(work) / "database"

        def keep_database(name, chunks):
            if deep and name.startswith("database/"):
                with db_copy.open("wb") as out:
                    for chunk in chunks:
                        out.write(chunk)
            else:
                _drain(name, chunks)

        v = _read_members(path, keep_database)
        _check_sidecar(path, v)
        if v.manifest is not None or not v.problems:
            _compare_members(v)
        if deep and v.ok:
            _verify_database(v.manifest, db_copy, v)
    return v


def _verify_database(manifest: dict, db_copy: Path, v: Verification) -> None:
    if manifest["engine"] == "sqlite":
        described = engines.sqlite_describe(db_copy)
        if described["integrity_check"] != "ok":
            v.problems.append(f"integrity_check: {described['integrity_check']}")
        v.problems += table_problems(manifest["tables"], described["tables"])
    else:
        engines.pg_list(db_copy, v.problems)
