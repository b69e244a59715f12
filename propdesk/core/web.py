"""Running a service from a view: a domain refusal becomes a clear message (or 403/404), never a 500."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .exceptions import DomainError, NotAllowed, NotFound


def run_service(request, action: Callable, *, success: str, show_fields: bool = False) -> bool:
    """Call `action()`; on success add `success` as a message (none when empty: the caller then
    words it from the outcome) and return True. Not found → 404, not allowed → 403, any other
    refusal → its message (and per-field messages) and False."""
    try:
        action()
    except NotFound:
        raise Http404 from None
    except NotAllowed:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
        if show_fields:
            for value in exc.fields.values():
                messages.error(request, str(value))
        return False
    if success:
        messages.success(request, success)
    return True
