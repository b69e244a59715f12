"""A phone call in a real browser, in Chinese: intake → repair ticket → dispatched → accepted and
handled by the engineering head → called back satisfied → closed; the timeline shows each step."""

import os
import re

import pytest
from django.utils import translation

from propdesk.tickets.models import Ticket
from propdesk.tickets.templatetags.ticket_tags import EVENT_LABELS
from tests.browser.conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PROPDESK_SCREENSHOTS", "")
STEPS = ["registered", "dispatch", "accept", "start", "handle", "callback_done", "close"]


def _session(browser, live_server, user, width=1280):
    return signed_in_page(browser, live_server, user, width=width)


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _register_call(page, unit_a):
    page.goto("/tickets/intake/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.fill("#intake-q", "3-1-502")
    page.click("#intake-results button")
    page.wait_for_selector("#picked-resident >> text=张伟")
    page.select_option("#id_category", label="给排水/水暖")
    page.fill("#id_title", "厨房水管漏水")
    page.fill("#id_content", "住户来电：厨房水槽下水管接头漏水，地面有积水。")
    page.fill("#id_desired_outcome", "今天下午上门维修")
    _shot(page, "intake-desktop")
    page.click("button[name=action][value=ticket]")
    page.wait_for_url(re.compile(r".*/tickets/\d+/$"))
    return Ticket.objects.get(title="厨房水管漏水")


def _submit_action(page, action, fill=None):
    form = page.locator(f"#action-{action}")
    for selector, value in (fill or {}).items():
        if selector.startswith("select:"):
            form.locator(selector[7:]).select_option(value)
        else:
            form.locator(selector).fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_phone_call_becomes_repair_handled_called_back_and_closed(
    browser, live_server, agent_a, dept_head_a, resident_a, unit_a, eng_dept_a
):
    agent = _session(browser, live_server, agent_a)
    ticket = _register_call(agent, unit_a)
    _submit_action(agent, "dispatch", {"select:select": str(eng_dept_a.pk)})
    agent.context.close()

    head = _session(browser, live_server, dept_head_a)
    head.goto("/tickets/queue/")
    assert ticket.number in head.content()
    head.select_option(f"#accept-{ticket.pk}", str(dept_head_a.pk))
    head.click(f"form:has(#accept-{ticket.pk}) button[type=submit]")
    head.goto(f"/tickets/{ticket.pk}/")
    _submit_action(head, "start")
    _submit_action(
        head, "handle", {"textarea[name=handle-result]": "已更换下水管接头，试水无渗漏。"}
    )
    head.context.close()

    agent = _session(browser, live_server, agent_a)
    agent.goto("/tickets/callbacks/")
    assert ticket.number in agent.content()
    agent.goto(f"/tickets/{ticket.pk}/")
    _submit_action(
        agent,
        "callback",
        {
            "select:select[name=callback-outcome]": "reached",
            "select:select[name=callback-satisfied]": "yes",
            "select:select[name=callback-score]": "5",
            "textarea[name=callback-comment]": "维修及时，很满意",
        },
    )
    _submit_action(agent, "close")
    ticket.refresh_from_db()
    assert ticket.state == "closed" and ticket.callbacks.get().score == 5
    _shot(agent, "ticket-desktop")
    items = agent.locator("#timeline .timeline-label").all_inner_texts()
    with translation.override("zh-hans"):
        assert items == [str(EVENT_LABELS[code]) for code in STEPS]
    agent.context.close()
    _phone_pages(browser, live_server, agent_a, ticket)


def _phone_pages(browser, live_server, agent_a, ticket):
    """The intake screen and the ticket page fit a 390 px phone without sideways scrolling."""
    page = _session(browser, live_server, agent_a, width=390)
    page.goto("/tickets/intake/")
    page.fill("#intake-q", "张伟")
    page.click("#intake-results button")
    page.wait_for_selector(f"#picked >> text={ticket.number}")
    _shot(page, "intake-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"/tickets/{ticket.pk}/")
    _shot(page, "ticket-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.close()
