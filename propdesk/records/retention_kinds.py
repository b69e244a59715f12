"""Record kinds of apps that do not register their retention themselves yet (R-FM-8).

Each kind reads through the owning app's scoped queryset, so the end-of-retention list shows only
what the user may see; the period comes from the kind's form template.
"""

from django.apps import apps
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import retention


def _tickets() -> None:
    from propdesk.tickets.permissions import contact_scope, ticket_scope

    retention.register(
        "ticket",
        template="handling_form",
        label=_("Tickets (complaints, repairs, help)"),
        scope=ticket_scope,
        basis="closed_at",
        title="title",
        url=lambda pk: reverse("tickets:detail", args=[pk]),
    )
    retention.register(
        "contact",
        template="contact_register",
        label=_("Contact register entries"),
        scope=contact_scope,
        basis="received_at",
        title="content",
        url=lambda pk: reverse("tickets:contact-detail", args=[pk]),
    )


def _frontdesk() -> None:
    from propdesk.frontdesk import selectors as desk

    retention.register(
        "mail",
        template="mail_log",
        label=_("Mail and parcels"),
        scope=lambda user: desk.mail_list_for_user(user),
        basis=Coalesce("picked_up_at", "returned_at"),
        title="tracking_no",
        url=lambda pk: reverse("frontdesk:mail-detail", args=[pk]),
    )
    retention.register(
        "duty_log",
        template="duty_log",
        label=_("Duty logs"),
        scope=lambda user: desk.duty_log_list_for_user(user),
        basis="closed_at",
        url=lambda pk: reverse("frontdesk:dutylog-detail", args=[pk]),
    )
    retention.register(
        "handover",
        template="handover",
        label=_("Shift handovers"),
        scope=lambda user: desk.handover_list_for_user(user),
        basis="accepted_at",
        title="summary",
        url=lambda pk: reverse("frontdesk:handover-detail", args=[pk]),
    )


def _own() -> None:
    from propdesk.meetings.permissions import meeting_scope

    from .permissions import document_scope

    retention.register(
        "document",
        template="document_signoff",
        label=_("Documents (superseded revisions)"),
        scope=document_scope,
        basis="superseded_at",
        title="title",
        url=lambda pk: reverse("records:document-detail", args=[pk]),
    )
    retention.register(
        "meeting",
        template="meeting_minutes",
        label=_("Meeting minutes"),
        scope=meeting_scope,
        basis="signed_at",
        url=lambda pk: reverse("meetings:meeting-detail", args=[pk]),
    )


def register_defaults() -> None:
    if apps.is_installed("propdesk.tickets"):
        _tickets()
    if apps.is_installed("propdesk.frontdesk"):
        _frontdesk()
    _own()
