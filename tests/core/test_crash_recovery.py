"""Crash safety of keyed creates (SECURITY C5, D1 short run): gunicorn started by the test, keyed
creates, SIGKILL of master and workers, restart, retry. The full 30-second run at 50 writes/s is
`python -m bench.crash` (bench/README.md, D1)."""

import pytest

from bench.crashkit import KeyedCreates, Probe, Server, kill9_round
from tests.core.crashenv import crash_env
from tests.tickets.test_api import REPAIR


@pytest.fixture
def env(tmp_path, agent_a, unit_a, resident_a, eng_dept_a):
    return crash_env(tmp_path, agent_a, {**REPAIR, "unit": unit_a.pk, "resident": resident_a.pk})


@pytest.mark.crash
@pytest.mark.django_db(transaction=True)
def test_d1_c5_kill_9_under_keyed_creates_loses_nothing_and_applies_each_key_once(env):
    """D1/C5: kill -9 of gunicorn mid-load; after restart and retry of every unanswered key:
    0 acknowledged writes lost, each key applied exactly once, numbering gap-free, no partial
    records (SQLite also `PRAGMA integrity_check` = ok)."""
    server = Server(env.env, env.tmp / "gunicorn.log")
    load = KeyedCreates(port_of=lambda: server.port, token=env.token, body=env.body, threads=4)
    result = kill9_round(server, load, Probe(env.url), seconds=1.5, warm=8)
    assert result["problems"] == [], result
    assert result["acknowledged_before_kill"] >= 10 and result["unanswered_at_kill"] >= 1
    assert "Traceback" not in server.log_text()
