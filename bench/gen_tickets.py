"""Bench tickets with contacts, timeline events and callbacks, written in batches with bulk_create."""

import random
from collections import Counter
from datetime import timedelta
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from bench import textgen
from bench.gen_org import Org

BATCH = 5000
STATES = [  # (state, weight, how far the ticket went)
    ("closed", 70, 4), ("callback_done", 3, 4), ("handled", 5, 3), ("in_progress", 5, 2),
    ("dispatched", 7, 1), ("registered", 8, 0), ("cancelled", 2, 0),
]  # fmt: skip
SCHEMES = {"complaint": "TS", "repair": "BX", "help": "QZ", "inquiry": "ZX", "suggestion": "JY"}
DEPT_OF = {"repair": "engineering", "complaint": "cs", "help": "security"}


def _times(rng, start, stage):
    step = [start]
    for _ in range(stage):
        step.append(step[-1] + timedelta(minutes=rng.randint(5, 60 * 24)))
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
    t = _times(rng, created, stage)
    key = (SCHEMES[kind], site_id, timezone.localtime(created).year)
    counters[key] += 1
    dept = org.depts.get((site_id, DEPT_OF.get(kind, "cs")))
    return Ticket(
        number=f"{key[0]}-{key[2]}-{counters[key]:06d}", site_id=site_id, kind=kind,
        category_id=cats[(kind, cat)], state=state, unit_id=unit_id, resident_id=resident_id,
        contact_name=textgen.person(rng), title=title, description=desc,
        desired_outcome=rng.choice(textgen.WISHES), department_id=dept[0] if stage else None,
        assignee_id=dept[1] if stage >= 2 else None, created_by_id=org.agents[site_id],
        created_at=created, dispatched_at=t[1], accepted_at=t[2], handled_at=t[3],
        closed_at=t[4] if state == "closed" else None, result="已处理完毕" if stage >= 3 else "",
    )  # fmt: skip


def _companions(rng, tickets, counters, ct):
    """The contact, the timeline and the callback of each ticket."""
    from propdesk.core.models import Event
    from propdesk.tickets.models import CallbackAttempt, Contact

    contacts, events, callbacks = [], [], []
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
        for code, at, to in moves:
            events.append(Event(content_type=ct, object_id=t.pk, site_id=t.site_id, code=code,
                                actor_id=t.created_by_id, data={"to": to}))  # fmt: skip
            events[-1].created_at = at
        if t.state in ("closed", "callback_done"):
            score = rng.choice([3, 4, 5, 5, 5])
            callbacks.append(CallbackAttempt(ticket_id=t.pk, at=t.handled_at + timedelta(days=1),
                             by_id=t.created_by_id, outcome="reached", satisfied=score >= 4, score=score))  # fmt: skip
    return contacts, events, callbacks


def _save_counters(counters: Counter) -> None:
    from propdesk.core.models import NumberCounter

    NumberCounter.objects.bulk_create(
        [NumberCounter(scheme=s, site_id=site, year=y, last=n) for (s, site, y), n in counters.items()],
        update_conflicts=True, unique_fields=["scheme", "site_id", "year"], update_fields=["last"],
    )  # fmt: skip


def create(org: Org, n: int, planted: list[dict], *, rng: random.Random, log) -> None:
    from propdesk.core.models import Event
    from propdesk.tickets.models import CallbackAttempt, Category, Contact, Ticket

    cats = {(c.kind, c.code): c.pk for c in Category.objects.all()}
    ct = ContentType.objects.get_for_model(Ticket)
    counters, now, done = Counter(), timezone.now(), 0
    while done < n:
        size = min(BATCH, n - done)
        with transaction.atomic():
            batch = [_ticket(rng, org, cats, counters, now,
                             planted[done + i] if done + i < len(planted) else None)
                     for i in range(size)]  # fmt: skip
            batch = Ticket.objects.bulk_create(batch)
            contacts, events, callbacks = _companions(rng, batch, counters, ct)
            Contact.objects.bulk_create(contacts)
            Event.objects.bulk_create(events)
            CallbackAttempt.objects.bulk_create(callbacks)
        done += size
        if done % 50_000 == 0 or done == n:
            log(f"tickets: {done}")
    _save_counters(counters)


def index(*, log) -> None:
    """Fill the search index with the search app's rebuild; generated texts repeat, so memoise."""
    from propdesk.search import segment
    from propdesk.search.services import search_index_rebuild

    words = segment.words_for_search
    cached = lru_cache(maxsize=200_000)(lambda text: tuple(words(text)))
    segment.words_for_search = lambda text: list(cached(text))
    total = search_index_rebuild(
        batch_size=2000, log=lambda name, count: count % 100_000 or log(f"index {name}: {count}")
    )
    log(f"search index: {total} documents")
