"""The surveys API (R-SS-3): surveys of your sites, their questions, the workflow actions
(`POST /surveys/{id}/<action>` with the `version` you saw; stale → 409), answers entered by staff
(paper, or phone with a supervisor's consent) and the results. Another site's survey is 404."""

from datetime import date
from decimal import Decimal

from ninja import Field, Router, Schema
from pydantic import ConfigDict

from propdesk.core.api import Id, Limit, Offset, Page, paginate, refuse_unknown_choice
from propdesk.core.idempotency import idempotent
from propdesk.orgs.selectors import site_list_for_user
from propdesk.people.models import User

from . import selectors, services
from .models import Survey
from .permissions import require_reader, survey_get_for_user
from .results import survey_results

router = Router(tags=["surveys"])


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class SurveyIn(In):
    site: Id
    name: str = Field("", max_length=100)
    period: str = Field("", max_length=30)
    opens_on: date
    closes_on: date
    sample_percent: int = Field(100, ge=1, le=100)


class VersionIn(In):
    version: int


class NoteIn(In):
    note: str = Field("", max_length=500)
    version: int


class QuestionIn(In):
    section: str = Field("", max_length=60)
    text: str = Field("", max_length=200)
    kind: str = Field(..., max_length=8)
    choices: list[str] = Field(default_factory=list, max_length=12)
    weight: str = Field("1", max_length=6)
    version: int


class ResponseIn(In):
    unit: Id
    channel: str = Field(..., max_length=8)
    answers: dict[str, int | str | list[str]] = Field(default_factory=dict)
    respondent: str = Field("", max_length=50)
    consent_by: Id | None = None


class QuestionOut(Schema):
    id: int
    position: int
    section: str
    text: str
    kind: str
    choices: list[str]
    weight: Decimal


class SurveyOut(Schema):
    id: int
    site_id: int
    name: str
    period: str
    opens_on: date
    closes_on: date
    sample_percent: int
    sample_size: int
    state: str
    created_by_id: int
    approved_by_id: int | None
    version: int


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]
    responses: int
    phone_cap: int
    actions: list[str]


class SurveyPage(Page):
    items: list[SurveyOut]


class ItemOut(Schema):
    question_id: int
    section: str
    text: str
    valid: int
    satisfied: int
    rate: Decimal | None
    previous_rate: Decimal | None


class ResultsOut(Schema):
    survey_id: int
    sample_size: int
    responses: int
    response_rate: Decimal | None
    overall: Decimal | None
    index: Decimal | None
    band: str
    previous_survey_id: int | None
    previous_overall: Decimal | None
    items: list[ItemOut]
    channels: dict[str, int]
    comment_groups: list[dict]


def out(survey: Survey, user) -> dict:
    return {
        **SurveyOut.model_validate(survey).model_dump(),
        "questions": [QuestionOut.model_validate(q).model_dump() for q in survey.questions.all()],
        "responses": survey.responses.count(),
        "phone_cap": survey.phone_cap,
        "actions": selectors.survey_actions(user, survey),
    }


@router.get("/surveys/", response=SurveyPage)
def survey_list(
    request, state: str = "", site: Id | None = None, limit: Limit = 25, offset: Offset = 0
):
    """Surveys of your sites, newest first."""
    require_reader(request.auth)
    refuse_unknown_choice("state", state, Survey.State.values)
    qs = selectors.survey_list_for_user(request.auth, site_id=site, state=state)
    return paginate(qs, limit=limit, offset=offset)


@router.get("/surveys/{survey_id}", response=SurveyDetailOut)
def survey_get(request, survey_id: Id):
    return out(survey_get_for_user(request.auth, survey_id), request.auth)


@router.post("/surveys/", response={201: SurveyDetailOut})
def survey_create(request, payload: SurveyIn):
    """Draft a survey from the default questionnaire. Accepts `Idempotency-Key`."""
    user = request.auth

    def create():
        site = site_list_for_user(user).filter(pk=payload.site).first()
        survey = services.survey_create(
            actor=user, site=site, **payload.model_dump(exclude={"site"})
        )
        return 201, SurveyDetailOut.model_validate(out(survey, user)).model_dump(mode="json")

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


