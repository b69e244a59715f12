"""API of the weekly meeting (R-MT-1): series, meetings and their minutes, action items.

Scoped to the caller's sites (another site's meeting answers 404); every step is
`POST /meetings/{id}/<action>`; DELETE is refused (retention, R-FM-8).
"""

from django.utils.translation import gettext as _
from ninja import Router

from propdesk.core.api import ErrorOut, Id, Limit, Offset, one_of, paginate
from propdesk.core.exceptions import InvalidInput
from propdesk.core.idempotency import idempotent
from propdesk.orgs.selectors import site_list_for_user
from propdesk.people.models import User
from propdesk.records import retention

from . import selectors, services
from .models import ActionItem, Meeting
from .permissions import (
    action_get_for_user,
    meeting_get_for_user,
    require_reader,
    series_get_for_user,
)
from .schemas import (
    ActionIn,
    ActionOut,
    ActionPage,
    AgendaIn,
    AttendanceIn,
    CloseIn,
    DecisionIn,
    MeetingDetailOut,
    MeetingOut,
    MeetingPage,
    MinutesIn,
    ReasonIn,
    RescheduleIn,
    SeriesIn,
    SeriesOut,
    SeriesPage,
    VersionIn,
)
from .views.common import meeting_actions

router = Router(tags=["meetings"])


def _user(field: str, pk: int | None):
    if pk is None:
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise InvalidInput(_("Check the marked fields."), fields={field: _("Not found.")})
    return user


def detail(meeting: Meeting, user) -> dict:
    return {
        **MeetingOut.model_validate(meeting).model_dump(),
        "attendance": list(selectors.attendance_for(meeting)),
        "agenda": list(selectors.agenda_for(meeting)),
        "decisions": list(meeting.decisions.all()),
        "actions_raised": list(selectors.actions_raised_at(meeting)),
        "actions": meeting_actions(user, meeting),
    }


@router.get("/meetings/series/", response=SeriesPage)
def series_list(request, site: Id | None = None, limit: Limit = 25, offset: Offset = 0):
    require_reader(request.auth)
    return paginate(
        selectors.series_list_for_user(request.auth, site_id=site), limit=limit, offset=offset
    )


@router.post("/meetings/series/", response={201: SeriesOut})
def series_create(request, payload: SeriesIn):
    """Set up a site's weekly meeting (Friday 09:00 by default); its next meeting is planned.
    Accepts an `Idempotency-Key`."""
    user = request.auth

    def create():
        site = site_list_for_user(user).filter(pk=payload.site).first()
        if site is None:
            raise InvalidInput(_("Check the marked fields."), fields={"site": _("Not found.")})
        members = (
            None if payload.members is None else list(User.objects.filter(pk__in=payload.members))
        )
        data = payload.model_dump(exclude={"site", "chair", "minute_taker", "members"})
        series = services.series_create(
            actor=user,
            site=site,
            chair=_user("chair", payload.chair),
            minute_taker=_user("minute_taker", payload.minute_taker),
            members=members,
            **data,
        )
        return 201, SeriesOut.model_validate(series).model_dump(mode="json")

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


@router.post("/meetings/series/{series_id}/plan", response=MeetingPage)
def series_plan(request, series_id: int):
    """Plan the series' next meeting now (the hourly sweep does the same)."""
    series = series_get_for_user(request.auth, series_id)
    services.series_plan_now(actor=request.auth, series=series)
    qs = selectors.meeting_list_for_user(request.auth, series_id=series.pk, state="planned")
    return paginate(qs, limit=10, offset=0)


