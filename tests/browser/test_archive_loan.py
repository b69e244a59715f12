"""Borrowing an owner file, in a real browser, in Chinese (R-AR-5): an agent of site A asks to
borrow the unit's owner file (filed through the services), the CS manager — the approving head
for desk staff (docs/archives.md, Borrowing) — approves it on the loan's page, and the archivist
hands it over and takes it back intact there; each page shows the loan's state in words."""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from propdesk.archives import services
from propdesk.archives.models import ArchiveClass, ArchiveLoan
from tests.browser.conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PROPDESK_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def owner_file(archivist, site_a, unit_a):
    return services.record_create(
        actor=archivist,
        archive_class=ArchiveClass.objects.get(code="yz"),
        site=site_a,
        unit_code=unit_a.code,
        title="3栋1单元502 业主档案",
        media="paper",
        room="档案室",
        cabinet="A柜",
        shelf="2层",
        box="YZ-001",
        quantity=3,
        secrecy="internal",
    )


def _state(page) -> str:
    return page.locator("#loan-state").inner_text()


def test_r_ar_5_an_agent_borrows_the_owner_file_the_csm_approves_the_archivist_lends_and_takes_back(
    browser, live_server, site_a, unit_a, agent_a, csm, archivist, owner_file
):
    due = timezone.localdate() + timedelta(days=7)

    # The agent asks to borrow the owner file by its archive number.
    agent = signed_in_page(browser, live_server, agent_a)
    agent.goto(f"/archives/loans/new/?record={owner_file.number}")
    assert agent.locator("h1").inner_text() == "申请借阅档案"
    assert agent.locator("#id_record").input_value() == owner_file.number
    agent.select_option("#id_mode", "borrow")
    agent.fill("#id_purpose", "核对业主产权信息")
    agent.fill("#id_due_date", due.isoformat())
    agent.click("#send-loan")
    agent.wait_for_url(re.compile(r"/archives/loans/\d+/$"))
    loan = ArchiveLoan.objects.get()
    assert "申请已提交审批。" in agent.locator("main").inner_text()
    assert _state(agent) == "待审批"
    assert "尚未批准" in agent.locator("#approvals").inner_text()
    assert owner_file.number in agent.locator("main dl").inner_text()
    assert agent.locator("#approve").count() == 0  # nobody approves their own request
    assert agent.locator("#lend").count() == 0
    _shot(agent, "archive-loan-requested")
    url = f"/archives/loans/{loan.pk}/"

    # The CS manager, the head for desk staff, approves.
    head = signed_in_page(browser, live_server, csm)
    head.goto(url)
    assert _state(head) == "待审批"
    assert head.locator("#lend").count() == 0
    head.fill("#actions form[action$='/approve/'] [name=note]", "同意借阅，按期归还")
    head.click("#approve")
    head.wait_for_url(f"**{url}")
    assert "已批准。" in head.locator("main").inner_text()
    assert _state(head) == "已批准，待交付"
    approvals = head.locator("#approvals").inner_text()
    assert "尚未批准" not in approvals and str(csm) in approvals
    assert head.locator("#approve").count() == 0
    _shot(head, "archive-loan-approved")

    # The archivist hands it over, then takes it back intact.
    keeper = signed_in_page(browser, live_server, archivist)
    keeper.goto(url)
    assert _state(keeper) == "已批准，待交付"
    keeper.click("#lend")
    keeper.wait_for_url(f"**{url}")
    assert "已交付，借阅人可保留到应还日期。" in keeper.locator("main").inner_text()
    assert _state(keeper) == "已借出"
    assert keeper.locator("#lend").count() == 0
    _shot(keeper, "archive-loan-lent")
    assert ArchiveLoan.objects.get().state == "lent"

    agent.goto(url)  # the borrower sees it out with them
    assert _state(agent) == "已借出"

    keeper.select_option("#actions form[action$='/take_back/'] [name=intact]", "1")
    keeper.click("#take-back")
    keeper.wait_for_url(f"**{url}")
    assert "已收回。" in keeper.locator("main").inner_text()
    assert _state(keeper) == "已归还"  # an archive loan's own word, not the work pass's 已退证
    assert "归还时间" in keeper.locator("main dl").inner_text()
    assert "退证" not in keeper.locator("main").inner_text()
    assert "完好" in keeper.locator("#returned").inner_text()
    assert keeper.locator("#take-back").count() == 0
    _shot(keeper, "archive-loan-returned")

    loan.refresh_from_db()
    assert loan.state == "returned" and loan.returned_intact is True
    assert loan.head_approved_by == csm and loan.lent_by == archivist
    assert loan.returned_by == archivist and loan.borrower == agent_a
    for pg in (agent, head, keeper):
        pg.context.close()
