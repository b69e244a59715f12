"""The database side of backups: a consistent snapshot and per-table content hashes, per engine.

SQLite: the online backup API copies the live file in one step (a consistent snapshot while
writers go on, in WAL mode); the hashes are read from the copy. PostgreSQL: a REPEATABLE READ
transaction exports its snapshot, `pg_dump -Fc --snapshot` dumps exactly that snapshot and the
hashes are read in the same transaction, so the manifest describes the dump row for row.

A table's hash is SHA-256 over its rows in primary-key order, each row as canonical JSON of its
columns sorted by name (datetimes in UTC). It depends only on the data, so a restore of the same
engine reproduces it exactly.
"""

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from django.conf import settings


class BackupError(Exception):
    """A backup could not be made, or an archive is refused (the message says why)."""


@dataclass(frozen=True)
class Database:
    """Where a backup reads from or a restore writes to (by default: the configured database)."""

    engine: str  # "sqlite" or "postgresql"
    name: str  # SQLite: the file; PostgreSQL: the database name
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, alias: str = "default") -> "Database":
        s = settings.DATABASES[alias]
        engine = "sqlite" if s["ENGINE"].endswith("sqlite3") else "postgresql"
        return cls(engine=engine, name=str(s["NAME"]), host=s.get("HOST") or "",
                   port=str(s.get("PORT") or ""), user=s.get("USER") or "",
                   password=s.get("PASSWORD") or "")  # fmt: skip

    def conninfo(self) -> str:
        parts = {"dbname": self.name, "host": self.host, "port": self.port, "user": self.user}
        return " ".join(f"{k}={v}" for k, v in parts.items() if v)

    def tool_env(self) -> dict:
        return {**os.environ, **({"PGPASSWORD": self.password} if self.password else {})}

    def sqlite_connect(self) -> sqlite3.Connection:
        uri = self.name.startswith("file:")  # the test suite's shared in-memory database
        return sqlite3.connect(self.name, uri=uri, timeout=20)


def _value(v):
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.UTC).isoformat() if v.tzinfo else v.isoformat()
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, bytes | memoryview):
        return bytes(v).hex()
    if isinstance(v, Decimal | UUID | dt.timedelta):
        return str(v)
    return str(v)


def _row_json(row) -> bytes:
    return json.dumps(list(row), default=_value, sort_keys=True, ensure_ascii=False).encode()


def _digest(rows) -> dict:
    h, n = hashlib.sha256(), 0
    for row in rows:
        h.update(_row_json(row) + b"\n")
        n += 1
    return {"rows": n, "sha256": h.hexdigest()}


def _migrations(execute) -> list[str]:
    """The applied migrations, `app.name`, read in the snapshot."""
    return [
        f"{a}.{n}" for a, n in execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    ]


