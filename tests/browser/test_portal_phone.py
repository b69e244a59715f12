"""The resident portal on a phone, inside WeChat's in-app browser, in Chinese (R-SS-2, R-SS-3,
R-FD-3): a 390×844 viewport with WeChat's user agent. The resident signs in with their
directory mobile number and the one-time code the console SMS gateway prints (read from the
console, as a developer or the demo would, never from the database), reports a leak with a
real JPEG photo, sees it sent to the engineering department once an agent dispatches it on the
ticket's page in a second browser, and rates the work once the department has handled it
(through the ticket services); then the owner consents to a goods release
slip the desk asked for their unit."""

import io
import os
import re

import pytest
from django.utils import timezone
from PIL import Image

from propdesk.passes import services as passes
from propdesk.passes.models import GoodsRelease
from propdesk.tickets import services as tickets
from propdesk.tickets.models import CallbackAttempt, State, Ticket
from tests.browser.conftest import signed_in_page
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PROPDESK_SCREENSHOTS", "")
WECHAT_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI "
    "Language/zh_CN"
)
NUMBER = "13812345678"  # 张伟's mobile number in the directory


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        user_agent=WECHAT_UA,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=3,
    )
    pg = context.new_page()
    pg.set_default_timeout(10000)
    yield pg
    context.close()


@pytest.fixture
def owner(resident_a):
    user = make_user("resident")
    resident_a.user = user
    resident_a.save()
    return user


@pytest.fixture
def leak_photo(tmp_path):
    path = tmp_path / "厨房漏水.jpg"
    Image.new("RGB", (640, 480), (40, 90, 200)).save(path, "JPEG", quality=80)
    return path


def _console_code(capsys) -> str:
    """The code from the console gateway's line `[SMS → 138****5678] …123456…`."""
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("[SMS → ")]
    assert lines, out
    assert NUMBER not in lines[-1] and "138****5678" in lines[-1]  # the number masked
    return re.search(r"\b(\d{6})\b", lines[-1]).group(1)


def _no_horizontal_scroll(page):
    """The page fits the phone's width; Bootstrap is there, so this is the page's real layout."""
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px", "Bootstrap missing"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _sign_in(phone, capsys):
    phone.goto("/portal/sign-in/")
    assert phone.locator("h1").inner_text() == "住户登录"
    _no_horizontal_scroll(phone)
    phone.fill("#id_phone", NUMBER)
    phone.get_by_role("button", name="获取验证码").click()
    phone.wait_for_url("**/portal/sign-in/code/")
    assert phone.locator("h1").inner_text() == "输入验证码"
    assert "138****5678" in phone.locator(".portal").inner_text()
    assert "验证码" in phone.locator("#portal-signin-sent").inner_text()
    phone.fill("#id_code", _console_code(capsys))
    phone.get_by_role("button", name="登录", exact=True).click()
    phone.wait_for_url("**/portal/")
    assert "您好" in phone.locator("h1").inner_text()
    assert "3栋1单元502" in phone.locator("#portal-units").inner_text()


