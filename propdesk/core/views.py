"""Shell views: home, site switcher, error pages."""

import sys

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import visible_site_ids
from .sites import SESSION_KEY
from .unavailable import is_database_unavailable, unavailable_response


@login_required
def home(request):
    from propdesk.core.dashboard import home_context, is_resident_only

    if getattr(request.user, "is_config_only", False):
        return redirect("admin:index")  # the system administrator works in the admin only
    if is_resident_only(request.user):
        return redirect("portal:home")  # the resident portal is a resident's home
    if _gate_is_home(request.user):
        return redirect("passes:gate")
    if request.user.role_codes == {"archivist"}:  # the archivist's desk is their home
        from propdesk.archives.views.desk import desk

        return desk(request)
    return render(request, "core/home.html", home_context(request))


def _gate_is_home(user) -> bool:
    """A guard (security department staff) works at the gate: the gate page is his home."""
    if user.role_codes != {"dept_staff"}:
        return False
    from propdesk.passes.permissions import is_guard

    return is_guard(user)


@require_POST
@login_required
def site_switch(request):
    raw = request.POST.get("site_id", "")
    ids = visible_site_ids(request.user)
    if raw.isdigit() and (ids is None or int(raw) in ids):
        request.session[SESSION_KEY] = int(raw)
    else:
        request.session.pop(SESSION_KEY, None)
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        nxt = "home"
    return redirect(nxt)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    """500, or 503 when the database is away; never the request's context (it queries)."""
    exc = sys.exc_info()[1]
    if is_database_unavailable(exc):
        return unavailable_response(request)
    if request.path.startswith("/api/"):
        body = {"code": "server_error", "message": _("Something went wrong."), "fields": {}}
        return JsonResponse(body, status=500, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(render_to_string("errors/500.html"), status=500)
