"""Reads of meetings: lists, the next meeting, open and overdue actions, who was present."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from propdesk.core.access import narrow_to_site
from propdesk.people.models import User
from propdesk.people.roles import Role

from .models import ActionItem, AgendaItem, Attendance, Meeting, MeetingSeries
from .permissions import action_scope, meeting_scope, series_scope
from .workflow import MEMBERS

A = ActionItem.State
# The principal heads invited by default: the centre manager, the CS manager, department heads.
DEFAULT_MEMBER_ROLES = (Role.CENTRE_MANAGER, Role.CS_MANAGER, Role.DEPT_HEAD)


def series_list_for_user(user, *, site_id=None) -> QuerySet[MeetingSeries]:
    """Series of the user's sites with their number of meetings (one query)."""
    qs = narrow_to_site(series_scope(user), site_id).select_related("site", "chair", "minute_taker")
    return qs.annotate(meeting_count=Count("meetings")).order_by("site__name", "title", "id")


def meeting_list_for_user(
    user, *, site_id=None, state: str = "", series_id: int | None = None
) -> QuerySet[Meeting]:
    """Meetings of the user's sites, the latest first. R-MT-1."""
    qs = narrow_to_site(meeting_scope(user), site_id).select_related(
        "site", "series", "chair", "minute_taker"
    )
    if state:
        qs = qs.filter(state=state)
    if series_id:
        qs = qs.filter(series_id=series_id)
    return qs.order_by("-starts_at", "-id")


def action_list_for_user(
    user,
    *,
    site_id=None,
    state: str = "",
    mine: bool = False,
    chaired: bool = False,
    overdue: bool = False,
) -> QuerySet[ActionItem]:
    """Action items of the user's sites, soonest due first; `mine`: owned by the user;
    `chaired`: of meetings the user chairs; `overdue`: open and past the due date. R-MT-1."""
    qs = narrow_to_site(action_scope(user), site_id).select_related(
        "owner", "meeting", "meeting__chair", "site"
    )
    if state:
        qs = qs.filter(state=state)
    if mine:
        qs = qs.filter(owner=user)
    if chaired:
        qs = qs.filter(meeting__chair=user)
    if overdue:
        qs = qs.filter(state=A.OPEN, due_on__lt=timezone.localdate())
    return qs.order_by("due_on", "id")


def action_board(user) -> dict:
    """The owner's and the chair's board: my open actions, and overdue actions of meetings I
    chair (R-MT-1); each section one query."""
    mine = action_list_for_user(user, state=A.OPEN, mine=True)
    chaired = action_list_for_user(user, chaired=True, overdue=True).exclude(owner=user)
    return {"mine": list(mine[:100]), "chaired": list(chaired[:100])}


def overdue_action_count(user) -> int:
    """Overdue open actions the user owns or whose meeting the user chairs (home page)."""
    qs = action_list_for_user(user, overdue=True)
    return qs.filter(Q(owner=user) | Q(meeting__chair=user)).count()


def agenda_for(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda.select_related("action", "action__owner", "created_by").order_by(
        "position", "id"
    )


def overdue_corrective_actions(user, meeting: Meeting) -> list[dict]:
    """The site's corrective actions overdue at the meeting's start, for its agenda and minutes
    (R-CP-5), read through the quality app's selector: plain rows, a link where `user` may open
    the action."""
    from propdesk.quality.selectors import overdue_capas_for_agenda

    return overdue_capas_for_agenda(user, site_id=meeting.site_id, at=meeting.starts_at)


def my_overdue_corrective_actions(user) -> list[dict]:
    """Corrective actions `user` owns past their due date, for the board (R-CP-5)."""
    from propdesk.quality.selectors import overdue_capas_owned_by

    return overdue_capas_owned_by(user)


def attendance_for(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("user").order_by("id")


def actions_raised_at(meeting: Meeting) -> QuerySet[ActionItem]:
    return meeting.actions.select_related("owner", "closed_by").order_by("id")


def open_actions_before(meeting: Meeting) -> QuerySet[ActionItem]:
    """Open actions of the series raised at meetings before `meeting` (to carry over)."""
    return ActionItem.objects.filter(
        meeting__series_id=meeting.series_id,
        meeting__starts_at__lt=meeting.starts_at,
        state=A.OPEN,
    ).order_by("due_on", "id")


def next_planned_after(meeting: Meeting) -> Meeting | None:
    """The series' next planned meeting after `meeting`, if it is already planned."""
    return (
        Meeting.objects.filter(
            series_id=meeting.series_id,
            state=Meeting.State.PLANNED,
            starts_at__gt=meeting.starts_at,
        )
        .order_by("starts_at", "id")
        .first()
    )


def meeting_choices_for_rule(user, site_id: int) -> QuerySet[Meeting]:
    """Meetings of a site a draft internal rule may be put on: planned or being held (their
    agenda is still open), latest first."""
    open_agenda = [Meeting.State.PLANNED, Meeting.State.HELD]
    qs = meeting_scope(user).filter(site_id=site_id, state__in=open_agenda)
    return qs.select_related("series").order_by("-starts_at", "-id")


def present_members(meeting: Meeting, roles) -> list[User]:
    """People recorded present at `meeting` who hold one of `roles` (R-DOC-2 sign-off)."""
    ids = meeting.attendance.filter(status=Attendance.Status.PRESENT).values("user_id")
    qs = User.objects.filter(pk__in=ids, is_active=True, groups__name__in=list(roles))
    return list(qs.distinct().order_by("name", "username"))


def site_staff(site_id: int, roles) -> QuerySet[User]:
    """Active staff of a site holding one of `roles`."""
    return (
        User.objects.filter(is_active=True, groups__name__in=list(roles), staff__sites=site_id)
        .distinct()
        .order_by("name", "username")
    )


def member_choices(site_id: int) -> QuerySet[User]:
    """Who may chair, take minutes, own actions or be a member at a site."""
    return site_staff(site_id, MEMBERS)
