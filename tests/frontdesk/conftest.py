"""Front-desk fixtures: a desk per site with three shifts, a second agent, ready handovers."""

from datetime import time

import pytest
import time_machine

from propdesk.frontdesk import services
from propdesk.orgs.models import Shift
from tests.factories import DeskFactory, make_user

NIGHT_END = "2026-03-02 07:50 +0800"  # the night shift (00:00–08:00) is about to hand over


def _with_shifts(desk):
    for order, (name, start, end) in enumerate(
        [("早班", time(8), time(16)), ("中班", time(16), time(0)), ("夜班", time(0), time(8))]
    ):
        Shift.objects.create(desk=desk, name=name, start=start, end=end, sort_order=order)
    return desk


@pytest.fixture
def frozen():
    with time_machine.travel(NIGHT_END, tick=False) as tm:
        yield tm


@pytest.fixture
def desk_a(site_a):
    return _with_shifts(DeskFactory(site=site_a, name="一楼大堂前台"))


@pytest.fixture
def desk_b(site_b):
    return _with_shifts(DeskFactory(site=site_b, name="大堂前台"))


@pytest.fixture
def agent2_a(site_a):
    return make_user("agent", site_a)


@pytest.fixture
def submitted(frozen, desk_a, agent_a, agent2_a):
    """A handover by agent_a (night) to agent2_a (morning), every check item passed, submitted."""
    h = services.handover_open(actor=agent_a, desk=desk_a, summary="夜班平稳")
    services.handover_update(actor=agent_a, handover=h, incoming=agent2_a)
    for c in h.checks.all():
        services.handover_check_set(actor=agent_a, handover=h, code=c.code, result="pass")
    services.handover_submit(actor=agent_a, handover=h)
    h.refresh_from_db()
    return h


def read_all(h, user):
    services.handover_record_read(actor=user, handover=h, part="log")
    services.handover_record_read(actor=user, handover=h, part="handover")
    h.refresh_from_db()
    return h
