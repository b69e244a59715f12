"""API1 and A5: the OpenAPI document is the API's contract, and schemathesis holds it to it.

The API is fuzzed in process (schemathesis 4 over the WSGI app, no server, no network) with the
API tokens of the agent, shift lead, department head, resident and auditor, on two sites of demo
records (`records_at`). Generation is derandomized, so CI sees the same cases on every run; path
ids are drawn half from the real records (so operations reach their services, not only 404) and
half by the generator.

Checks: no 5xx, every status declared, content type and body as declared (the refusals with the
shared `ErrorOut`), invalid input refused, valid input not refused as invalid, and no operation
that answers without its token (`ignored_auth`). A justified exception goes into
`api_contract_exceptions.txt` with its reason; the file is short and reviewed.

A5: with the auditor's token no non-GET operation answers 2xx, and no table changes.
"""

import hashlib
import os
import time
from pathlib import Path

import pytest
import schemathesis
from django.apps import apps
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from propdesk.orgs.models import Department
from propdesk.people.services import api_token_create
from tests.business_records import records_at
from tests.factories import UnitFactory, make_user

pytestmark = pytest.mark.django_db(transaction=False)

OPENAPI = "/api/v1/openapi.json"
EXCEPTIONS_FILE = Path(__file__).with_name("api_contract_exceptions.txt")
# Draws per operation and role: 175 operations × (6 + 2) × 5 roles = 7,000 cases.
POSITIVE_EXAMPLES = int(os.environ.get("API1_POSITIVE", 6))
NEGATIVE_EXAMPLES = int(os.environ.get("API1_NEGATIVE", 2))
MIN_CASES = 5_000
ONLY = os.environ.get("API1_ONLY", "")  # a path fragment, to rerun one operation by hand

ROLES = ["agent", "lead", "dept_head", "resident", "auditor"]

# Tables a read may write to by design, left out of the auditor's "nothing changed" (A5):
READ_WRITES = {
    "people.apitoken",  # last_used_at, at most every five minutes
    "people.usersession",  # the session list of the profile page (last seen)
    "sessions.session",
}


def _exceptions() -> set[tuple[str, str]]:
    """(`METHOD path`, check) pairs with a reason in the reviewed exceptions file."""
    found = set()
    for line in EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, _, reason = line.partition("#")
        parts = head.split()
        assert len(parts) == 3 and reason.strip(), (
            f"exception needs METHOD path check # reason: {line}"
        )
        found.add((f"{parts[0]} {parts[1]}", parts[2]))
    return found


@schemathesis.check
def valid_input_not_refused_as_invalid(ctx, response, case):
    """Schema-valid input may be refused by a service (400, 403, 404, 409), never with 422: a
    422 says the input broke the document's schema, so the document is missing a constraint."""
    meta = case.meta
    if meta is not None and meta.generation.mode.is_positive and response.status_code == 422:
        raise AssertionError(f"422 on schema-valid input: {response.text[:200]}")
    return None


def _checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        ignored_auth,
        negative_data_rejection,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        negative_data_rejection,
        ignored_auth,  # a 2xx is sent again without the token, and with a wrong one: 401
        valid_input_not_refused_as_invalid,
    ]


@pytest.fixture
def demo(site_a, site_b, unit_a, unit_b, resident_a):
    """Two sites of records, and one user per fuzzed role at site A."""
    a = records_at(site_a, unit_a, resident_a, tag="A")
    b = records_at(site_b, unit_b, tag="B")
    UnitFactory(building__site=site_a, code="5栋2单元101", building__name="5栋")
    engineering = Department.objects.get(site=site_a, kind="engineering")
    dept_head = make_user("dept_head", site_a, department=engineering)
    engineering.head = dept_head
    engineering.save()
    resident = make_user("resident")
    resident_a.user = resident
    resident_a.save()
    users = {
        "agent": a.agent,
        "lead": a.lead,
        "dept_head": dept_head,
        "resident": resident,
        "auditor": make_user("auditor"),
    }
    return a, b, users


def _path_ids(a, b) -> dict[str, list[int]]:
    """Real ids for each path parameter name, of both sites (B's must answer 404 to A's users)."""
    keys = {
        "ticket_id": "ticket",
        "contact_id": "contact",
        "handover_id": "handover",
        "log_id": "duty_log",
        "entry_id": "entry",
        "item_id": "mail",
        "leave_id": "leave",
        "promise_id": "promise",
        "incident_id": "incident",
        "release_id": "release",
        "renovation_id": "renovation",
        "document_id": "document",
        "desk_id": "desk",
        "question_id": "question",
    }
    ids: dict[str, list[int]] = {}
    for name, key in keys.items():
        ids[name] = [r[key].pk for r in (a, b) if key in r.items]
    ids["unit_id"] = [a.unit.pk, b.unit.pk]
    ids["resident_id"] = [a.resident.pk, b.resident.pk]
    ids["site_id"] = [a.site.pk, b.site.pk]
    return ids


