"""Bench tickets with contacts, timeline events, callbacks and SLA clocks, then the search index.

On PostgreSQL the sites are shared out between worker processes (one per core): each writes its
own sites' tickets with `COPY` (bench.pgcopy), so number counters never collide; the search index
is then filled in parallel by primary-key range with the search app's own `document_for`, the GIN
index dropped during the load and rebuilt once at the end. On SQLite (small runs) everything runs
in this process with bulk_create.
"""

import multiprocessing
import os
import random
from collections import Counter
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.utils import timezone

from bench import textgen
from bench.gen_org import Org
from bench.pgcopy import copy_objects, reserve_ids

BATCH = 5000
WORKERS = int(os.environ.get("BENCH_WORKERS", os.cpu_count() or 2))
STATES = [  # (state, weight, how far the ticket went)
    ("closed", 70, 4), ("callback_done", 3, 4), ("handled", 5, 3), ("in_progress", 5, 2),
    ("dispatched", 7, 1), ("registered", 8, 0), ("cancelled", 2, 0),
]  # fmt: skip
OPEN_STATES = {"callback_done", "handled", "in_progress", "dispatched", "registered"}
SCHEMES = {"complaint": "TS", "repair": "BX", "help": "QZ", "inquiry": "ZX", "suggestion": "JY"}
DEPT_OF = {"repair": "engineering", "complaint": "cs", "help": "security"}
RESOLVE_MINUTES = 2 * 24 * 60


def _times(rng, start, stage, now):
    step = [start]
    for _ in range(stage):
        step.append(min(now, step[-1] + timedelta(minutes=rng.randint(5, 60 * 24))))
    return step + [None] * (5 - len(step))


def _ticket(rng, org, cats, counters, now, plant=None):
    from propdesk.tickets.models import Ticket

    site_id, unit_id, code, resident_id = rng.choice(org.units)
    title, desc, kind, cat = textgen.ticket_text(rng, code)
    if plant:
        title, desc = plant["title"], plant.get("description", desc)
    state = rng.choices([s for s, _, _ in STATES], [w for _, w, _ in STATES])[0]
    stage = dict((s, g) for s, _, g in STATES)[state]
    created = now - timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
    t = _times(rng, created, stage, now)
    key = (SCHEMES[kind], site_id, timezone.localtime(created).year)
    counters[key] += 1
    dept = org.depts.get((site_id, DEPT_OF.get(kind, "cs")))
    return Ticket(
        number=f"{key[0]}-{key[2]}-{counters[key]:06d}", site_id=site_id, kind=kind,
        category_id=cats[(kind, cat)], state=state, unit_id=unit_id, resident_id=resident_id,
        contact_name=textgen.person(rng), title=title, description=desc,
        desired_outcome=rng.choice(textgen.WISHES), department_id=dept[0] if stage else None,
        assignee_id=dept[1] if stage >= 2 else None, created_by_id=org.agents[site_id],
        created_at=created, updated_at=max(x for x in t if x), dispatched_at=t[1],
        accepted_at=t[2], handled_at=t[3], closed_at=t[4] if state == "closed" else None,
        result="已处理完毕" if stage >= 3 else "",
    )  # fmt: skip


def _companions(rng, tickets, counters, ct, now):
    """The contact, the timeline, the callback and the running SLA clock of each ticket."""
    from propdesk.core.audit_chain import event_digest
    from propdesk.core.models import Event
    from propdesk.tickets.models import CallbackAttempt, Contact, SlaClock

    contacts, events, callbacks, clocks = [], [], [], []
    for t in tickets:
        key = ("DJ", t.site_id, timezone.localtime(t.created_at).year)
        counters[key] += 1
        contacts.append(Contact(
            number=f"DJ-{key[2]}-{counters[key]:06d}", site_id=t.site_id, received_at=t.created_at,
            channel=rng.choice(["phone", "visit", "online"]), kind=t.kind, resident_id=t.resident_id,
            caller_name=t.contact_name, unit_id=t.unit_id, content=t.description,
            received_by_id=t.created_by_id, disposition="ticket", ticket_id=t.pk,
        ))  # fmt: skip
        moves = [("registered", t.created_at, "registered")]
        moves += [(a, at, s) for a, at, s in (("dispatch", t.dispatched_at, "dispatched"),
                  ("handle", t.handled_at, "handled"), ("close", t.closed_at, "closed")) if at]  # fmt: skip
        prev = ""
        for code, at, to in moves:
            e = Event(content_type=ct, object_id=t.pk, site_id=t.site_id, code=code,
                      actor_id=t.created_by_id, data={"to": to}, created_at=at, prev_hash=prev)  # fmt: skip
            e.hash = prev = event_digest(target="tickets.ticket", object_id=t.pk, site_id=t.site_id,
                                         actor_id=e.actor_id, code=code, data=e.data, note="",
                                         created_at=at, prev_hash=prev)  # fmt: skip
            events.append(e)
        if t.state in ("closed", "callback_done"):
            score = rng.choice([3, 4, 5, 5, 5])
            callbacks.append(CallbackAttempt(ticket_id=t.pk, at=t.handled_at + timedelta(days=1),
                             by_id=t.created_by_id, outcome="reached", satisfied=score >= 4, score=score))  # fmt: skip
        if t.state in OPEN_STATES and not t.handled_at:
            due = t.created_at + timedelta(minutes=RESOLVE_MINUTES)
            warn = t.created_at + timedelta(minutes=RESOLVE_MINUTES * 0.8)
            clocks.append(SlaClock(
                ticket_id=t.pk, site_id=t.site_id, target="resolve", minutes=RESOLVE_MINUTES,
                started_at=t.created_at, due_at=due, warn_at=warn,
                warned_at=warn if warn < now else None, breached_at=due if due < now else None,
            ))  # fmt: skip
    return contacts, events, callbacks, clocks


