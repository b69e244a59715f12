"""The contact register (来人来电来访登记表): list with filters, Excel export, the contact page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.exceptions import DomainError
from propdesk.core.exporting import inline_max
from propdesk.core.exports import Column, xlsx_response
from propdesk.core.masking import mask_phone
from propdesk.core.paging import page_of
from propdesk.core.signatures import signature_list_for
from propdesk.core.sites import current_site_id
from propdesk.core.views_exports import export_response

from .. import services
from ..forms import ContactFilterForm
from ..forms.intake import ContactAnswerForm, ContactLinkForm, ContactTicketForm
from ..models import Contact
from ..permissions import contact_get_for_user
from ..selectors import contact_list_for_user
from ..selectors_ui import timeline_for
from .common import DESK, REGISTER_READERS, form_errors_text, refuse, roles_required


def _filtered(request):
    form = ContactFilterForm(request.GET or None)
    qs = contact_list_for_user(
        request.user, site_id=current_site_id(request), filters=form.selector_filters()
    )
    return form, qs


@require_GET
@login_required
@roles_required(REGISTER_READERS)
def contact_list(request):
    form, qs = _filtered(request)
    return render(
        request, "tickets/contact_list.html", {"form": form, "page": page_of(request, qs)}
    )


def _row(c: Contact) -> tuple:
    return (
        c.number,
        c.received_at,
        c.site.name,
        c.get_channel_display(),
        c.get_kind_display(),
        c.caller_name,
        mask_phone(c.caller_phone),
        c.unit.code if c.unit else "",
        c.content,
        c.desired_outcome,
        str(c.received_by),
        c.get_disposition_display(),
        c.ticket.number if c.ticket else "",
    )


@require_GET
@login_required
@roles_required(REGISTER_READERS)
def contact_export(request):
    form, qs = _filtered(request)
    if qs.count() > inline_max():  # large: a background task with progress and a download link
        filters = {**form.selector_filters(), "site": current_site_id(request)}
        return export_response(
            request, "contacts", {k: v for k, v in filters.items() if v not in (None, "")}
        )
    labels = [
        (_("Number"), 16),
        (_("Received at"), 17),
        (_("Site"), 14),
        (_("Channel"), 8),
        (_("About"), 8),
        (_("Caller"), 10),
        (_("Phone"), 14),
        (_("Unit"), 14),
        (_("Content"), 40),
        (_("What the resident wants"), 24),
        (_("Received by"), 10),
        (_("Disposition"), 10),
        (_("Ticket"), 16),
    ]
    return xlsx_response(
        filename="contacts.xlsx",
        title=_("Visitor, call and letter register"),
        filters=form.described(),
        columns=[Column(label, width) for label, width in labels],
        rows=(_row(c) for c in qs.iterator(chunk_size=500)),
    )


@require_GET
@login_required
@roles_required(REGISTER_READERS)
def contact_detail(request, pk: int):
    contact = contact_get_for_user(request.user, pk)
    can_act = contact.disposition == Contact.Disposition.OPEN and request.user.has_any_role(DESK)
    ctx = {
        "contact": contact,
        "timeline": timeline_for(contact),
        "signatures": signature_list_for(contact),
        "can_act": can_act and not request.user.is_read_only,
        "answer_form": ContactAnswerForm(),
        "link_form": ContactLinkForm(user=request.user),
        "ticket_form": ContactTicketForm(initial={"title": contact.content[:30]}),
    }
    return render(request, "tickets/contact_detail.html", ctx)


def _contact_service(action, user, contact, form):
    d = form.cleaned_data
    if action == "answer":
        return services.contact_answer(actor=user, contact=contact, answer=d["answer"])
    if action == "record":
        return services.contact_record_only(actor=user, contact=contact, note=d["answer"])
    if action == "link":
        return services.contact_link_ticket(actor=user, contact=contact, ticket=d["link_ticket"])
    return services.ticket_open(
        actor=user,
        contact=contact,
        kind=d["category"].kind,
        category=d["category"],
        title=d["title"],
        priority=d["priority"],
    )


@require_POST
@login_required
@roles_required(DESK)
def contact_action(request, pk: int, action: str):
    contact = contact_get_for_user(request.user, pk)
    forms = {"answer": ContactAnswerForm, "record": ContactAnswerForm, "ticket": ContactTicketForm}
    if action == "link":
        form = ContactLinkForm(request.POST, user=request.user)
    elif action in forms:
        form = forms[action](request.POST)
    else:
        raise Http404
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("tickets:contact-detail", pk)
    try:
        _contact_service(action, request.user, contact, form)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("Contact %(number)s updated.") % {"number": contact.number})
    return redirect("tickets:contact-detail", pk)
