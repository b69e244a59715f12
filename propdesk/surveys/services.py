"""Every write of satisfaction surveys (R-SS-3): draft from the default questionnaire, edit the
questions, approve (the site head, never the author), open (the sample drawn) and close — by hand
or by the scheduler on the survey's dates — and the responses: one per unit, on the resident's
one-time link, on paper entered by staff, or by phone with a supervisor's consent, at most 5 % of
the sample (DOMAIN §1.11)."""

import math
import secrets
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, require_write
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from propdesk.core.statemachine import STALE_MESSAGE, transition_apply
from propdesk.core.text import optional_text, require_text
from propdesk.orgs.models import Unit

from .models import (
    CHOICE_KINDS,
    RATED_KINDS,
    Kind,
    QuestionnaireItem,
    SampleUnit,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from .permissions import sees_site
from .workflow import AUTHORS, ENTERERS, PHONE_CONSENTERS, SURVEY_FLOW

MAX_DAYS_OPEN = 92
MAX_QUESTIONS = 60
MAX_CHOICES = 12
TEXT_MAX = 1000
S = Survey.State


def _fail(field: str, message):
    return InvalidInput(message, fields={field: message})


def _check_dates(opens_on, closes_on) -> None:
    if opens_on is None or closes_on is None:
        raise _fail("opens_on", _("Give the days the survey opens and closes."))
    if closes_on < opens_on:
        raise _fail("closes_on", _("The survey closes on or after the day it opens."))
    if closes_on < timezone.localdate():
        raise _fail("closes_on", _("The closing day has already passed."))
    if (closes_on - opens_on).days > MAX_DAYS_OPEN:
        raise _fail(
            "closes_on", _("A survey is open for at most %(n)d days.") % {"n": MAX_DAYS_OPEN}
        )


def _percent(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
        raise _fail(
            "sample_percent",
            _("Give the sample as a percentage of the occupied units, from 1 to 100."),
        )
    return value


@transaction.atomic
def survey_create(
    *, actor, site, name: str, period: str, opens_on, closes_on, sample_percent: int = 100
) -> Survey:
    """Draft a survey of `site` with the default questionnaire's items as its questions."""
    require_role(actor, AUTHORS)
    if site is None or not sees_site(actor, site.pk):
        raise _fail("site", _("Choose one of your sites."))
    name = require_text(name, "name", _("Give the survey a name."), 100)
    period = require_text(period, "period", _("Say which period it covers, e.g. 2026 H2."), 30)
    _check_dates(opens_on, closes_on)
    survey = Survey.objects.create(
        site=site,
        name=name,
        period=period,
        opens_on=opens_on,
        closes_on=closes_on,
        sample_percent=_percent(sample_percent),
        created_by=actor,
    )
    items = QuestionnaireItem.objects.filter(active=True).order_by("sort_order", "id")
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            survey=survey,
            position=i,
            section=item.section,
            text=item.text,
            kind=item.kind,
            choices=item.choices,
            weight=item.weight,
        )
        for i, item in enumerate(items, start=1)
    )
    event_record(target=survey, code="drafted", actor=actor, data={"questions": len(items)})
    return survey


def _clean_choices(kind: str, choices) -> list[str]:
    if kind not in CHOICE_KINDS:
        return []
    if isinstance(choices, str):
        choices = choices.split("\n")
    cleaned = [optional_text(c, "choices", 60) for c in (choices or []) if str(c).strip()]
    if not 2 <= len(cleaned) <= MAX_CHOICES or len(set(cleaned)) != len(cleaned):
        raise _fail(
            "choices",
            _("A choice question needs 2 to %(n)d different choices, one a line.")
            % {"n": MAX_CHOICES},
        )
    return cleaned


def _weight(value) -> Decimal:
    try:
        weight = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        weight = Decimal(-1)
    if not weight.is_finite() or not Decimal("0") <= weight <= Decimal("10"):
        raise _fail("weight", _("The weight is a number from 0 to 10."))
    return weight.quantize(Decimal("0.01"))


