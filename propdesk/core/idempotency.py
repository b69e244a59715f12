"""Idempotent creates: the same `Idempotency-Key` from the same user gets the first response again.

    return idempotent(request, payload=payload.model_dump(mode="json"), create=make)

`create()` returns `(status, body)`; it runs inside one transaction together with the storing of
its response, so either the object and its stored response both exist or neither does. A key is
claimed (a committed `in_flight` row, unique per user and key) before `create()` runs:

- the same key and the same request → the stored response (status and JSON, byte for byte), with
  the header `Idempotent-Replayed: true`; nothing new is created;
- the same key with a different body or endpoint → 422 `idempotency_mismatch`;
- while the first request is still running, a repeat waits for it up to `IDEMPOTENCY_WAIT_SECONDS`
  (so a burst of retries gets identical answers), then answers 409 `idempotency_in_flight`;
- a refused create (any error) releases the key, so the client may correct and retry with it.

Keys are per user: another user's key of the same text is a different key.
"""

import hashlib
import json
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exceptions import Conflict, DomainError, InvalidInput
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
POLL_SECONDS = 0.05
# A claim this old belongs to a request that died without releasing it; it may be taken over.
ABANDONED_AFTER = timedelta(minutes=10)


class KeyReused(DomainError):
    status = 422
    default_code = "idempotency_mismatch"
    default_message = _("This Idempotency-Key was already used with a different request.")


def _wait_seconds() -> float:
    return float(settings.PROPDESK.get("IDEMPOTENCY_WAIT_SECONDS", 10))


def _dump(body) -> str:
    return json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False)


def _json_response(status: int, text: str, *, replayed: bool = False) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="application/json; charset=utf-8")
    if replayed:
        response[REPLAYED_HEADER] = "true"
    return response


def _clean_key(raw: str) -> str:
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise InvalidInput(
            _("The Idempotency-Key must be 1 to 255 printable ASCII characters."),
            code="bad_idempotency_key",
            fields={HEADER: _("1 to 255 printable ASCII characters.")},
        )
    return key


def request_fingerprint(request, payload) -> str:
    """What makes two requests "the same": method, path and the validated body."""
    raw = _dump({"method": request.method, "path": request.path, "body": payload})
    return hashlib.sha256(raw.encode()).hexdigest()


def _claim(user, key: str, fingerprint: str) -> IdempotencyKey | None:
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user, key=key, fingerprint=fingerprint, created_at=timezone.now()
            )
    except IntegrityError:
        return None


def _take_over(row: IdempotencyKey) -> bool:
    """Re-claim a key whose request died while in flight (the claim is older than the limit)."""
    now = timezone.now()
    return (
        IdempotencyKey.objects.filter(
            pk=row.pk, state=IdempotencyKey.KeyState.IN_FLIGHT, created_at__lt=now - ABANDONED_AFTER
        ).update(created_at=now)
        == 1
    )


def _existing(user, key: str, fingerprint: str, deadline: float) -> IdempotencyKey | None:
    """The finished row of this key, or None when the key is free (again); raises 422/409."""
    while True:
        row = IdempotencyKey.objects.filter(user=user, key=key).first()
        if row is None:
            return None
        if row.fingerprint != fingerprint:
            raise KeyReused()
        if row.state == IdempotencyKey.KeyState.DONE or _take_over(row):
            return row
        if time.monotonic() >= deadline:
            raise Conflict(
                _("A request with this Idempotency-Key is still being processed; retry shortly."),
                code="idempotency_in_flight",
            )
        time.sleep(POLL_SECONDS)


def _run(claim: IdempotencyKey | None, create: Callable[[], tuple[int, dict]]) -> HttpResponse:
    try:
        with transaction.atomic():
            status, body = create()
            text = _dump(body)
            if claim is not None:
                IdempotencyKey.objects.filter(pk=claim.pk).update(
                    state=IdempotencyKey.KeyState.DONE,
                    response_status=status,
                    response_body=text,
                    completed_at=timezone.now(),
                )
    except BaseException:
        if claim is not None:
            IdempotencyKey.objects.filter(
                pk=claim.pk, state=IdempotencyKey.KeyState.IN_FLIGHT
            ).delete()
        raise
    return _json_response(status, text)


def idempotent(request, *, payload, create: Callable[[], tuple[int, dict]]) -> HttpResponse:
    """Run `create()` once per (user, Idempotency-Key); replay its stored response afterwards."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return _run(None, create)
    key, user = _clean_key(raw), request.auth
    fingerprint = request_fingerprint(request, payload)
    deadline = time.monotonic() + _wait_seconds()
    while True:
        claim = _claim(user, key, fingerprint)
        if claim is not None:
            return _run(claim, create)
        row = _existing(user, key, fingerprint, deadline)
        if row is not None and row.state == IdempotencyKey.KeyState.DONE:
            return _json_response(row.response_status, row.response_body, replayed=True)
        if row is not None:  # taken over from a dead request
            return _run(row, create)


def idempotency_keys_purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Forget finished keys after a day (clients retry within minutes); returns how many."""
    cutoff = timezone.now() - older_than
    deleted, _rows = IdempotencyKey.objects.filter(
        state=IdempotencyKey.KeyState.DONE, completed_at__lt=cutoff
    ).delete()
    return deleted