def _strategy(operation, ids):
    names = [p.name for p in operation.path_parameters]
    real = [
        {n: ids[n][i] for n in names} for i in (0, 1) if names and all(ids.get(n) for n in names)
    ]
    generated = operation.as_strategy()
    if not real:
        return generated
    return st.one_of(
        generated,
        st.sampled_from(real).flatmap(lambda pp: operation.as_strategy(path_parameters=pp)),
    )


def _table_digest() -> dict[str, str]:
    digests = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in READ_WRITES or not model._meta.managed:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        digests[label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


class Fuzz:
    """Every operation of `schema` with one token; counts cases, collects failures."""

    def __init__(self, schema, token, ids, role):
        self.schema, self.ids, self.role = schema, ids, role
        self.headers = {"Authorization": f"Bearer {token}"}
        self.checks = _checks()
        self.cases = 0
        self.failures: list[tuple[str, str, str]] = []
        self.writes_ok: list[str] = []  # A5: non-GET operations that answered the auditor 2xx

    def run(self):
        from schemathesis import GenerationMode

        for result in self.schema.get_all_operations():
            operation = result.ok()
            if ONLY and ONLY not in operation.path:
                continue
            for mode, n in (
                (GenerationMode.POSITIVE, POSITIVE_EXAMPLES),
                (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES),
            ):
                if mode is GenerationMode.POSITIVE:
                    strategy = _strategy(operation, self.ids)
                else:
                    strategy = operation.as_strategy(mode)
                test = given(strategy)(self.one_case)
                hypothesis_settings(HYPOTHESIS, max_examples=n)(test)()
        return self

    def one_case(self, case):
        from schemathesis.core.failures import FailureGroup

        self.cases += 1
        app = self.schema.app
        label = f"{case.operation.method.upper()} {case.operation.path}"
        response = case.call(app=app, headers=self.headers)
        status = response.status_code
        if self.role == "auditor" and case.operation.method.upper() != "GET" and status < 300:
            self.writes_ok.append(f"{label} {status}")
        try:
            case.validate_response(
                response,
                checks=self.checks,
                headers=self.headers,
                transport_kwargs={"app": app, "headers": self.headers},
            )
        except FailureGroup as group:
            for failure in group.exceptions:
                detail = f"{status} {failure.title}: {response.text[:300]} sent {case.body!r:.200}"
                self.failures.append((label, type(failure).__name__, detail))


HYPOTHESIS = hypothesis_settings(
    derandomize=True,  # the same cases on every run (a fixed seed)
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def keep_connection():
    """Requests through the WSGI app keep the test's connection, as Django's test client does:
    `close_old_connections` on request start/finish would close it inside the test transaction
    (on PostgreSQL the next query then fails)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ROLES)
def test_api1_schemathesis_fuzz_per_role(demo, role, settings, keep_connection):
    """API1 (and A5 for the auditor): ≥ 1/5 of the 5,000 cases for each role token; 0 5xx,
    0 undeclared statuses, 0 bodies off their schema; the auditor: 0 2xx on non-GET, tables
    unchanged."""
    settings.ALLOWED_HOSTS = ["*"]
    a, b, users = demo
    _, token = api_token_create(user=users[role], name="fuzz")
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi(
        OPENAPI, app, headers={"Authorization": f"Bearer {token}"}
    )
    before = _table_digest() if role == "auditor" else None
    started = time.monotonic()
    fuzz = Fuzz(schema, token, _path_ids(a, b), role).run()
    cases, failures, writes_ok = fuzz.cases, fuzz.failures, fuzz.writes_ok
    elapsed = time.monotonic() - started
    allowed = _exceptions()
    real = sorted({f for f in failures if (f[0], f[1]) not in allowed})
    print(f"API1 {role}: {cases} cases in {elapsed:.0f} s, {len(real)} failures")
    assert not real, "\n".join(" | ".join(f) for f in real[:80])
    assert ONLY or cases >= MIN_CASES // len(ROLES)
    if role == "auditor":
        assert not writes_ok, writes_ok
        after = _table_digest()
        assert {k for k in before if before[k] != after.get(k)} == set()
