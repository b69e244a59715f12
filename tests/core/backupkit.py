"""Helpers of the backup tests: records with attachments, targets to restore into, tampering."""

import io
import json
import sqlite3
import tarfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from propdesk.core.attachments import attachment_add
from propdesk.core.backup_db import Database

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_attachments(target, actor, n: int = 3) -> list:
    return [
        attachment_add(target=target, actor=actor,
                       upload=SimpleUploadedFile(f"照片{i}.pdf", PDF + bytes([i]) * 64))
        for i in range(n)
    ]  # fmt: skip


def empty_target(tmp: Path, suffix: str = "restored"):
    """An empty database of the test's engine (a new SQLite file path, or a new PostgreSQL
    database beside the test database) and a media folder that does not exist yet."""
    if connection.vendor == "sqlite":
        db = Database(engine="sqlite", name=str(tmp / suffix / "propdesk.sqlite3"))
        Path(db.name).parent.mkdir(parents=True)
        return db, tmp / suffix / "media", lambda: None
    import psycopg

    source = Database.from_settings()
    name = f"{source.name}_{suffix}"
    admin = Database(**{**source.__dict__, "name": "postgres"})
    with psycopg.connect(admin.conninfo(), autocommit=True, password=source.password or None) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin.conninfo(), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return Database(**{**source.__dict__, "name": name}), tmp / suffix / "media", drop


def rewrite(archive: Path, change) -> None:
    """Rewrite an archive member by member: `change(name, data) -> data` (the sidecar is left)."""
    members = []
    with tarfile.open(archive, "r:gz") as tar:
        for m in tar.getmembers():
            members.append((m, tar.extractfile(m).read()))
    with tarfile.open(archive, "w:gz") as tar:
        for m, data in members:
            data = change(m.name, data)
            m.size = len(data)
            tar.addfile(m, io.BytesIO(data))


def edit_sqlite_member(archive: Path, tmp: Path, sql: str) -> None:
    """Change a row inside the archived SQLite database and fix the manifest's file hash, as a
    careful forger would: only the table hashes still tell."""
    import hashlib

    copy = tmp / "forged.sqlite3"
    state = {}

    def change(name, data):
        if name.startswith("database/"):
            copy.write_bytes(data)
            with sqlite3.connect(copy) as conn:
                conn.execute(sql)
            data = copy.read_bytes()
            state["db"] = (len(data), hashlib.sha256(data).hexdigest())
        elif name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"]["size"], manifest["database"]["sha256"] = state["db"]
            data = json.dumps(manifest).encode()
        return data

    rewrite(archive, change)
    archive.with_name(archive.name + ".sha256").unlink()
