"""D6: a database made by an earlier release's demo migrates to the newest schema with every row
and value intact (tests/releases.py; one fixture per release under tests/fixtures/releases/)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.releases import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
RELEASES = sorted(p.name.removesuffix(".json.xz") for p in FIXTURES.glob("*.json.xz"))


@pytest.fixture
def empty_database(tmp_path, django_db_blocker):
    """An empty database of the engine under test, apart from the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'release.sqlite3'}"
        return
    s = connection.settings_dict
    name = f"{s['NAME']}_d6"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    yield f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.parametrize("release", RELEASES)
def test_d6_release_demo_database_migrates_with_checksums_preserved(
    release, empty_database, tmp_path
):
    """D6: migrate to the release's schema, load its demo rows, migrate to the newest: 0 errors,
    the same rows and values in every table and column the release had."""
    env = {**os.environ, "DATABASE_URL": empty_database, "PROPDESK_VAR_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.releases", "check", release],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["tables"] >= 50 and result["rows"] > 5000
    assert result["load_differs"] == [] and result["migrate_differs"] == []


def test_d6_there_is_a_fixture_of_the_current_release():
    """D6: each release commits its demo dump; the newest is the project's version or the one before."""
    assert "0.1.0" in RELEASES
