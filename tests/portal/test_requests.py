"""The resident's requests in the portal: submit, follow, add, chase, withdraw, rate.

R-SS-2 (the online platform is a channel like the others), R-CP-1 (registered first), R-SS-3
(the resident's rating), SECURITY.md A4 (field-level writes), isolation (another resident's
request answers 404), bad input worded in Chinese.
"""

import pytest
from django.urls import reverse

from propdesk.core.models import Attachment
from propdesk.tickets import services
from propdesk.tickets.models import (
    CallbackAttempt,
    Category,
    Contact,
    SlaClock,
    State,
    Ticket,
)
from tests.factories import make_user

from .conftest import html_as_jpg, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_a(site_a, eng_dept_a):
    return make_user("dept_staff", site_a, department=eng_dept_a)


@pytest.fixture
def mine(owner_a, submit):
    """A request of 张伟 submitted through the portal."""
    resp = submit(owner_a)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    return Ticket.objects.get()


def _handled(ticket, agent, head, worker):
    services.ticket_dispatch(actor=agent, ticket=ticket)
    services.ticket_accept(actor=head, ticket=ticket, assignee=worker)
    services.ticket_start(actor=worker, ticket=ticket)
    services.ticket_handle(actor=worker, ticket=ticket, result="更换了水管接头")
    return Ticket.objects.get(pk=ticket.pk)


def test_r_ss_2_a_portal_request_is_registered_and_opened_as_a_desk_entry_is(
    owner_a, submit, unit_a, eng_dept_a
):
    """R-SS-2, R-CP-1: contact register entry with channel "online", then the ticket, with the
    category's department, SLA clocks and the registered event, from the same services."""
    resp = submit(owner_a, wished_at="2030-05-01T09:30", photo=jpeg())
    ticket = Ticket.objects.get()
    assert resp.url == reverse("portal:request-detail", args=[ticket.pk])
    contact = Contact.objects.get()
    assert (contact.channel, contact.received_by, contact.ticket) == ("online", owner_a, ticket)
    assert contact.resident == owner_a.resident and contact.unit == unit_a
    assert (ticket.state, ticket.kind, ticket.unit, ticket.department) == (
        State.REGISTERED, "repair", unit_a, eng_dept_a
    )  # fmt: skip
    assert ticket.number.startswith("BX") and contact.number.startswith("DJ")
    assert ticket.appointment_at is not None and ticket.created_by == owner_a
    assert SlaClock.objects.filter(ticket=ticket).exists()
    att = Attachment.objects.get()
    assert (att.uploaded_by, att.mime, att.purpose) == (owner_a, "image/jpeg", "portal")


def test_r_ss_2_the_resident_follows_their_request_in_plain_words(
    client_of, owner_a, mine, agent_a, dept_head_a, worker_a
):
    services.ticket_dispatch(actor=agent_a, ticket=mine)
    services.ticket_escalate(
        actor=agent_a, ticket=mine, note="内部：工程部电话13900001111，住户难缠"
    )
    services.ticket_accept(actor=dept_head_a, ticket=mine, assignee=worker_a)
    services.ticket_start(actor=worker_a, ticket=mine)
    services.ticket_pause(actor=worker_a, ticket=mine, reason="等配件，师傅老刘13700002222")
    html = client_of(owner_a).get(reverse("portal:request-detail", args=[mine.pk])).content.decode()
    assert "工程部" in html  # the department
    assert "暂停" in html and "已派给负责部门" in html  # resident-facing steps, in words
    for secret in ("13900001111", "13700002222", "住户难缠", "老刘", "escalate", "paused"):
        assert secret not in html
    assert worker_a.name not in html and dept_head_a.name not in html


def test_r_ss_2_the_list_shows_only_the_residents_requests(
    client_of, owner_a, owner_b, neighbour_a, submit, mine
):
    submit(neighbour_a, unit=neighbour_a.resident.occupancies.get().unit_id)
    theirs = Ticket.objects.exclude(pk=mine.pk).get()
    html = client_of(owner_a).get(reverse("portal:request-list")).content.decode()
    assert mine.number in html and theirs.number not in html


def _portal_urls(ticket, key="x"):
    return [
        ("get", reverse("portal:request-detail", args=[ticket.pk])),
        ("get", reverse("portal:request-photo", args=[ticket.pk, key])),
        ("post", reverse("portal:request-action", args=[ticket.pk, "note"])),
        ("post", reverse("portal:request-action", args=[ticket.pk, "urge"])),
        ("post", reverse("portal:request-action", args=[ticket.pk, "withdraw"])),
        ("post", reverse("portal:request-action", args=[ticket.pk, "rate"])),
    ]


