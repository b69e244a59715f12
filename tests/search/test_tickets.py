"""Tickets and contacts in the index: found by words, unit, phone and number; scoped per role."""

import pytest
from django.urls import reverse

from propdesk.search.selectors import search
from propdesk.tickets import services
from propdesk.tickets.models import Category
from tests.factories import DepartmentFactory, make_user


@pytest.fixture
def ticket(agent_a, site_a, unit_a, resident_a, eng_dept_a):
    contact = services.contact_register(
        actor=agent_a,
        site=site_a,
        channel="phone",
        kind="repair",
        content="住户来电：厨房水管漏水了，楼下天花板渗水",
        resident=resident_a,
        unit=unit_a,
    )
    return services.ticket_open(
        actor=agent_a,
        contact=contact,
        kind="repair",
        category=Category.objects.get(kind="repair", code="plumbing"),
        title="厨房水管漏水",
    )


def _types_ids(page):
    return {(h.doc_type, h.object_id) for h in page.hits}


def test_r_fs_9_ticket_found_by_words_unit_phone_and_number(agent_a, ticket):
    """R-FS-9: the desk finds a ticket by its words, unit, a phone fragment or its number."""
    for q in ("漏水", "3-1-502", "3栋1单元502", "5678", ticket.number):
        assert ("ticket", ticket.pk) in _types_ids(search(agent_a, q, doc_types=["ticket"])), q


def test_contact_is_found_too(agent_a, ticket):
    page = search(agent_a, "天花板 渗水")
    contact = ticket.contacts.get()
    assert ("contact", contact.pk) in _types_ids(page)
    urls = {h.url for h in page.hits}
    assert {
        reverse("tickets:contact-detail", args=[contact.pk]),
        reverse("tickets:detail", args=[ticket.pk]),
    } <= urls


def test_ticket_edit_is_found_by_new_words(agent_a, ticket):
    """Saving a ticket re-indexes it (post_save hook)."""
    ticket.title, ticket.description = "电梯按钮失灵", "按下无反应"
    ticket.save()
    assert search(agent_a, "电梯", doc_types=["ticket"]).total == 1
    assert search(agent_a, "厨房", doc_types=["ticket"]).total == 0


def test_other_site_and_other_department_see_nothing(agent_b, site_a, ticket):
    """A1: site B sees nothing of A; a head of another department of A sees nothing either."""
    assert search(agent_b, "漏水").total == 0
    dept = DepartmentFactory(site=site_a, kind="environment", name="环境部")
    head = make_user("dept_head", site_a, department=dept)
    dept.head = head
    dept.save()
    assert search(head, "漏水").total == 0


def test_ticket_filters_combine_with_words(agent_a, ticket):
    assert search(agent_a, "漏水", filters={"state": ticket.state}, doc_types=["ticket"]).total == 1
    assert search(agent_a, "漏水", filters={"state": "closed"}, doc_types=["ticket"]).total == 0
