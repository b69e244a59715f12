"""The performance API: daily reports, missing reports, scores with their inputs, training.

The same services and scope helpers as the pages: another site's record or a colleague's score
answers 404; each record lists the `actions` the caller may take now. R-ST-2, R-ST-8, R-ST-9.
"""

import datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from propdesk.core.access import get_or_404, scope_queryset, visible_site_ids
from propdesk.core.api import Id, Limit, Offset, Page, one_of, paginate
from propdesk.core.exceptions import InvalidInput
from propdesk.orgs.models import Site
from propdesk.people.models import User

from . import selectors, services
from .activity import activity_counts
from .models import DailyReport, Score, TrainingSession
from .permissions import (
    attendance_visible,
    is_reporter,
    is_staff,
    may_review_reports,
    report_get_for_user,
    score_get_for_user,
    session_get_for_user,
    session_scope,
)
from .workflow import REPORT_FLOW, SCORE_FLOW

router = Router(tags=["performance"])


class ReportOut(Schema):
    id: int
    site_id: int
    author_id: int
    date: datetime.date
    state: str
    counts: dict
    notes: str
    submitted_at: datetime.datetime | None
    reviewed_by_id: int | None
    reviewed_at: datetime.datetime | None
    review_comment: str
    version: int
    actions: list[str] = []


class ReportPage(Page):
    items: list[ReportOut]


class ReportIn(Schema):
    model_config = ConfigDict(extra="forbid")
    date: datetime.date
    site: Id | None = None
    notes: str = Field("", max_length=4000)


class AcceptIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    comment: str = Field("", max_length=2000)


class MissingOut(Schema):
    date: datetime.date
    person_id: int
    person: str


class ScoreOut(Schema):
    id: int
    site_id: int
    person_id: int
    period: str
    year: int
    number: int
    start: datetime.date
    end: datetime.date
    score: Decimal
    inputs: dict
    weights_id: int
    suggested_bonus: Decimal
    state: str
    confirmed_bonus: Decimal | None
    confirmed_by_id: int | None
    confirmed_at: datetime.datetime | None
    version: int
    actions: list[str] = []


class ScorePage(Page):
    items: list[ScoreOut]


class ComputeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    site: Id
    period: str
    year: int
    number: int


class ConfirmIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    amount: str = Field("", max_length=20)


class AttendeeOut(Schema):
    person_id: int
    attended: bool | None
    assessment: Decimal | None


class SessionOut(Schema):
    id: int
    site_id: int
    topic: str
    title: str
    trainer_id: int
    date: datetime.date
    note: str
    attendees: list[AttendeeOut] = []


class SessionPage(Page):
    items: list[SessionOut]


class SessionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    site: Id
    topic: str
    title: str = Field(..., max_length=100)
    trainer: Id
    date: datetime.date
    attendees: list[Id] = Field(..., max_length=500)
    note: str = Field("", max_length=2000)


class AttendanceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    person: Id
    attended: bool
    assessment: str = Field("", max_length=10)


class DueOut(Schema):
    person_id: int
    person: str
    last: datetime.date | None


def _report_out(r: DailyReport, user) -> dict:
    actions = (
        [] if user.pk == r.author_id else REPORT_FLOW.allowed_actions(state=r.state, user=user)
    )
    return {**ReportOut.model_validate(r).model_dump(exclude={"actions"}), "actions": actions}


def _score_out(s: Score, user) -> dict:
    actions = [] if user.pk == s.person_id else SCORE_FLOW.allowed_actions(state=s.state, user=user)
    return {**ScoreOut.model_validate(s).model_dump(exclude={"actions"}), "actions": actions}


def _site(user, pk) -> Site:
    return get_or_404(scope_queryset(Site.objects.all(), user, "pk"), pk=pk or 0)


