"""Ticket fixtures: departments with heads and workers, categories, a helper to open tickets."""

import pytest

from propdesk.tickets import services
from propdesk.tickets.models import Category
from tests.factories import DepartmentFactory, make_user


@pytest.fixture
def cs_dept_a(site_a):
    return DepartmentFactory(site=site_a, kind="cs", name="客服部")


@pytest.fixture
def worker_a(site_a, eng_dept_a):
    return make_user("dept_staff", site_a, department=eng_dept_a)


@pytest.fixture
def env_head_a(site_a):
    dept = DepartmentFactory(site=site_a, kind="environment", name="环境部")
    user = make_user("dept_head", site_a, department=dept)
    dept.head = user
    dept.save()
    return user


def category(kind: str, code: str) -> Category:
    return Category.objects.get(kind=kind, code=code)


@pytest.fixture
def open_ticket(agent_a, site_a, unit_a, resident_a, eng_dept_a, dept_head_a):
    """open_ticket(kind="repair", category="plumbing", **fields) -> a registered ticket of site A."""

    def make(kind="repair", category_code=None, actor=None, content="厨房水管漏水了", **fields):
        code = (
            category_code
            or {
                "repair": "plumbing",
                "complaint": "repair",
                "inquiry": "general",
                "help": "general",
                "suggestion": "general",
            }[kind]
        )
        contact = services.contact_register(
            actor=actor or agent_a,
            site=site_a,
            channel="phone",
            kind=kind,
            content=content,
            resident=resident_a,
            unit=unit_a,
        )
        fields.setdefault("title", content[:20])
        return services.ticket_open(
            actor=actor or agent_a,
            contact=contact,
            kind=kind,
            category=category(kind, code),
            **fields,
        )

    return make


@pytest.fixture
def handled_ticket(open_ticket, agent_a, dept_head_a, worker_a):
    """handled_ticket(kind=...) -> a ticket dispatched, accepted, started and handled."""

    def make(kind="repair", **kw):
        t = open_ticket(kind=kind, **kw)
        services.ticket_dispatch(actor=agent_a, ticket=t)
        services.ticket_accept(actor=dept_head_a, ticket=t, assignee=worker_a)
        services.ticket_start(actor=worker_a, ticket=t)
        services.ticket_handle(actor=worker_a, ticket=t, result="已更换水管接头")
        return t

    return make
