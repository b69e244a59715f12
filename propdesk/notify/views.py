"""Web pages: the user's notification list, mark one or all read."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.paging import page_of

from . import selectors, services


@require_GET
@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    page = page_of(
        request, selectors.notification_list_for_user(request.user, unread_only=unread_only)
    )
    return render(
        request, "notify/notification_list.html", {"page": page, "unread_only": unread_only}
    )


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("notify:list")


@require_POST
@login_required
def notification_read(request, pk: int):
    if not services.notification_mark_read(user=request.user, notification_id=pk):
        raise Http404
    return _back(request)


@require_POST
@login_required
def notification_read_all(request):
    services.notification_mark_all_read(user=request.user)
    return _back(request)
