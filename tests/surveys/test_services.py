"""R-SS-3: periodic satisfaction surveys — draft, approval, dates, sample, channels, one answer
per unit, the 5 % phone cap."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.models import Event
from propdesk.surveys import services
from propdesk.surveys.models import SampleUnit, Survey, SurveyAnswer, SurveyResponse
from tests.factories import make_user

from .conftest import occupied, rated_answers

pytestmark = pytest.mark.django_db


def test_r_ss_3_draft_copies_the_default_questionnaire(drafted):
    """R-SS-3: a new survey starts from the default questionnaire of DOMAIN §1.11."""
    texts = list(drafted.questions.values_list("section", flat=True))
    assert {"客户服务", "秩序维护", "环境保洁", "绿化养护", "工程维修", "综合评价"} <= set(texts)
    assert drafted.questions.filter(kind="text").count() == 1
    assert drafted.state == Survey.State.DRAFTED


def test_r_ss_3_author_never_approves_own_survey(drafted, author):
    """R-SS-3, A7: the author (even holding a site-head role) never approves their draft."""
    from django.contrib.auth.models import Group

    author.groups.add(Group.objects.get(name="cs_manager"))
    with pytest.raises(NotAllowed):
        services.survey_approve(actor=author, survey=drafted)
    assert Survey.objects.get(pk=drafted.pk).state == Survey.State.DRAFTED


def test_r_ss_3_empty_questionnaire_is_not_approved(drafted, csm):
    """R-SS-3: a questionnaire without questions is refused with a clear message."""
    drafted.questions.all().delete()
    with pytest.raises(Conflict) as exc:
        services.survey_approve(actor=csm, survey=drafted)
    assert exc.value.code == "empty"
    assert Survey.objects.get(pk=drafted.pk).state == Survey.State.DRAFTED


def test_r_ss_3_another_sites_head_cannot_approve(drafted, site_b):
    other = make_user("cs_manager", site_b)
    with pytest.raises(Exception) as exc:
        services.survey_approve(actor=other, survey=drafted)
    assert type(exc.value).__name__ == "NotFound"


def test_r_ss_3_open_draws_every_occupied_unit(opened, units_a):
    """R-SS-3: the sample is every occupied unit by default, each with its own link."""
    assert opened.state == Survey.State.OPEN and opened.sample_size == 20
    tokens = set(opened.sample.values_list("token", flat=True))
    assert len(tokens) == 20 and all(len(t) >= 32 for t in tokens)


def test_r_ss_3_a_random_share_is_drawn(author, csm, site_a, units_a):
    today = timezone.localdate()
    survey = services.survey_create(
        actor=author,
        site=site_a,
        name="抽样调查",
        period="2026 Q4",
        opens_on=today,
        closes_on=today,
        sample_percent=50,
    )
    services.survey_approve(actor=csm, survey=survey)
    services.survey_open(actor=csm, survey=survey)
    assert survey.sample_size == 10 == SampleUnit.objects.filter(survey=survey).count()


def test_r_ss_3_moved_out_units_are_not_sampled(author, csm, site_a, units_a):
    from propdesk.people.models import Occupancy

    Occupancy.objects.filter(unit=units_a[0]).update(
        move_out=timezone.localdate() - timedelta(days=1)
    )
    assert services.occupied_units(site_a.pk).count() == 19


def test_r_ss_3_one_response_per_unit(opened):
    """R-SS-3: one response per unit — the link is single use, and paper cannot add a second."""
    sample = opened.sample.first()
    services.response_submit_by_token(token=sample.token, answers=rated_answers(opened, 5))
    with pytest.raises(Conflict) as exc:
        services.response_submit_by_token(token=sample.token, answers=rated_answers(opened, 1))
    assert exc.value.code == "answered"
    agent = make_user("agent", opened.site)
    with pytest.raises(Conflict):
        services.response_enter(
            actor=agent,
            survey=opened,
            unit_id=sample.unit_id,
            channel="paper",
            answers=rated_answers(opened, 1),
        )
    assert SurveyResponse.objects.filter(survey=opened).count() == 1
    assert set(SurveyAnswer.objects.values_list("value", flat=True)) == {5}


def test_r_ss_3_database_refuses_a_second_response_for_a_unit(opened):
    """R-SS-3: the unique constraint holds even when the service check is passed by."""
    from django.db import IntegrityError, transaction

    unit_id = opened.sample.first().unit_id
    SurveyResponse.objects.create(survey=opened, unit_id=unit_id, channel="paper")
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=opened, unit_id=unit_id, channel="paper")


def test_r_ss_3_phone_answers_over_5_percent_are_refused(opened, lead_a):
    """R-SS-3: with 20 units, one phone answer (5 %) is taken and the second is refused."""
    units = list(opened.sample.values_list("unit_id", flat=True)[:2])
    services.response_enter(
        actor=lead_a,
        survey=opened,
        unit_id=units[0],
        channel="phone",
        answers=rated_answers(opened, 4),
        consent_by=lead_a,
    )
    with pytest.raises(Conflict) as exc:
        services.response_enter(
            actor=lead_a,
            survey=opened,
            unit_id=units[1],
            channel="phone",
            answers=rated_answers(opened, 4),
            consent_by=lead_a,
        )
    assert exc.value.code == "phone_cap" and "5" in str(exc.value.message)
    assert SurveyResponse.objects.filter(survey=opened, channel="phone").count() == 1
    assert not SurveyResponse.objects.filter(unit_id=units[1]).exists()


def test_r_ss_3_phone_answer_needs_a_supervisors_consent(opened, site_a):
    agent = make_user("agent", site_a)
    unit_id = opened.sample.first().unit_id
    for consent in (None, agent):
        with pytest.raises(InvalidInput) as exc:
            services.response_enter(
                actor=agent,
                survey=opened,
                unit_id=unit_id,
                channel="phone",
                answers=rated_answers(opened, 4),
                consent_by=consent,
            )
        assert "consent_by" in exc.value.fields
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("bad", [7, 0, -1, "7", "很好", 3.5, True, [5]])
def test_r_ss_3_a_score_out_of_1_to_5_is_refused(opened, bad):
    """R-SS-3: a score of 7 (or any value outside 1–5) is refused naming the question."""
    from django.utils import translation

    q = opened.questions.filter(kind="level").first()
    sample = opened.sample.first()
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as exc:
        services.response_submit_by_token(token=sample.token, answers={str(q.pk): bad})
    assert exc.value.fields == {f"q{q.pk}": "请给出 1 至 5 分的评分。"}
    assert not SurveyResponse.objects.exists()
    assert SampleUnit.objects.get(pk=sample.pk).used_at is None


def test_r_ss_3_an_empty_questionnaire_is_refused(opened):
    """R-SS-3: a questionnaire with no answer is refused in Chinese; nothing is kept."""
    from django.utils import translation

    sample = opened.sample.first()
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as exc:
        services.response_submit_by_token(token=sample.token, answers={})
    assert exc.value.code == "empty" and "问卷" in str(exc.value.message)
    assert not SurveyResponse.objects.exists()


def test_r_ss_3_choices_and_unknown_questions_are_checked(opened):
    multi = opened.questions.get(kind="multi")
    sample = opened.sample.first()
    with pytest.raises(InvalidInput) as exc:
        services.response_submit_by_token(
            token=sample.token, answers={str(multi.pk): ["停车"], "999999": 5}
        )
    assert set(exc.value.fields) == {f"q{multi.pk}", "q999999"}
    services.response_submit_by_token(
        token=sample.token, answers={str(multi.pk): ["保洁", "绿化"][:0] + ["环境保洁"]}
    )
    assert SurveyAnswer.objects.get().choices == ["环境保洁"]


def test_r_ss_3_the_scheduler_opens_and_closes_on_the_dates(author, csm, site_a, units_a):
    """R-SS-3: approved surveys open on their first day and close after their last."""
    from propdesk.core import periodic

    today = timezone.localdate()
    survey = services.survey_create(
        actor=author,
        site=site_a,
        name="季度调查",
        period="2026 Q4",
        opens_on=today + timedelta(days=1),
        closes_on=today + timedelta(days=3),
    )
    services.survey_approve(actor=csm, survey=survey)
    assert services.survey_sweep() == 0
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert "surveys.open_close" in periodic.run_due()
        assert Survey.objects.get(pk=survey.pk).state == Survey.State.OPEN
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        services.survey_sweep()
    survey.refresh_from_db()
    assert survey.state == Survey.State.CLOSED and survey.sample_size == 20
    codes = list(Event.objects.filter(object_id=survey.pk).values_list("code", flat=True))
    assert {"drafted", "approve", "open", "close"} <= set(codes)


def test_r_ss_3_a_closed_survey_takes_no_answers(opened, csm):
    services.survey_close(actor=csm, survey=opened)
    with pytest.raises(Conflict):
        services.response_submit_by_token(
            token=opened.sample.first().token, answers=rated_answers(opened, 5)
        )


def test_r_ss_3_auditor_changes_nothing(drafted, auditor):
    with pytest.raises(NotAllowed):
        services.survey_approve(actor=auditor, survey=drafted)
    with pytest.raises(NotAllowed):
        services.question_add(actor=auditor, survey=drafted, section="x", text="y", kind="level")
    assert Survey.objects.get(pk=drafted.pk).version == drafted.version


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("name", {"name": ""}),
        ("name", {"name": "长" * 101}),
        ("closes_on", {"closes_on": timezone.localdate() - timedelta(days=1)}),
        ("sample_percent", {"sample_percent": 0}),
        ("sample_percent", {"sample_percent": 101}),
    ],
)
def test_r_ss_3_bad_survey_input_changes_nothing(author, site_a, field, changes):
    today = timezone.localdate()
    data = {
        "name": "调查",
        "period": "2026 H2",
        "opens_on": today - timedelta(days=2),
        "closes_on": today + timedelta(days=2),
        **changes,
    }
    with pytest.raises(InvalidInput) as exc:
        services.survey_create(actor=author, site=site_a, **data)
    assert field in exc.value.fields
    assert not Survey.objects.exists()


def test_r_ss_3_question_edits_only_in_draft(drafted, author, csm):
    q = services.question_add(
        actor=author, survey=drafted, section="停车", text="停车管理", kind="scale", weight="1.5"
    )
    assert q.position == drafted.questions.count()
    with pytest.raises(InvalidInput):
        services.question_add(
            actor=author, survey=drafted, section="停车", text="方式", kind="single", choices=["a"]
        )
    services.survey_approve(actor=csm, survey=drafted)
    with pytest.raises(Conflict):
        services.question_remove(actor=author, survey=drafted, question_id=q.pk)
    assert drafted.questions.filter(pk=q.pk).exists()


def test_r_ss_3_sample_of_a_site_without_residents_is_refused(author, csm, site_b):
    today = timezone.localdate()
    survey = services.survey_create(
        actor=make_user("cs_manager", site_b),
        site=site_b,
        name="调查",
        period="2026 H2",
        opens_on=today,
        closes_on=today,
    )
    other = make_user("centre_manager", site_b)
    services.survey_approve(actor=other, survey=survey)
    with pytest.raises(Conflict) as exc:
        services.survey_open(actor=other, survey=survey)
    assert exc.value.code == "no_units"
    occupied(site_b, 1, prefix="A座")
    services.survey_open(actor=other, survey=survey)
    assert survey.sample_size == 1 and survey.phone_cap == 0
