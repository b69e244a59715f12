"""Who sees and changes meetings. Out-of-site records answer 404, never 403."""

from django.db.models import QuerySet

from propdesk.core.access import get_or_404, scope_queryset, visible_site_ids
from propdesk.core.exceptions import NotAllowed, NotFound

from .models import ActionItem, Meeting, MeetingSeries
from .workflow import MEMBERS, ORGANISERS, READERS


def is_reader(user) -> bool:
    return bool(user.is_active and user.has_any_role(READERS))


def can_write(user) -> bool:
    return bool(
        user.is_active and not user.is_read_only and user.has_any_role(MEMBERS | ORGANISERS)
    )


def can_organise(user) -> bool:
    return bool(user.is_active and not user.is_read_only and user.has_any_role(ORGANISERS))


def require_reader(user) -> None:
    if not is_reader(user):
        raise NotAllowed()


def require_site(user, site_id: int) -> None:
    """The user works at `site_id`; otherwise the record is treated as not found."""
    ids = visible_site_ids(user)
    if ids is not None and site_id not in ids:
        raise NotFound()


def series_scope(user) -> QuerySet[MeetingSeries]:
    if not is_reader(user):
        return MeetingSeries.objects.none()
    return scope_queryset(MeetingSeries.objects.all(), user)


def meeting_scope(user) -> QuerySet[Meeting]:
    if not is_reader(user):
        return Meeting.objects.none()
    return scope_queryset(Meeting.objects.all(), user)


def action_scope(user) -> QuerySet[ActionItem]:
    if not is_reader(user):
        return ActionItem.objects.none()
    return scope_queryset(ActionItem.objects.all(), user)


def series_get_for_user(user, pk: int) -> MeetingSeries:
    """One series of the user's sites, or 404."""
    return get_or_404(series_scope(user).select_related("site", "chair", "minute_taker"), pk=pk)


def meeting_get_for_user(user, pk: int) -> Meeting:
    """One meeting of the user's sites, or 404."""
    qs = meeting_scope(user).select_related("site", "series", "chair", "minute_taker")
    return get_or_404(qs, pk=pk)


def action_get_for_user(user, pk: int) -> ActionItem:
    """One action item of the user's sites, or 404."""
    qs = action_scope(user).select_related("meeting", "meeting__chair", "owner", "site")
    return get_or_404(qs, pk=pk)
