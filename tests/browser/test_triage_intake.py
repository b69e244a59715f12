"""A real browser at the intake screen (R-FD-1, R-CP-8, R-CP-4): typing "3栋电梯困人了，快来人"
proposes repair / 电梯 / 工程部 with an emergency hint, one click fills the form; a second call
about the same lift shows the first ticket as a likely duplicate and links to it in one click."""

import re

import pytest
from playwright.sync_api import expect

from propdesk.tickets.models import Category, Contact, Ticket
from propdesk.triage.services import triage_train
from tests.browser.conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_suggestion_applied_then_second_call_linked_to_the_first(
    browser, live_server, agent_a, site_a, eng_dept_a, dept_head_a
):
    triage_train(None)  # the seed corpus shipped with the product
    lift = Category.objects.get(kind="repair", code="elevator")
    page = signed_in_page(browser, live_server, agent_a)
    page.goto("/tickets/intake/")
    page.fill("#id_caller_name", "王先生")
    page.fill("#id_content", "3栋电梯困人了，快来人")
    first = page.locator("#triage-suggestions button").first
    first.wait_for()
    assert "电梯" in first.inner_text() and "工程部" in first.inner_text()
    assert "紧急" in page.locator("#triage-urgency").inner_text()
    assert "电梯" in first.get_attribute("title")  # the why, on hover
    first.click()
    expect(page.locator("#id_category")).to_have_value(str(lift.pk))
    expect(page.locator("#id_department")).to_have_value(str(eng_dept_a.pk))
    expect(page.locator("#id_kind")).to_have_value("repair")
    expect(page.locator("#id_priority")).to_have_value("emergency")
    page.click("button[name=action][value=dispatch]")
    page.wait_for_url(re.compile(r".*/tickets/\d+/$"))
    ticket = Ticket.objects.get()
    assert (ticket.category_id, ticket.priority, ticket.department_id) == (
        lift.pk,
        "emergency",
        eng_dept_a.pk,
    )

    page.goto("/tickets/intake/")
    page.fill("#id_caller_name", "李女士")
    page.fill("#id_content", "三号楼电梯停了，里面好像有人")
    link = page.locator("#triage-duplicates .triage-link").first
    link.wait_for()
    assert ticket.number in page.locator("#triage-duplicates").inner_text()
    link.click()
    page.wait_for_url(re.compile(rf".*/tickets/{ticket.pk}/$"))
    second = Contact.objects.get(caller_name="李女士")
    assert second.ticket_id == ticket.pk and Ticket.objects.count() == 1
