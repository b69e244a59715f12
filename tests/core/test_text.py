"""The one text rule (core.text) and how every form applies it: line breaks, control characters,
and length refusals in user words."""

import pytest
from django import forms

from propdesk.core.forms import StyledForm
from propdesk.core.text import BadText, text_clean, text_strip_unprintable


class _Form(StyledForm):
    content = forms.CharField(label="内容", max_length=10, widget=forms.Textarea)
    title = forms.CharField(label="标题", max_length=5, min_length=2, required=False)


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\ud800", "\uffff"])
def test_control_characters_are_refused(bad):
    with pytest.raises(BadText):
        text_clean(f"漏水{bad}了")


def test_tab_newline_emoji_and_rtl_are_kept_and_crlf_becomes_lf():
    assert text_clean("a\tb\r\nc\rd😀\u202e") == "a\tb\nc\nd😀\u202e"


def test_stored_text_is_made_safe_to_write_out():
    assert text_strip_unprintable("漏\x00水\x1b\x7f了\r\n") == "漏水了\n"


def test_form_refuses_a_control_character_with_a_message_in_chinese():
    form = _Form({"content": "电梯\x1b异响"})
    assert not form.is_valid()
    assert "控制字符" in form.errors["content"][0]


def test_form_length_refusal_says_the_limit_and_the_length_in_user_words():
    """The wording item: not Django's "确保该变量包含不超过 10 字符"."""
    form = _Form({"content": "长" * 15, "title": "一"})
    assert not form.is_valid()
    assert form.errors["content"] == ["内容最多 10 字，您输入了 15 字。"]
    assert form.errors["title"] == ["至少 2 字，您输入了 1 字。"]
    assert "确保" not in str(form.errors)


def test_a_line_break_counts_once_as_on_the_page():
    """A textarea sends CRLF; 9 characters and a line break are 10, within the limit."""
    form = _Form({"content": "一二三四\r\n五六七八九"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["content"] == "一二三四\n五六七八九"


def test_fields_carry_the_limit_for_the_counter_and_no_maxlength():
    """The browser must not cut a paste silently (a maxlength attribute does)."""
    html = str(_Form()["content"]) + str(_Form()["title"])
    assert "maxlength=" not in html.replace("data-maxlength", "")
    assert 'data-maxlength="10"' in html and 'data-maxlength="5"' in html


def test_service_text_over_its_limit_is_refused_with_the_limit_never_cut(agent_a, site_a):
    """One rule for every app's writes (`core.text.require_text`/`optional_text`): too long is
    refused naming the field, the limit and the length, and nothing is saved — a service that
    used to cut the text silently (incidents) now refuses it like the others."""
    from propdesk.core.exceptions import InvalidInput
    from propdesk.core.text import optional_text, require_text
    from propdesk.service import services
    from propdesk.service.models import Incident

    with pytest.raises(InvalidInput) as err:
        services.incident_report(
            actor=agent_a, site=site_a, title="大堂积水" * 30, location="大堂", severity="minor"
        )
    assert err.value.code == "too_long" and "100" in err.value.fields["title"]
    assert "120" in err.value.fields["title"] and not Incident.objects.exists()
    with pytest.raises(InvalidInput) as err:
        require_text("  ", "note", "请填写备注。", 10)
    assert err.value.fields == {"note": "请填写备注。"}
    assert require_text("  好  ", "note", "x", 1) == "好" and optional_text(None, "note", 5) == ""
    with pytest.raises(InvalidInput):
        optional_text("123456", "note", 5)
