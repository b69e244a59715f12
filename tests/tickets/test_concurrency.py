"""Concurrent actions with real connections (SECURITY.md C1, C2): one wins, numbers stay gap-free.

Each thread has its own database connection; the tests need PostgreSQL (the in-memory SQLite
test database cannot be shared by threads) and are skipped elsewhere.
"""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from propdesk.core.exceptions import DomainError
from propdesk.core.models import Event
from propdesk.tickets import services
from propdesk.tickets.models import Contact, Ticket
from tests.factories import make_user
from tests.tickets.test_api import REPAIR, Api

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres,
    # skipped before any database set-up: the in-memory SQLite test database is not shared
    pytest.mark.skipif(not ON_POSTGRES, reason="needs concurrent connections (PostgreSQL)"),
    pytest.mark.django_db(transaction=True),
]


def race(*calls) -> list:
    """Run the calls at the same moment, one thread and connection each; outcomes in call order."""
    barrier, outcomes = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, prepare):
        try:
            go = prepare()  # loads rows before the barrier: every caller sees the same version
            barrier.wait()
            outcomes[i] = go()
        except DomainError as exc:
            outcomes[i] = exc.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _fresh(pk: int) -> Ticket:
    return Ticket.objects.select_related("department", "category").get(pk=pk)


def _dispatch_by(agent, pk):
    def prepare():
        ticket = _fresh(pk)
        return lambda: services.ticket_dispatch(actor=agent, ticket=ticket).state

    return prepare


def test_c1_two_agents_dispatching_at_once_one_wins(open_ticket, agent_a, site_a):
    """C1: of two agents dispatching the same ticket at once, one succeeds, the other gets 409."""
    agent2 = make_user("agent", site_a)
    for _ in range(3):
        t = open_ticket()
        outcomes = race(_dispatch_by(agent_a, t.pk), _dispatch_by(agent2, t.pk))
        assert sorted(outcomes) == ["dispatched", "stale"], outcomes
        assert Event.objects.filter(object_id=t.pk, code="dispatch").count() == 1
        assert _fresh(t.pk).version == 1


def test_c1_close_racing_a_reopen_one_wins(handled_ticket, agent_a, site_a):
    """C1: closing while an unsatisfied callback reopens the ticket: exactly one of them happens."""
    agent2 = make_user("agent", site_a)
    t = handled_ticket()
    Ticket.objects.filter(pk=t.pk).update(callback_required=False)

    def close():
        ticket = _fresh(t.pk)
        return lambda: services.ticket_close(actor=agent_a, ticket=ticket).state

    def reopen():
        ticket = _fresh(t.pk)
        return lambda: (
            services.ticket_callback(
                actor=agent2, ticket=ticket, outcome="reached", satisfied=False, score=1
            ).ticket.state
        )

    outcomes = race(close, reopen)
    assert sorted(outcomes) in (["closed", "stale"], ["dispatched", "stale"]), outcomes
    final = _fresh(t.pk)
    assert final.state in outcomes
    codes = list(Event.objects.filter(object_id=t.pk).values_list("code", flat=True))
    assert codes.count("close") + codes.count("reopen") == 1
    # the losing callback left no attempt behind
    assert final.callbacks.count() == (1 if final.state == "dispatched" else 0)


def test_c2_twenty_tickets_created_at_once_have_unique_gap_free_numbers(
    agent_a, unit_a, resident_a, eng_dept_a
):
    """C2, R-FM-3: 20 concurrent API creates → 20 tickets numbered 1..20, contacts too."""
    body = {**REPAIR, "unit": unit_a.pk, "resident": resident_a.pk}
    Api(Client(), agent_a)  # the token, committed before the threads start

    def create():
        api = Api(Client(), agent_a)
        return lambda: api.post("tickets/", body).status_code

    assert race(*[create] * 20) == [201] * 20
    year = Ticket.objects.first().created_at.year
    numbers = sorted(Ticket.objects.values_list("number", flat=True))
    assert numbers == [f"BX-{year}-{n:06d}" for n in range(1, 21)]
    contacts = sorted(Contact.objects.values_list("number", flat=True))
    assert contacts == [f"DJ-{year}-{n:06d}" for n in range(1, 21)]
    assert Event.objects.filter(code="registered").count() == 40  # one per ticket, one per contact


def test_c1_two_answers_of_one_contact_at_once_one_wins(agent_a, site_a, resident_a, unit_a):
    """C1: the contact register has the same rule: of two concurrent answers, one wins."""
    agent2 = make_user("agent", site_a)
    contact = services.contact_register(
        actor=agent_a, site=site_a, channel="phone", kind="inquiry", content="问停车费",
        resident=resident_a, unit=unit_a,
    )  # fmt: skip

    def answer_by(agent):
        def prepare():
            c = Contact.objects.get(pk=contact.pk)
            return lambda: services.contact_answer(actor=agent, contact=c, answer="300元").version

        return prepare

    outcomes = race(answer_by(agent_a), answer_by(agent2))
    assert sum(isinstance(o, int) for o in outcomes) == 1, outcomes
    assert Event.objects.filter(object_id=contact.pk, code="answered").count() == 1
