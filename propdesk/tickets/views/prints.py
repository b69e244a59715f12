"""Printed forms as PDF: the handling form of a ticket, the contact register of a period. R-FM-2/3/4."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from propdesk.core.printing import pdf_response
from propdesk.core.sites import current_site_id
from propdesk.orgs.selectors import site_list_for_user

from ..permissions import ticket_get_for_user
from ..prints import contact_register_pdf, contacts_for_register, handling_form_pdf
from .common import REGISTER_READERS, TICKET_READERS, roles_required


@require_GET
@login_required
@roles_required(TICKET_READERS)
def ticket_print(request, pk: int):
    """用户投诉处理单 / 维修派工单 with a QR code linking to the ticket page."""
    ticket = ticket_get_for_user(request.user, pk)
    url = request.build_absolute_uri(reverse("tickets:detail", args=[ticket.pk]))
    return pdf_response(handling_form_pdf(ticket, url=url), f"{ticket.number}.pdf")


def _day(raw: str, default: date) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else default
    except ValueError:
        return None


@require_GET
@login_required
@roles_required(REGISTER_READERS)
def contact_register_print(request):
    """来人来电来访登记表 of one site for a date range (default today), with its cover page."""
    today = timezone.localdate()
    date_from = _day(request.GET.get("date_from", ""), today)
    date_to = _day(request.GET.get("date_to", ""), today)
    sites = list(site_list_for_user(request.user))
    chosen = current_site_id(request) or (sites[0].pk if len(sites) == 1 else None)
    site = next((s for s in sites if s.pk == chosen), None)
    if site is None or date_from is None or date_to is None or date_from > date_to:
        message = _(
            "Choose one site in the site switcher and a valid period (from ≤ to) to print the register."
        )
        return render(request, "errors/400.html", {"message": message}, status=400)
    rows = contacts_for_register(request.user, site=site, date_from=date_from, date_to=date_to)
    pdf = contact_register_pdf(rows, site=site, date_from=date_from, date_to=date_to)
    return pdf_response(pdf, f"contact-register-{date_from}-{date_to}.pdf")
