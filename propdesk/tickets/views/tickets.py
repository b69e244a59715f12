"""Ticket list (filters, sorting, paging in the database), Excel export, the ticket page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.attachments import attachment_get_for_parent, attachment_response
from propdesk.core.exceptions import DomainError
from propdesk.core.exporting import inline_max
from propdesk.core.exports import Column, xlsx_response
from propdesk.core.paging import page_of
from propdesk.core.sites import current_site_id
from propdesk.core.views_exports import export_response

from .. import services
from ..forms import AttachmentForm, CorrectionForm, TicketFilterForm
from ..permissions import ticket_get_for_user
from ..selectors import ticket_list_for_user, with_sla_due
from .actions import can_attach, detail_context
from .common import LEADS, TICKET_READERS, form_errors_text, refuse, roles_required


def _filtered(request):
    form = TicketFilterForm(
        request.GET or None, user=request.user, site_id=current_site_id(request)
    )
    qs = ticket_list_for_user(
        request.user,
        site_id=current_site_id(request),
        filters=form.selector_filters(),
        sort=form.sort_value(),
    )
    return form, qs


@require_GET
@login_required
@roles_required(TICKET_READERS)
def ticket_list(request):
    form, qs = _filtered(request)
    page = page_of(request, with_sla_due(qs))  # the next deadline, in plain words (R-SS-1)
    return render(request, "tickets/ticket_list.html", {"form": form, "page": page})


def _row(t) -> tuple:
    return (
        t.number,
        t.created_at,
        t.site.name,
        t.get_kind_display(),
        t.category.name,
        t.get_priority_display(),
        t.get_state_display(),
        t.unit.code if t.unit else "",
        t.title,
        t.department.name if t.department else "",
        str(t.assignee) if t.assignee else "",
        _("Yes") if t.is_repeat else "",
    )


@require_GET
@login_required
@roles_required(TICKET_READERS)
def ticket_export(request):
    form, qs = _filtered(request)
    if qs.count() > inline_max():  # large: a background task with progress and a download link
        filters = {**form.selector_filters(), "site": current_site_id(request)}
        return export_response(
            request, "tickets", {k: v for k, v in filters.items() if v not in (None, "")}
        )
    labels = [
        (_("Number"), 16),
        (_("Registered at"), 17),
        (_("Site"), 14),
        (_("Kind"), 8),
        (_("Category"), 12),
        (_("Priority"), 8),
        (_("State"), 12),
        (_("Unit"), 14),
        (_("Title"), 30),
        (_("Department"), 12),
        (_("Assignee"), 10),
        (_("Repeat"), 6),
    ]
    return xlsx_response(
        filename="tickets.xlsx",
        title=_("Tickets"),
        filters=form.described(),
        columns=[Column(label, width) for label, width in labels],
        rows=(_row(t) for t in qs.iterator(chunk_size=500)),
    )


@require_GET
@login_required
@roles_required(TICKET_READERS)
def ticket_detail(request, pk: int):
    ticket = ticket_get_for_user(request.user, pk)
    return render(request, "tickets/ticket_detail.html", detail_context(request, ticket))


@require_POST
@login_required
@roles_required(TICKET_READERS)
def ticket_attach(request, pk: int):
    ticket = ticket_get_for_user(request.user, pk)
    if not can_attach(request.user, ticket):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("tickets:detail", pk)
    try:
        services.ticket_attach(actor=request.user, ticket=ticket, upload=form.cleaned_data["file"])
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("File attached."))
    return redirect("tickets:detail", pk)


@require_GET
@login_required
@roles_required(TICKET_READERS)
def ticket_attachment(request, pk: int, key: str):
    ticket = ticket_get_for_user(request.user, pk)
    return attachment_response(attachment_get_for_parent(ticket, key))


@require_POST
@login_required
@roles_required(LEADS)
def ticket_correct(request, pk: int):
    """R-FM-6: a correction is a visible entry (old → new, who, when, why), never a silent edit."""
    ticket = ticket_get_for_user(request.user, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("tickets:detail", pk)
    d = form.cleaned_data
    try:
        services.ticket_correct(
            actor=request.user,
            ticket=ticket,
            field=d["field"],
            new_value=d["new_value"],
            reason=d["reason"],
        )
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The correction is recorded."))
    return redirect("tickets:detail", pk)