@router.get("/meetings/", response=MeetingPage)
def meeting_list(
    request,
    state: one_of(Meeting.State.values) = "",
    series: Id | None = None,
    site: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Meetings of your sites, the latest first."""
    require_reader(request.auth)
    if state and state not in Meeting.State.values:
        raise InvalidInput(fields={"state": ", ".join(Meeting.State.values)}, code="bad_filter")
    qs = selectors.meeting_list_for_user(request.auth, site_id=site, state=state, series_id=series)
    return paginate(qs, limit=limit, offset=offset)


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def meeting_get(request, meeting_id: int):
    return detail(meeting_get_for_user(request.auth, meeting_id), request.auth)


def _act(request, meeting_id: int, fn, **kwargs) -> dict:
    meeting = meeting_get_for_user(request.auth, meeting_id)
    fn(actor=request.auth, meeting=meeting, **kwargs)
    return detail(meeting, request.auth)


@router.post("/meetings/{meeting_id}/hold", response=MeetingDetailOut)
def meeting_hold(request, meeting_id: int, payload: VersionIn):
    """The meeting took place (chair or minute-taker)."""
    return _act(request, meeting_id, services.meeting_hold, version=payload.version)


@router.post("/meetings/{meeting_id}/reschedule", response=MeetingDetailOut)
def meeting_reschedule(request, meeting_id: int, payload: RescheduleIn):
    """The chair moves a planned meeting or names another minute-taker."""
    return _act(
        request,
        meeting_id,
        services.meeting_reschedule,
        starts_at=payload.starts_at,
        location=payload.location,
        minute_taker=_user("minute_taker", payload.minute_taker),
        version=payload.version,
    )


@router.post("/meetings/{meeting_id}/attendance", response=MeetingDetailOut)
def meeting_attendance(request, meeting_id: int, payload: AttendanceIn):
    """Record one person present or absent (with the reason)."""
    return _act(
        request,
        meeting_id,
        services.meeting_attendance,
        user=_user("user", payload.user),
        status=payload.status,
        note=payload.note,
    )


@router.post("/meetings/{meeting_id}/agenda", response=MeetingDetailOut)
def meeting_agenda(request, meeting_id: int, payload: AgendaIn):
    return _act(request, meeting_id, services.agenda_item_add, **payload.model_dump())


@router.post("/meetings/{meeting_id}/minutes", response=MeetingDetailOut)
def meeting_minutes(request, meeting_id: int, payload: MinutesIn):
    """The named minute-taker writes the minutes."""
    return _act(request, meeting_id, services.meeting_minutes_write, **payload.model_dump())


@router.post("/meetings/{meeting_id}/decisions", response=MeetingDetailOut)
def meeting_decision(request, meeting_id: int, payload: DecisionIn):
    return _act(request, meeting_id, services.decision_add, text=payload.text)


@router.post("/meetings/{meeting_id}/actions", response={201: ActionOut})
def meeting_action_add(request, meeting_id: int, payload: ActionIn):
    """An action with its owner and due date; carried to the next meetings until closed."""
    meeting = meeting_get_for_user(request.auth, meeting_id)
    item = services.action_add(
        actor=request.auth,
        meeting=meeting,
        title=payload.title,
        owner=_user("owner", payload.owner),
        due_on=payload.due_on,
    )
    return 201, item


@router.post("/meetings/{meeting_id}/submit", response=MeetingDetailOut)
def meeting_submit(request, meeting_id: int, payload: VersionIn):
    """The minute-taker hands the minutes in to the chair (they keep the form version, R-FM-7)."""
    return _act(request, meeting_id, services.meeting_submit, version=payload.version)


@router.post("/meetings/{meeting_id}/return", response=MeetingDetailOut)
def meeting_return(request, meeting_id: int, payload: ReasonIn):
    return _act(request, meeting_id, services.meeting_return, **payload.model_dump())


@router.post("/meetings/{meeting_id}/sign", response=MeetingDetailOut)
def meeting_sign(request, meeting_id: int, payload: VersionIn):
    """The chair signs the minutes."""
    return _act(request, meeting_id, services.meeting_sign, version=payload.version)


@router.post("/meetings/{meeting_id}/cancel", response=MeetingDetailOut)
def meeting_cancel(request, meeting_id: int, payload: ReasonIn):
    return _act(request, meeting_id, services.meeting_cancel, **payload.model_dump())


@router.delete("/meetings/{meeting_id}", response={409: ErrorOut})
def meeting_delete(request, meeting_id: int):
    """Refused: minutes are kept for their retention period (R-FM-8)."""
    meeting = meeting_get_for_user(request.auth, meeting_id)
    retention.refuse_delete(retention.kind("meeting"), meeting)


@router.get("/meeting-actions/", response=ActionPage)
def action_list(
    request,
    state: one_of(ActionItem.State.values) = "",
    mine: bool = False,
    chaired: bool = False,
    overdue: bool = False,
    site: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Action items of your sites; `mine`, `chaired` (meetings you chair), `overdue`."""
    require_reader(request.auth)
    if state and state not in ActionItem.State.values:
        raise InvalidInput(fields={"state": ", ".join(ActionItem.State.values)}, code="bad_filter")
    qs = selectors.action_list_for_user(
        request.auth, site_id=site, state=state, mine=mine, chaired=chaired, overdue=overdue
    )
    return paginate(qs, limit=limit, offset=offset)


@router.post("/meeting-actions/{action_id}/close", response=ActionOut)
def action_close(request, action_id: int, payload: CloseIn):
    """The owner (or the chair) closes the action with its result."""
    item = action_get_for_user(request.auth, action_id)
    return services.action_close(actor=request.auth, action=item, **payload.model_dump())


@router.post("/meeting-actions/{action_id}/drop", response=ActionOut)
def action_drop(request, action_id: int, payload: CloseIn):
    """The chair drops an action that is no longer needed."""
    item = action_get_for_user(request.auth, action_id)
    return services.action_drop(actor=request.auth, action=item, **payload.model_dump())
