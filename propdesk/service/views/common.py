"""Shared helpers of the service views: access, site choice, turning domain errors into messages."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from propdesk.core.access import visible_site_ids
from propdesk.core.exceptions import DomainError, NotAllowed, NotFound
from propdesk.core.sites import current_site_id
from propdesk.orgs.selectors import site_list_for_user

from ..permissions import is_reader


def service_page(roles=None) -> Callable:
    """Login required; promise/incident readers (or `roles`) only, others get 403."""

    def decorate(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            allowed = (user.has_any_role(roles) or user.is_superuser) if roles else is_reader(user)
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def run_action(request, action: Callable, *, success: str) -> bool:
    """Run a service; show its refusal as an error message. True when it succeeded."""
    try:
        action()
    except NotFound:
        raise Http404 from None
    except NotAllowed:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
        for value in exc.fields.values():
            messages.error(request, str(value))
        return False
    messages.success(request, success)
    return True


def site_id_for(request) -> int | None:
    """The site the page works on: the switcher's choice, or the user's only site."""
    chosen = current_site_id(request)
    if chosen:
        return chosen
    ids = visible_site_ids(request.user)
    return next(iter(ids)) if ids is not None and len(ids) == 1 else None


def site_for(request):
    site_id = site_id_for(request)
    if site_id is None:
        return None
    return site_list_for_user(request.user).filter(pk=site_id).first()
