"""Pasting past a text limit in a real browser (issue item 3): the box keeps everything pasted,
shows "已输入 N / 4000 字" live, and the server refuses the submit with the limit and the length."""

import os

import pytest

from propdesk.tickets.models import Contact
from tests.browser.conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PROPDESK_SCREENSHOTS", "")


def test_a_5000_character_paste_is_kept_counted_and_refused_with_the_limit(
    browser, live_server, agent_a, resident_a, unit_a
):
    page = signed_in_page(browser, live_server, agent_a)
    page.goto("/tickets/intake/")
    counter = page.locator("#id_content + .pd-counter")
    assert counter.inner_text() == "已输入 0 / 4000 字"
    page.fill("#id_content", "漏" * 4999 + "😀")  # fill() sets the value as a paste does
    assert page.input_value("#id_content") == "漏" * 4999 + "😀"  # nothing cut
    assert counter.inner_text() == "已输入 5000 / 4000 字，超出 1000 字"
    assert "is-invalid" in page.get_attribute("#id_content", "class")
    page.fill("#id_caller_name", "张伟")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "text-limit.png"), full_page=True)
    page.click("button[name=action][value=ticket]")
    page.wait_for_load_state()
    assert "内容最多 4000 字，您输入了 5000 字" in page.content()
    assert page.input_value("#id_content") == "漏" * 4999 + "😀"  # back in the box, to shorten
    assert Contact.objects.count() == 0
