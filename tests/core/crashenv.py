"""A database a gunicorn started by a test can use: the test database itself on PostgreSQL, a file
copy of the (in-memory) test database on SQLite. Needs `django_db(transaction=True)`: the
server's processes see only committed rows."""

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from propdesk.people.models import ApiToken, hash_token


@dataclass
class CrashEnv:
    url: str
    env: dict
    token: str
    body: dict
    tmp: Path


def database_url(tmp: Path) -> str:
    """The test database as the server's DATABASE_URL (copied to a file on SQLite)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp / "server.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        return f"sqlite:///{path}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def crash_env(tmp: Path, user, body: dict) -> CrashEnv:
    raw = f"crash-{user.pk}"
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), name="crash", prefix="crash")
    url = database_url(tmp)
    env = {**os.environ, "DATABASE_URL": url, "PROPDESK_VAR_DIR": str(tmp / "var"),
           "DJANGO_SETTINGS_MODULE": "propdesk.config.settings"}  # fmt: skip
    return CrashEnv(url=url, env=env, token=raw, body=body, tmp=tmp)
