"""Attendance in a real browser (R-ST-3, R-ST-4): the agent opens the desk's clock-in code on the
desk screen, scans it with a phone (390×844: the phone opens the URL the QR encodes) and clocks
in; at month end the CS manager computes, reviews and confirms the month on the review page;
the agent sees their deduction explained day by day on their phone."""

import pytest

from propdesk.staff.models import MonthSummary, Punch
from tests.browser.conftest import signed_in_page
from tests.factories import DeskFactory, make_user
from tests.staff.helpers import staffed, work_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_st_4_clock_in_by_qr_review_confirm_and_deduction_explained(browser, live_server, site_a):
    agent = staffed("agent", site_a)
    csm = make_user("cs_manager", site_a)
    desk = DeskFactory(site=site_a, name="总台")
    work_month(agent, late_days=3)  # November: three late days

    screen = signed_in_page(browser, live_server, agent)  # the desk screen
    screen.goto(f"/staff/desk/{desk.pk}/")
    url = screen.get_attribute("#desk-qr", "data-url")
    assert "/staff/clock/?code=PDQ1:" in url and screen.locator("#desk-qr svg").count() == 1

    phone = signed_in_page(browser, live_server, agent, width=390, height=844)
    phone.goto(url)
    phone.click("#clock-in")
    phone.wait_for_url("**/staff/")
    assert "已上班打卡" in phone.content()
    assert Punch.objects.filter(person=agent, method="qr", desk=desk).count() == 1

    mgr = signed_in_page(browser, live_server, csm)
    mgr.goto(f"/staff/review/?site={site_a.pk}&month=2026-11")
    mgr.click("#compute")
    mgr.wait_for_selector("#months tbody tr[data-pk]")
    mgr.click("#months tbody tr[data-pk] button:has-text('标记为已审核')")
    mgr.wait_for_selector("#months tbody tr[data-pk] button:has-text('确认本月')")
    mgr.click("#months tbody tr[data-pk] button:has-text('确认本月')")
    mgr.wait_for_selector("#months tbody tr[data-pk]:has-text('已确认')")
    assert MonthSummary.objects.get(person=agent).state == "confirmed"

    phone.goto("/staff/month/?month=2026-11")
    assert phone.inner_text("#month-state") == "已确认"
    assert "270.00" in phone.inner_text("#deduction")
    explained = phone.inner_text("#rule-explained")
    assert "2" in explained and "5" in explained and "四舍五入" in explained
    lines = phone.inner_text("#lines")
    assert lines.count("-60.00") == 2 and "-150.00" in lines and "第 3 次迟到" in lines
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
