"""Service fixtures: the ticket fixtures, a contact of site A, a promise maker and an incident."""

from datetime import timedelta

import pytest
from django.utils import timezone

from propdesk.service import services as service_services
from propdesk.tickets import services as ticket_services
from tests.tickets.conftest import *  # noqa: F403 (personas' tickets fixtures)


@pytest.fixture
def contact_a(agent_a, site_a, unit_a, resident_a):
    return ticket_services.contact_register(
        actor=agent_a,
        site=site_a,
        channel="phone",
        kind="inquiry",
        content="业主询问本月停水安排",
        resident=resident_a,
        unit=unit_a,
    )


@pytest.fixture
def make_promise(agent_a, contact_a):
    """make_promise(hours=2, owner=agent_a, **fields) -> an open promise on contact A."""

    def make(hours: float = 2, owner=None, actor=None, **fields):
        fields.setdefault("contact", contact_a)
        return service_services.promise_make(
            actor=actor or agent_a,
            subject=fields.pop("subject", "查询停水安排后回电"),
            due_at=timezone.now() + timedelta(hours=hours),
            owner=owner or agent_a,
            **fields,
        )

    return make


@pytest.fixture
def incident_a(agent_a, site_a, lead_a, csm):
    """A critical incident of site A, reported by agent A after the lead and the manager exist."""
    return service_services.incident_report(
        actor=agent_a,
        site=site_a,
        title="访客在大堂晕倒",
        location="大堂休息区",
        severity="critical",
    )


@pytest.fixture
def roles_present(transactional_db):
    """Roles (groups) come from a data migration; an earlier transactional test may have flushed them."""
    import importlib

    from django.contrib.auth.models import Group

    roles = importlib.import_module("propdesk.people.migrations.0002_roles")
    for code in roles.ROLES:
        Group.objects.get_or_create(name=code)
