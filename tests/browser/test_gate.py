"""The gate on a phone (390×844), in a real browser, in Chinese (R-FD-3): a guard types a slip's
code, checks the goods, records the carrier's ID and lets it out; typing it again shows "already
used" with who and when."""

import os

import pytest

from propdesk.passes import tokens
from propdesk.passes.models import GoodsRelease
from tests.browser.conftest import signed_in_page
from tests.factories import DepartmentFactory, make_user, resident_in
from tests.passes.conftest import release_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PROPDESK_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def slip(site_a, unit_a, agent_a):
    """An approved slip of site A and a guard of its security department."""
    from propdesk.passes import services

    owner = resident_in(unit_a, name="张伟", phone="13812345678")
    g = release_for(agent_a, unit_a)
    services.release_consent(actor=agent_a, release=g, method="owner_present", owner=owner)
    services.release_approve(actor=agent_a, release=g, arrears_checked=True)
    dept = DepartmentFactory(site=site_a, kind="security", name="秩序部")
    return g, make_user("dept_staff", site_a, department=dept, username="guard_a")


def test_r_fd_3_guard_lets_a_slip_out_once_on_a_phone(browser, live_server, slip):
    approved_release, guard_a = slip
    guard_a.name = "黄勇"
    guard_a.save(update_fields=["name"])
    page = signed_in_page(browser, live_server, guard_a, width=390, height=844)
    page.goto("/")
    page.wait_for_url("**/passes/gate/")
    code = tokens.typed_code(number=approved_release.number, site_id=approved_release.site_id)
    page.fill("#gate-code", code)
    _shot(page, "gate-typed")
    page.click("#gate-submit")
    assert page.locator("#verdict").get_attribute("data-code") == "valid"
    assert "有效" in page.locator("#verdict").inner_text()
    assert page.locator("#gate-items").inner_text().count("沙发") == 1
    page.click("label[for=match-yes]")
    page.fill("#carrier-id", "3412")
    _shot(page, "gate-slip")
    box = page.locator("#let-out").bounding_box()
    assert box["height"] >= 48 and box["width"] >= 300  # a large touch target
    page.click("#let-out")
    page.wait_for_url("**/passes/gate/")
    assert GoodsRelease.objects.get(pk=approved_release.pk).state == "released"
    page.fill("#gate-code", code)
    page.click("#gate-submit")
    verdict = page.locator("#verdict")
    assert verdict.get_attribute("data-code") == "already_used"
    assert "已使用" in verdict.inner_text() and "黄勇" in verdict.inner_text()
    assert page.locator("#let-out").count() == 0
    _shot(page, "gate-used")
