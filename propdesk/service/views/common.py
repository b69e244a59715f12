"""Shared helpers of the service views: access, site choice, turning domain errors into messages."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from propdesk.core.sites import site_id_for  # noqa: F401 (re-exported for the views)
from propdesk.core.web import run_service
from propdesk.orgs.selectors import site_list_for_user

from ..permissions import is_reader


def service_page(roles=None) -> Callable:
    """Login required; promise/incident readers (or `roles`) only, others get 403."""

    def decorate(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            allowed = user.has_any_role(roles) if roles else is_reader(user)
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def run_action(request, action: Callable, *, success: str) -> bool:
    """Run a service; show its refusal (and the fields it names) as messages. True when it succeeded."""
    return run_service(request, action, success=success, show_fields=True)


def site_for(request):
    site_id = site_id_for(request)
    if site_id is None:
        return None
    return site_list_for_user(request.user).filter(pk=site_id).first()
