"""Shared helpers of the front-desk views: access, site choice, turning domain errors into messages."""

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

from ..permissions import require_desk_reader


def desk_page(view: Callable) -> Callable:
    """Login required, desk roles only; a domain refusal becomes 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            require_desk_reader(request.user)
            return view(request, *args, **kwargs)
        except NotAllowed:
            raise PermissionDenied from None

    return wrapper


def run_action(request, action: Callable, *, success: str, to: str, args=()):
    """Run a service; show its refusal as an error message and go back to `to`."""
    run_service(request, action, success=success)
    return redirect(to, *args)


def unit_by_code(user, site_id: int | None, code: str):
    key = unit_search_key(code or "")
    if not key or site_id is None:
        return None
    return unit_list_for_user(user, site_id=site_id).filter(search_key=key).first()
