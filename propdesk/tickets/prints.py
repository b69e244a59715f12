"""Printed forms of the tickets app: the handling form (用户投诉处理单 / 维修派工单) and the contact
register (来人来电来访登记表) with its cover page. R-CP-2, R-FM-2, R-FM-3, R-FM-4, R-FM-7."""

from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import printing as p
from propdesk.core.audit_chain import head_line
from propdesk.core.events import event_list_for
from propdesk.core.masking import mask_phone
from propdesk.core.signatures import signature_list_for
from propdesk.orgs.models import Company
from propdesk.records.printing import branding
from propdesk.records.selectors import template_version_for

from .models import CallbackAttempt, Kind, Ticket


def form_name(ticket: Ticket) -> str:
    if ticket.kind == Kind.COMPLAINT:
        return _("Complaint handling form")
    if ticket.kind == Kind.REPAIR:
        return _("Repair work order")
    return _("Service work order")


def _company(site) -> Company | None:
    return getattr(site, "company", None)


def _ticket_fields(t: Ticket) -> list:
    rows = [
        (_("Number"), t.number),
        (_("Registered at"), t.created_at),
        (_("Site"), t.site.name),
        (_("Unit"), t.unit.code if t.unit else t.location),
        (_("Contact person"), t.contact_name),
        (_("Phone"), mask_phone(t.contact_phone)),
        (_("Category"), t.category.name),
        (_("Priority"), t.get_priority_display()),
        (_("Title"), t.title),
        (_("State"), t.get_state_display()),
    ]
    if t.kind == Kind.COMPLAINT:
        rows += [
            (_("Severity"), t.get_severity_display()),
            (_("Validity"), t.get_validity_display()),
            (_("Happened at"), t.occurred_at),
            (_("Department complained about"), t.target_department or ""),
        ]
    if t.kind == Kind.REPAIR:
        rows += [
            (_("Scope"), t.get_scope_display()),
            (_("Appointment"), t.appointment_at),
            (_("Paid repair"), _("Yes") if t.is_paid else _("No")),
            (_("Agreed price"), t.price or ""),
        ]
    rows += [
        (_("Department"), t.department or ""),
        (_("Assignee"), t.assignee or ""),
        (_("Dispatched at"), t.dispatched_at),
        (_("Handled at"), t.handled_at),
    ]
    return rows


def _long_fields(t: Ticket) -> list:
    rows = [
        (_("Description"), t.description),
        (_("What the resident wants"), t.desired_outcome),
        (_("Result"), t.result),
    ]
    if t.kind == Kind.COMPLAINT:
        rows += [(_("Cause"), t.cause), (_("Responsibility"), t.get_responsibility_display())]
    return rows


def _signatures(t: Ticket, callbacks: list) -> list:
    signed = {s.slot: s for s in signature_list_for(t)}
    major = signed.get("major_signoff")
    # The callback line names who reached the resident, and when (the latest reached attempt).
    reached = [c for c in callbacks if c.outcome == CallbackAttempt.Outcome.REACHED]
    called = reached[-1] if reached else None
    lines = [
        (_("Registered by"), t.created_by, t.created_at),
        (
            _("Department head"),
            t.department.head if t.department and t.department.head else "",
            None,
        ),
        (_("Handled by"), t.assignee or "", t.handled_at),
        (_("Called back by"), called.by if called else "", called.at if called else None),
    ]
    if t.is_major:
        lines.append(
            (
                _("Property-centre manager"),
                major.signer if major and major.signer else "",
                major.signed_at if major else None,
            )
        )
    return lines


def handling_form_pdf(ticket: Ticket, *, url: str):
    """The handling form of one ticket with its QR code, timeline, callbacks and signature lines."""
    doc = p.PrintDocument(
        company=branding(_company(ticket.site)),
        form_name=form_name(ticket),
        record_number=ticket.number,
        template_version=template_version_for("handling_form", at=ticket.created_at),
    )
    events = [(e.created_at, e.actor or "", _event_text(e)) for e in event_list_for(ticket)]
    attempts = list(ticket.callbacks.select_related("by"))
    callbacks = [(c.at, c.by, c.get_outcome_display(), c.score or "", c.comment) for c in attempts]
    story = [
        p.title(form_name(ticket)),
        p.QRCode(url),
        p.field_table(_ticket_fields(ticket)),
        p.field_table(_long_fields(ticket), columns=1),
    ]
    if callbacks:
        story.append(p.para(_("Callbacks"), "heading"))
        story.append(
            p.data_table(
                [_("Time"), _("Called back by"), _("Outcome"), _("Score"), _("Comment")],
                callbacks,
                widths=[0.2, 0.14, 0.14, 0.08, 0.44],
            )
        )
    seal = p.para(head_line(ticket), "small")  # the chain head, to check this copy later
    story += [
        p.para(_("Timeline"), "heading"),
        p.timeline_table(events),
        seal,
        p.signature_lines(_signatures(ticket, attempts)),
    ]
    return doc.build(story)


def _event_text(e) -> str:
    from .templatetags.ticket_tags import event_label

    text = str(event_label(e.code))
    return f"{text}：{e.note}" if e.note else text


def contact_register_pdf(contacts, *, site, date_from, date_to):
    """The contact register for a date range, with its cover page (R-FM-4)."""
    name = _("Visitor, call and letter register")
    doc = p.PrintDocument(
        company=branding(_company(site)),
        form_name=name,
        template_version=template_version_for("contact_register"),
    )
    rows = [
        (
            c.number,
            timezone.localtime(c.received_at).strftime("%m-%d %H:%M"),
            c.get_channel_display(),
            c.caller_name,
            c.unit.code if c.unit else c.location,
            c.get_kind_display(),
            c.content,
            c.received_by,
            c.get_disposition_display(),
            c.ticket.number if c.ticket else "",
        )
        for c in contacts
    ]
    headers = [
        _("Number"),
        _("Time"),
        _("Channel"),
        _("Caller"),
        _("Unit"),
        _("About"),
        _("Content"),
        _("Received by"),
        _("Disposition"),
        _("Ticket"),
    ]
    story = [
        *p.cover_page(
            form_name=name,
            department=_("Customer service"),
            site=site.name,
            date_from=date_from,
            date_to=date_to,
        ),
        p.title(name),
        p.data_table(
            headers,
            rows,
            # the numbers (DJ-/TS-2026-000123) on one line; the content takes what is left
            widths=[0.155, 0.075, 0.05, 0.085, 0.095, 0.05, 0.18, 0.075, 0.08, 0.155],
        ),
    ]
    return doc.build(story)


def contacts_for_register(user, *, site, date_from, date_to):
    from .selectors import contact_list_for_user

    qs = contact_list_for_user(
        user, site_id=site.pk, filters={"date_from": date_from, "date_to": date_to}
    )
    return qs.order_by("received_at", "id")[:5000]
