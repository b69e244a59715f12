"""Tamper-evident timeline: every event is sealed with a hash over its content and the hash of the
previous event of the same record, so each record's timeline is a hash chain.

    hash = SHA-256(["v1", "tickets.ticket", 42, site, actor, code, data, note, created_at, prev_hash])

An event edited in the database no longer matches its hash; a deleted one leaves its successor
pointing at a hash that is not there; a rewritten chain ends in a head that differs from the one
printed on the handling form. Corrections are new events, so a chain is only ever extended.

Two events of one record cannot take the same predecessor: the row is inserted by one statement
that reads the head, seals and inserts, and the unique (record, prev_hash) index refuses a second
event on the same head (`insert_sealed` then tries again on the new head), whatever wrote it.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils.translation import gettext as _

from .models import Event

VERSION = "v1"
HEAD_PREFIX = 16  # hex digits of the head printed on paper (64 bits)
_FIELDS = ("id", "content_type_id", "object_id", "site_id", "actor_id", "code", "data", "note")
_FIELDS += ("created_at", "prev_hash", "hash")


def as_stored(data: dict) -> dict:
    """`data` as the JSON column gives it back (tuples become lists, keys strings)."""
    return json.loads(json.dumps(data))


def target_label(content_type_id: int) -> str:
    ct = ContentType.objects.get_for_id(content_type_id)
    return f"{ct.app_label}.{ct.model}"


def _canonical(*, target, object_id, site_id, actor_id, code, data, note, created_at) -> str:
    """An event's content as canonical JSON, its last item (the predecessor's hash) left empty."""
    stamp = created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    content = [VERSION, target, object_id, site_id, actor_id, code, data, note, stamp, ""]
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _seal(content: str, prev_hash: str) -> str:
    # `content` ends in `""]`; the (hex) predecessor goes between the quotes.
    return hashlib.sha256((content[:-2] + prev_hash + content[-2:]).encode()).hexdigest()


def event_digest(*, prev_hash: str, **fields) -> str:
    """The seal of one event: SHA-256 of its canonical content and its predecessor's hash."""
    return _seal(_canonical(**fields), prev_hash)


def _content(e) -> str:
    return _canonical(
        target=target_label(e.content_type_id),
        object_id=e.object_id,
        site_id=e.site_id,
        actor_id=e.actor_id,
        code=e.code,
        data=e.data,
        note=e.note,
        created_at=e.created_at,
    )


def _digest_of(e, prev_hash: str) -> str:
    return _seal(_content(e), prev_hash)


# SHA-256 in SQL, hex: PostgreSQL's built-in; on SQLite the function Django registers for SHA256().
_SQL_SHA256 = {
    "postgresql": "encode(sha256(convert_to({}, 'UTF8')), 'hex')",
    "sqlite": "SHA256({})",
}
_HEAD = "(SELECT COALESCE((SELECT hash FROM {t} WHERE content_type_id = %s AND object_id = %s"
_HEAD += " ORDER BY id DESC LIMIT 1), ''))"
_COLUMNS = ("content_type", "object_id", "site_id", "actor", "code", "data", "note", "created_at")


def _insert_sql() -> str:
    table = connection.ops.quote_name(Event._meta.db_table)
    head = _HEAD.format(t=table)
    digest = _SQL_SHA256[connection.vendor].format(f"(%s || {head} || %s)")
    columns = [Event._meta.get_field(name).column for name in _COLUMNS]
    values = ", ".join(["%s"] * len(columns))
    # Table, columns and SQL functions come from the model and this module, never from input.
    insert = f"INSERT INTO {table} ({', '.join(columns)}, prev_hash, hash)"  # noqa: S608
    return (
        f"{insert} VALUES ({values}, {head}, {digest})"
        " ON CONFLICT (content_type_id, object_id, prev_hash) DO NOTHING"
        " RETURNING id, prev_hash, hash"
    )


def _lock_key(content_type_id: int, object_id: int) -> list[int]:
    return [content_type_id, object_id & 0x7FFFFFFF]  # the two-int form; a collision only waits


