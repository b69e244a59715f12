"""Invitations to the portal: the desk makes a one-time link or printed QR from the resident's
directory page; opening it binds the resident to a portal login and signs them in. Used once,
out of date after 7 days (by default), revocable, and never across sites. R-SS-2."""

import io
import re
from datetime import timedelta

import pypdf
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from propdesk.people.models import Resident
from propdesk.portal import invitations
from propdesk.portal.models import Invitation
from tests.factories import make_user

from .conftest import portal_user

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _link(agent, resident, days=7):
    """Make an invitation through the directory page (the link), return its path."""
    resp = _client(agent).post(
        reverse("people:resident-invite", args=[resident.pk]), {"days": days, "output": "link"}
    )
    assert resp.status_code == 200
    m = re.search(r'value="https?://[^/]+(/portal/invite/[^"]+/)"', resp.content.decode())
    return m.group(1)


def test_r_ss_2_the_desk_page_shows_the_button_and_the_link_signs_in(agent_a, resident_a):
    """R-SS-2: the button is on the resident's page; the link binds and signs the resident in."""
    page = _client(agent_a).get(reverse("people:resident-detail", args=[resident_a.pk]))
    assert 'id="invite-form"' in page.content.decode()
    path = _link(agent_a, resident_a)
    assert resident_a.user_id is None
    visitor = Client()
    shown = visitor.get(path)
    assert shown.status_code == 200 and 'id="invite-accept"' in shown.content.decode()
    assert "张*" in shown.content.decode() and "张伟" not in shown.content.decode()
    assert Invitation.objects.get().used_at is None  # opening (a preview fetch) spends nothing
    resp = visitor.post(path)
    assert resp.status_code == 302 and resp["Location"] == reverse("portal:home")
    resident = Resident.objects.get(pk=resident_a.pk)
    assert resident.user is not None and resident.user.has_any_role({"resident"})
    assert not resident.user.has_usable_password()
    home = visitor.get(reverse("portal:home"))
    assert home.status_code == 200 and "3栋1单元502" in home.content.decode()
    assert visitor.get(reverse("portal:request-list")).status_code == 200
    inv = Invitation.objects.get()
    assert inv.used_by_id == resident.user_id and inv.used_at is not None


def test_invitation_reuse_is_refused(agent_a, resident_a):
    path = _link(agent_a, resident_a)
    assert Client().post(path).status_code == 302
    again = Client().post(path)
    assert again.status_code == 400
    assert "已使用" in again.content.decode() or "不能使用" in again.content.decode()
    assert "_auth_user_id" not in again.client.session


def test_invitation_expires_after_seven_days_by_default(agent_a, resident_a):
    path = _link(agent_a, resident_a)
    inv = Invitation.objects.get()
    assert inv.expires_at - inv.created_at == timedelta(days=invitations.DEFAULT_DAYS)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        resp = Client().post(path)
    assert resp.status_code == 400
    assert Resident.objects.get(pk=resident_a.pk).user_id is None


def test_revoked_invitation_no_longer_works(agent_a, resident_a):
    path = _link(agent_a, resident_a)
    inv = Invitation.objects.get()
    page = _client(agent_a).get(reverse("people:resident-detail", args=[resident_a.pk]))
    revoke = reverse("people:resident-invite-revoke", args=[resident_a.pk, inv.pk])
    assert revoke in page.content.decode()
    assert _client(agent_a).post(revoke).status_code == 302
    assert Invitation.objects.get().revoked_by_id == agent_a.pk
    assert Client().post(path).status_code == 400
    assert Resident.objects.get(pk=resident_a.pk).user_id is None


def test_a_new_invitation_revokes_the_earlier_one(agent_a, resident_a):
    first = _link(agent_a, resident_a)
    second = _link(agent_a, resident_a)
    assert Client().post(first).status_code == 400
    assert Client().post(second).status_code == 302


def test_another_sites_desk_cannot_invite_nor_revoke(agent_a, agent_b, resident_a):
    """Another site's resident answers 404, like the directory; nothing is made."""
    url = reverse("people:resident-invite", args=[resident_a.pk])
    assert _client(agent_b).post(url, {"days": 7, "output": "link"}).status_code == 404
    assert not Invitation.objects.exists()
    _link(agent_a, resident_a)
    inv = Invitation.objects.get()
    revoke = reverse("people:resident-invite-revoke", args=[resident_a.pk, inv.pk])
    assert _client(agent_b).post(revoke).status_code == 404
    assert Invitation.objects.get().revoked_at is None


