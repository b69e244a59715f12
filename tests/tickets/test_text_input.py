"""Text the desk types or pastes: over-long text is refused with the limit and the length, never
cut; control characters are refused on the page and in the API. Issue items 3 and 4, wording."""

import pytest
from django.urls import reverse

from propdesk.tickets.models import Contact, Ticket
from tests.tickets.test_api import REPAIR, Api


@pytest.fixture
def api_for(client):
    return lambda user: Api(client, user)


def _intake(c, **data):
    base = {"channel": "phone", "kind": "repair", "priority": "normal", "action": "record"}
    return c.post(reverse("tickets:intake"), base | data)


def test_the_content_box_shows_its_limit_and_has_no_maxlength_that_cuts_a_paste(
    client_for, agent_a
):
    html = client_for(agent_a).get(reverse("tickets:intake")).content.decode()
    box = html[html.index('<textarea name="content"') :].split(">", 1)[0]
    assert 'data-maxlength="4000"' in box and " maxlength=" not in box
    assert 'data-text-count="已输入 {count} / {limit} 字"' in html


def test_5000_characters_in_content_are_refused_with_the_limit_and_kept_in_the_form(
    client_for, agent_a, resident_a, unit_a
):
    """Item 3 and the wording item: nothing saved, the user's 5,000 characters come back."""
    text = "漏" * 4990 + "1234567890"
    resp = _intake(client_for(agent_a), resident=resident_a.pk, unit=unit_a.pk, content=text)
    html = resp.content.decode()
    assert resp.status_code == 400 and Contact.objects.count() == 0
    assert "内容最多 4000 字，您输入了 5000 字" in html
    assert text in html  # the textarea holds everything written, to shorten
    assert "确保该变量" not in html


def test_a_control_character_in_content_is_refused_on_the_page(
    client_for, agent_a, resident_a, unit_a
):
    """Item 4: `\\x1b` never reaches the register (it would break every export of the site)."""
    resp = _intake(
        client_for(agent_a), resident=resident_a.pk, unit=unit_a.pk, content="电梯\x1b[0m异响"
    )
    assert resp.status_code == 400 and Contact.objects.count() == 0
    assert "控制字符" in resp.content.decode()


def test_a_crlf_textarea_at_the_limit_is_accepted(client_for, agent_a, resident_a, unit_a):
    """The browser sends each line break as CRLF; the limit counts it once, as the counter does."""
    text = ("漏" * 99 + "\r\n") * 40  # 4,000 characters with LF, 4,040 with CRLF
    resp = _intake(client_for(agent_a), resident=resident_a.pk, unit=unit_a.pk, content=text)
    assert resp.status_code == 302, resp.content.decode()[:500]
    assert Contact.objects.get().content == text.replace("\r\n", "\n").strip()


def test_api_refuses_control_characters_and_over_long_text_in_user_words(api_for, agent_a, unit_a):
    """Item 4 and the wording item, through the API: 400 bad_text; 422 with limit and length."""
    api, body = api_for(agent_a), {**REPAIR, "unit": unit_a.pk}
    for bad in ("\x01", "\x1b", "\x7f"):
        resp = api.post("tickets/", {**body, "content": f"漏水{bad}了"})
        assert resp.status_code == 400 and resp.json()["code"] == "bad_text"
        assert "content" in resp.json()["fields"]
    resp = api.post("tickets/", {**body, "content": "漏" * 5000})
    assert resp.status_code == 422
    assert resp.json()["fields"]["content"] == "最多 4000 字，您输入了 5000 字。"
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["people:directory", "people:directory-export", "tickets:intake-search", "tickets:list"]
)
def test_a_page_with_nul_in_its_query_answers_400_with_a_message(client_for, agent_a, name):
    """Item 5 on the pages: `?q=%00` reached PostgreSQL's LIKE (a 500); now a clear 400 page."""
    resp = client_for(agent_a).get(reverse(name), {"q": "漏水\x00"})
    assert resp.status_code == 400 and "控制字符" in resp.content.decode()
    assert resp["Content-Security-Policy"]  # the refusal is a page like any other