def insert_sealed(event: Event, *, attempts: int = 50) -> Event:
    """Insert an unsaved event sealed onto its record's chain, in one statement.

    The statement reads the head and computes the seal in the database, so no other writer can
    slip in between. When a concurrent event took that head first, the unique (record, prev_hash)
    index refuses the row (PostgreSQL waits for the other transaction to end) and it is tried
    again on the new head, from then on in the queue of the record's writers.
    """
    fields = [Event._meta.get_field(name) for name in _COLUMNS]
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
    content = _content(event)
    where = [event.content_type_id, event.object_id]
    params = [*values, *where, content[:-2], *where, content[-2:]]
    with connection.cursor() as cursor:
        for attempt in range(attempts):
            if attempt == 1 and connection.vendor == "postgresql":
                # Contended: queue (first come, first served) behind the record's other writers
                # until this transaction ends, so no writer keeps losing the head to newcomers.
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", _lock_key(*where))
            cursor.execute(_insert_sql(), params)
            row = cursor.fetchone()
            if row is not None:
                event.pk, event.prev_hash, event.hash = row
                event._state.adding, event._state.db = False, connection.alias
                return event
    raise RuntimeError(f"could not append to the timeline of {where} after {attempts} attempts")


def _head_hash(content_type_id: int, object_id: int) -> str:
    rows = Event.objects.filter(content_type_id=content_type_id, object_id=object_id)
    return rows.order_by("-id").values_list("hash", flat=True).first() or ""


def chain_head(target) -> tuple[str, int]:
    """(hash of the newest event, number of events) of one record's timeline."""
    ct = ContentType.objects.get_for_model(target)
    rows = Event.objects.filter(content_type=ct, object_id=target.pk)
    return _head_hash(ct.pk, target.pk), rows.count()


def head_line(target) -> str:
    """The chain head as printed on a form, to check a paper copy later (`propdesk audit verify`)."""
    head, count = chain_head(target)
    ct = ContentType.objects.get_for_model(target)
    return _(
        "Timeline seal %(head)s (%(count)s events). Check: propdesk audit verify"
        " --target %(target)s:%(id)s --head %(head)s"
    ) % {
        "head": head[:HEAD_PREFIX] or "-",
        "count": count,
        "target": f"{ct.app_label}.{ct.model}",
        "id": target.pk,
    }


def chain_reseal(target) -> int:
    """Seal a record's events again after they were back-dated while loading data (the demo).

    Only for data nobody has seen yet: on live records this is the very rewrite that the printed
    chain head exposes. Returns the number of events sealed.
    """
    ct = ContentType.objects.get_for_model(target)
    prev = ""
    events = list(Event.objects.filter(content_type=ct, object_id=target.pk).order_by("id"))
    for e in events:
        e.prev_hash, e.hash = prev, _digest_of(e, prev)
        Event.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=e.hash)
        prev = e.hash
    return len(events)


@dataclass(frozen=True)
class Problem:
    kind: str  # "edited", "unsealed", "broken"
    event_id: int
    target: str
    object_id: int


@dataclass
class Report:
    events: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check(e, expected_prev: str, report: Report) -> None:
    where = (e.id, target_label(e.content_type_id), e.object_id)
    if not e.hash:
        report.problems.append(Problem("unsealed", *where))
    elif _digest_of(e, e.prev_hash) != e.hash:
        report.problems.append(Problem("edited", *where))
    if e.prev_hash != expected_prev:
        report.problems.append(Problem("broken", *where))


def chains_verify(*, content_type_id: int | None = None, object_id: int | None = None) -> Report:
    """Walk every record's chain (or one record's) in insertion order; report what does not fit.

    `edited`: the event's content no longer matches its hash. `broken`: the event does not follow
    the one before it (an event in between was deleted, or the previous one's hash was changed).
    `unsealed`: an event written without its hash (not through `event_record`).
    """
    rows = Event.objects.all()
    if content_type_id is not None:
        rows = rows.filter(content_type_id=content_type_id, object_id=object_id)
    report, current, expected_prev = Report(), None, ""
    for e in rows.only(*_FIELDS).order_by("content_type_id", "object_id", "id").iterator(2000):
        if (e.content_type_id, e.object_id) != current:
            current, expected_prev = (e.content_type_id, e.object_id), ""
            report.records += 1
        _check(e, expected_prev, report)
        expected_prev = e.hash
        report.events += 1
    return report


def head_find(*, content_type_id: int, object_id: int, head: str) -> tuple[int, int] | None:
    """Where a printed head sits in a record's chain: (position, events in the chain), or None."""
    hashes = list(
        Event.objects.filter(content_type_id=content_type_id, object_id=object_id)
        .order_by("id")
        .values_list("hash", flat=True)
    )
    head = head.lower()
    for position, value in enumerate(hashes, start=1):
        if value and value.startswith(head):
            return position, len(hashes)
    return None
