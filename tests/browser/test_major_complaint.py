"""R-CP-4 in a real browser, in Chinese: a complaint mentioning 受伤 is flagged major at intake and
appears on the property-centre manager's board."""

import re

import pytest

from propdesk.tickets.models import Ticket
from tests.browser.test_ticket_flow import _session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_cp_4_injury_complaint_reaches_the_centre_managers_board(
    browser, live_server, agent_a, pcm_a, resident_a, unit_a
):
    agent = _session(browser, live_server, agent_a)
    agent.goto("/tickets/intake/")
    agent.fill("#intake-q", "3-1-502")
    agent.click("#intake-results button")
    agent.wait_for_selector("#picked-resident >> text=张伟")
    agent.select_option("#id_kind", "complaint")
    agent.wait_for_selector("#id_category option:text('环境卫生')", state="attached")
    agent.select_option("#id_category", label="环境卫生")
    agent.fill("#id_title", "楼道地滑老人摔倒")
    agent.fill("#id_content", "楼道保洁拖地后没有放警示牌，老人滑倒受伤，家属很生气。")
    agent.click("button[name=action][value=ticket]")
    agent.wait_for_url(re.compile(r".*/tickets/\d+/$"))
    ticket = Ticket.objects.get(title="楼道地滑老人摔倒")
    assert ticket.is_major and ticket.major_owner == pcm_a
    agent.context.close()

    manager = _session(browser, live_server, pcm_a)
    manager.goto("/service/board/major/")
    assert manager.locator("html").get_attribute("lang") == "zh-hans"
    board = manager.locator("main").inner_text()
    assert ticket.number in board and "楼道地滑老人摔倒" in board and "重大投诉" in board
    manager.context.close()
