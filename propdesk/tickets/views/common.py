"""What every ticket view shares: role gates, refusals as messages, safe return addresses."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme

from propdesk.core.exceptions import DomainError
from propdesk.people.roles import Role

DESK = frozenset({Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER})
LEADS = frozenset({Role.SUPERVISOR, Role.CS_MANAGER})
HEADS = frozenset({Role.DEPT_HEAD, Role.DEPT_STAFF, Role.CS_MANAGER, Role.CENTRE_MANAGER})
TICKET_READERS = frozenset(
    {
        Role.AGENT,
        Role.SUPERVISOR,
        Role.CS_MANAGER,
        Role.DEPT_HEAD,
        Role.DEPT_STAFF,
        Role.CENTRE_MANAGER,
        Role.GM,
        Role.AUDITOR,
    }
)
REGISTER_READERS = frozenset(
    {Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR}
)
TASK_USERS = frozenset(
    {Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR}
)


def roles_required(roles):
    """403 unless the signed-in user holds one of `roles` (put it under login_required)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.has_any_role(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def refusal_text(exc: DomainError) -> str:
    """The service's message, followed by the field messages (all translated by the service)."""
    details = [str(v) for v in exc.fields.values() if str(v) != str(exc.message)]
    return " ".join([str(exc.message), *details])


def refuse(request, exc: DomainError) -> None:
    messages.error(request, refusal_text(exc))


def form_errors_text(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def safe_next(request, default: str) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return default