def test_r_ss_2_r_ss_3_r_fd_3_a_resident_on_wechat_signs_in_reports_a_leak_rates_and_consents(
    browser,
    live_server,
    phone,
    owner,
    capsys,
    settings,
    site_a,
    unit_a,
    agent_a,
    dept_head_a,
    eng_dept_a,
    leak_photo,
):
    settings.PORTAL_SMS_GATEWAY = "propdesk.portal.signin.ConsoleGateway"
    capsys.readouterr()

    # R-SS-2: signed in with the number and the code the console gateway printed.
    _sign_in(phone, capsys)
    _no_horizontal_scroll(phone)
    _shot(phone, "portal-home")

    # R-SS-2: a leak, with a real JPEG photo taken on the phone.
    phone.get_by_role("link", name="报修、投诉或咨询").click()
    phone.wait_for_url("**/portal/requests/new/")
    assert phone.locator("h1").inner_text() == "新建请求"
    _no_horizontal_scroll(phone)
    phone.select_option("#id_unit", str(unit_a.pk))
    phone.locator("#id_category option", has_text="给排水").first.wait_for(state="attached")
    value = phone.locator("#id_category option", has_text="给排水").first.get_attribute("value")
    phone.select_option("#id_category", value)
    phone.fill("#id_content", "厨房水管漏水，地上都是水")
    phone.set_input_files("#id_photo", str(leak_photo))
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_url(re.compile(r"/portal/requests/\d+/$"))
    ticket = Ticket.objects.get()
    assert ticket.unit == unit_a and ticket.state == State.REGISTERED
    assert phone.locator("#portal-state").inner_text() == "已受理，等待派单"
    assert phone.locator("#portal-department").inner_text() == "前台"
    assert "厨房水管漏水" in phone.locator(".portal").inner_text()
    assert "您的照片: 厨房漏水.jpg" in phone.locator(".portal").inner_text()
    photo = phone.locator("a", has_text="您的照片").get_attribute("href")
    got = phone.request.get(photo)
    assert got.status == 200 and got.headers["content-type"] == "image/jpeg"
    Image.open(io.BytesIO(got.body())).verify()  # the stored photo is still a JPEG
    _no_horizontal_scroll(phone)
    _shot(phone, "portal-request-registered")

    # The agent at the desk sees it among the contacts as from the portal and dispatches it to
    # the engineering department on the ticket's page; the resident sees it sent there.
    desk = signed_in_page(browser, live_server, agent_a)
    desk.goto(f"/tickets/{ticket.pk}/")
    assert "厨房水管漏水" in desk.locator("main").inner_text()
    assert "线上平台" in desk.locator("main").inner_text()  # the contact came in online
    dispatch = desk.locator("#action-dispatch")
    dispatch.locator("select").select_option(str(eng_dept_a.pk))
    dispatch.locator("button[type=submit]").click()
    desk.wait_for_load_state()
    _shot(desk, "portal-request-desk-dispatched")
    desk.context.close()
    ticket.refresh_from_db()
    assert ticket.state == State.DISPATCHED and ticket.department == eng_dept_a
    phone.reload()
    assert phone.locator("#portal-state").inner_text() == "已派给负责部门"
    assert phone.locator("#portal-department").inner_text() == "工程部"
    assert "已派给负责部门" in phone.locator("#portal-timeline").inner_text()
    assert phone.locator("#portal-rate").count() == 0  # nothing to rate yet

    # The department handles it.
    worker = make_user("dept_staff", site_a, department=eng_dept_a)
    ticket.refresh_from_db()
    tickets.ticket_accept(actor=dept_head_a, ticket=ticket, assignee=worker)
    ticket.refresh_from_db()
    tickets.ticket_start(actor=worker, ticket=ticket)
    ticket.refresh_from_db()
    tickets.ticket_handle(actor=worker, ticket=ticket, result="更换了水管接头")
    phone.reload()
    assert phone.locator("#portal-state").inner_text() == "已处理完成，请您评价"
    assert worker.name not in phone.content()  # staff names stay off the portal

    # R-SS-3: the resident rates it, once.
    rate = phone.locator("#portal-rate")
    assert "处理得怎么样？" in rate.inner_text()
    rate.locator("input[name=score][value='5']").check()
    rate.locator("textarea[name=comment]").fill("师傅很准时，修得很好")
    rate.get_by_role("button", name="提交评价").click()
    phone.wait_for_url(re.compile(r"/portal/requests/\d+/$"))
    assert phone.locator("#portal-rate").count() == 0
    assert phone.locator("#portal-state").inner_text() == "已处理完成，感谢您的评价"
    assert "5 / 5" in phone.locator(".portal dl").inner_text()
    assert "您的评价" in phone.locator(".portal dl").inner_text()
    ticket.refresh_from_db()
    assert ticket.resident_rating == 5
    cb = CallbackAttempt.objects.get(ticket=ticket)
    assert (cb.method, cb.score, cb.comment, cb.by) == ("online", 5, "师傅很准时，修得很好", owner)
    _no_horizontal_scroll(phone)
    _shot(phone, "portal-request-rated")

    # R-FD-3: the desk asks for a goods release of the unit; the owner consents on the phone.
    slip = passes.release_create(
        actor=agent_a,
        unit=unit_a,
        release_type="tenant_move_out",
        applicant_name="刘租",
        applicant_relation="tenant",
        applicant_phone="13355556666",
        vehicle_plate="浙A12345",
        pass_date=timezone.localdate(),
        items=[{"name": "双人床", "quantity": 1, "unit": "张"}, {"name": "纸箱", "quantity": 6}],
    )
    assert slip.state == GoodsRelease.State.AWAITING_CONSENT
    phone.goto("/portal/")
    waiting = phone.locator("#portal-releases-waiting")
    assert "1 张物品放行条等待您确认" in waiting.inner_text()
    waiting.click()
    phone.wait_for_url("**/portal/releases/")
    phone.locator("#portal-release-list a", has_text=slip.number).click()
    phone.wait_for_url(f"**/portal/releases/{slip.pk}/")
    assert phone.locator("#portal-release-state").inner_text() == "待业主核实"
    items = phone.locator("#portal-release-items").inner_text()
    assert "双人床 × 1张" in items and "纸箱 × 6" in items
    assert "刘租" in phone.locator(".portal dl").inner_text()
    assert "13355556666" not in phone.content()  # the applicant's phone stays at the desk
    _no_horizontal_scroll(phone)
    _shot(phone, "portal-release-asked")
    phone.fill("#id_note", "同意搬走")
    phone.get_by_role("button", name="我同意：物品可以搬出").click()
    phone.wait_for_url(f"**/portal/releases/{slip.pk}/")
    assert phone.locator("#portal-release-state").inner_text() == "业主已同意，待审批"
    assert "您已同意" in phone.locator(".portal dl").inner_text()
    _shot(phone, "portal-release-consented")
    g = GoodsRelease.objects.get(pk=slip.pk)
    assert (g.state, g.consent_method, g.consent_by, g.consent_note) == (
        "consented", "portal", owner, "同意搬走"
    )  # fmt: skip
    assert g.consent_owner == owner.resident and g.consent_at is not None