@transaction.atomic
def question_add(
    *,
    actor,
    survey: Survey,
    section: str,
    text: str,
    kind: str,
    choices=(),
    weight="1",
    version: int | None = None,
) -> SurveyQuestion:
    """Add a question at the end of a drafted survey (its author's side)."""
    if kind not in Kind.values:
        raise _fail("kind", _("Choose how the question is answered."))
    section = require_text(section, "section", _("Name the section of the question."), 60)
    text = require_text(text, "text", _("Write the question."), 200)
    cleaned = _clean_choices(kind, choices)
    weight = _weight(weight)
    if survey.questions.count() >= MAX_QUESTIONS:
        raise _fail("text", _("A survey has at most %(n)d questions.") % {"n": MAX_QUESTIONS})
    last = survey.questions.order_by("-position").values_list("position", flat=True).first() or 0
    transition_apply(
        obj=survey,
        machine=SURVEY_FLOW,
        action="edit",
        actor=actor,
        data={"added": text},
        expected_version=version,
    )
    return SurveyQuestion.objects.create(
        survey=survey,
        position=last + 1,
        section=section,
        text=text,
        kind=kind,
        choices=cleaned,
        weight=weight,
    )


@transaction.atomic
def question_remove(*, actor, survey: Survey, question_id, version: int | None = None) -> None:
    """Take a question out of a drafted survey (looked up within this survey only)."""
    question = survey.questions.filter(pk=question_id).first() if question_id else None
    if question is None:
        raise NotFound()
    transition_apply(
        obj=survey,
        machine=SURVEY_FLOW,
        action="edit",
        actor=actor,
        data={"removed": question.text},
        expected_version=version,
    )
    question.delete()


def _require_site_head(actor, survey: Survey, action: str) -> None:
    SURVEY_FLOW.check_role(action=action, user=actor)
    if not sees_site(actor, survey.site_id):
        raise NotFound()


@transaction.atomic
def survey_approve(*, actor, survey: Survey, version: int | None = None) -> Survey:
    """The site head approves the questionnaire; never its author (A7). An empty one is refused."""
    _require_site_head(actor, survey, "approve")
    if actor.pk == survey.created_by_id:
        raise NotAllowed(_("Nobody approves a survey they drafted."), code="self_approval")
    questions = survey.questions.all()
    if not questions.exists():
        raise Conflict(
            _("The questionnaire is empty: add at least one question first."), code="empty"
        )
    if not questions.filter(kind__in=RATED_KINDS).exists():
        raise Conflict(
            _("The questionnaire needs at least one question rated on five levels or 1–5."),
            code="no_rated_question",
        )
    transition_apply(
        obj=survey,
        machine=SURVEY_FLOW,
        action="approve",
        actor=actor,
        changes={"approved_by": actor, "approved_at": timezone.now()},
        expected_version=version,
    )
    return survey


@transaction.atomic
def survey_return(*, actor, survey: Survey, note: str, version: int | None = None) -> Survey:
    """Send an approved survey back to draft before it opens, with the reason."""
    _require_site_head(actor, survey, "return")
    note = require_text(note, "note", _("Say what should change."), 500)
    transition_apply(
        obj=survey,
        machine=SURVEY_FLOW,
        action="return",
        actor=actor,
        changes={"approved_by": None, "approved_at": None},
        note=note,
        expected_version=version,
    )
    return survey


def occupied_units(site_id: int):
    """Units of the site with a resident who has not moved out (DOMAIN §1.11: the population)."""
    today = timezone.localdate()
    live = Q(occupancies__move_out__isnull=True) | Q(occupancies__move_out__gte=today)
    return Unit.objects.filter(site_id=site_id).filter(live).distinct()


def _draw_sample(survey: Survey) -> int:
    ids = list(occupied_units(survey.site_id).values_list("pk", flat=True))
    if not ids:
        raise Conflict(_("The site has no occupied units to survey."), code="no_units")
    size = math.ceil(len(ids) * survey.sample_percent / 100)
    drawn = ids if size >= len(ids) else secrets.SystemRandom().sample(ids, size)
    SampleUnit.objects.bulk_create(
        SampleUnit(survey=survey, unit_id=pk, token=secrets.token_urlsafe(24)) for pk in drawn
    )
    return len(drawn)


