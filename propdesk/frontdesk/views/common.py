"""Shared helpers of the front-desk views: access, site choice, turning domain errors into messages."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from propdesk.core.access import visible_site_ids
from propdesk.core.exceptions import DomainError, NotAllowed, NotFound
from propdesk.core.sites import current_site_id
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
    try:
        action()
    except NotFound:
        from django.http import Http404

        raise Http404 from None
    except NotAllowed:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, success)
    return redirect(to, *args)


def site_id_for(request) -> int | None:
    """The site the page works on: the switcher's choice, or the user's only site."""
    chosen = current_site_id(request)
    if chosen:
        return chosen
    ids = visible_site_ids(request.user)
    return next(iter(ids)) if ids is not None and len(ids) == 1 else None


def unit_by_code(user, site_id: int | None, code: str):
    key = unit_search_key(code or "")
    if not key or site_id is None:
        return None
    return unit_list_for_user(user, site_id=site_id).filter(search_key=key).first()
