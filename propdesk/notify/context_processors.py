"""The unread-notification count for the bell in the page header."""

from django.utils.functional import SimpleLazyObject

from .selectors import notification_unread_count


def unread(request):
    """`notify_unread`: counted lazily, only when a page actually shows the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notify_unread": SimpleLazyObject(lambda: notification_unread_count(user))}
