"""Printed registers with cover page (R-FM-4, R-FS-9): the day's duty log and mail log."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from propdesk.core import printing as p
from propdesk.core.signatures import signature_list_for
from propdesk.records.printing import branding
from propdesk.records.selectors import template_version_for

from . import selectors

# The template version printed on each form (R-FM-7); bump it with a note when a layout changes.

SLOT_LABELS = {
    "outgoing": gettext_lazy("Outgoing agent"),
    "incoming": gettext_lazy("Incoming agent"),
    "supervisor": gettext_lazy("Supervisor on duty"),
    "countersign": gettext_lazy("Supervisor's countersignature"),
    "manager": gettext_lazy("Manager"),
}


def _signatures(target) -> list:
    return [
        (str(SLOT_LABELS.get(s.slot, s.slot)), str(s.signer or ""), s.signed_at)
        for s in signature_list_for(target)
    ]


def _signature_block(target) -> list:
    """The signature lines of `target`, or nothing while none is requested yet (a running shift)."""
    sigs = _signatures(target)
    return [p.signature_lines(sigs)] if sigs else []


def _duty_section(form, log) -> list:
    rows = [
        (
            timezone.localtime(e.occurred_at).strftime("%H:%M"),
            e.get_kind_display(),
            e.unit.code if e.unit else "",
            e.content,
            e.action,
            e.get_status_display(),
            str(e.handled_by or ""),
        )
        for e in selectors.duty_entries_of(log)
    ]
    headers = [
        _("Time"),
        _("Type"),
        _("Unit"),
        _("What happened"),
        _("Action taken"),
        _("Status"),
        _("Handled by"),
    ]
    return [
        p.title(f"{form} {log.number}"),
        p.field_table(
            [
                (_("Front desk"), log.desk.name),
                (_("Shift"), str(log.shift)),
                (_("Date"), log.date),
                (_("Recorder"), str(log.recorder)),
            ]
        ),
        p.data_table(headers, rows, widths=[0.08, 0.1, 0.12, 0.35, 0.17, 0.08, 0.1]),
        *_signature_block(log),
    ]


def duty_log_pdf(user, *, site, day):
    """The duty logs of one site and day: cover, one section per desk shift, its signatures."""
    form = _("Front desk duty log")
    logs = list(
        selectors.duty_log_list_for_user(user, site_id=site.pk, day=day).order_by(
            "desk__name", "shift__sort_order"
        )
    )
    # The footer names a record only when the print is one record (one desk shift's log);
    # a day of several logs carries each log's number in its section title instead.
    doc = p.PrintDocument(
        company=branding(site.company),
        form_name=form,
        record_number=logs[0].number if len(logs) == 1 else "",
        template_version=template_version_for("duty_log"),
    )
    story = p.cover_page(
        form_name=form, department=_("Customer service"), site=site.name, date_from=day, date_to=day
    )
    for log in logs:
        story += _duty_section(form, log)
    if not logs:
        story.append(p.para(_("No duty log on this day.")))
    return doc.build(story)


def mail_log_pdf(user, *, site, day):
    """The mail and parcel log of one site and day, with cover and the supervisor's countersignature."""
    form = _("Mail and parcel log")
    # A mail-log day has no record number of its own: the footer names none (R-FM-7).
    doc = p.PrintDocument(
        company=branding(site.company),
        form_name=form,
        template_version=template_version_for("mail_log"),
    )
    story = p.cover_page(
        form_name=form, department=_("Customer service"), site=site.name, date_from=day, date_to=day
    )
    story.append(p.title(form))
    items = selectors.mail_for_day(user, site_id=site.pk, day=day)
    rows = [
        (
            m.number,
            m.received_at,
            m.get_kind_display(),
            m.carrier,
            m.tracking_no,
            m.unit.code,
            m.shelf,
            m.get_state_display(),
            m.picked_up_at,
            m.picked_up_by_name,
        )
        for m in items
    ]
    headers = [
        _("Number"),
        _("Received at"),
        _("Type"),
        _("Carrier"),
        _("Tracking number"),
        _("Unit"),
        _("Shelf"),
        _("State"),
        _("Picked up at"),
        _("Picked up by"),
    ]
    # the number (YJ-2026-000123) and the tracking number on one line
    widths = [0.155, 0.12, 0.06, 0.1, 0.155, 0.1, 0.065, 0.06, 0.12, 0.075]
    story.append(p.data_table(headers, rows, widths=widths))
    day_row = selectors.mail_day_list_for_user(user, site_id=site.pk).filter(date=day).first()
    if day_row is not None:
        story += _signature_block(day_row)
    return doc.build(story)
