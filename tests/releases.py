"""D6: each release's demo data, dumped with that release's own code, must survive every later
migration with its checksums unchanged, on SQLite and on PostgreSQL.

At a release (on a database made by `propdesk migrate` and `propdesk demo`):

    DATABASE_URL=sqlite:///var/demo.sqlite3 python -m tests.releases dump 0.1.0

writes `tests/fixtures/releases/0.1.0.json.xz`: the migrations applied (the release's schema),
every row of every table (runtime tables aside) by column, and one checksum per table.
`python -m tests.releases check 0.1.0` (on an empty database) migrates to the release's
migrations only, loads the rows, checks them against the recorded checksums, migrates to the
newest migrations and checks again, over the columns the release had. A later migration that
changes stored values on purpose must say so in `CHANGED` (table → reason); a renamed table or
column shows up as a missing one.
"""

import base64
import datetime
import decimal
import hashlib
import json
import lzma
import os
import sys
import uuid
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "releases"
# Runtime state, not business data: sessions expire, queues and lockouts drain.
SKIP_APPS = {"sessions", "admin", "axes", "django_tasks_db"}
CHANGED: dict[str, str] = {}


def _encode(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    raise TypeError(type(value))


def _models(state_apps):
    return sorted(
        (
            m
            for m in state_apps.get_models(include_auto_created=True)
            if m._meta.app_label not in SKIP_APPS and m._meta.managed
        ),
        key=lambda m: m._meta.db_table,
    )


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _rows(model, columns) -> list[list]:
    """Every row as JSON-ready values, ordered by primary key (engine independent)."""
    rows = model._base_manager.order_by("pk").values_list(*columns)
    return json.loads(json.dumps([list(r) for r in rows], default=_encode))


def checksums(state_apps, only: dict[str, list[str]] | None = None) -> dict[str, dict]:
    """Per table: row count and SHA-256 of its rows (all columns, or those in `only`)."""
    out = {}
    for model in _models(state_apps):
        table = model._meta.db_table
        if only is not None and table not in only:
            continue
        present = _columns(model)
        columns = present if only is None else [c for c in only[table] if c in present]
        rows = _rows(model, columns)
        body = json.dumps([columns, rows], sort_keys=True, ensure_ascii=False)
        out[table] = {"rows": len(rows), "sha256": _sha(body)}
    return out


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _state(targets=None):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    return executor, [tuple(t) for t in targets]


def dump(version: str, commit: str = "") -> Path:
    """Write the fixture of `version` from the current database (made by migrate + demo)."""
    executor, leaves = _state()
    state_apps = executor.loader.project_state(leaves).apps
    tables = {}
    for model in _models(state_apps):
        columns = _columns(model)
        tables[model._meta.db_table] = {
            "model": model._meta.label_lower,
            "columns": columns,
            "rows": _rows(model, columns),
        }
    doc = {"version": version, "commit": commit, "migrations": sorted(leaves), "tables": tables,
           "checksums": checksums(state_apps)}  # fmt: skip
    FIXTURES.mkdir(parents=True, exist_ok=True)
    path = FIXTURES / f"{version}.json.xz"
    path.write_bytes(lzma.compress(json.dumps(doc, ensure_ascii=False).encode(), preset=9))
    return path


def read(version: str) -> dict:
    return json.loads(lzma.decompress((FIXTURES / f"{version}.json.xz").read_bytes()))


def _load(state_apps, doc: dict) -> None:
    """Replace every row of the release's tables with the fixture's, in one transaction."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    by_label = {m._meta.label_lower: m for m in _models(state_apps)}
    with transaction.atomic():
        for model in by_label.values():
            model._base_manager.all()._raw_delete(connection.alias)
        for table in doc["tables"].values():
            model = by_label[table["model"]]
            fields = {f.attname: f for f in model._meta.concrete_fields}
            for f in fields.values():  # keep the stored times; these models are the release's copy
                f.auto_now = f.auto_now_add = False
            objs = [
                model(
                    **{
                        c: fields[c].to_python(v)
                        for c, v in zip(table["columns"], row, strict=True)
                    }
                )
                for row in table["rows"]
            ]
            model._base_manager.bulk_create(objs, batch_size=500)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(by_label.values())):
                cursor.execute(sql)


def check(version: str) -> dict:
    """Migrate an empty database to `version`, load its rows, migrate to the newest; compare."""
    doc = read(version)
    executor, release = _state(doc["migrations"])
    executor.migrate(release)
    executor, release = _state(doc["migrations"])
    _load(executor.loader.project_state(release).apps, doc)
    at_release = checksums(executor.loader.project_state(release).apps)
    executor, head = _state()
    executor.migrate(head)
    executor, head = _state()
    columns = {name: t["columns"] for name, t in doc["tables"].items()}
    after = checksums(executor.loader.project_state(head).apps, only=columns)
    expected = doc["checksums"]
    return {
        "tables": len(expected),
        "rows": sum(t["rows"] for t in expected.values()),
        "load_differs": sorted(t for t in expected if at_release.get(t) != expected[t]),
        "migrate_differs": sorted(
            t for t in expected if after.get(t) != expected[t] and t not in CHANGED
        ),
        "migrations_applied": len(set(map(tuple, head)) - set(map(tuple, release))),
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.config.settings")
    import django

    django.setup()
    command, version = argv[0], argv[1]
    if command == "dump":
        print(dump(version, *argv[2:3]))
    else:
        print(json.dumps(check(version)))


if __name__ == "__main__":
    main(sys.argv[1:])