def _move(survey: Survey, action: str, actor, changes: dict, version) -> None:
    if actor is None:  # the scheduler: the same guarded update, an event without an actor
        target = SURVEY_FLOW.transitions[action].target
        done = Survey.objects.filter(pk=survey.pk, state=survey.state, version=survey.version)
        if done.update(state=target, version=F("version") + 1, **changes) != 1:
            raise Conflict(STALE_MESSAGE, code="stale")
        event_record(target=survey, code=action, data={"from": survey.state, "to": target})
        survey.state, survey.version = target, survey.version + 1
        for k, v in changes.items():
            setattr(survey, k, v)
        return
    _require_site_head(actor, survey, action)
    transition_apply(
        obj=survey,
        machine=SURVEY_FLOW,
        action=action,
        actor=actor,
        changes=changes,
        expected_version=version,
    )


@transaction.atomic
def survey_open(*, actor=None, survey: Survey, version: int | None = None) -> Survey:
    """Open an approved survey and draw its sample (all occupied units or the share set)."""
    if survey.state != S.APPROVED:
        raise Conflict(STALE_MESSAGE, code="wrong_state")
    if actor is not None:
        SURVEY_FLOW.check_role(action="open", user=actor)
    size = _draw_sample(survey)
    _move(survey, "open", actor, {"opened_at": timezone.now(), "sample_size": size}, version)
    return survey


@transaction.atomic
def survey_close(*, actor=None, survey: Survey, version: int | None = None) -> Survey:
    """Close an open survey; its links stop working and its results are final."""
    _move(survey, "close", actor, {"closed_at": timezone.now()}, version)
    return survey


def survey_sweep() -> int:
    """The scheduler's turn: open approved surveys whose first day has come, close open ones
    whose last day has passed. Returns how many moved."""
    today = timezone.localdate()
    moved = 0
    for survey in Survey.objects.filter(state=S.APPROVED, opens_on__lte=today):
        try:
            if survey.closes_on >= today:
                survey_open(survey=survey)
                moved += 1
        except Conflict:  # moved by someone else meanwhile, or nobody lives there yet
            continue
    for survey in Survey.objects.filter(state=S.OPEN, closes_on__lt=today):
        try:
            survey_close(survey=survey)
            moved += 1
        except Conflict:
            continue
    return moved


def _rated(question: SurveyQuestion, raw):
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if not isinstance(raw, int) or isinstance(raw, bool) or not 1 <= raw <= 5:
        return None, _("Give a score from 1 to 5.")
    return {"value": raw}, None


def _chosen(question: SurveyQuestion, raw):
    picked = raw if isinstance(raw, list) else [raw]
    picked = [p for p in picked if p not in ("", None)]
    if question.kind == Kind.SINGLE and len(picked) > 1:
        return None, _("Choose one answer.")
    if not all(isinstance(p, str) and p in question.choices for p in picked):
        return None, _("Choose among the answers given.")
    return ({"choices": picked} if picked else None), None


def _one_answer(question: SurveyQuestion, raw):
    """(fields of the answer or None when left blank, an error message or None)."""
    if raw in (None, "", []):
        return None, None
    if question.kind in RATED_KINDS:
        return _rated(question, raw)
    if question.kind in CHOICE_KINDS:
        return _chosen(question, raw)
    if not isinstance(raw, str):
        return None, _("Write the answer as text.")
    if len(raw.strip()) > TEXT_MAX:
        return None, _("At most %(n)d characters.") % {"n": TEXT_MAX}
    text = raw.strip()
    return ({"text": text} if text else None), None


def clean_answers(survey: Survey, answers: dict) -> list[SurveyAnswer]:
    """The answers of one questionnaire, checked question by question; every refused answer is
    named (`q<id>`) and nothing is kept; a questionnaire with no answer at all is refused."""
    if not isinstance(answers, dict):
        answers = {}
    questions = {str(q.pk): q for q in survey.questions.all()}
    errors = {
        f"q{key}": str(_("This question is not in the survey."))
        for key in answers
        if str(key) not in questions
    }
    rows = []
    for key, question in questions.items():
        fields, problem = _one_answer(question, answers.get(key, answers.get(question.pk)))
        if problem:
            errors[f"q{key}"] = str(problem)
        elif fields:
            rows.append(SurveyAnswer(question=question, **fields))
    if errors:
        raise InvalidInput(_("Some answers need another look."), fields=errors, code="bad_answer")
    if not rows:
        msg = _("The questionnaire is empty: answer at least one question.")
        raise InvalidInput(msg, fields={"answers": msg}, code="empty")
    return rows