@router.post("/surveys/{survey_id}/approve", response=SurveyDetailOut)
def survey_approve(request, survey_id: Id, payload: VersionIn):
    """The site head approves (never the author; an empty questionnaire is refused)."""
    survey = survey_get_for_user(request.auth, survey_id)
    services.survey_approve(actor=request.auth, survey=survey, version=payload.version)
    return out(survey, request.auth)


@router.post("/surveys/{survey_id}/return", response=SurveyDetailOut)
def survey_return(request, survey_id: Id, payload: NoteIn):
    survey = survey_get_for_user(request.auth, survey_id)
    services.survey_return(
        actor=request.auth, survey=survey, note=payload.note, version=payload.version
    )
    return out(survey, request.auth)


@router.post("/surveys/{survey_id}/open", response=SurveyDetailOut)
def survey_open(request, survey_id: Id, payload: VersionIn):
    """Open an approved survey now and draw its sample."""
    survey = survey_get_for_user(request.auth, survey_id)
    services.survey_open(actor=request.auth, survey=survey, version=payload.version)
    return out(survey, request.auth)


@router.post("/surveys/{survey_id}/close", response=SurveyDetailOut)
def survey_close(request, survey_id: Id, payload: VersionIn):
    survey = survey_get_for_user(request.auth, survey_id)
    services.survey_close(actor=request.auth, survey=survey, version=payload.version)
    return out(survey, request.auth)


@router.post("/surveys/{survey_id}/questions", response={201: SurveyDetailOut})
def question_add(request, survey_id: Id, payload: QuestionIn):
    """Add a question to a drafted survey."""
    survey = survey_get_for_user(request.auth, survey_id)
    services.question_add(actor=request.auth, survey=survey, **payload.model_dump())
    return 201, out(survey, request.auth)


class RemoveIn(In):
    question: Id
    version: int


@router.post("/surveys/{survey_id}/questions/remove", response=SurveyDetailOut)
def question_remove(request, survey_id: Id, payload: RemoveIn):
    """Take a question out of a drafted survey (a question of another survey is 404, A3)."""
    survey = survey_get_for_user(request.auth, survey_id)
    services.question_remove(
        actor=request.auth, survey=survey, question_id=payload.question, version=payload.version
    )
    return out(survey, request.auth)


@router.post("/surveys/{survey_id}/responses", response={201: dict})
def response_enter(request, survey_id: Id, payload: ResponseIn):
    """Enter a paper questionnaire or a phone answer (a supervisor's consent; ≤ 5 % of the
    sample). One response per unit."""
    survey = survey_get_for_user(request.auth, survey_id)
    consent = User.objects.filter(pk=payload.consent_by).first() if payload.consent_by else None
    response = services.response_enter(
        actor=request.auth,
        survey=survey,
        unit_id=payload.unit,
        channel=payload.channel,
        answers=payload.answers,
        respondent=payload.respondent,
        consent_by=consent,
    )
    return 201, {"id": response.pk, "unit_id": response.unit_id, "channel": response.channel}


@router.get("/surveys/{survey_id}/results", response=ResultsOut)
def results(request, survey_id: Id):
    """Response rate, satisfaction rate per item and overall, index band, the previous survey."""
    require_reader(request.auth)
    survey = survey_get_for_user(request.auth, survey_id)
    r = survey_results(survey)
    return {
        "survey_id": survey.pk,
        "sample_size": survey.sample_size,
        "responses": r.responses,
        "response_rate": r.response_rate,
        "overall": r.overall,
        "index": r.index,
        "band": r.band[0],
        "previous_survey_id": r.previous.pk if r.previous else None,
        "previous_overall": r.previous_overall,
        "items": [
            {
                "question_id": i.question.pk,
                "section": i.question.section,
                "text": i.question.text,
                "valid": i.valid,
                "satisfied": i.satisfied,
                "rate": i.rate,
                "previous_rate": i.previous_rate,
            }
            for i in r.items
        ],
        "channels": r.channels,
        "comment_groups": [{"word": w, "count": n, "comments": t} for w, n, t in r.comment_groups],
    }