def test_isolation_another_resident_gets_404_on_every_page_of_a_request_not_theirs(
    client_of, owner_a, owner_b, neighbour_a, submit, agent_a
):
    """A resident of another unit of the same site, of the other site, and a staff member: 404."""
    submit(owner_a, photo=jpeg())
    ticket = Ticket.objects.get()
    key = Attachment.objects.get().key
    before = (ticket.state, ticket.version, ticket.urge_count)
    for user in (owner_b, neighbour_a, agent_a):
        c = client_of(user)
        for method, url in _portal_urls(ticket, key):
            data = {"text": "我也要补充", "score": 5} if method == "post" else None
            assert getattr(c, method)(url, data).status_code == 404, (user, url)
    t = Ticket.objects.get()
    assert (t.state, t.version, t.urge_count) == before
    assert client_of(owner_a).get(_portal_urls(ticket, key)[1][1]).status_code == 200


@pytest.mark.parametrize(
    "field", ["priority", "department", "site", "state", "severity", "version", "created_by"]
)
def test_a4_fields_the_page_does_not_have_are_refused_by_name(owner_a, submit, field):
    resp = submit(owner_a, **{field: "1"})
    assert resp.status_code == 400
    assert field in resp.content.decode() and "不能在此填写" in resp.content.decode()
    assert not Contact.objects.exists() and not Ticket.objects.exists()


def test_a4_another_units_id_is_refused_naming_the_unit(owner_a, submit, unit_b, neighbour_a):
    other = neighbour_a.resident.occupancies.get().unit_id
    for unit in (unit_b.pk, other):
        resp = submit(owner_a, unit=unit)
        assert resp.status_code == 400
        assert "请选择您自己的房屋" in resp.content.decode()
    assert not Contact.objects.exists() and not Ticket.objects.exists()


def test_a4_actions_refuse_fields_they_do_not_have(client_of, owner_a, mine):
    url = reverse("portal:request-action", args=[mine.pk, "note"])
    resp = client_of(owner_a).post(url, {"text": "补充", "state": "closed", "priority": "urgent"})
    assert resp.status_code == 400 and "priority, state" in resp.content.decode()
    t = Ticket.objects.get(pk=mine.pk)
    assert (t.state, t.priority, t.version) == (mine.state, mine.priority, mine.version)


def test_the_service_refuses_desk_fields_from_a_resident_too(owner_a, unit_a, plumbing, eng_a):
    """Defence in depth: `ticket_open` itself refuses priority and department from a resident."""
    from propdesk.core.exceptions import InvalidInput

    contact = services.contact_register(
        actor=owner_a, site=unit_a.site, channel="online", kind="repair", content="漏水",
        resident=owner_a.resident, unit=unit_a,
    )  # fmt: skip
    with pytest.raises(InvalidInput) as exc:
        services.ticket_open(
            actor=owner_a, contact=contact, kind="repair", category=plumbing, title="漏水",
            priority="emergency",
        )  # fmt: skip
    assert "priority" in exc.value.fields


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"content": ""}, "请填写"),
        ({"content": "   "}, "请填写"),
        ({"content": "漏" * 5000}, "2000"),
        ({"photo": "html"}, "不是照片"),
        ({"category": "999999"}, "请从列表中选择"),
        ({"wished_at": "明天上午"}, "日期和时间"),
    ],
)
def test_bad_input_gets_a_clear_chinese_message_and_nothing_is_saved(
    owner_a, submit, fields, words
):
    if fields.get("photo") == "html":
        fields = {"photo": html_as_jpg()}
    resp = submit(owner_a, **fields)
    assert resp.status_code == 400
    assert words in resp.content.decode(), resp.content.decode()[-3000:]
    assert not Contact.objects.exists() and not Ticket.objects.exists()
    assert not Attachment.objects.exists()


def test_a_script_tag_is_kept_as_text_and_shown_escaped(client_of, owner_a, submit):
    submit(owner_a, content="<script>alert('x')</script> 门锁坏了")
    ticket = Ticket.objects.get()
    assert ticket.description.startswith("<script>")
    html = client_of(owner_a).get(reverse("portal:request-detail", args=[ticket.pk])).content
    assert b"<script>alert" not in html and b"&lt;script&gt;" in html


