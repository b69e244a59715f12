"""Work queues: the department's handling forms, callbacks, escalations, countersigns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.exceptions import DomainError
from propdesk.core.paging import page_of
from propdesk.core.signatures import COUNTERSIGN, signature_sign
from propdesk.core.sites import current_site_id

from ..actions import ticket_actions_for
from ..forms import ACTION_FORMS
from ..major import with_major_signed
from ..selectors import callback_queue, department_queue, escalation_board, no_callback_queue
from ..selectors_ui import countersign_queue, workers_by_department
from .common import DESK, HEADS, LEADS, refuse, roles_required

INLINE = ("accept", "send_back", "start", "callback", "close", "clear_escalation")


def _rows(request, page) -> list[dict]:
    """Each ticket of the page with the inline forms this user may use on it now."""
    rows = []
    for t in page:
        actions = ticket_actions_for(request.user, t)
        forms = {
            a: ACTION_FORMS[a](ticket=t, user=request.user, prefix=a, auto_id=f"id_{t.pk}_%s")
            for a in actions
            if a in INLINE and a != "accept"
        }
        rows.append({"ticket": t, "actions": actions, "forms": forms})
    return rows


def _queue(request, qs, template: str, **extra):
    page = page_of(request, qs)
    ctx = {"page": page, "rows": _rows(request, page), **extra}
    return render(request, template, ctx)


@require_GET
@login_required
@roles_required(HEADS)
def queue_department(request):
    page = page_of(request, department_queue(request.user, site_id=current_site_id(request)))
    workers = workers_by_department(request.user, {t.department_id for t in page})
    rows = _rows(request, page)
    for row in rows:
        t = row["ticket"]
        row["workers"] = workers.get(t.department_id, [])
        if t.acting_head_id == request.user.pk:  # acting for a department without a head
            row["workers"] = [(request.user.pk, str(request.user)), *row["workers"]]
    return render(request, "tickets/queue_department.html", {"page": page, "rows": rows})


@require_GET
@login_required
@roles_required(DESK)
def queue_callbacks(request):
    """Callbacks due (R-CP-3); `?list=no_callback`: handled tickets the policy exempts, to close."""
    site_id = current_site_id(request)
    exempt = request.GET.get("list") == "no_callback"
    qs = (no_callback_queue if exempt else callback_queue)(request.user, site_id=site_id)
    qs = with_major_signed(qs.prefetch_related("callbacks"))  # the close check, without N queries
    return _queue(request, qs, "tickets/queue_callbacks.html", exempt=exempt)


@require_GET
@login_required
@roles_required(LEADS)
def queue_escalations(request):
    qs = escalation_board(request.user, site_id=current_site_id(request))
    return _queue(request, qs, "tickets/queue_escalations.html")


@require_GET
@login_required
@roles_required(LEADS)
def countersign_list(request):
    page = page_of(request, countersign_queue(request.user, site_id=current_site_id(request)))
    return render(request, "tickets/countersign.html", {"page": page})


@require_POST
@login_required
@roles_required(LEADS)
def countersign_sign(request, pk: int):
    """R-FM-5: the direct supervisor countersigns an entry of the user's sites."""
    sig = get_object_or_404(countersign_queue(request.user), pk=pk)
    try:
        signature_sign(target=sig.target, slot=COUNTERSIGN, actor=request.user)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("Countersigned: %(entry)s") % {"entry": sig.summary})
    return redirect("tickets:countersign")
