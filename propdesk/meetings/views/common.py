"""Shared helpers of the meeting pages: access, which buttons to show, domain errors as messages."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from propdesk.core.sites import current_site_id  # noqa: F401 (re-exported for the views)
from propdesk.core.web import run_service

from ..models import Attendance, Meeting
from ..permissions import is_reader
from ..workflow import CHAIR_ACTIONS, MEETING_FLOW, TAKER_ACTIONS

CHAIR_OR_TAKER = frozenset({"hold", "attendance"})


def meetings_page(view: Callable) -> Callable:
    """Login required; meeting readers only, others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_reader(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def run_action(request, action: Callable, *, success) -> bool:
    return run_service(request, action, success=str(success), show_fields=True)


def version_of(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def meeting_actions(user, meeting: Meeting) -> list[str]:
    """What this user may do on the meeting now: the same checks as the services."""
    allowed = MEETING_FLOW.allowed_actions(state=meeting.state, user=user)
    is_chair, is_taker = user.pk == meeting.chair_id, user.pk == meeting.minute_taker_id
    out = []
    for action in allowed:
        if action in CHAIR_ACTIONS and not is_chair:
            continue
        if action in TAKER_ACTIONS and not is_taker:
            continue
        if action in CHAIR_OR_TAKER and not (is_chair or is_taker):
            continue
        if action == "sign" and is_taker:
            continue  # the chair never signs minutes they took (the service refuses it)
        out.append(action)
    if "submit" in out and (
        not meeting.minutes.strip()
        or meeting.attendance.filter(status=Attendance.Status.EXPECTED).exists()
    ):
        out.remove("submit")
    return out
