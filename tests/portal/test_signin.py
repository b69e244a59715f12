"""Residents sign in with their mobile number and a one-time code (issue item 1).

6 digits, 5 minutes, single use, at most 5 tries per code, a cool-down per number and per IP,
the same answer for a known and an unknown number, no code or full number in any log line; a
resident's session lasts RESIDENT_SESSION_DAYS.
"""

import logging
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from propdesk.portal import signin
from propdesk.portal.models import SignInCode

pytestmark = pytest.mark.django_db

NUMBER = "13812345678"  # resident_a's


@pytest.fixture
def sent(monkeypatch):
    """The texts the gateway was asked to send: [(number, text)]."""
    out = []

    class Fake:
        def send(self, *, number, text):
            out.append((number, text))

    monkeypatch.setattr(signin, "gateway", lambda: Fake())
    return out


def _ask(c, number=NUMBER, ip="10.0.0.1"):
    return c.post(reverse("portal:signin"), {"phone": number}, REMOTE_ADDR=ip)


def _code(sent) -> str:
    return re.search(r"\d{6}", sent[-1][1]).group(0)


def _enter(c, code):
    return c.post(reverse("portal:signin-code"), {"code": code})


def test_r_ss_2_a_resident_signs_in_with_the_code_and_stays_signed_in_30_days(
    owner_a, sent, django_capture_on_commit_callbacks, settings
):
    c = Client()
    with django_capture_on_commit_callbacks(execute=True):
        resp = _ask(c)
    assert resp.status_code == 302 and resp.url == reverse("portal:signin-code")
    assert sent[0][0] == NUMBER and "5" in sent[0][1]
    resp = _enter(c, _code(sent))
    assert resp.status_code == 302 and resp.url == reverse("portal:home")
    assert c.get(reverse("portal:home")).context["user"] == owner_a
    assert c.session.get_expiry_age() == settings.RESIDENT_SESSION_DAYS * 86400 == 30 * 86400
    assert c.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 86400


def test_a_code_works_once_only(owner_a, sent, django_capture_on_commit_callbacks):
    c = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(c)
    code = _code(sent)
    assert _enter(c, code).status_code == 302
    other = Client()
    other.session  # noqa: B018
    s = other.session
    s["portal_signin_number"] = NUMBER
    s.save()
    other.cookies["sessionid"] = s.session_key
    resp = _enter(other, code)
    assert resp.status_code == 400 and "验证码错误或已过期" in resp.content.decode()


def test_an_expired_code_is_refused(owner_a, sent, django_capture_on_commit_callbacks):
    c = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(c)
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    resp = _enter(c, _code(sent))
    assert resp.status_code == 400 and "验证码错误或已过期" in resp.content.decode()


def test_five_tries_per_code_then_even_the_right_code_is_refused(
    owner_a, sent, django_capture_on_commit_callbacks
):
    c = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(c)
    code = _code(sent)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _i in range(5):
        assert _enter(c, wrong).status_code == 400
    resp = _enter(c, code)
    assert resp.status_code == 400 and "尝试次数过多" in resp.content.decode()
    assert SignInCode.objects.get().tries == 5 and SignInCode.objects.get().used_at is None


def test_cool_down_per_number_and_per_ip(owner_a, sent):
    c = Client()
    assert _ask(c).status_code == 302
    resp = _ask(c)
    assert resp.status_code == 429 and "秒" in resp.content.decode()
    SignInCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    for i in range(9):  # 10 per IP per 10 minutes, whatever the numbers
        assert _ask(Client(), number=f"1370000{i:04d}", ip="10.0.0.9").status_code == 302
    resp = _ask(Client(), number="13600000000", ip="10.0.0.9")
    assert resp.status_code == 302  # the 10th
    resp = _ask(Client(), number="13600000001", ip="10.0.0.9")
    assert resp.status_code == 429 and "网络" in resp.content.decode()
    assert _ask(Client(), number="13600000001", ip="10.0.0.10").status_code == 302


def test_the_same_answer_for_a_known_and_an_unknown_number(
    owner_a, sent, django_capture_on_commit_callbacks
):
    answers = []
    for number in (NUMBER, "13700009999"):
        c = Client()
        with django_capture_on_commit_callbacks(execute=True):
            first = _ask(c, number=number)
        page = c.get(first.url).content.decode()
        again = _ask(c, number=number)
        answers.append(
            (
                first.status_code,
                first.url,
                re.sub(r"\d{3}\*+\d{4}", "N", page).replace(
                    c.cookies["csrftoken"].value if "csrftoken" in c.cookies else "", ""
                ),
                again.status_code,
            )
        )
    (a_status, a_url, _a_page, a_again), (b_status, b_url, _b_page, b_again) = answers
    assert (a_status, a_url, a_again) == (b_status, b_url, b_again) == (302, answers[0][1], 429)
    assert (
        "如果该号码已在我们这里登记" in answers[0][2]
        and "如果该号码已在我们这里登记" in answers[1][2]
    )
    assert len(sent) == 1  # only the known number got a text
    c = Client()
    s = c.session
    s["portal_signin_number"] = "13700009999"
    s.save()
    resp = _enter(c, "000000")
    assert resp.status_code == 400 and "验证码错误或已过期" in resp.content.decode()


def test_no_code_or_full_number_in_any_log_line(
    owner_a, caplog, capsys, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_SMS_GATEWAY = "propdesk.portal.signin.ConsoleGateway"
    caplog.set_level(logging.DEBUG)
    c = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(c)
    console = capsys.readouterr().out
    code = re.search(r"\d{6}", console.split("]", 1)[1]).group(0)
    assert NUMBER not in console and "138****5678" in console  # the console "SMS", masked
    _enter(c, f"{(int(code) + 1) % 10**6:06d}")
    _enter(c, code)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert code not in logged and NUMBER not in logged
    row = SignInCode.objects.get()
    assert code not in row.code_hash and NUMBER not in row.number_hash


def test_bad_numbers_are_refused_in_words(db):
    for raw in ("", "12345", "<script>", "1" * 5000):
        resp = _ask(Client(), number=raw)
        assert resp.status_code == 400
        html = resp.content.decode()
        assert "手机号" in html or "最多" in html
    assert not SignInCode.objects.exists()


def test_a_resident_session_outlives_the_desk_idle_limit(owner_a, settings):
    """Staff sessions end after 30 idle minutes; a resident's lasts RESIDENT_SESSION_DAYS."""
    import time

    c = Client()
    c.force_login(owner_a)
    s = c.session
    assert s.get("resident_session") is True
    s["seen_at"] = s["login_at"] = int(time.time()) - 2 * 86400
    s.save()
    assert c.get(reverse("portal:home")).status_code == 200
    s = c.session
    s["seen_at"] = s["login_at"] = int(time.time()) - 31 * 86400
    s.save()
    assert c.get(reverse("portal:home")).status_code == 302  # signed out, back to the login
