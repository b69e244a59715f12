"""Tamper-evident timeline (issue 12 item 6, C4 "events are append-only"): each record's events
form a hash chain; `propdesk audit verify` finds an edited, deleted or unsealed event."""

import threading
from datetime import timedelta
from importlib import import_module
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from propdesk.core import audit_chain
from propdesk.core.events import event_record
from propdesk.core.models import Event


def _record(target, n=3, **kw):
    return [event_record(target=target, code=f"step{i}", data={"i": i}, **kw) for i in range(n)]


def _verify(*args) -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except CommandError as exc:
        return False, out.getvalue() + str(exc)
    return True, out.getvalue()


def test_events_of_a_record_form_one_chain(site_a, agent_a):
    events = _record(site_a, actor=agent_a)
    assert [e.prev_hash for e in events] == ["", events[0].hash, events[1].hash]
    assert audit_chain.chain_head(site_a) == (events[-1].hash, 3)
    assert _verify() == (True, "audit verify ok: 3 events on 1 records\n")


def test_the_database_seal_is_the_one_verify_recomputes(site_a, agent_a):
    """The seal is computed by the INSERT itself; Python must get the same SHA-256 back."""
    data = {"中文": "漏水 “引号”", "n": [1, 2.5, None, True], "nested": {"b": 1, "a": "\\"}}
    e = event_record(target=site_a, code="note", actor=agent_a, data=data, note="行\n二")
    stored = Event.objects.get(pk=e.pk)
    fields = {k: getattr(stored, k) for k in ("object_id", "site_id", "actor_id", "code", "data")}
    expected = audit_chain.event_digest(
        target="orgs.site", note=stored.note, created_at=stored.created_at, prev_hash="", **fields
    )
    assert stored.hash == e.hash == expected


def test_audit_verify_finds_an_event_edited_in_the_database(site_a):
    events = _record(site_a)
    Event.objects.filter(pk=events[1].pk).update(note="改过的说明")
    ok, out = _verify()
    assert not ok and f"edited: event #{events[1].pk} of orgs.site:{site_a.pk}" in out


def test_audit_verify_finds_an_edit_whose_seal_was_recomputed(site_a):
    """Re-sealing the edited event itself breaks the link of the event after it."""
    events = _record(site_a)
    Event.objects.filter(pk=events[1].pk).update(code="other")
    edited = Event.objects.get(pk=events[1].pk)
    Event.objects.filter(pk=edited.pk).update(hash=audit_chain._digest_of(edited, edited.prev_hash))
    ok, out = _verify()
    assert not ok and f"broken: event #{events[2].pk}" in out and "edited" not in out


def test_audit_verify_finds_a_deleted_event(site_a, site_b):
    events = _record(site_a)
    _record(site_b)
    Event.objects.filter(pk=events[0].pk).delete()
    ok, out = _verify()
    assert not ok and f"broken: event #{events[1].pk} of orgs.site:{site_a.pk}" in out
    assert _verify("--target", f"orgs.site:{site_b.pk}")[0]


def test_audit_verify_finds_an_event_written_around_the_service(site_a):
    Event.objects.create(content_type_id=_ct(site_a), object_id=site_a.pk, code="raw")
    ok, out = _verify()
    assert not ok and "unsealed: event" in out


def test_two_events_cannot_follow_the_same_one(site_a):
    """The database refuses a fork of a chain, whatever writes it."""
    first = event_record(target=site_a, code="a")
    event_record(target=site_a, code="b")
    with pytest.raises(IntegrityError):
        Event.objects.create(
            content_type_id=_ct(site_a), object_id=site_a.pk, code="c", prev_hash=first.hash
        )


def test_a_printed_head_is_found_later_and_a_rewrite_is_not(site_a):
    _record(site_a)
    head = audit_chain.chain_head(site_a)[0][:16]
    assert head in audit_chain.head_line(site_a)
    event_record(target=site_a, code="later")  # written after the print: still a match
    ok, out = _verify("--target", f"orgs.site:{site_a.pk}", "--head", head)
    assert ok and "is event 3 of 4 (1 recorded after the print)" in out
    Event.objects.filter(object_id=site_a.pk, code="step2").update(created_at=timezone.now())
    audit_chain.chain_reseal(site_a)  # the whole chain re-sealed after an edit
    assert _verify()[0]  # consistent in itself …
    ok, out = _verify("--target", f"orgs.site:{site_a.pk}", "--head", head)
    assert not ok and "not in the chain" in out  # … but the paper copy exposes it


def test_backfill_seals_events_written_before_the_chain(site_a, site_b):
    """The data migration gives existing events the seals `event_record` would have given."""
    from django.apps import apps

    backfill = import_module("propdesk.core.migrations.0009_event_hash_backfill")
    sealed = {e.pk: e.hash for e in _record(site_a) + _record(site_b, n=1)}
    for pk in sealed:  # as the rows were before the migration (distinct, to pass the index)
        Event.objects.filter(pk=pk).update(hash="", prev_hash=f"old-{pk}")
    backfill.seal_all(apps, None)
    assert dict(Event.objects.values_list("pk", "hash")) == sealed
    assert audit_chain.chains_verify().ok


def _ct(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="needs concurrent connections (PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_events_on_one_record_stay_one_chain(site_a):
    """8 connections append 10 events each to one record at once: 80 events, no fork, no loss."""
    barrier, errors = threading.Barrier(8), []

    def writer(k):
        try:
            barrier.wait()
            for i in range(5):  # two events per transaction: others wait for its end
                with transaction.atomic():
                    event_record(target=site_a, code=f"w{k}", data={"i": i})
                    event_record(target=site_a, code=f"w{k}", data={"i": i, "second": True})
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = audit_chain.chains_verify()
    assert not errors and report.ok and report.events == 80


def test_created_at_may_be_given(site_a):
    """Loaders that back-date events (bench) pass created_at; the seal covers the given time."""
    when = timezone.now() - timedelta(days=3)
    e = Event(content_type_id=_ct(site_a), object_id=site_a.pk, code="old", created_at=when)
    audit_chain.insert_sealed(e)
    assert Event.objects.get(pk=e.pk).created_at == when and audit_chain.chains_verify().ok
