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


def _open(agent, site, unit, kind, text):
    contact = services.contact_register(
        actor=agent,
        site=site,
        channel="phone",
        kind=kind,
        content=text,
        unit=unit,
        caller_name="王先生",
    )
    category = Category.objects.filter(kind=kind).first()
    return services.ticket_open(
        actor=agent, contact=contact, kind=kind, category=category, title=text
    )


def test_r_ar_3_last_months_complaint_is_found_as_the_desk_says_it(agent_a, site_a, unit_a):
    """R-AR-3: "上个月3栋漏水那个投诉" finds last month's complaint about a leak in building 3,
    not this month's, and not a repair with the same words."""
    import time_machine

    with time_machine.travel("2026-10-14 10:00 +0800", tick=False):
        wanted = _open(agent_a, site_a, unit_a, "complaint", "楼上漏水一直没人管")
        repair = _open(agent_a, site_a, unit_a, "repair", "楼上漏水一直没人管")
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        this_month = _open(agent_a, site_a, unit_a, "complaint", "楼上漏水一直没人管")
        page = search(agent_a, "上个月3栋漏水那个投诉", doc_types=["ticket"])
    found = _types_ids(page)
    assert ("ticket", wanted.pk) in found
    assert ("ticket", repair.pk) not in found and ("ticket", this_month.pk) not in found
    assert page.hints == ["上个月", "投诉"]


def test_a_kind_or_time_word_alone_is_searched_as_a_word(agent_a, site_a, unit_a):
    ticket = _open(agent_a, site_a, unit_a, "suggestion", "建议增加充电桩")
    page = search(agent_a, "建议", doc_types=["ticket"])
    assert ("ticket", ticket.pk) in _types_ids(page) and page.hints == []
