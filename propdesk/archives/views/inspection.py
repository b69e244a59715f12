"""Quarterly inspection pages (R-AR-4): the rounds, one round's lines (filtered, paged) with the
marking form, close, countersign."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.events import event_list_for
from propdesk.core.paging import page_of
from propdesk.core.sites import current_site_id

from .. import selectors, services
from ..models import InspectionLine, InspectionRound
from ..permissions import is_archivist, round_get_for_user
from ..workflow import ROUND_FLOW
from .common import archives_page, record_page, run_action, version_of

RESULT_FILTERS = (*InspectionLine.Result.values, "bad_files")


@require_GET
@archives_page
def round_list(request):
    qs = selectors.round_list_for_user(request.user, site_id=current_site_id(request))
    return render(request, "archives/round_list.html", {"page": page_of(request, qs)})


@require_GET
@record_page
def round_detail(request, pk: int):
    rnd = round_get_for_user(request.user, pk)
    result = request.GET.get("result", "")
    result = result if result in RESULT_FILTERS else ""
    actions = ROUND_FLOW.allowed_actions(state=rnd.state, user=request.user)
    if request.user.pk == rnd.closed_by_id and "countersign" in actions:
        actions.remove("countersign")
    ctx = {
        "round": rnd,
        "page": page_of(request, selectors.lines_of(rnd, result=result)),
        "result": result,
        "results": InspectionLine.Result.choices,
        "can_mark": is_archivist(request.user) and rnd.state == InspectionRound.State.OPEN,
        "actions": actions,
        "timeline": list(event_list_for(rnd).order_by("-created_at", "-id")),
    }
    return render(request, "archives/round_detail.html", ctx)


@require_POST
@record_page
def round_mark(request, pk: int):
    rnd = round_get_for_user(request.user, pk)
    line = request.POST.get("line", "")
    run_action(
        request,
        lambda: services.inspection_mark(
            actor=request.user,
            rnd=rnd,
            line_id=int(line) if line.isdigit() and len(line) < 12 else None,
            result=request.POST.get("result", ""),
            note=request.POST.get("note", ""),
        ),
        success=_("Recorded."),
    )
    back = reverse("archives:round-detail", args=[rnd.pk])
    shown = request.POST.get("shown", "")
    return redirect(f"{back}?result={shown}" if shown in RESULT_FILTERS else back)


@require_POST
@record_page
def round_action(request, pk: int, action: str):
    rnd = round_get_for_user(request.user, pk)
    calls = {
        "close": (services.inspection_close, _("The round is closed.")),
        "countersign": (services.inspection_countersign, _("Countersigned.")),
    }
    if action not in calls:
        raise Http404
    fn, success = calls[action]
    run_action(
        request,
        lambda: fn(actor=request.user, rnd=rnd, version=version_of(request)),
        success=success,
    )
    return redirect("archives:round-detail", rnd.pk)


@require_GET
@record_page
def round_print(request, pk: int):
    """The inspection report as a PDF (R-AR-4)."""
    from propdesk.core.printing import pdf_response

    from .. import printing

    rnd = round_get_for_user(request.user, pk)
    lines = list(
        rnd.lines.select_related("record").order_by("record__number")[: printing.MAX_PRINT_ROWS]
    )
    buffer = printing.round_pdf(rnd, lines)
    return pdf_response(buffer, f"{_('Archive inspection report')} {rnd}.pdf")
