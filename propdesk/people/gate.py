"""The configuration role's gate (SECURITY.md §c rule 2).

A system administrator manages users, roles, sites, categories, calendars, SLA, templates and
webhooks in the admin. Outside the admin it reaches only signing in and out, its own password and
API tokens, and the language switch: every other page and API operation answers 404, so business
records (tickets, contacts, duty logs, handovers, parcels, promises, incidents, residents …) are
neither shown nor revealed to exist. The per-object helpers refuse the role as well (it holds no
business role); the gate makes the answer the same 404 everywhere, also for every route a later
app adds.
"""

from django.http import Http404

# URL names (with namespace) a configuration-only login may open; the admin is always open to it.
CONFIG_ROUTES = frozenset(
    {
        "home",  # sends the administrator on to the admin
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "set_language",
        "people:profile",
        "people:token-revoke",
        "api:me",
        "api:api-root",
        "api:openapi-json",
        "api:openapi-view",
    }
)


def config_route_allowed(match) -> bool:
    """Whether the resolved route `match` is open to a configuration-only login."""
    if match is None:
        return False
    return "admin" in match.namespaces or match.view_name in CONFIG_ROUTES


def config_gate(request, user) -> None:
    """404 unless `user` holds a business role or the route is a configuration route."""
    if not getattr(user, "is_authenticated", False) or not user.is_config_only:
        return
    if not config_route_allowed(getattr(request, "resolver_match", None)):
        raise Http404


class ConfigRoleMiddleware:
    """Applies `config_gate` to every page; API operations apply it in their authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and "api" in match.namespaces:
            return None  # the API's authentication runs the gate and answers in JSON
        config_gate(request, request.user)
        return None
