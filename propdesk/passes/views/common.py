"""Shared helpers of the passes pages: access, the unit by its code, running a service."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from propdesk.core.exceptions import NotAllowed
from propdesk.core.sites import site_id_for  # noqa: F401 (re-exported for the views)
from propdesk.core.web import run_service
from propdesk.orgs.models import unit_search_key
from propdesk.orgs.selectors import unit_list_for_user

from ..permissions import require_guard, require_reader


def passes_page(view: Callable) -> Callable:
    """Login required; readers of renovations, passes and releases only (others 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            require_reader(request.user)
            return view(request, *args, **kwargs)
        except NotAllowed:
            raise PermissionDenied from None

    return wrapper


def gate_page(view: Callable) -> Callable:
    """Login required; guards of the security department only."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            require_guard(request.user)
            return view(request, *args, **kwargs)
        except NotAllowed:
            raise PermissionDenied from None

    return wrapper


def run_action(request, action: Callable, *, success: str, to: str, args=()):
    """Run a service; its refusal becomes an error message (with the fields' reasons)."""
    run_service(request, action, success=success, show_fields=True)
    return redirect(to, *args)


def unit_by_code(user, site_id, code: str):
    key = unit_search_key(code or "")
    if not key:
        return None
    qs = unit_list_for_user(user, site_id=site_id).filter(search_key=key)
    return qs.first() if qs.count() == 1 else None


def version_of(form) -> int | None:
    return form.cleaned_data.get("version") if form.is_valid() else None


def require_action(machine, action: str, state: str, user) -> None:
    """Role first: a person whose role may never take `action` gets 403 whatever the form holds
    (a wrong state is left to the service, which explains it)."""
    from propdesk.core.exceptions import Conflict

    try:
        machine.check(action=action, state=state, user=user)
    except NotAllowed:
        raise PermissionDenied from None
    except Conflict:
        pass
