"""R-HO-2 (issue: an update erased what it was not sent): every update-style API operation changes
exactly the fields in its body and leaves the rest as they were.

Audit of the routers (every app): the operations that change fields of a stored record are
`desk/handovers/{id}/update`, `desk/duty-log-entries/{id}/update` and `promises/{id}/reassign`.
Everything else that POSTs either creates a record, or is a workflow action whose inputs are all
required (keep, cancel, close, note, take …); residents and units are read-only in the API.
A new `…/update`, PUT or PATCH operation fails `test_every_update_operation_is_in_the_table`
until it gets its rows below.
"""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from propdesk.config.api import api
from propdesk.frontdesk import services as desk_services
from propdesk.service import services as service_services
from tests.factories import DeskFactory, make_user
from tests.frontdesk.conftest import NIGHT_END, _with_shifts


@pytest.fixture
def frozen():
    with time_machine.travel(NIGHT_END, tick=False) as tm:
        yield tm


@pytest.fixture
def agent2_a(site_a):
    return make_user("agent", site_a)


@pytest.fixture
def desk(site_a):
    return _with_shifts(DeskFactory(site=site_a, name="一楼大堂前台"))


def _handover(agent_a, agent2_a, desk, **_):
    h = desk_services.handover_open(actor=agent_a, desk=desk, summary="门禁报修未完成")
    desk_services.handover_update(actor=agent_a, handover=h, notes="钥匙在抽屉", incoming=agent2_a)
    return f"/api/v1/desk/handovers/{h.pk}", agent_a


def _entry(agent_a, desk, unit_a, **_):
    e = desk_services.duty_entry_add(
        actor=agent_a,
        desk=desk,
        content="3栋电梯困人",
        kind="incident",
        unit=unit_a,
        action="已通知工程部",
        reference="TS-1",
        status="open",
    )
    return f"/api/v1/desk/duty-log-entries/{e.pk}", agent_a


def _promise(agent_a, site_a, **_):
    p = service_services.promise_make(
        actor=agent_a,
        site=site_a,
        subject="查询停水安排后回电",
        due_at=timezone.now() + timedelta(hours=2),
        owner=agent_a,
        to_name="张先生",
    )
    return f"/api/v1/promises/{p.pk}", agent_a


def _read(client, url: str) -> dict:
    if "/duty-log-entries/" in url:  # an entry is read through its log
        from propdesk.frontdesk.models import DutyLogEntry

        e = DutyLogEntry.objects.get(pk=int(url.rsplit("/", 1)[1]))
        log = client.get(f"/api/v1/desk/duty-logs/{e.log_id}").json()
        return next(x for x in log["entries"] if x["id"] == e.pk)
    return client.get(url).json()


HANDOVER_KEPT = ("summary", "notes", "incoming_id", "state")
ENTRY_KEPT = ("content", "kind", "unit_id", "action", "reference", "status")
# (operation, setup, partial body, {field: value expected after}, fields that must keep their value)
CASES = [
    ("/update", _handover, {"notes": "对讲机已充电"}, {"notes": "对讲机已充电"}, HANDOVER_KEPT),
    ("/update", _handover, {"summary": "一切正常"}, {"summary": "一切正常"}, HANDOVER_KEPT),
    ("/update", _handover, {"incoming_id": None}, {"incoming_id": None}, HANDOVER_KEPT),
    ("/update", _handover, {}, {}, HANDOVER_KEPT),
    ("/update", _entry, {"status": "closed"}, {"status": "closed"}, ENTRY_KEPT),
    ("/update", _entry, {"content": "电梯困人已解救"}, {"content": "电梯困人已解救"}, ENTRY_KEPT),
    ("/update", _entry, {"unit_id": None}, {"unit_id": None}, ENTRY_KEPT),
    ("/reassign", _promise, {"owner": "lead"}, {"owner_id": "lead"}, ("subject", "to_name")),
]
UPDATE_OPERATIONS = {
    "/api/v1/desk/handovers/{handover_id}/update",
    "/api/v1/desk/duty-log-entries/{entry_id}/update",
    "/api/v1/promises/{promise_id}/reassign",
}


@pytest.mark.parametrize(
    ("op", "setup", "body", "expected", "kept"),
    CASES,
    ids=[f"{c[1].__name__[1:]}{c[0]}-{'+'.join(c[2]) or 'empty'}" for c in CASES],
)
def test_r_ho_2_update_changes_only_the_fields_sent(
    client, frozen, desk, site_a, unit_a, agent_a, agent2_a, op, setup, body, expected, kept
):
    """R-HO-2: a partial body changes exactly what it names; every other field keeps its value."""
    lead = make_user("supervisor", site_a)
    url, actor = setup(agent_a=agent_a, agent2_a=agent2_a, desk=desk, unit_a=unit_a, site_a=site_a)
    client.force_login(actor)
    before = _read(client, url)
    swap = {"lead": lead.pk}
    body = {k: swap.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    body["version"] = before["version"]  # what a careful client sends; optional on the updates
    resp = client.post(url + op, json.dumps(body), content_type="application/json")
    assert resp.status_code == 200, resp.json()
    after = _read(client, url)
    want = {k: swap.get(v, v) if isinstance(v, str) else v for k, v in expected.items()}
    assert {k: after[k] for k in want} == want
    assert {k: after[k] for k in kept if k not in want} == {
        k: before[k] for k in kept if k not in want
    }


def test_r_ho_2_stale_version_on_update_is_a_conflict(client, frozen, desk, agent_a, agent2_a):
    """R-HO-2: an update based on an old version is refused (409) and changes nothing."""
    url, _actor = _handover(agent_a=agent_a, agent2_a=agent2_a, desk=desk)
    client.force_login(agent_a)
    version = client.get(url).json()["version"]
    body = {"notes": "新", "version": version - 1}
    resp = client.post(url + "/update", json.dumps(body), content_type="application/json")
    assert resp.status_code == 409 and client.get(url).json()["notes"] == "钥匙在抽屉"


def test_r_ho_2_unknown_field_in_an_update_is_refused(client, frozen, desk, agent_a, agent2_a):
    """R-HO-2: a misspelt field is refused (422), never silently ignored."""
    url, _actor = _handover(agent_a=agent_a, agent2_a=agent2_a, desk=desk)
    client.force_login(agent_a)
    resp = client.post(url + "/update", json.dumps({"note": "x"}), content_type="application/json")
    assert resp.status_code == 422


def test_every_update_operation_is_in_the_table():
    """Every operation that updates a record (…/update, PUT, PATCH) has partial-body cases above."""
    paths = api.get_openapi_schema()["paths"]
    found = {
        path
        for path, ops in paths.items()
        if path.endswith(("/update", "/reassign")) or {"put", "patch"} & set(ops)
    }
    assert found == UPDATE_OPERATIONS
