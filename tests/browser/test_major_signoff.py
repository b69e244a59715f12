"""R-CP-4 in a real browser, in Chinese, from registration to closed: a complaint about an injury is
major at intake, the environment head handles it, the desk calls back, the desk cannot close it
until the property-centre manager signs it off from the major-complaints board, then closes it."""

import re

import pytest

from propdesk.tickets.models import Ticket
from tests.browser.test_ticket_flow import _session, _shot, _submit_action
from tests.factories import DepartmentFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def env_head_a(site_a):
    dept = DepartmentFactory(site=site_a, kind="environment", name="环境部")
    dept.head = make_user("dept_head", site_a, department=dept)
    dept.save()
    return dept.head


def _register(page):
    page.goto("/tickets/intake/")
    page.fill("#intake-q", "3-1-502")
    page.click("#intake-results button")
    page.wait_for_selector("#picked-resident >> text=张伟")
    page.select_option("#id_kind", "complaint")
    page.wait_for_selector("#id_category option:text('环境卫生')", state="attached")
    assert page.locator("#id_severity option[value=major]").count() == 0  # agents: no 重大
    page.select_option("#id_category", label="环境卫生")
    page.fill("#id_title", "楼道地滑老人摔倒")
    page.fill("#id_content", "楼道拖地后没有放警示牌，老人滑倒受伤。")
    page.fill("#id_desired_outcome", "物业道歉并承担医药费")
    page.click("button[name=action][value=dispatch]")
    page.wait_for_url(re.compile(r".*/tickets/\d+/$"))
    return Ticket.objects.get(title="楼道地滑老人摔倒")


def _handle(browser, live_server, head, ticket):
    page = _session(browser, live_server, head)
    page.goto("/tickets/queue/")
    page.select_option(f"#accept-{ticket.pk}", str(head.pk))
    page.click(f"form:has(#accept-{ticket.pk}) button[type=submit]")
    page.goto(f"/tickets/{ticket.pk}/")
    _submit_action(page, "start")
    _submit_action(page, "handle", {"textarea[name=handle-result]": "已致歉，承担医药费。"})
    page.context.close()


def test_r_cp_4_major_complaint_from_registration_to_closed(
    browser, live_server, agent_a, env_head_a, pcm_a, resident_a, unit_a
):
    agent = _session(browser, live_server, agent_a)
    ticket = _register(agent)
    assert ticket.is_major and ticket.state == "dispatched"
    _handle(browser, live_server, env_head_a, ticket)

    agent.goto(f"/tickets/{ticket.pk}/")
    _submit_action(
        agent,
        "callback",
        {
            "select:select[name=callback-outcome]": "reached",
            "select:select[name=callback-satisfied]": "yes",
            "select:select[name=callback-score]": "4",
        },
    )
    assert agent.locator("#action-close").count() == 0  # not offered before the sign-off
    assert "待物业中心经理签认" in agent.locator("#major-signoff").inner_text()
    _shot(agent, "major-awaiting-signoff")

    manager = _session(browser, live_server, pcm_a)
    manager.goto("/service/board/major/")
    row = manager.locator(f"#signoff-{ticket.pk}")
    row.locator("summary").click()
    row.locator("textarea[name=major_signoff-note]").fill("已赔偿医药费，业主同意结案")
    _shot(manager, "major-board")
    row.locator("button[type=submit]").click()
    manager.wait_for_load_state()
    assert manager.locator(f"#signoff-{ticket.pk}").count() == 0
    _shot(manager, "major-board-signed")
    manager.context.close()

    agent.goto(f"/tickets/{ticket.pk}/")
    _submit_action(
        agent,
        "close",
        {
            "textarea[name=close-cause]": "保洁未放警示牌",
            "select:select[name=close-responsibility]": "company",
        },
    )
    ticket.refresh_from_db()
    assert ticket.state == "closed"
    assert "已赔偿医药费" in agent.locator("#major-signoff").inner_text()
    agent.context.close()
