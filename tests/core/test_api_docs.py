"""The API docs are served from our own static files (no CDN, CSP-compatible) to signed-in users."""

import pytest


def test_api_docs_need_login_and_load_no_cdn(client, client_for, agent_a):
    assert client.get("/api/v1/docs").status_code == 302
    html = client_for(agent_a).get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn." not in html
    assert client_for(agent_a).get("/api/v1/openapi.json").json()["info"]["title"] == "PropDesk API"


def test_api1_openapi_document_readable_with_a_token(client, agent_a):
    """API1: integrators and CI read the OpenAPI document with an API token, no browser session;
    a refused token answers 401 in the API's error shape; the docs page stays for sessions."""
    from propdesk.people.services import api_token_create

    _, token = api_token_create(user=agent_a, name="ci")
    ok = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ok.status_code == 200 and ok.json()["info"]["title"] == "PropDesk API"
    bad = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert bad.status_code == 401 and set(bad.json()) == {"code", "message", "fields"}
    assert client.get("/api/v1/openapi.json").status_code == 302


def test_api1_every_operation_declares_its_refusals_and_bounded_paging(client_for, agent_a):
    """API1: 400/401/403/404/409 (and 422 where the operation takes input) on every operation,
    all with the one `ErrorOut` schema; `limit` 1–100 and `offset` 0–1,000,000 on every list."""
    doc = client_for(agent_a).get("/api/v1/openapi.json").json()
    error = doc["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"code", "message", "fields"}
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    operations = [(p, m, o) for p, ops in doc["paths"].items() for m, o in ops.items()]
    assert len(operations) > 100
    for path, method, op in operations:
        takes_input = bool(op.get("parameters") or op.get("requestBody"))
        expected = {"400", "401", "403", "404", "409"} | ({"422"} if takes_input else set())
        assert expected <= set(op["responses"]), (method, path)
        for status in expected:
            assert op["responses"][status]["content"]["application/json"]["schema"] == ref
        for param in op.get("parameters", []):
            if param["name"] == "limit":
                assert (param["schema"]["minimum"], param["schema"]["maximum"]) == (1, 100)
            if param["name"] == "offset":
                assert (param["schema"]["minimum"], param["schema"]["maximum"]) == (0, 1_000_000)


def test_api1_component_names_are_unique_over_the_apps(client_for, agent_a):
    """API1: two apps' `ReasonIn` no longer overwrite each other in the document."""
    schemas = client_for(agent_a).get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"TicketsReasonIn", "PassesReasonIn", "MeetingsReasonIn"} <= set(schemas)
    assert "ReasonIn" not in schemas


def test_api1_money_takes_what_the_document_says():
    """API1: an amount is a decimal string or a whole number, as the document declares."""
    from pydantic import TypeAdapter, ValidationError

    from propdesk.core.api import Money8

    money = TypeAdapter(Money8)
    assert str(money.validate_python("1200.50")) == "1200.50"
    assert money.validate_python(12) == 12 and money.validate_python(12.0) == 12
    for refused in ("1.", "1.234", "1234567", "-1", 0.1, True, "一"):
        with pytest.raises(ValidationError):
            money.validate_python(refused)
