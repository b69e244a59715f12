"""The ticket page's context and its action forms; every action posts to `tickets:action`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from propdesk.core.attachments import attachment_list_for
from propdesk.core.exceptions import DomainError, NotAllowed

from .. import services
from ..actions import ticket_actions_for
from ..forms import ACTION_FORMS, AttachmentForm, CorrectionForm
from ..major import major_signature
from ..permissions import require_department_actor, ticket_get_for_user
from ..selectors_ui import corrections_for, timeline_for
from ..sla import clock_list_for
from .common import (
    DESK,
    LEADS,
    REGISTER_READERS,
    TICKET_READERS,
    form_errors_text,
    refuse,
    roles_required,
    safe_next,
)

SERVICES = {
    "dispatch": services.ticket_dispatch,
    "send_back": services.ticket_send_back,
    "accept": services.ticket_accept,
    "start": services.ticket_start,
    "pause": services.ticket_pause,
    "resume": services.ticket_resume,
    "transfer": services.ticket_transfer,
    "agree_price": services.ticket_agree_price,
    "handle": services.ticket_handle,
    "callback": services.ticket_callback,
    "close": services.ticket_close,
    "answer": services.ticket_answer,
    "invalidate": services.ticket_invalidate,
    "cancel": services.ticket_cancel,
    "merge": services.ticket_merge,
    "escalate": services.ticket_escalate,
    "clear_escalation": services.ticket_clear_escalation,
    "urge": services.ticket_urge,
    "flag_major": services.ticket_flag_major,
    "major_signoff": services.ticket_major_signoff,
}
ACTION_LABELS = {
    "dispatch": gettext_lazy("Dispatch"),
    "send_back": gettext_lazy("Send back"),
    "accept": gettext_lazy("Accept and assign"),
    "start": gettext_lazy("Start work"),
    "pause": gettext_lazy("Pause"),
    "resume": gettext_lazy("Resume"),
    "transfer": gettext_lazy("Transfer to another worker"),
    "agree_price": gettext_lazy("Record the agreed price"),
    "handle": gettext_lazy("Report the result"),
    "callback": gettext_lazy("Record a callback"),
    "close": gettext_lazy("Close"),
    "answer": gettext_lazy("Answer and close"),
    "invalidate": gettext_lazy("Mark invalid and close"),
    "cancel": gettext_lazy("Cancel the ticket"),
    "merge": gettext_lazy("Merge into another ticket"),
    "escalate": gettext_lazy("Escalate to the shift lead"),
    "clear_escalation": gettext_lazy("Clear the escalation"),
    "urge": gettext_lazy("Record a chase"),
    "flag_major": gettext_lazy("Flag as a major complaint"),
    "major_signoff": gettext_lazy("Sign off the major complaint"),
}


# The next forward step first (its form is open on the page), side paths after it.
ORDER = [
    "major_signoff",
    "dispatch",
    "accept",
    "start",
    "handle",
    "callback",
    "close",
    "answer",
    "resume",
    "agree_price",
    "send_back",
    "pause",
    "transfer",
    "invalidate",
    "escalate",
    "urge",
    "clear_escalation",
    "flag_major",
    "merge",
    "cancel",
]


def can_attach(user, ticket) -> bool:
    if user.is_read_only:
        return False
    if user.has_any_role(DESK):
        return True
    try:
        require_department_actor(ticket, user)
    except NotAllowed:
        return False
    return True


def detail_context(request, ticket, *, bound=None) -> dict:
    """Everything the ticket page shows; `bound` is a refused action form to show with its input."""
    user = request.user
    forms = []
    for action in sorted(ticket_actions_for(user, ticket), key=ORDER.index):
        form = bound if bound is not None and bound.prefix == action else None
        form = form or ACTION_FORMS[action](ticket=ticket, user=user, prefix=action)
        forms.append({"action": action, "label": ACTION_LABELS[action], "form": form})
    return {
        "ticket": ticket,
        "action_forms": forms,
        "contacts": ticket.contacts.select_related("received_by").order_by("received_at"),
        "callbacks": ticket.callbacks.select_related("by"),
        "attachments": attachment_list_for(ticket).select_related("uploaded_by"),
        "corrections": corrections_for(ticket),
        "timeline": timeline_for(ticket),
        "sla_clocks": clock_list_for(ticket),
        "correction_form": CorrectionForm() if user.has_any_role(LEADS) else None,
        "attach_form": AttachmentForm() if can_attach(user, ticket) else None,
        "can_open_contacts": user.has_any_role(REGISTER_READERS),
        "major_signoff": major_signature(ticket) if ticket.is_major else None,
    }


def _refused(request, pk, form, exc: DomainError | None):
    """Nothing changed: show why, keep the input, never a 500."""
    if exc is not None:
        refuse(request, exc)
        for field, msg in exc.fields.items():
            if field in form.fields and not form.has_error(field):
                form.add_error(field, str(msg))
    else:
        messages.error(request, form_errors_text(form))
    if request.POST.get("next"):
        return redirect(safe_next(request, reverse("tickets:detail", args=[pk])))
    ticket = ticket_get_for_user(request.user, pk)
    form.ticket = ticket
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = ticket.version  # show the input on the current record
    status = exc.status if exc is not None else 400
    return render(
        request,
        "tickets/ticket_detail.html",
        detail_context(request, ticket, bound=form),
        status=status,
    )


@require_POST
@login_required
@roles_required(TICKET_READERS)
def ticket_action(request, pk: int, action: str):
    ticket = ticket_get_for_user(request.user, pk)
    if action not in SERVICES:
        raise Http404
    form = ACTION_FORMS[action](request.POST, ticket=ticket, user=request.user, prefix=action)
    if not form.is_valid():
        return _refused(request, pk, form, None)
    try:
        SERVICES[action](actor=request.user, ticket=ticket, **form.service_kwargs())
    except DomainError as exc:
        return _refused(request, pk, form, exc)
    messages.success(
        request,
        _("%(number)s: “%(action)s” done.")
        % {"number": ticket.number, "action": ACTION_LABELS[action]},
    )
    return redirect(safe_next(request, reverse("tickets:detail", args=[pk])))