def test_the_resident_adds_information_and_chases_with_the_5_minute_limit(client_of, owner_a, mine):
    c = client_of(owner_a)
    note = reverse("portal:request-action", args=[mine.pk, "note"])
    assert c.post(note, {"text": ""}).status_code == 400
    assert c.post(note, {"text": "下午三点后家里有人"}).status_code == 302
    urge = reverse("portal:request-action", args=[mine.pk, "urge"])
    assert c.post(urge).status_code == 302
    resp = c.post(urge, follow=True)
    assert "5 分钟内" in resp.content.decode() or "5分钟内" in resp.content.decode()
    t = Ticket.objects.get(pk=mine.pk)
    assert t.urge_count == 1
    html = c.get(reverse("portal:request-detail", args=[mine.pk])).content.decode()
    assert "下午三点后家里有人" in html


def test_the_resident_withdraws_only_before_dispatch(client_of, owner_a, submit, agent_a):
    c = client_of(owner_a)
    submit(owner_a)
    submit(owner_a, content="楼道灯不亮")
    first, second = Ticket.objects.order_by("id")
    url = reverse("portal:request-action", args=[first.pk, "withdraw"])
    assert c.post(url, {"reason": "已经自己修好了"}).status_code == 302
    first.refresh_from_db()
    assert first.state == State.CANCELLED and first.closed_at is not None
    services.ticket_dispatch(actor=agent_a, ticket=second)
    resp = c.post(reverse("portal:request-action", args=[second.pk, "withdraw"]), {})
    assert resp.status_code == 400
    assert Ticket.objects.get(pk=second.pk).state == State.DISPATCHED
    assert (
        "portal-withdraw"
        not in c.get(reverse("portal:request-detail", args=[second.pk])).content.decode()
    )


def test_r_ss_3_the_resident_rates_once_handled_once_only(
    client_of, owner_a, mine, agent_a, dept_head_a, worker_a
):
    c = client_of(owner_a)
    url = reverse("portal:request-action", args=[mine.pk, "rate"])
    assert c.post(url, {"score": 5}).status_code == 400  # not handled yet
    _handled(mine, agent_a, dept_head_a, worker_a)
    assert c.post(url, {"score": 9}).status_code == 400
    assert c.post(url, {"score": 4, "comment": "师傅很准时"}).status_code == 302
    t = Ticket.objects.get(pk=mine.pk)
    assert t.resident_rating == 4
    cb = CallbackAttempt.objects.get(ticket=t)
    assert (cb.method, cb.outcome, cb.score, cb.comment, cb.by) == (
        "online", "reached", 4, "师傅很准时", owner_a
    )  # fmt: skip
    assert c.post(url, {"score": 1}).status_code == 400  # once only
    assert Ticket.objects.get(pk=mine.pk).resident_rating == 4


