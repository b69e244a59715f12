"""The portal API's writes with a resident's token (issue item 9): submit, add information,
chase, withdraw, rate, consent to or decline a goods release — the same services as the pages.
A body that adds a field the operation does not take (`priority`, `department`, `site`,
`state`, `severity`, `version`, `created_by` …) or another unit's id is refused with a clear
Chinese message naming the field, and nothing is saved (SECURITY.md A4)."""

import pytest
from django.utils import timezone

from propdesk.passes import services as passes
from propdesk.passes.models import GoodsRelease
from propdesk.people.services import api_token_create
from propdesk.tickets import services as tickets
from propdesk.tickets.models import Contact, Ticket

from .conftest import jpeg
from .test_releases import ITEMS

pytestmark = pytest.mark.django_db


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='小程序')[1]}"}


def _post(client, user, path, body=None):
    return client.post(
        f"/api/v1/portal/{path}", body or {}, content_type="application/json", **_auth(user)
    )


def _body(unit, plumbing, **extra):
    return {"unit": unit.pk, "category": plumbing.pk, "content": "厨房水管漏水", **extra}


def test_r_ss_2_submit_through_the_api_registers_like_the_page(
    client, owner_a, unit_a, plumbing, eng_a
):
    """R-SS-2, R-CP-1: the request enters the contact register with the portal's channel."""
    resp = _post(client, owner_a, "requests/", _body(unit_a, plumbing, location="厨房"))
    assert resp.status_code == 201, resp.content
    out = resp.json()
    t = Ticket.objects.get(pk=out["id"])
    assert t.resident == owner_a.resident and t.unit_id == unit_a.pk and t.location == "厨房"
    assert Contact.objects.get(ticket=t).channel == "online"
    assert out["state_words"] and "withdraw" in out["actions"] and "rate" not in out["actions"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("priority", "urgent"),
        ("department", 1),
        ("site", 1),
        ("state", "closed"),
        ("severity", "major"),
        ("version", 3),
        ("created_by", 1),
    ],
)
def test_a4_extra_fields_are_refused_by_name_nothing_saved(
    client, owner_a, unit_a, plumbing, field, value
):
    resp = _post(client, owner_a, "requests/", _body(unit_a, plumbing, **{field: value}))
    assert resp.status_code == 422
    body = resp.json()
    assert (
        field in body["message"] and "不能在此填写" in body["message"] and field in body["fields"]
    )
    assert not Ticket.objects.exists() and not Contact.objects.exists()


def test_another_units_id_is_refused_on_unit(client, owner_a, unit_b, plumbing):
    resp = _post(client, owner_a, "requests/", _body(unit_b, plumbing))
    assert resp.status_code == 400 and "unit" in resp.json()["fields"]
    assert "请选择您自己的房屋" in resp.json()["message"]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "content, words",
    [("", "请填写"), ("   ", "请填写"), ("x" * 5000, "2000")],
)
def test_bad_content_gets_a_chinese_message(client, owner_a, unit_a, plumbing, content, words):
    resp = _post(client, owner_a, "requests/", _body(unit_a, plumbing, content=content))
    assert resp.status_code in (400, 422) and words in str(resp.json())
    assert not Ticket.objects.exists()


def test_a_script_tag_is_kept_as_text_never_markup(client, owner_a, unit_a, plumbing, eng_a):
    resp = _post(
        client, owner_a, "requests/", _body(unit_a, plumbing, content="<script>x</script>")
    )
    assert resp.status_code in (201, 400)
    if resp.status_code == 201:
        assert Ticket.objects.get().description == "<script>x</script>"


@pytest.fixture
def mine(client, owner_a, unit_a, plumbing, eng_a):
    resp = _post(client, owner_a, "requests/", _body(unit_a, plumbing))
    return Ticket.objects.get(pk=resp.json()["id"])


def test_note_urge_withdraw_through_the_api(client, owner_a, mine):
    resp = _post(client, owner_a, f"requests/{mine.pk}/notes", {"text": "钥匙在物业前台"})
    assert resp.status_code == 200
    assert any(s["text"] == "钥匙在物业前台" for s in resp.json()["timeline"])
    assert _post(client, owner_a, f"requests/{mine.pk}/urge").status_code == 200
    again = _post(client, owner_a, f"requests/{mine.pk}/urge")
    assert again.status_code in (400, 409, 429) and "分钟" in again.json()["message"]
    resp = _post(client, owner_a, f"requests/{mine.pk}/withdraw", {"reason": "已自己修好"})
    assert resp.status_code == 200 and resp.json()["state"] == "cancelled"
    assert resp.json()["actions"] == []


