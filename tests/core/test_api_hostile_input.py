"""Hostile input over every list, detail, create and action of the API (SECURITY I8, issue item 5).

NUL and other control characters in query strings and bodies, numbers past the databases' range,
offsets past any page and times without their offset: each answers 400/422 with the usual JSON
error, never a 500, on SQLite and on PostgreSQL (run the suite with DATABASE_URL for the second).
The operations are read from the API's own OpenAPI document, so a new endpoint is covered at once.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from propdesk.config.api import api as ninja_api
from propdesk.core.api import INT_MAX
from propdesk.frontdesk.models import DutyLogEntry, MailItem, VisitorLookup
from propdesk.service.models import Incident, IncidentNote, Promise
from propdesk.service.services import incident_report
from tests.factories import DeskFactory
from tests.tickets.test_api import Api

BIG = "99999999999999999999"
SCHEMA = ninja_api.get_openapi_schema(path_prefix="/api/v1/")
OPERATIONS = [
    (method.upper(), path, op)
    for path, ops in SCHEMA["paths"].items()
    for method, op in ops.items()
]
LISTS = [(p, op) for m, p, op in OPERATIONS if m == "GET" and "{" not in p]


def _content(op: dict) -> str:
    return next(iter(op.get("requestBody", {}).get("content", {})), "")


WITH_BODY = [
    (p, op) for m, p, op in OPERATIONS if m == "POST" and _content(op) == "application/json"
]
# Uploads (a worker's photo, a signed authorisation) send their fields as multipart form data.
WITH_FORM = [
    (p, op) for m, p, op in OPERATIONS if m == "POST" and _content(op) == "multipart/form-data"
]


@pytest.fixture
def api(client, agent_a):
    return Api(client, agent_a)


def _types(schema: dict) -> set[str]:
    return {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])} - {None}


def _url(path: str) -> str:
    return re.sub(r"\{\w+\}", "1", path).removeprefix("/api/v1/")


def _refused(resp, *statuses) -> dict:
    assert resp.status_code in statuses, (resp.status_code, resp.content[:300])
    body = resp.json()
    assert set(body) == {"code", "message", "fields"} and body["message"]
    return body


def _props(schema: dict) -> dict:
    if "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema.get("properties", {})


def _body(path: str, op: dict, value_for) -> dict:
    """A body with every property of the operation's input schema set by `value_for(schema)`."""
    props = _props(op["requestBody"]["content"][_content(op)]["schema"])
    return {name: value_for(schema) for name, schema in props.items()}


@pytest.mark.parametrize("path, op", LISTS, ids=[p for p, _ in LISTS])
def test_every_list_refuses_nul_and_huge_numbers_in_its_query(api, path, op):
    """`?q=%00` and the like on every parameter; `?offset=99999999999999999999`; ids past bigint."""
    for param in op.get("parameters", []):
        if param["in"] != "query":
            continue
        types = _types(param["schema"])
        if "string" in types:
            body = _refused(api.get(_url(path), {param["name"]: "\x00"}), 400)
            assert body["code"] == "bad_text" and param["name"] in body["fields"]
        if "integer" in types:
            resp = api.get(_url(path), {param["name"]: BIG})
            if param["name"] == "limit":  # a limit is capped to the page maximum
                assert resp.status_code < 500
            else:  # (403: the role check of a list comes before its paging)
                _refused(resp, 400, 403, 422)