def test_the_auditor_sees_no_button_and_cannot_invite(auditor, resident_a):
    page = _client(auditor).get(reverse("people:resident-detail", args=[resident_a.pk]))
    assert 'id="invite-form"' not in page.content.decode()
    url = reverse("people:resident-invite", args=[resident_a.pk])
    assert _client(auditor).post(url, {"days": 7, "output": "link"}).status_code == 403
    assert not Invitation.objects.exists()


def test_bad_days_and_unknown_fields_are_refused_in_chinese(agent_a, resident_a):
    url = reverse("people:resident-invite", args=[resident_a.pk])
    for data in ({"days": 0, "output": "link"}, {"days": 999, "output": "link"},
                 {"days": "<script>", "output": "link"}):  # fmt: skip
        resp = _client(agent_a).post(url, data, follow=True)
        assert "邀请有效期为 1 到 30 天" in resp.content.decode()
    resp = _client(agent_a).post(url, {"days": 7, "output": "link", "site": 9}, follow=True)
    assert "site" in resp.content.decode() and "未保存" in resp.content.decode()
    assert not Invitation.objects.exists()


def test_a_garbage_link_gets_a_clear_chinese_message():
    for token in ("x", "a" * 99, "%3Cscript%3Ealert(1)%3C"):
        resp = Client().post(f"/portal/invite/{token}/")
        assert resp.status_code == 400
        assert "向前台索取新的邀请" in resp.content.decode()


def test_the_printed_invitation_carries_the_qr_link(
    agent_a, resident_a, django_assert_max_num_queries
):
    url = reverse("people:resident-invite", args=[resident_a.pk])
    resp = _client(agent_a).post(url, {"days": 3, "output": "print"})
    assert resp["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(resp.content)).pages)
    assert "住户服务邀请" in text and "张伟" in text and "138****5678" in text
    assert "13812345678" not in text
    m = re.search(r"/portal/invite/([\w-]+)/", text.replace("\n", ""))
    assert m and Client().post(f"/portal/invite/{m.group(1)}/").status_code == 302


def test_a_resident_with_a_login_signs_in_to_it(agent_a, resident_a):
    user = portal_user(resident_a)
    c = Client()
    assert c.post(_link(agent_a, resident_a)).status_code == 302
    assert int(c.session["_auth_user_id"]) == user.pk
    assert Resident.objects.get(pk=resident_a.pk).user_id == user.pk


def test_a_staff_login_is_never_signed_in_by_an_invitation(agent_a, resident_a, site_a):
    staff = make_user("agent", site_a)
    resident_a.user = staff
    resident_a.save()
    url = reverse("people:resident-invite", args=[resident_a.pk])
    resp = _client(agent_a).post(url, {"days": 7, "output": "link"}, follow=True)
    assert "员工账号" in resp.content.decode()
    assert not Invitation.objects.exists()


def test_invitation_pages_query_counts(agent_a, resident_a, django_assert_max_num_queries):
    path = _link(agent_a, resident_a)
    with django_assert_max_num_queries(6):
        Client().get(path)
    c = _client(agent_a)
    with django_assert_max_num_queries(20):
        c.get(reverse("people:resident-detail", args=[resident_a.pk]))


def test_i6_the_invitation_print_shows_markup_in_a_name_as_text(agent_a, resident_a):
    """I6: a resident's name carrying reportlab markup prints literally and opens no file."""
    import sys

    opened = []

    def audit(event, args):
        if event == "open" and args and isinstance(args[0], str) and "passwd" in args[0]:
            opened.append(args[0])

    sys.addaudithook(audit)
    resident_a.name = '<img src="/etc/passwd"/><font size="40">字</font>'
    resident_a.save()
    url = reverse("people:resident-invite", args=[resident_a.pk])
    resp = _client(agent_a).post(url, {"days": 7, "output": "print"})
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(resp.content)).pages)
    assert '<img src="/etc/passwd"/>' in "".join(text.split("\n"))
    assert opened == []
