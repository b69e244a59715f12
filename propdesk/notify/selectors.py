"""Reads of the notify app: a user's notifications and unread count."""

from django.db.models import QuerySet

from .models import Notification


def notification_list_for_user(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first (page it in the database)."""
    qs = Notification.objects.filter(recipient=user).only(
        "id", "code", "title", "body", "url", "created_at", "read_at", "recipient_id"
    )
    return qs.filter(read_at__isnull=True) if unread_only else qs


def notification_unread_count(user) -> int:
    """How many of the user's notifications are unread (one COUNT on an indexed pair)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
