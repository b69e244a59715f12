"""Idempotent creates (DESIGN.md, SECURITY.md C5): one object per (user, Idempotency-Key)."""

import json
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from propdesk.core.idempotency import idempotency_keys_purge, request_fingerprint
from propdesk.core.models import IdempotencyKey
from propdesk.tickets.models import Contact, Ticket
from propdesk.tickets.schemas import TicketCreateIn
from tests.tickets.test_api import REPAIR, Api


@pytest.fixture
def api_for(client):
    return lambda user: Api(client, user)


@pytest.fixture
def body(unit_a, resident_a, eng_dept_a):
    return {**REPAIR, "unit": unit_a.pk, "resident": resident_a.pk}


def _post(api, body, key="k-1"):
    return api.post("tickets/", body, HTTP_IDEMPOTENCY_KEY=key)


def test_same_key_same_body_replays_the_stored_response(api_for, agent_a, body):
    api = api_for(agent_a)
    first, second = _post(api, body), _post(api, body)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert second["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert Ticket.objects.count() == 1 and Contact.objects.count() == 1


def test_same_key_different_body_is_422(api_for, agent_a, body):
    api = api_for(agent_a)
    _post(api, body)
    resp = _post(api, {**body, "title": "另一件事"})
    assert resp.status_code == 422 and resp.json()["code"] == "idempotency_mismatch"
    assert Ticket.objects.count() == 1


def test_same_key_on_another_endpoint_is_422(api_for, agent_a, body):
    api = api_for(agent_a)
    _post(api, body)
    resp = api.post(
        "contacts/", {"channel": "phone", "kind": "help", "content": "x", "caller_name": "王"},
        HTTP_IDEMPOTENCY_KEY="k-1",
    )  # fmt: skip
    assert resp.status_code == 422 and Contact.objects.count() == 1


def test_keys_are_per_user(api_for, agent_a, site_a, body):
    from tests.factories import make_user

    other = make_user("agent", site_a)
    _post(api_for(agent_a), body)
    resp = _post(api_for(other), body)
    assert resp.status_code == 201 and not resp.has_header("Idempotent-Replayed")
    assert Ticket.objects.count() == 2


def test_c5_a_committed_in_flight_key_is_taken_over_at_once(api_for, agent_a, body):
    """C5: keys are written with the object, so a committed in-flight row has no live owner."""
    api = api_for(agent_a)
    IdempotencyKey.objects.create(
        user=agent_a, key="k-1", fingerprint=_fingerprint_of(api, body), created_at=timezone.now()
    )
    assert _post(api, body).status_code == 201
    assert IdempotencyKey.objects.get().state == "done" and Ticket.objects.count() == 1


def test_c5_key_and_object_commit_together(api_for, agent_a, body):
    """C5: the key row is written by the create's own transaction, finished with its response."""
    resp = _post(api_for(agent_a), body)
    row = IdempotencyKey.objects.get()
    assert (row.state, row.response_status) == ("done", 201)
    assert json.loads(row.response_body)["id"] == resp.json()["id"]


def _fingerprint_of(api, body) -> str:
    """The fingerprint the server computes for POST /tickets/ with this body."""
    request = SimpleNamespace(method="POST", path="/api/v1/tickets/")
    return request_fingerprint(request, TicketCreateIn(**body).model_dump(mode="json"))


def test_a_refused_create_releases_the_key(api_for, agent_a, body):
    api = api_for(agent_a)
    bad = _post(api, {**body, "category": "nope"})
    assert bad.status_code == 400 and not IdempotencyKey.objects.exists()
    assert _post(api, body).status_code == 201


def test_bad_keys_are_400(api_for, agent_a, body):
    for key in ("", "x" * 300, "键"):
        resp = _post(api_for(agent_a), body, key=key)
        assert resp.status_code == 400, key
    assert not Ticket.objects.exists()


def test_finished_keys_are_purged_after_a_day(api_for, agent_a, body):
    _post(api_for(agent_a), body)
    assert idempotency_keys_purge() == 0
    IdempotencyKey.objects.update(completed_at=timezone.now() - timedelta(days=2))
    assert idempotency_keys_purge() == 1


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="needs concurrent connections (PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_c5_same_key_twenty_times_at_once_creates_one_ticket(body, agent_a, eng_dept_a):
    """SECURITY C5: 20 concurrent requests with one key → 1 object, 20 identical responses (PG)."""
    from django.test import Client

    Api(Client(), agent_a)  # the token
    results, barrier = [], threading.Barrier(20)

    def worker():
        try:
            api = Api(Client(), agent_a)
            barrier.wait()
            resp = _post(api, body, key="burst")
            results.append((resp.status_code, resp.content))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Ticket.objects.count() == 1 and Contact.objects.count() == 1
    assert len(results) == 20 and len(set(results)) == 1 and results[0][0] == 201


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="needs concurrent connections (PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_c5_in_flight_key_answers_409_after_the_wait(body, agent_a, eng_dept_a, settings):
    """C5: while another request holds the key (uncommitted), a repeat waits, then gets 409."""
    from django.db import transaction
    from django.test import Client

    settings.PROPDESK = {**settings.PROPDESK, "IDEMPOTENCY_WAIT_SECONDS": 0.5}
    api = Api(Client(), agent_a)
    holding, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                IdempotencyKey.objects.create(
                    user=agent_a, key="k-1", fingerprint=_fingerprint_of(api, body),
                    created_at=timezone.now(),
                )  # fmt: skip
                holding.set()
                release.wait(10)
                raise RuntimeError("the holder dies")
        except RuntimeError:
            pass
        finally:
            connections.close_all()

    thread = threading.Thread(target=holder)
    thread.start()
    holding.wait(10)
    started = time.monotonic()
    resp = _post(api, body)
    assert resp.status_code == 409 and resp.json()["code"] == "idempotency_in_flight"
    assert time.monotonic() - started < 5
    release.set()
    thread.join()
    assert _post(api, body).status_code == 201 and Ticket.objects.count() == 1
