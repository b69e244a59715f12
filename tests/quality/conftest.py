import datetime
import itertools

import pytest
from django.utils import timezone

from propdesk.tickets.models import CallbackAttempt, Category, Contact, SlaClock, Ticket
from tests.factories import DepartmentFactory

_numbers = itertools.count(1)


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def make_ticket(site, user, *, kind="complaint", created_at, category=None, **fields):
    category = category or Category.objects.filter(kind=kind).first()
    return Ticket.objects.create(
        number=f"T{next(_numbers):07d}",
        site=site,
        kind=kind,
        category=category,
        title=fields.pop("title", "电梯故障投诉"),
        created_by=user,
        created_at=created_at,
        **fields,
    )


def add_contact(ticket, channel, user):
    return Contact.objects.create(
        number=f"C{next(_numbers):07d}",
        site=ticket.site,
        received_at=ticket.created_at,
        channel=channel,
        kind="complaint",
        content=ticket.title,
        received_by=user,
        ticket=ticket,
        disposition="ticket",
    )


def add_callback(ticket, user, *, satisfied, score, outcome="reached", at_=None):
    return CallbackAttempt.objects.create(
        ticket=ticket,
        at=at_ or (ticket.handled_at or ticket.created_at) + datetime.timedelta(hours=5),
        by=user,
        outcome=outcome,
        satisfied=satisfied if outcome == "reached" else None,
        score=score if outcome == "reached" else None,
    )


def add_clock(ticket, target, *, met=True, late=0):
    start = ticket.created_at
    return SlaClock.objects.create(
        ticket=ticket,
        site_id=ticket.site_id,
        target=target,
        minutes=60,
        state="met" if met else "running",
        started_at=start,
        due_at=start + datetime.timedelta(hours=1),
        warn_at=start + datetime.timedelta(minutes=48),
        met_at=start + datetime.timedelta(minutes=30) if met else None,
        late_minutes=late if met else None,
        breached_at=start + datetime.timedelta(hours=1) if late else None,
    )


@pytest.fixture
def security_dept_a(site_a):
    return DepartmentFactory(site=site_a, kind="security", name="秩序部")
