"""The meeting actions board: my open actions and the overdue actions of meetings I chair
(R-MT-1); the list of all actions with filters; close and drop."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.paging import page_of

from .. import selectors, services
from ..forms import CloseForm
from ..models import ActionItem
from ..permissions import action_get_for_user
from .common import current_site_id, meetings_page, run_action, version_of


@require_GET
@meetings_page
def board(request):
    ctx = {
        **selectors.action_board(request.user),
        "my_overdue_capas": selectors.my_overdue_corrective_actions(request.user),
        "next_meetings": list(
            selectors.meeting_list_for_user(
                request.user, site_id=current_site_id(request), state="planned"
            ).order_by("starts_at", "id")[:10]
        ),
        "today": timezone.localdate(),
        "close_form": CloseForm(),
    }
    return render(request, "meetings/board.html", ctx)


def action_filters(request) -> dict:
    state = request.GET.get("state", "open")
    return {
        "state": state if state in ActionItem.State.values else "",
        "mine": request.GET.get("mine") == "1",
        "overdue": request.GET.get("overdue") == "1",
    }


@require_GET
@meetings_page
def action_list(request):
    f = action_filters(request)
    qs = selectors.action_list_for_user(request.user, site_id=current_site_id(request), **f)
    ctx = {
        "page": page_of(request, qs),
        "f": f,
        "states": ActionItem.State.choices,
        "today": timezone.localdate(),
        "close_form": CloseForm(),
    }
    return render(request, "meetings/action_list.html", ctx)


@require_POST
@meetings_page
def action_act(request, pk: int, verb: str):
    item = action_get_for_user(request.user, pk)
    if verb not in ("close", "drop"):
        raise Http404
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form and try again."))
    else:
        service = services.action_close if verb == "close" else services.action_drop
        run_action(
            request,
            lambda: service(
                actor=request.user, action=item, version=version_of(request), **form.cleaned_data
            ),
            success=_("The action is closed.") if verb == "close" else _("The action is dropped."),
        )
    nxt = request.POST.get("next", "")
    return redirect(nxt if nxt in ("meetings:board", "meetings:action-list") else "meetings:board")
