"""Shared helpers of the archive pages: access, domain errors as messages."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from propdesk.core.web import run_service

from ..permissions import is_reader

EXPORT_MAX = 10_000  # an export or printed ledger is cut there (filter by class, site or year)


def archives_page(view: Callable) -> Callable:
    """Login required; readers of archive records only (SECURITY.md §c), others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_reader(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def record_page(view: Callable) -> Callable:
    """Login required; a record is found only within the user's scope, so a user who may not
    read archive records at all gets 404 on a record's pages, as for another site's record."""
    return login_required(view)


def run_action(request, action: Callable, *, success) -> bool:
    return run_service(request, action, success=str(success), show_fields=True)


def version_of(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None
