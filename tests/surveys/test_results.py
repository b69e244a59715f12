"""R-SS-3: survey results — response rate, 满意率 per item and overall, index band, comparison
with the previous survey, comments grouped by their words."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from propdesk.surveys import services
from propdesk.surveys.models import Survey, SurveyAnswer, SurveyResponse
from propdesk.surveys.results import band_of, survey_results
from tests.factories import SiteFactory, make_user

from .conftest import occupied, rated_answers

pytestmark = pytest.mark.django_db


def _answer(survey, values: list[int], text: str = ""):
    samples = list(survey.sample.filter(used_at__isnull=True)[: len(values)])
    free = survey.questions.get(kind="text")
    for sample, value in zip(samples, values, strict=True):
        answers = rated_answers(survey, value)
        if text:
            answers[str(free.pk)] = text
        services.response_submit_by_token(token=sample.token, answers=answers)


def test_r_ss_3_rates_and_band(opened):
    """R-SS-3: 满意率 = top two levels / valid answers; 3 of 4 satisfied → 75 %; index band."""
    _answer(opened, [5, 4, 4, 2])
    r = survey_results(opened)
    assert r.responses == 4 and r.response_rate == Decimal("20.0")
    assert not r.response_target_met
    assert {i.rate for i in r.items} == {Decimal("75.0")}
    assert r.overall == Decimal("75.0")
    assert r.index == Decimal("75.0")  # mean 3.75 × 20
    assert r.band == ("fairly", "比较满意")


def test_r_ss_3_index_bands():
    assert band_of(Decimal(90))[0] == "very"
    assert band_of(Decimal("89.9"))[0] == "fairly"
    assert band_of(Decimal(60))[0] == "fair"
    assert band_of(Decimal("59.9"))[0] == "dissatisfied"
    assert band_of(None) == ("", "")


def test_r_ss_3_comparison_with_the_previous_survey(opened, author, csm, site_a):
    """R-SS-3: the next survey of the site shows the change against the last closed one."""
    _answer(opened, [5, 5, 2, 2])
    services.survey_close(actor=csm, survey=opened)
    Survey.objects.filter(pk=opened.pk).update(opens_on=timezone.localdate() - timedelta(days=1))
    today = timezone.localdate()
    later = services.survey_create(
        actor=author, site=site_a, name="下一期", period="2027 H1", opens_on=today, closes_on=today
    )
    services.survey_approve(actor=csm, survey=later)
    services.survey_open(actor=csm, survey=later)
    _answer(later, [5, 5, 5, 2])
    r = survey_results(later)
    assert r.previous.pk == opened.pk
    assert r.previous_overall == Decimal("50.0") and r.overall == Decimal("75.0")
    assert r.overall_change == Decimal("25.0")
    assert all(i.change == Decimal("25.0") for i in r.items)


def test_r_ss_3_comments_grouped_by_their_words(opened):
    """R-SS-3: free-text comments are grouped by the words they use (jieba)."""
    _answer(opened, [3, 3], text="电梯经常坏，希望尽快维修电梯")
    _answer(opened, [4], text="停车位太少，晚上停车困难")
    groups = {w: n for w, n, _ in survey_results(opened).comment_groups}
    assert groups["电梯"] == 2 and groups["停车"] == 1
    assert "希望" not in groups


def test_r_ss_3_results_take_a_bounded_number_of_queries(opened, django_assert_max_num_queries):
    _answer(opened, [5, 4, 3, 2, 1, 5, 5, 4], text="保洁很好")
    with django_assert_max_num_queries(10):
        survey_results(opened)


LEVELS = st.integers(min_value=1, max_value=5)


class TestSatisfactionProperty(TestCase):
    """R-SS-3 (property): the satisfaction rate equals an independent count over random answers."""

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.lists(
            st.lists(st.one_of(st.none(), LEVELS), min_size=11, max_size=11),
            min_size=1,
            max_size=12,
        )
    )
    def test_r_ss_3_rate_matches_an_independent_count(self, sheets):
        site = SiteFactory()
        occupied(site, len(sheets))
        head, author = make_user("cs_manager", site), make_user("supervisor", site)
        today = timezone.localdate()
        survey = services.survey_create(
            actor=author, site=site, name="p", period="p", opens_on=today, closes_on=today
        )
        services.survey_approve(actor=head, survey=survey)
        services.survey_open(actor=head, survey=survey)
        rated = list(survey.questions.filter(kind="level").order_by("position"))
        free = survey.questions.get(kind="text")
        for sample, sheet in zip(survey.sample.all(), sheets, strict=True):
            answers = {str(q.pk): v for q, v in zip(rated, sheet, strict=True) if v is not None}
            answers[str(free.pk)] = "好"
            services.response_submit_by_token(token=sample.token, answers=answers)
        r = survey_results(survey)
        weighted, weights = Decimal(0), Decimal(0)
        for n, q in enumerate(rated):
            given_ = [s[n] for s in sheets if s[n] is not None]
            item = next(i for i in r.items if i.question.pk == q.pk)
            if not given_:
                assert item.rate is None
                continue
            exact = Decimal(sum(1 for v in given_ if v >= 4)) * 100 / len(given_)
            assert item.rate == exact.quantize(Decimal("0.1"), "ROUND_HALF_UP")
            weighted += q.weight * exact
            weights += q.weight
        expected = (
            (weighted / weights).quantize(Decimal("0.1"), "ROUND_HALF_UP") if weights else None
        )
        assert r.overall == expected
        assert r.responses == len(sheets) == SurveyResponse.objects.filter(survey=survey).count()
        assert SurveyAnswer.objects.filter(question=free).count() == len(sheets)