@pytest.mark.parametrize("method, path, op", OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_no_operation_fails_on_an_id_past_bigint(api, method, path, op):
    if "{" not in path:
        return
    url = re.sub(r"\{\w+\}", BIG, path).removeprefix("/api/v1/")
    if method == "GET":
        resp = api.get(url)
    elif method == "DELETE":
        resp = api.client.delete(f"/api/v1/{url}", **api.headers)
    else:
        resp = api.post(url, {})
    _refused(resp, 400, 403, 404, 422)


@pytest.mark.parametrize("path, op", WITH_BODY, ids=[p for p, _ in WITH_BODY])
def test_every_create_and_action_refuses_nul_huge_numbers_and_naive_times(api, path, op):
    def nul(schema):
        return "x\x00" if "string" in _types(schema) else 1

    def huge(schema):
        return int(BIG) if "integer" in _types(schema) else "x"

    schemas = _body(path, op, lambda s: s).values()
    if any("string" in _types(s) for s in schemas):
        assert _refused(api.post(_url(path), _body(path, op, nul)), 400)["code"] == "bad_text"
    if any("integer" in _types(s) for s in schemas):
        assert _refused(api.post(_url(path), _body(path, op, huge)), 400)["code"] == "bad_number"


def test_the_upload_operations_are_found():
    assert WITH_FORM, "no multipart operation found: the form test below would test nothing"


@pytest.mark.parametrize("path, op", WITH_FORM, ids=[p for p, _ in WITH_FORM])
def test_every_upload_refuses_nul_in_its_form_fields(client, api, path, op):
    """Multipart form fields go through the same text rule as JSON bodies."""
    form = {
        name: "x\x00"
        for name, schema in _body(path, op, lambda s: s).items()
        if "string" in _types(schema) and schema.get("format") != "binary"
    }
    if not form:
        return
    resp = client.post(f"/api/v1/{_url(path)}", form, **api.headers)
    assert _refused(resp, 400)["code"] == "bad_text"


def _time_fields(path: str, op: dict) -> list[str]:
    return [n for n, schema in _body(path, op, lambda s: s).items() if "date-time" in str(schema)]


TIMES = [(p, op, name) for p, op in WITH_BODY for name in _time_fields(p, op)]


def test_the_times_in_bodies_are_found():
    assert {(p, n) for p, _, n in TIMES} >= {
        ("/api/v1/promises/", "due_at"),
        ("/api/v1/incidents/", "occurred_at"),
        ("/api/v1/tickets/", "appointment_at"),
    }


@pytest.mark.parametrize("path, op, name", TIMES, ids=[f"{p} {n}" for p, _, n in TIMES])
def test_every_time_in_a_body_must_carry_its_offset(api, path, op, name):
    """Naive times are refused, not guessed (docs/api.md): compared with aware ones they fail."""
    body = _refused(api.post(_url(path), {name: "2026-05-01T10:00:00"}), 422)
    assert body["fields"][name] == "请写明时区，例如 2026-05-01T10:00:00+08:00。"


def test_the_promise_create_refuses_a_naive_due_time_with_a_clear_message(api, agent_a, site_a):
    """Item 5: once "can't compare offset-naive and offset-aware datetimes", a 500."""
    due = (timezone.localtime() + timedelta(hours=3)).replace(tzinfo=None).isoformat()
    body = {"subject": "回电说明停水安排", "due_at": due, "owner": agent_a.pk, "site": site_a.pk}
    body["to_name"] = "张伟"
    err = _refused(api.post("promises/", body), 422)
    assert err["fields"]["due_at"] == "请写明时区，例如 2026-05-01T10:00:00+08:00。"
    assert Promise.objects.count() == 0
    ok = api.post("promises/", {**body, "due_at": f"{due}+08:00"})
    assert ok.status_code == 201, ok.content


def test_nul_in_the_named_bodies_is_400_and_nothing_is_written(api, agent_a, site_a, unit_a):
    """Item 5: incident, incident note, duty-log entry, parcel and visitor-lookup bodies."""
    desk = DeskFactory(site=site_a)
    incident = incident_report(
        actor=agent_a, site=site_a, title="大堂漏水", location="一楼", severity="minor"
    )
    bodies = {
        "incidents/": {"title": "漏水\x00", "location": "大堂", "severity": "minor"},
        f"incidents/{incident.pk}/note": {"text": "已到场\x00"},
        "desk/duty-log-entries/": {"desk_id": desk.pk, "content": "巡视\x00"},
        "desk/parcels/": {"unit_id": unit_a.pk, "carrier": "顺丰\x00"},
        "desk/visitor-lookups": {"site_id": site_a.pk, "name": "张伟\x00", "question": "找人"},
    }
    counts = [Incident, IncidentNote, DutyLogEntry, MailItem, VisitorLookup]
    before = [m.objects.count() for m in counts]
    for url, body in bodies.items():
        err = _refused(api.post(url, body), 400)
        assert err["code"] == "bad_text" and len(err["fields"]) == 1, url
    assert [m.objects.count() for m in counts] == before
    clean = api.post("desk/parcels/", {"unit_id": unit_a.pk, "carrier": "顺丰"})
    assert clean.status_code == 201, clean.content


def test_an_offset_past_the_last_page_is_refused_not_a_database_error(api):
    """The bound is in the OpenAPI document (API1), so a deeper offset is a 422 on `offset`."""
    err = _refused(api.get("tickets/", {"offset": BIG}), 422)
    assert err["code"] == "invalid" and "offset" in err["fields"]
    assert api.get("tickets/", {"offset": 1_000_000}).status_code == 200
    assert int(BIG) > INT_MAX