@router.get("/performance/reports", response=ReportPage)
def report_list(
    request,
    state: one_of(DailyReport.State.values) = "",
    date: datetime.date | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Your reports; a reviewer's also those of their sites."""
    qs = selectors.report_list_for_user(request.auth, state=state, day=date)
    page = paginate(qs, limit=limit, offset=offset)
    page["items"] = [_report_out(r, request.auth) for r in page["items"]]
    return page


@router.get("/performance/reports/counts")
def report_counts(request, date: datetime.date | None = None):
    """Your own activity of a day (today by default): what a report of that day is pre-filled with."""
    if not is_reporter(request.auth):
        raise PermissionDenied
    day = services.report_date_check(date or timezone.localdate())
    return {"date": day, "counts": activity_counts(request.auth, day)}


@router.post("/performance/reports", response={201: ReportOut})
def report_submit(request, payload: ReportIn):
    """Submit your report of a day (today or earlier); the counts are taken from the records now."""
    user = request.auth
    site = (
        _site(user, payload.site)
        if payload.site is not None
        else Site.objects.filter(staff__user=user).order_by("pk").first()
    )
    if site is None:
        raise InvalidInput(_("Choose the site."), fields={"site": _("Required.")})
    r = services.report_submit(actor=user, site=site, day=payload.date, notes=payload.notes)
    return 201, _report_out(r, user)


@router.get("/performance/reports/missing", response=list[MissingOut])
def report_missing(request, start: datetime.date, end: datetime.date, site: Id | None = None):
    """Working days without a report, per desk person of your sites (at most 92 days)."""
    if not may_review_reports(request.auth):
        raise PermissionDenied
    if end < start or (end - start).days > selectors.MAX_RANGE_DAYS:
        raise InvalidInput(
            _("Give a range of at most 92 days, the end not before the start."),
            fields={"end": _("At most 92 days after the start.")},
        )
    sites = {_site(request.auth, site).pk} if site is not None else visible_site_ids(request.auth)
    rows = selectors.missing_reports(sites, start, end)
    return [{"date": d, "person_id": p.pk, "person": str(p)} for d, p in rows]


@router.get("/performance/reports/{report_id}", response=ReportOut)
def report_get(request, report_id: Id):
    return _report_out(report_get_for_user(request.auth, report_id), request.auth)


@router.post("/performance/reports/{report_id}/accept", response=ReportOut)
def report_accept(request, report_id: Id, payload: AcceptIn):
    """The CS manager accepts a submitted report; never their own."""
    r = report_get_for_user(request.auth, report_id)
    services.report_accept(
        actor=request.auth, report=r, comment=payload.comment, version=payload.version
    )
    return _report_out(r, request.auth)


@router.get("/performance/scores", response=ScorePage)
def score_list(
    request,
    period: one_of(Score.Period.values, blank=False) = "month",
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None,
    number: Annotated[int, Field(ge=1, le=12)] | None = None,
    site: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Scores you may read (your own; your sites' for managers), ranked per site."""
    if not is_staff(request.auth):
        raise PermissionDenied
    if period not in Score.Period.values:
        raise InvalidInput(fields={"period": ", ".join(Score.Period.values)}, code="bad_filter")
    qs = selectors.score_list_for_user(
        request.auth, site_id=site, period=period, year=year, number=number
    )
    page = paginate(qs, limit=limit, offset=offset)
    page["items"] = [_score_out(s, request.auth) for s in page["items"]]
    return page


@router.post("/performance/scores/compute", response=list[ScoreOut])
def score_compute(request, payload: ComputeIn):
    """Compute the period's scores of a site's desk staff (managers and the GM)."""
    site = _site(request.auth, payload.site)
    scores = services.scores_compute(
        actor=request.auth,
        site=site,
        period=payload.period,
        year=payload.year,
        number=payload.number,
    )
    return [_score_out(s, request.auth) for s in scores]


@router.get("/performance/scores/{score_id}", response=ScoreOut)
def score_get(request, score_id: Id):
    """One score with its inputs (each with the ticket ids it was counted from)."""
    return _score_out(score_get_for_user(request.auth, score_id), request.auth)


@router.post("/performance/scores/{score_id}/confirm", response=ScoreOut)
def score_confirm(request, score_id: Id, payload: ConfirmIn):
    """Confirm the suggested bonus line (or a changed amount); never your own."""
    s = score_get_for_user(request.auth, score_id)
    services.score_confirm(
        actor=request.auth, score=s, amount=payload.amount, version=payload.version
    )
    return _score_out(s, request.auth)


def _session_out(s: TrainingSession, user) -> dict:
    rows = attendance_visible(user, s)
    return {
        **{
            k: getattr(s, k)
            for k in ("id", "site_id", "topic", "title", "trainer_id", "date", "note")
        },
        "attendees": [
            {"person_id": a.person_id, "attended": a.attended, "assessment": a.assessment}
            for a in rows
        ],
    }


@router.get("/performance/training", response=SessionPage)
def session_list(request, limit: Limit = 25, offset: Offset = 0):
    """Training sessions of your sites (attendees and scores are in a session's own record)."""
    if request.auth.is_config_only:
        raise PermissionDenied
    page = paginate(
        session_scope(request.auth).order_by("-date", "-id"), limit=limit, offset=offset
    )
    page["items"] = [
        {
            k: getattr(s, k)
            for k in ("id", "site_id", "topic", "title", "trainer_id", "date", "note")
        }
        for s in page["items"]
    ]
    return page


@router.post("/performance/training", response={201: SessionOut})
def session_create(request, payload: SessionIn):
    site = _site(request.auth, payload.site)
    trainer = User.objects.filter(pk=payload.trainer, is_active=True).first()
    s = services.training_session_create(
        actor=request.auth,
        site=site,
        topic=payload.topic,
        title=payload.title,
        trainer=trainer,
        date=payload.date,
        attendees=payload.attendees,
        note=payload.note,
    )
    return 201, _session_out(s, request.auth)


@router.get("/performance/training/due", response=list[DueOut])
def training_due(request, site: Id | None = None):
    """Desk staff due for training (managers and trainers)."""
    from .permissions import is_trainer, may_read_scores_of_others

    if not (may_read_scores_of_others(request.auth) or is_trainer(request.auth)):
        raise PermissionDenied
    sites = {_site(request.auth, site).pk} if site is not None else visible_site_ids(request.auth)
    return [
        {"person_id": r["person"].pk, "person": str(r["person"]), "last": r["last"]}
        for r in selectors.due_for_training(sites)[:500]
    ]


@router.get("/performance/training/{session_id}", response=SessionOut)
def session_get(request, session_id: Id):
    return _session_out(session_get_for_user(request.auth, session_id), request.auth)


@router.post("/performance/training/{session_id}/attendance", response=SessionOut)
def session_attendance(request, session_id: Id, payload: AttendanceIn):
    """Record an attendee's attendance and assessment score (0–100); nobody records their own."""
    s = session_get_for_user(request.auth, session_id)
    services.training_attendance_record(
        actor=request.auth,
        session=s,
        person_id=payload.person,
        attended=payload.attended,
        assessment=payload.assessment,
    )
    return _session_out(s, request.auth)
