import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from propdesk.tickets.models import Category, Ticket
from propdesk.triage.services import triage_train

FIXTURE_SEED = Path(__file__).with_name("seed_fixture.jsonl")
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def small_seed(settings):
    """A small seed corpus of our own: the tests do not depend on the shipped corpus."""
    settings.PROPDESK = {**settings.PROPDESK, "TRIAGE_SEED_PATH": str(FIXTURE_SEED)}


@pytest.fixture
def seed_model(db):
    return triage_train(None)


def category(kind, code):
    return Category.objects.get(kind=kind, code=code)


def make_ticket(site, user, text, *, kind, code, state="closed", unit=None, ago=None, **more):
    now = timezone.now()
    return Ticket.objects.create(
        number=f"TG{next(_numbers):07d}",
        site=site,
        kind=kind,
        category=category(kind, code),
        title=text[:30],
        description=text,
        state=state,
        unit=unit,
        created_by=user,
        created_at=now - (ago or timedelta(hours=1)),
        **more,
    )
