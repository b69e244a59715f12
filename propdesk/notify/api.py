"""API router of the notify app: the caller's own notifications."""

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema, Status

from propdesk.core.api import Limit, Offset, Page, paginate

from . import selectors, services

router = Router(tags=["notify"])


class NotificationOut(Schema):
    id: int
    code: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Page):
    unread: int
    items: list[NotificationOut]


@router.get("/notifications/", response=NotificationPage)
def notification_list(request, unread: bool = False, limit: Limit = 25, offset: Offset = 0):
    """The caller's notifications, newest first, paged in the database."""
    qs = selectors.notification_list_for_user(request.user, unread_only=unread)
    data = paginate(qs, limit=limit, offset=offset)
    data["unread"] = selectors.notification_unread_count(request.user)
    return data


@router.post("/notifications/{notification_id}/read", response={204: None})
def notification_read(request, notification_id: int):
    """Mark one of the caller's notifications read; someone else's answers 404."""
    if not services.notification_mark_read(user=request.user, notification_id=notification_id):
        raise Http404
    return Status(204, None)