def test_r_ss_3_rate_through_the_api_once(client, owner_a, mine, agent_a, dept_head_a):
    """R-SS-3: rating is offered once handled, once only."""
    assert _post(client, owner_a, f"requests/{mine.pk}/rate", {"score": 5}).status_code == 409
    tickets.ticket_dispatch(actor=agent_a, ticket=mine)
    tickets.ticket_accept(actor=dept_head_a, ticket=mine, assignee=dept_head_a)
    tickets.ticket_handle(actor=dept_head_a, ticket=mine, result="换了阀门")
    resp = _post(client, owner_a, f"requests/{mine.pk}/rate", {"score": 9})
    assert resp.status_code == 422 and "score" in resp.json()["fields"]
    resp = _post(client, owner_a, f"requests/{mine.pk}/rate", {"score": 4, "comment": "很及时"})
    assert resp.status_code == 200 and resp.json()["rating"] == 4
    assert "rate" not in resp.json()["actions"]
    assert _post(client, owner_a, f"requests/{mine.pk}/rate", {"score": 1}).status_code == 409
    assert Ticket.objects.get(pk=mine.pk).resident_rating == 4


def test_writes_on_anothers_request_answer_404(client, owner_a, owner_b, mine, agent_a):
    for path, body in (("notes", {"text": "x"}), ("urge", {}), ("withdraw", {}), ("rate", {"score": 5})):  # fmt: skip
        assert _post(client, owner_b, f"requests/{mine.pk}/{path}", body).status_code == 404
        assert _post(client, agent_a, f"requests/{mine.pk}/{path}", body).status_code == 404
    assert Ticket.objects.get(pk=mine.pk).state == "registered"


def test_a_photo_through_the_api_is_checked_by_content(client, owner_a, mine):
    from .conftest import html_as_jpg

    url = f"/api/v1/portal/requests/{mine.pk}/photos"
    resp = client.post(url, {"photo": html_as_jpg()}, **_auth(owner_a))
    assert resp.status_code == 400 and "JPEG" in resp.json()["message"]
    from propdesk.core.models import Attachment

    assert not Attachment.objects.exists()
    resp = client.post(url, {"photo": jpeg()}, **_auth(owner_a))
    assert resp.status_code == 201 and Attachment.objects.count() == 1


@pytest.fixture
def slip(agent_a, unit_a):
    return passes.release_create(
        actor=agent_a, unit=unit_a, release_type="tenant_move_out", applicant_name="刘租",
        applicant_relation="tenant", applicant_phone="13355556666",
        pass_date=timezone.localdate(), items=ITEMS,
    )  # fmt: skip


def test_r_fd_3_the_owner_consents_through_the_api(
    client, owner_a, slip, django_assert_max_num_queries
):
    """R-FD-3: the consent method becomes "portal" with who and when."""
    auth = _auth(owner_a)
    with django_assert_max_num_queries(8):
        listing = client.get("/api/v1/portal/releases/", **auth).json()
    assert [g["id"] for g in listing["items"]] == [slip.pk]
    assert listing["items"][0]["actions"] == ["consent", "decline"]
    assert "13355556666" not in str(listing)
    resp = _post(
        client, owner_a, f"releases/{slip.pk}/consent", {"note": "同意", "state": "approved"}
    )
    assert resp.status_code == 422 and "state" in resp.json()["message"]
    assert GoodsRelease.objects.get(pk=slip.pk).consent_method == ""
    resp = _post(client, owner_a, f"releases/{slip.pk}/consent", {"note": "同意"})
    assert resp.status_code == 200 and resp.json()["consented_at"]
    g = GoodsRelease.objects.get(pk=slip.pk)
    assert g.consent_method == "portal" and g.consent_owner_id == owner_a.resident.pk


def test_the_owner_declines_and_others_get_404(client, owner_a, owner_b, neighbour_a, slip):
    for user in (owner_b, neighbour_a):
        assert _post(client, user, f"releases/{slip.pk}/consent").status_code == 404
        assert client.get(f"/api/v1/portal/releases/{slip.pk}", **_auth(user)).status_code == 404
    resp = _post(client, owner_a, f"releases/{slip.pk}/decline", {"note": "不同意"})
    assert resp.status_code == 200 and resp.json()["actions"] == []
    assert _post(client, owner_a, f"releases/{slip.pk}/consent").status_code == 409


def test_release_detail_query_count(client, owner_a, slip, django_assert_max_num_queries):
    auth = _auth(owner_a)
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/portal/releases/{slip.pk}", **auth).status_code == 200
