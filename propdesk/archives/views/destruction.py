"""Destruction pages (R-AR-4, R-FM-8): the expired list and the batches; propose, approve, refuse,
execute."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.access import scope_queryset
from propdesk.core.events import event_list_for
from propdesk.core.paging import page_of
from propdesk.core.sites import current_site_id
from propdesk.orgs.selectors import site_list_for_user

from .. import services
from ..permissions import batch_get_for_user, batch_scope, is_archivist
from ..workflow import DESTRUCTION_FLOW
from .common import archives_page, record_page, run_action, version_of


@require_GET
@archives_page
def destruction_list(request):
    site_id = current_site_id(request)
    expired = scope_queryset(services.expired_records(site_id), request.user)
    batches = batch_scope(request.user).select_related("site", "proposed_by")
    if site_id:
        batches = batches.filter(site_id=site_id)
    ctx = {
        "page": page_of(request, batches),
        "expired": list(expired.select_related("site", "archive_class")[:200]),
        "sites": list(site_list_for_user(request.user)),
        "can_propose": is_archivist(request.user),
    }
    return render(request, "archives/destruction_list.html", ctx)


@require_POST
@archives_page
def destruction_new(request):
    if not is_archivist(request.user):
        raise Http404
    sites = {str(s.pk): s for s in site_list_for_user(request.user)}
    made = {}

    def act():
        from propdesk.core.exceptions import InvalidInput

        site = sites.get(request.POST.get("site", ""))
        if site is None:
            msg = _("Choose the site the records belong to.")
            raise InvalidInput(msg, fields={"site": msg})
        made["batch"] = services.destruction_propose(
            actor=request.user,
            site=site,
            record_ids=request.POST.getlist("records"),
            reason=request.POST.get("reason", ""),
        )

    if run_action(request, act, success=_("The destruction is proposed for approval.")):
        return redirect("archives:destruction-detail", made["batch"].pk)
    return redirect("archives:destruction-list")


@require_GET
@record_page
def destruction_detail(request, pk: int):
    batch = batch_get_for_user(request.user, pk)
    actions = DESTRUCTION_FLOW.allowed_actions(state=batch.state, user=request.user)
    if (
        request.user.pk == batch.proposed_by_id
        or services.destruction._line_for(request.user, batch) is None
    ):
        actions = [a for a in actions if a not in ("approve", "refuse")]
    ctx = {
        "batch": batch,
        "records": list(batch.records.select_related("archive_class")),
        "actions": actions,
        "timeline": list(event_list_for(batch).order_by("-created_at", "-id")),
    }
    return render(request, "archives/destruction_detail.html", ctx)


@require_POST
@record_page
def destruction_action(request, pk: int, action: str):
    user, batch, version = request.user, batch_get_for_user(request.user, pk), version_of(request)
    p = request.POST
    calls = {
        "approve": (
            lambda: services.destruction_approve(actor=user, batch=batch, version=version),
            _("Approved."),
        ),
        "refuse": (
            lambda: services.destruction_refuse(
                actor=user, batch=batch, note=p.get("note", ""), version=version
            ),
            _("The destruction is refused."),
        ),
        "execute": (
            lambda: services.destruction_execute(
                actor=user,
                batch=batch,
                method=p.get("method", ""),
                witnesses=p.get("witnesses", ""),
                version=version,
            ),
            _("Destroyed; the records stay in the ledger, marked destroyed."),
        ),
    }
    if action not in calls:
        raise Http404
    call, success = calls[action]
    run_action(request, call, success=success)
    return redirect("archives:destruction-detail", batch.pk)


@require_GET
@record_page
def destruction_print(request, pk: int):
    """The destruction record as a PDF (R-AR-4, R-FM-8)."""
    from propdesk.core.printing import pdf_response

    from .. import printing

    batch = batch_get_for_user(request.user, pk)
    records = list(batch.records.select_related("archive_class").order_by("number"))
    buffer = printing.destruction_pdf(batch, records)
    return pdf_response(buffer, f"{_('Archive destruction record')} {batch.number}.pdf")
