"""Activity of two agents of site A on one day, through the desk's own services."""

import datetime

import pytest
import time_machine

from propdesk.frontdesk import services as desk
from propdesk.service import services as service
from propdesk.tickets import services as tickets
from tests.tickets.conftest import *  # noqa: F403 (open_ticket, handled_ticket, worker_a …)

DAY = datetime.date(2026, 3, 3)  # a Tuesday


@pytest.fixture
def agent2_a(site_a):
    from tests.factories import make_user

    return make_user("agent", site_a)


def _work(agent, open_ticket, handled_ticket, unit_a, resident_a, site_a, *, contacts, parcels):
    """`contacts` contacts (one becomes a dispatched ticket), a promise made and kept, `parcels` parcels."""
    for i in range(contacts):
        tickets.contact_register(
            actor=agent, site=site_a, channel="phone", kind="inquiry", content=f"询问{i}",
            resident=resident_a, unit=unit_a,
        )  # fmt: skip
    t = open_ticket(actor=agent)
    tickets.ticket_dispatch(actor=agent, ticket=t)
    p = service.promise_make(
        actor=agent, subject="回电告知", due_at=datetime.datetime(2026, 3, 3, 16, tzinfo=datetime.UTC),
        owner=agent, ticket=t,
    )  # fmt: skip
    service.promise_keep(actor=agent, promise=p, channel="phone", text="已回电")
    for _ in range(parcels):
        desk.mail_register(actor=agent, site_id=site_a.pk, unit=unit_a, resident=resident_a)
    return t


@pytest.fixture
def day_of_work(agent_a, agent2_a, open_ticket, handled_ticket, unit_a, resident_a, site_a):
    """Agent A: 3 contacts + 1 ticket's contact, 1 dispatch, 1 promise made and kept, 2 parcels,
    a reached and an unanswered callback. Agent A2: 1 + 1 contacts, 1 dispatch, 1 promise, 1 parcel."""
    with time_machine.travel("2026-03-03 09:00 +0800", tick=False):
        _work(
            agent_a, open_ticket, handled_ticket, unit_a, resident_a, site_a, contacts=3, parcels=2
        )
        _work(
            agent2_a, open_ticket, handled_ticket, unit_a, resident_a, site_a, contacts=1, parcels=1
        )
        done = handled_ticket()
        tickets.ticket_callback(actor=agent_a, ticket=done, outcome="no_answer")
        tickets.ticket_callback(
            actor=agent_a, ticket=done, outcome="reached", satisfied=True, score=5
        )
    return done