def test_r_ss_3_once_rated_a_handled_request_no_longer_asks_for_a_rating(
    client_of, client, owner_a, mine, agent_a, dept_head_a, worker_a
):
    """The state words of a handled request thank the resident once they have rated it, on the
    detail, the list and the API alike (the state stays handled until the desk closes it)."""
    from propdesk.people.services import api_token_create

    _handled(mine, agent_a, dept_head_a, worker_a)
    c = client_of(owner_a)
    detail = reverse("portal:request-detail", args=[mine.pk])
    assert "已处理完成，请您评价" in c.get(detail).content.decode()
    assert (
        c.post(reverse("portal:request-action", args=[mine.pk, "rate"]), {"score": 5}).status_code
        == 302
    )
    assert Ticket.objects.get(pk=mine.pk).state == State.HANDLED
    for url in (detail, reverse("portal:request-list")):
        html = c.get(url).content.decode()
        assert "已处理完成，感谢您的评价" in html and "请您评价" not in html, url
    token = api_token_create(user=owner_a, name="小程序")[1]
    body = client.get(
        f"/api/v1/portal/requests/{mine.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert body["state"] == "handled" and body["state_words"] == "已处理完成，感谢您的评价"


@pytest.mark.parametrize(
    ("policy", "score", "callback_due"),
    [("skip_if_rated", 4, False), ("skip_if_rated", 2, True), ("always", 5, True)],
)
def test_r_ss_3_the_categorys_policy_decides_whether_the_rating_replaces_the_callback(
    client_of, owner_a, mine, agent_a, dept_head_a, worker_a, policy, score, callback_due
):
    Category.objects.filter(pk=mine.category_id).update(callback_policy=policy)
    t = _handled(Ticket.objects.get(pk=mine.pk), agent_a, dept_head_a, worker_a)
    assert t.callback_required
    url = reverse("portal:request-action", args=[t.pk, "rate"])
    assert client_of(owner_a).post(url, {"score": score}).status_code == 302
    t.refresh_from_db()
    assert t.callback_required is callback_due
    if not callback_due:
        services.ticket_close(actor=agent_a, ticket=t)  # the desk closes without calling
        assert Ticket.objects.get(pk=t.pk).state == State.CLOSED


def test_query_counts_of_the_portal_pages_are_bounded(
    client_of, owner_a, submit, django_assert_max_num_queries
):
    for i in range(12):
        submit(owner_a, content=f"第{i}个问题", photo=jpeg())
    ticket = Ticket.objects.first()
    c = client_of(owner_a)
    # The home page also reads the open satisfaction surveys of the resident's units (one query)
    # and the resident's choice of channels (one row).
    for url, most in (
        (reverse("portal:home"), 16),
        (reverse("portal:request-list"), 14),
        (reverse("portal:request-list") + "?page=2", 14),
        (reverse("portal:request-detail", args=[ticket.pk]), 14),
        (reverse("portal:request-new"), 14),
    ):
        with django_assert_max_num_queries(most):
            assert c.get(url).status_code == 200, url


def test_staff_and_an_unlinked_resident_get_404_on_portal_pages(client_of, agent_a, db):
    for user in (agent_a,):
        assert client_of(user).get(reverse("portal:request-list")).status_code == 404
        assert client_of(user).get(reverse("portal:home")).status_code == 404
    lone = make_user("resident")
    c = client_of(lone)
    assert c.get(reverse("portal:request-list")).status_code == 404
    assert "尚未关联房屋" in c.get(reverse("portal:home")).content.decode()


def test_a_resident_signing_in_lands_on_the_portal(client_of, owner_a):
    assert client_of(owner_a).get(reverse("home")).url == reverse("portal:home")


def test_r_ss_2_the_desk_then_the_department_hear_of_what_the_resident_does(
    client_of, agent_a, lead_a, dept_head_a, worker_a, owner_a, mine
):
    from propdesk.notify.models import Notification

    assert Notification.objects.filter(recipient=agent_a, code="ticket.portal.new").exists()
    assert Notification.objects.filter(recipient=lead_a, code="ticket.portal.new").exists()
    services.ticket_dispatch(actor=agent_a, ticket=mine)
    services.ticket_accept(actor=dept_head_a, ticket=mine, assignee=worker_a)
    c = client_of(owner_a)
    c.post(reverse("portal:request-action", args=[mine.pk, "note"]), {"text": "钥匙在物业前台"})
    c.post(reverse("portal:request-action", args=[mine.pk, "urge"]))
    for user in (dept_head_a, worker_a):
        codes = set(Notification.objects.filter(recipient=user).values_list("code", flat=True))
        assert {"ticket.portal.note", "ticket.portal.urge"} <= codes, user
    # their own note and chase tell them nothing; the dispatch does (R-ST-10)
    mine_codes = set(Notification.objects.filter(recipient=owner_a).values_list("code", flat=True))
    assert mine_codes == {"resident.ticket.dispatched"}


def test_r_cp_4_a_portal_complaint_meets_the_major_complaint_keywords(
    client_of, owner_a, pcm_a, cs_dept_a, unit_a
):
    """The same rules as a desk entry: a keyword makes the portal complaint major (R-CP-4)."""
    from propdesk.tickets.models import MajorKeyword

    MajorKeyword.objects.get_or_create(word="12345")
    category = Category.objects.get(kind="complaint", code="noise")
    resp = client_of(owner_a).post(
        reverse("portal:request-new"),
        {
            "unit": unit_a.pk,
            "category": category.pk,
            "content": "楼上天天半夜装修，再不管我就打12345",
        },
    )
    assert resp.status_code == 302
    t = Ticket.objects.get()
    assert (t.kind, t.is_major, t.severity) == ("complaint", True, "major")
    html = client_of(owner_a).get(resp.url).content.decode()
    assert "重大" not in html  # the resident is not shown the staff's classification


def test_a_wished_time_in_the_past_is_refused_in_words(owner_a, submit):
    resp = submit(owner_a, wished_at="2020-01-01T09:00")
    assert resp.status_code == 400 and "预约时间已过" in resp.content.decode()
    assert not Contact.objects.exists() and not Ticket.objects.exists()


def test_an_owner_sees_who_else_is_linked_to_their_unit_a_tenant_does_not(
    client_of, owner_a, neighbour_a, unit_a
):
    from tests.factories import resident_in

    from .conftest import portal_user

    tenant = portal_user(resident_in(unit_a, relation="tenant", name="刘租", phone="13355556666"))
    html = client_of(owner_a).get(reverse("portal:home")).content.decode()
    assert "刘租" in html and "13355556666" not in html and "王芳" not in html
    html = client_of(tenant).get(reverse("portal:home")).content.decode()
    assert "portal-household" not in html and owner_a.resident.name not in html