def _save_counters(counters: Counter) -> None:
    from propdesk.core.models import NumberCounter

    NumberCounter.objects.bulk_create(
        [NumberCounter(scheme=s, site_id=site, year=y, last=n) for (s, site, y), n in counters.items()],
        update_conflicts=True, unique_fields=["scheme", "site_id", "year"], update_fields=["last"],
    )  # fmt: skip


def _create_part(org: Org, n: int, planted: list[dict], seed: int, log) -> Counter:
    """Write `n` tickets of `org`'s sites (and their companions); returns the number counters."""
    from propdesk.core.models import Event
    from propdesk.tickets.models import CallbackAttempt, Category, Contact, SlaClock, Ticket

    rng = random.Random(seed)
    cats = {(c.kind, c.code): c.pk for c in Category.objects.all()}
    ct = ContentType.objects.get_for_model(Ticket)
    counters, now, done = Counter(), timezone.now(), 0
    while done < n:
        size = min(BATCH, n - done)
        with transaction.atomic():
            batch = [_ticket(rng, org, cats, counters, now,
                             planted[done + i] if done + i < len(planted) else None)
                     for i in range(size)]  # fmt: skip
            if connection.vendor == "postgresql":
                for ticket, pk in zip(batch, reserve_ids(Ticket, size), strict=True):
                    ticket.pk = pk
            copy_objects(Ticket, batch, with_pk=True)
            contacts, events, callbacks, clocks = _companions(rng, batch, counters, ct, now)
            for model, rows in ((Contact, contacts), (Event, events),
                                (CallbackAttempt, callbacks), (SlaClock, clocks)):  # fmt: skip
                copy_objects(model, rows)
        done += size
        if done % 50_000 == 0 or done == n:
            log(f"tickets ({seed}): {done} / {n}")
    return counters


def _in_worker(func, *args):
    """Run `func` in a spawned process with its own Django and database connection."""
    from bench.generate import log

    try:
        return func(*args, log=log)
    finally:
        connections.close_all()


def _parallel(func, jobs: list[tuple]) -> list:
    from bench.generate import setup_django

    connections.close_all()  # children open their own; Django is set up before a job arrives
    with multiprocessing.get_context("spawn").Pool(len(jobs), initializer=setup_django) as pool:
        return pool.starmap(_in_worker, [(func, *job) for job in jobs])


def create(org: Org, n: int, planted: list[dict], *, seed: int, log) -> None:
    workers = WORKERS if connection.vendor == "postgresql" else 1
    if workers == 1:
        counters = _create_part(org, n, planted, seed, log=log)
    else:
        jobs = [(org.part(k, workers), n // workers + (k < n % workers), planted if k == 0 else [],
                 seed + k) for k in range(workers)]  # fmt: skip
        counters = sum(_parallel(_create_part, jobs), Counter())
    _save_counters(counters)


def _index_part(name: str, low: int, high: int, log) -> int:
    from propdesk.search import registry
    from propdesk.search.models import SearchDocument
    from propdesk.search.services import _batches, document_for

    done = 0
    for rows in _batches(registry.get(name).all_objects().filter(pk__range=(low, high)), 2000):
        with transaction.atomic():
            copy_objects(SearchDocument, [document_for(name, obj) for obj in rows])
        done += len(rows)
        if done % 100_000 < 2000:
            log(f"index {name} [{low}…{high}]: {done}")
    return done


def index(*, log) -> None:
    """Fill the search index with the search app's own document builder."""
    from django.db.models import Max, Min

    from propdesk.search import registry
    from propdesk.search.services import search_index_rebuild

    if connection.vendor != "postgresql":
        total = search_index_rebuild(batch_size=2000)
        log(f"search index: {total} documents")
        return
    with connection.cursor() as cursor:  # one GIN build at the end beats 2M incremental inserts
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename = 'search_searchdocument' AND indexdef ILIKE '%% USING gin %%'"
        )
        gins = cursor.fetchall()
        for name, _ in gins:
            cursor.execute(f'DROP INDEX "{name}"')
    jobs = []
    for name in registry.types():
        bounds = registry.get(name).model._default_manager.aggregate(low=Min("pk"), high=Max("pk"))
        if bounds["low"] is None:
            continue
        step = (bounds["high"] - bounds["low"]) // WORKERS + 1
        jobs += [
            (name, low, low + step - 1) for low in range(bounds["low"], bounds["high"] + 1, step)
        ]
    total = 0
    for start in range(0, len(jobs), WORKERS):
        total += sum(_parallel(_index_part, jobs[start : start + WORKERS]))
    log(f"search index: {total} documents; building the GIN index")
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _, definition in gins:
            cursor.execute(definition)
        cursor.execute("VACUUM ANALYZE")  # statistics and the visibility map, as autovacuum would
    log("search index ready")
