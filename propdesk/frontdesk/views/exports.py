"""Excel export of the duty log and the mail log (R-FS-9)."""

from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from propdesk.core.exports import Column, xlsx_response

from .. import selectors
from .common import desk_page, site_id_for


def _day_and_site(request):
    day = parse_date(request.GET.get("day", "") or "") or timezone.localdate()
    site_id = site_id_for(request)
    if site_id is None:
        raise Http404
    return day, site_id


def _duty_columns():
    spec = [
        (gettext_lazy("Number"), 18),
        (gettext_lazy("Front desk"), 14),
        (gettext_lazy("Shift"), 8),
        (gettext_lazy("Time"), 17),
        (gettext_lazy("Type"), 10),
        (gettext_lazy("Unit"), 14),
        (gettext_lazy("What happened"), 40),
        (gettext_lazy("Action taken"), 24),
        (gettext_lazy("Linked record number"), 18),
        (gettext_lazy("Status"), 8),
        (gettext_lazy("Handled by"), 10),
    ]
    return [Column(str(label), width) for label, width in spec]


def _duty_row(e):
    return (
        e.log.number,
        e.log.desk.name,
        e.log.shift.name,
        e.occurred_at,
        e.get_kind_display(),
        e.unit.code if e.unit else "",
        e.content,
        e.action,
        e.reference,
        e.get_status_display(),
        str(e.handled_by or ""),
    )


def _mail_columns():
    spec = [
        (gettext_lazy("Number"), 18),
        (gettext_lazy("Received at"), 17),
        (gettext_lazy("Type"), 10),
        (gettext_lazy("Carrier"), 12),
        (gettext_lazy("Tracking number"), 22),
        (gettext_lazy("Unit"), 14),
        (gettext_lazy("Pieces"), 6),
        (gettext_lazy("Condition"), 8),
        (gettext_lazy("Shelf"), 8),
        (gettext_lazy("State"), 10),
        (gettext_lazy("Picked up at"), 17),
        (gettext_lazy("Picked up by"), 10),
        (gettext_lazy("Verified by"), 12),
        (gettext_lazy("Received by"), 10),
    ]
    return [Column(str(label), width) for label, width in spec]


def _mail_row(m):
    return (
        m.number,
        m.received_at,
        m.get_kind_display(),
        m.carrier,
        m.tracking_no,
        m.unit.code,
        m.pieces,
        m.get_condition_display(),
        m.shelf,
        m.get_state_display(),
        m.picked_up_at,
        m.picked_up_by_name,
        m.get_verification_display(),
        str(m.received_by),
    )


@require_GET
@desk_page
def dutylog_export(request):
    day, site_id = _day_and_site(request)
    entries = selectors.duty_entries_for_day(request.user, site_id=site_id, day=day)
    rows = (_duty_row(e) for e in entries.iterator(chunk_size=500))
    return xlsx_response(
        filename=f"duty-log-{day}.xlsx",
        title=_("Front desk duty log"),
        filters={_("Date"): str(day)},
        columns=_duty_columns(),
        rows=rows,
    )


@require_GET
@desk_page
def mail_export(request):
    day, site_id = _day_and_site(request)
    items = selectors.mail_for_day(request.user, site_id=site_id, day=day)
    rows = (_mail_row(m) for m in items.iterator(chunk_size=500))
    return xlsx_response(
        filename=f"mail-log-{day}.xlsx",
        title=_("Mail and parcel log"),
        filters={_("Date"): str(day)},
        columns=_mail_columns(),
        rows=rows,
    )


def _site(request, site_id):
    from propdesk.orgs.selectors import site_list_for_user

    site = site_list_for_user(request.user).select_related("company").filter(pk=site_id).first()
    if site is None:
        raise Http404
    return site


@require_GET
@desk_page
def dutylog_print(request):
    from propdesk.core.printing import pdf_response

    from ..printing import duty_log_pdf

    day, site_id = _day_and_site(request)
    pdf = duty_log_pdf(request.user, site=_site(request, site_id), day=day)
    return pdf_response(pdf, f"值班记录-{day}.pdf")


@require_GET
@desk_page
def mail_print(request):
    from propdesk.core.printing import pdf_response

    from ..printing import mail_log_pdf

    day, site_id = _day_and_site(request)
    pdf = mail_log_pdf(request.user, site=_site(request, site_id), day=day)
    return pdf_response(pdf, f"邮件收发记录-{day}.pdf")