# --- SQLite ---------------------------------------------------------------------------------


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_tables(conn: sqlite3.Connection) -> dict[str, dict]:
    """Row count and hash of every ordinary table (FTS shadow tables included, virtual ones not)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]  # fmt: skip
    result = {}
    for name in names:
        info = conn.execute(f"PRAGMA table_info({_q(name)})").fetchall()
        columns = sorted(c[1] for c in info)
        keys = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]] or columns
        sql = f"SELECT {', '.join(map(_q, columns))} FROM {_q(name)} ORDER BY {', '.join(map(_q, keys))}"  # noqa: S608 - names from the schema
        result[name] = _digest(conn.execute(sql))
    return result


def sqlite_snapshot(db: Database, dest: Path) -> dict:
    """Copy the live database to `dest` (one backup step: one consistent snapshot)."""
    source = db.sqlite_connect()
    try:
        with sqlite3.connect(dest) as copy:
            source.backup(copy)
    finally:
        source.close()
    return sqlite_describe(dest, make_standalone=True)


def sqlite_describe(path: Path, *, make_standalone: bool = False) -> dict:
    """Integrity check and table hashes of a database file (a snapshot or a restored copy)."""
    conn = sqlite3.connect(path)
    try:
        if make_standalone:  # one self-contained file, without a -wal beside it
            conn.execute("PRAGMA journal_mode=DELETE").fetchall()
        check = conn.execute("PRAGMA integrity_check").fetchall()
        return {"integrity_check": check[0][0] if len(check) == 1 else str(check),
                "tables": sqlite_tables(conn), "migrations": _migrations(conn.execute)}  # fmt: skip
    finally:
        conn.close()


def sqlite_is_empty(db: Database) -> bool:
    """No file yet, or a file without tables (a URI names a live in-memory database: never)."""
    if db.name.startswith("file:"):
        return False
    path = Path(db.name)
    if not path.exists() or path.stat().st_size == 0:
        return True
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            == 0
        )
    finally:
        conn.close()


# --- PostgreSQL -----------------------------------------------------------------------------

_PK = """SELECT a.attname FROM pg_index i
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
WHERE i.indrelid = %s::regclass AND i.indisprimary
ORDER BY array_position(i.indkey::int2[], a.attnum)"""


def pg_connect(db: Database):
    import psycopg

    conn = psycopg.connect(db.conninfo(), password=db.password or None)
    conn.execute("SET TIME ZONE 'UTC'")
    conn.commit()
    return conn


def pg_table_names(conn) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [r[0] for r in rows]


def pg_tables(conn) -> dict[str, dict]:
    """Row count and hash of every table of the schema, read in the connection's transaction."""
    result = {}
    for name in pg_table_names(conn):
        columns = sorted(r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND table_name = %s", [name]))  # fmt: skip
        keys = [r[0] for r in conn.execute(_PK, [_q(name)])] or columns
        sql = f"SELECT {', '.join(map(_q, columns))} FROM {_q(name)} ORDER BY {', '.join(map(_q, keys))}"  # noqa: S608 - names from the schema
        with conn.cursor(name=f"hash_{len(result)}") as cursor:
            cursor.itersize = 2000
            cursor.execute(sql)
            result[name] = _digest(cursor)
    return result


def pg_snapshot(db: Database, dest: Path) -> dict:
    """`pg_dump -Fc` of one exported snapshot, and the table hashes of that same snapshot."""
    conn = pg_connect(db)
    try:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        _run(["pg_dump", "-Fc", f"--snapshot={snapshot}", "-f", str(dest), "-d", db.conninfo()], db)
        described = {"tables": pg_tables(conn), "migrations": _migrations(conn.execute)}
        conn.rollback()
    finally:
        conn.close()
    return described


def pg_is_empty(db: Database) -> bool:
    conn = pg_connect(db)
    try:
        return not pg_table_names(conn)
    finally:
        conn.close()


def pg_restore(db: Database, dump: Path) -> None:
    """Restore a dump into the (empty) database, in one transaction, owned by the restoring role."""
    _run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction",
          "-d", db.conninfo(), str(dump)], db)  # fmt: skip


def pg_describe(db: Database) -> dict:
    conn = pg_connect(db)
    try:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return {"tables": pg_tables(conn), "migrations": _migrations(conn.execute),
                "sequences_behind": pg_sequences_behind(conn)}  # fmt: skip
    finally:
        conn.close()


def pg_sequences_behind(conn) -> list[str]:
    """Tables whose id sequence would hand out an id already taken (must be none)."""
    behind = []
    for name in pg_table_names(conn):
        keys = [r[0] for r in conn.execute(_PK, [_q(name)])]
        if len(keys) != 1:
            continue
        seq = conn.execute("SELECT pg_get_serial_sequence(%s, %s)", [_q(name), keys[0]]).fetchone()[
            0
        ]
        if seq is None:
            continue
        last, called = conn.execute(f"SELECT last_value, is_called FROM {seq}").fetchone()  # noqa: S608 - from the catalogue
        top = conn.execute(f"SELECT max({_q(keys[0])}) FROM {_q(name)}").fetchone()[0]  # noqa: S608
        if top is not None and (last if called else last - 1) < top:
            behind.append(name)
    return behind


def pg_list(dump: Path, problems: list[str]) -> None:
    """A dump that pg_restore cannot read is a problem (the table hashes are checked on restore)."""
    done = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True)  # noqa: S603,S607
    if done.returncode != 0:
        problems.append(f"pg_restore cannot read the dump: {done.stderr.strip()[-300:]}")


def pg_wipe(db: Database) -> None:
    """Put a database whose restore failed back to empty (it was empty before the restore)."""
    conn = pg_connect(db)
    try:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
        conn.commit()
    finally:
        conn.close()


def _run(command: list[str], db: Database) -> None:
    done = subprocess.run(command, env=db.tool_env(), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")
