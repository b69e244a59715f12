"""Bad input on the survey pages (R-SS-3): an empty questionnaire and a score of 7 get a clear
Chinese error on the page that took them, never a 500, and nothing is recorded."""

import pytest
from django.test import Client
from django.urls import reverse

from propdesk.surveys.models import SampleUnit, Survey, SurveyResponse

pytestmark = pytest.mark.django_db


def _c(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_r_ss_3_an_empty_questionnaire_on_the_answer_page_keeps_the_link_unused(opened):
    sample = opened.sample.first()
    url = reverse("surveys:answer", args=[sample.token])
    resp = _c().post(url, {}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert resp.status_code == 400
    assert "问卷是空的：请至少回答一道题目。" in resp.content.decode()
    assert not SurveyResponse.objects.exists()
    assert SampleUnit.objects.get(pk=sample.pk).used_at is None


def test_r_ss_3_an_empty_questionnaire_is_not_approved_through_the_page(drafted, csm):
    drafted.questions.all().delete()
    resp = _c(csm).post(
        reverse("surveys:survey-action", args=[drafted.pk, "approve"]),
        {"version": drafted.version},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert resp.status_code == 200
    assert "问卷是空的：请先添加至少一道题目。" in resp.content.decode()
    assert Survey.objects.get(pk=drafted.pk).state == Survey.State.DRAFTED


@pytest.mark.parametrize("score", ["7", "0", "很好", "3.5"])
def test_r_ss_3_a_score_of_7_typed_in_from_paper_is_refused_in_chinese(
    opened, lead_a, units_a, score
):
    q = opened.questions.filter(kind="level").first()
    resp = _c(lead_a).post(
        reverse("surveys:survey-enter", args=[opened.pk]),
        {"unit": units_a[0].code, "channel": "paper", f"q{q.pk}": score},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert resp.status_code == 200
    assert "请给出 1 至 5 分的评分。" in resp.content.decode()
    assert not SurveyResponse.objects.exists()
    assert not SampleUnit.objects.filter(used_at__isnull=False).exists()
