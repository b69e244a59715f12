"""Shell views: home, site switcher, error pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .access import visible_site_ids
from .sites import SESSION_KEY


@login_required
def home(request):
    from propdesk.core.dashboard import home_context, is_resident_only, resident_home_context

    if getattr(request.user, "is_config_only", False):
        return redirect("admin:index")  # the system administrator works in the admin only
    if is_resident_only(request.user):
        return render(request, "core/home_resident.html", resident_home_context(request))
    return render(request, "core/home.html", home_context(request))


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
    return render(request, "errors/500.html", status=500)
