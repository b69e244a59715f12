"""The shift handover in a real browser, in Chinese (R-HO-3 … R-HO-7): the night agent hands over,
the morning agent asks, gets the answer, finds a failed check item and refuses; the supervisor
resolves; the handover is accepted; the supervisor and the manager sign: four signatures."""

import os

import pytest

from tests.browser.conftest import signed_in_page
from tests.factories import make_user
from tests.frontdesk.conftest import _with_shifts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PROPDESK_SCREENSHOTS", "")


def _as(browser, live_server, user):
    return signed_in_page(browser, live_server, user, width=390, height=844)


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_r_ho_5_r_ho_7_night_agent_hands_over_refusal_resolved_four_signatures(
    browser, live_server, site_a, agent_a, lead_a, csm
):
    from tests.factories import DeskFactory

    desk = _with_shifts(DeskFactory(site=site_a, name="一楼大堂前台"))
    morning = make_user("agent", site_a)
    morning.name = "王芳"
    morning.save(update_fields=["name"])
    agent_a.name = "李静"
    agent_a.save(update_fields=["name"])
    night = _as(browser, live_server, agent_a)
    night.goto("/desk/")
    night.click(f"form[action='/desk/desks/{desk.pk}/take/'] button")
    night.click(f"form[action='/desk/desks/{desk.pk}/handover/'] button")
    night.wait_for_url("**/desk/handovers/*/")
    url = night.url
    night.fill("#id_summary", "夜班平稳，3栋漏水已派工程部")
    night.select_option("#id_incoming", str(morning.pk))
    night.click("#save-draft")
    for code in [r.get_attribute("data-code") for r in night.locator("#checks tbody tr").all()]:
        row = f"#checks tr[data-code='{code}']"
        night.select_option(
            f"{row} select[name=result]", "fail" if code == "cctv_working" else "pass"
        )
        if code == "cctv_working":
            night.fill(f"{row} input[name=remark]", "3号摄像头黑屏")
        night.click(f"{row} button")
    _shot(night, "handover-draft")
    night.click("#submit-handover")
    assert night.locator("#handover-state").inner_text() != ""

    am = _as(browser, live_server, morning)
    am.goto("/desk/")
    am.click("#awaiting a")
    am.click("#open-log")
    am.go_back()
    am.fill("#actions input[name=text] >> nth=0", "3号摄像头什么时候坏的？")
    am.click("#ask")
    night.goto(url)
    night.fill("#questions input[name=text]", "凌晨3点发现，已报工程部")
    night.click("#questions button")
    am.goto(url)
    assert "凌晨3点发现" in am.locator("#questions").inner_text()
    assert "3号摄像头黑屏" in am.locator("#checks").inner_text()
    am.fill("#actions form[action$='/refuse/'] input[name=text]", "监控摄像头故障未修复，不能接班")
    am.click("#refuse")
    assert "监控摄像头故障未修复" in am.locator("#refusal").inner_text()

    lead = _as(browser, live_server, lead_a)
    lead.goto(url)
    lead.fill("#actions input[name=note]", "工程部已修复摄像头")
    lead.click("#resolve")
    assert "工程部已修复摄像头" in lead.locator("#resolution").inner_text()

    am.goto(url)
    am.click("#accept")
    am.wait_for_selector("#handover-state")
    _shot(am, "handover-accepted")
    lead.goto("/desk/review/")
    _shot(lead, "review-queue")
    lead.click(
        f"#review-queue form[action='{url.split(live_server.url)[1].replace('handovers', 'sign/handover')}'] button"
    )
    mgr = _as(browser, live_server, csm)
    mgr.goto(url)
    mgr.click("button[data-sign=manager]")
    mgr.goto(url)
    sigs = mgr.locator("table.signatures")
    for slot, who in [
        ("outgoing", agent_a),
        ("incoming", morning),
        ("supervisor", lead_a),
        ("manager", csm),
    ]:
        row = sigs.locator(f"tr[data-slot={slot}]").inner_text()
        assert str(who) in row and "20" in row, slot
    _shot(mgr, "handover-signed")
