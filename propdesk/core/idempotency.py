"""Idempotent creates: the same `Idempotency-Key` from the same user gets the first response again.

    return idempotent(request, payload=payload.model_dump(mode="json"), create=make)

`create()` returns `(status, body)`. The key row is inserted first in the same transaction as the
object and completed with the response before it commits, so the key, the object and the stored
response all exist or none does: a request that dies (its worker killed, `kill -9`) leaves nothing
behind and its retry simply runs again. A concurrent repeat of the key waits on the database for
the first one (the unique (user, key) index on PostgreSQL, the single writer on SQLite):

- the same key and the same request → the stored response (status and JSON, byte for byte), with
  the header `Idempotent-Replayed: true`; nothing new is created;
- the same key with a different body or endpoint → 422 `idempotency_mismatch`;
- while the first request is still running, a repeat waits for it up to `IDEMPOTENCY_WAIT_SECONDS`
  (so a burst of retries gets identical answers), then answers 409 `idempotency_in_flight`;
- a refused create (any error) rolls the key back with it, so the client may correct and retry.

Keys are per user: another user's key of the same text is a different key.
"""

import hashlib
import json
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, OperationalError, connection, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exceptions import Conflict, DomainError, InvalidInput
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout expired


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


class _KeyTaken(Exception):
    """The key's row exists (or is being written by a running request)."""


def _claim(user, key: str, fingerprint: str) -> IdempotencyKey:
    """Insert the key's row; the first statement of the create's transaction."""
    try:
        with _lock_wait_limit():
            return IdempotencyKey.objects.create(
                user=user, key=key, fingerprint=fingerprint, created_at=timezone.now()
            )
    except IntegrityError as exc:
        raise _KeyTaken from exc
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise _in_flight() from exc  # waited too long for the request that holds the key
        raise


@contextmanager
def _lock_wait_limit():
    """On PostgreSQL, wait for a running holder of the key at most `IDEMPOTENCY_WAIT_SECONDS`."""
    if connection.vendor != "postgresql":
        yield  # SQLite: the IMMEDIATE transaction already waited for the single writer
        return
    with connection.cursor() as cursor:
        limit = f"{int(_wait_seconds() * 1000)}ms"
        cursor.execute(
            "SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)", [limit]
        )
        before = cursor.fetchone()[0]
        yield
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])


def _in_flight() -> Conflict:
    return Conflict(
        _("A request with this Idempotency-Key is still being processed; retry shortly."),
        code="idempotency_in_flight",
    )


def _run(create: Callable[[], tuple[int, dict]], claim: tuple | None = None) -> HttpResponse:
    with transaction.atomic():
        row = _claim(*claim) if claim else None
        status, body = create()
        text = _dump(body)
        if row is not None:
            IdempotencyKey.objects.filter(pk=row.pk).update(
                state=IdempotencyKey.KeyState.DONE,
                response_status=status,
                response_body=text,
                completed_at=timezone.now(),
            )
    return _json_response(status, text)


def _stored(user, key: str, fingerprint: str) -> HttpResponse | None:
    """The stored answer of a finished key; None when the key is free (again)."""
    row = IdempotencyKey.objects.filter(user=user, key=key).first()
    if row is None:
        return None  # its holder rolled back after our insert waited
    if row.fingerprint != fingerprint:
        raise KeyReused()
    if row.state == IdempotencyKey.KeyState.DONE:
        return _json_response(row.response_status, row.response_body, replayed=True)
    # A committed in-flight row comes only from a version that claimed keys in a transaction of
    # their own; its request is over (the upgrade stops every process), so the key is free.
    IdempotencyKey.objects.filter(pk=row.pk, state=IdempotencyKey.KeyState.IN_FLIGHT).delete()
    return None


def idempotent(request, *, payload, create: Callable[[], tuple[int, dict]]) -> HttpResponse:
    """Run `create()` once per (user, Idempotency-Key); replay its stored response afterwards."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return _run(create)
    key, user = _clean_key(raw), request.auth
    fingerprint = request_fingerprint(request, payload)
    for _attempt in range(3):
        try:
            return _run(create, (user, key, fingerprint))
        except _KeyTaken:
            stored = _stored(user, key, fingerprint)
            if stored is not None:
                return stored
    raise _in_flight()


def idempotency_keys_purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Forget finished keys after a day (clients retry within minutes); returns how many."""
    cutoff = timezone.now() - older_than
    deleted, _rows = IdempotencyKey.objects.filter(
        state=IdempotencyKey.KeyState.DONE, completed_at__lt=cutoff
    ).delete()
    return deleted