def _phone_allowed(survey: Survey, actor, consent_by) -> None:
    if consent_by is None or not consent_by.is_active or consent_by.is_read_only:
        raise _fail("consent_by", _("A phone answer needs the consent of a supervisor."))
    if not consent_by.has_any_role(PHONE_CONSENTERS) or not sees_site(consent_by, survey.site_id):
        raise _fail("consent_by", _("The consent comes from a supervisor of this site."))
    taken = survey.responses.filter(channel=SurveyResponse.Channel.PHONE).count()
    if taken >= survey.phone_cap:
        raise Conflict(
            _(
                "Phone answers are capped at 5 %% of the sample (%(cap)d of %(n)d units) and "
                "%(taken)d are in; this one is refused."
            )
            % {"cap": survey.phone_cap, "n": survey.sample_size, "taken": taken},
            code="phone_cap",
        )


def _save(survey, sample, channel, rows, *, actor=None, consent_by=None, respondent=""):
    # One per unit: checked here for a clear message, and by the unique constraint for the race.
    if sample.used_at or survey.responses.filter(unit_id=sample.unit_id).exists():
        raise Conflict(_("This unit has already answered the survey."), code="answered")
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                unit_id=sample.unit_id,
                channel=channel,
                respondent=respondent,
                entered_by=actor,
                phone_consent_by=consent_by,
            )
            for row in rows:
                row.response = response
            SurveyAnswer.objects.bulk_create(rows)
    except IntegrityError:
        raise Conflict(_("This unit has already answered the survey."), code="answered") from None
    SampleUnit.objects.filter(pk=sample.pk).update(used_at=response.submitted_at)
    event_record(
        target=survey,
        code="answered",
        actor=actor,
        data={"unit": sample.unit_id, "channel": channel},
    )
    return response


def _locked(survey: Survey) -> Survey:
    """The survey row, locked (PostgreSQL) so two phone answers cannot both take the last slot;
    SQLite's IMMEDIATE transactions serialise writers anyway."""
    return Survey.objects.select_for_update().get(pk=survey.pk)


@transaction.atomic
def response_submit_by_token(*, token: str, answers: dict) -> SurveyResponse:
    """The resident answers on the one-time link of their unit (the token is the authorisation)."""
    sample = (
        SampleUnit.objects.select_related("survey").filter(token=str(token or "")[:64]).first()
        if token
        else None
    )
    if sample is None:
        raise NotFound()
    survey = _locked(sample.survey)
    if survey.state != S.OPEN:
        raise Conflict(_("This survey is not open for answers."), code="not_open")
    rows = clean_answers(survey, answers)
    return _save(survey, sample, SurveyResponse.Channel.PORTAL, rows)


@transaction.atomic
def response_enter(
    *,
    actor,
    survey: Survey,
    unit_id,
    channel: str,
    answers: dict,
    respondent: str = "",
    consent_by=None,
) -> SurveyResponse:
    """Staff type in a paper questionnaire, or record a phone answer with a supervisor's consent
    (at most 5 % of the sample). The unit must be in the sample."""
    require_write(actor)
    require_role(actor, ENTERERS)
    if not sees_site(actor, survey.site_id):
        raise NotFound()
    survey = _locked(survey)
    if survey.state != S.OPEN:
        raise Conflict(_("This survey is not open for answers."), code="not_open")
    if channel not in (SurveyResponse.Channel.PAPER, SurveyResponse.Channel.PHONE):
        raise _fail("channel", _("Choose paper or phone."))
    sample = survey.sample.filter(unit_id=unit_id).first() if unit_id else None
    if sample is None:
        raise _fail("unit", _("This unit is not in the survey's sample."))
    respondent = optional_text(respondent, "respondent", 50)
    if channel == SurveyResponse.Channel.PHONE:
        _phone_allowed(survey, actor, consent_by)
    else:
        consent_by = None
    rows = clean_answers(survey, answers)
    return _save(
        survey, sample, channel, rows, actor=actor, consent_by=consent_by, respondent=respondent
    )
