"""D2: PostgreSQL stopped mid-load (`pg_ctl stop -m immediate`) under a private cluster the test
starts on its own port: a clear 503 (JSON or page) during the outage, no traceback, back within
5 s of the database, nothing acknowledged lost. Also the 503 itself, without any cluster."""

import logging
import time

import pytest
from django.conf import settings
from django.db import OperationalError

from bench.crashkit import (
    KeyedCreates,
    PrivateCluster,
    Probe,
    Server,
    call,
    check_exactly_once,
    pg_copy,
)
from propdesk.core.unavailable import DatabaseUnavailableFilter
from tests.core.crashenv import crash_env
from tests.tickets.test_api import REPAIR, Api


def test_d2_an_unreachable_database_answers_503_json_on_the_api(client, agent_a, monkeypatch):
    api = Api(client, agent_a)
    client.raise_request_exception = False
    monkeypatch.setattr("propdesk.core.api.TokenAuth.authenticate", _down)
    resp = api.get("tickets/")
    assert resp.status_code == 503 and resp["Retry-After"] == "5"
    assert resp.json()["code"] == "database_unavailable" and resp.json()["fields"] == {}


def test_d2_an_unreachable_database_answers_a_503_page(client, agent_a, monkeypatch):
    client.force_login(agent_a)
    client.raise_request_exception = False
    monkeypatch.setattr("propdesk.core.dashboard.home_context", _down)
    resp = client.get("/")
    assert resp.status_code == 503 and "系统暂时无法访问数据库" in resp.content.decode()


def test_d2_the_log_gets_one_line_not_a_traceback():
    try:
        raise OperationalError("connection refused")
    except OperationalError as exc:
        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "Internal Server Error: %s",
                                   ("/api/v1/tickets/",), (type(exc), exc, exc.__traceback__))  # fmt: skip
    assert DatabaseUnavailableFilter().filter(record) and record.exc_info is None
    assert record.getMessage().endswith("(database unavailable: OperationalError)")


def _down(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.mark.crash
@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="a PostgreSQL test"
)
@pytest.mark.django_db(transaction=True)
def test_d2_postgresql_stopped_mid_load_503_then_back_within_5_s(tmp_path, agent_a, unit_a,
                                                                  resident_a, eng_dept_a):  # fmt: skip
    env = crash_env(tmp_path, agent_a, {**REPAIR, "unit": unit_a.pk, "resident": resident_a.pk})
    cluster = PrivateCluster().init()
    cluster.start()
    server = None
    try:
        url = cluster.createdb("propdesk")
        pg_copy(env.url, url, tmp_path)
        server = Server({**env.env, "DATABASE_URL": url}, tmp_path / "gunicorn.log").start()
        load = KeyedCreates(port_of=lambda: server.port, token=env.token, body=env.body, threads=3)
        timeline = _outage(cluster, server, load.start())
        retried = load.retry_unacknowledged(deadline=30)
        acknowledged = {**load.acknowledged(), **{o.key: o.body for o in retried}}
        keys = {o.key for o in load.outcomes}
        assert check_exactly_once(Probe(url), keys, acknowledged) == []
    finally:
        if server:
            server.stop()
        cluster.destroy()
    _assert_outage(load.outcomes, timeline)
    assert "Traceback" not in server.log_text()


def _outage(cluster, server, load) -> dict:
    """Load until 6 creates are answered, stop PostgreSQL hard for ~3 s, start it, load 7 s more."""
    deadline = time.monotonic() + 60
    while len(load.acknowledged()) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    cluster.stop("immediate")
    down = time.monotonic()
    time.sleep(1.5)
    page = call(server.port, "GET", "/tickets/", headers={"Cookie": "sessionid=x" * 4})
    time.sleep(1.5)
    cluster.start()
    up = time.monotonic()
    time.sleep(7)
    load.stop()
    return {"down": down, "up": up, "page": page}


def _assert_outage(outcomes, t) -> None:
    status, _headers, body = t["page"]
    assert status == 503 and "系统暂时无法访问数据库" in body
    assert {o.status for o in outcomes} <= {201, 503}  # never a 500, never a dropped connection
    during = [o for o in outcomes if t["down"] + 0.3 < o.sent and o.done < t["up"]]
    assert during and all(o.body["code"] == "database_unavailable" for o in during)
    assert any(o.status == 201 and o.done <= t["up"] + 5 for o in outcomes)  # back within 5 s
    assert all(o.status == 201 for o in outcomes if o.sent > t["up"] + 5)
    assert max(o.done - o.sent for o in outcomes) < 30
