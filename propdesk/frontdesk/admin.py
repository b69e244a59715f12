"""Configuration admin: checklists and newspaper subscriptions are configured here; desk records
are read-only there, for the roles that read them at the desk, within their sites (R-FM-6)."""

from django.contrib import admin

from propdesk.core.admin import BusinessAdmin, ConfigAdmin

from .models import (
    CheckTemplate,
    DeskHolding,
    DutyLog,
    LeaveOfPost,
    MailItem,
    NewspaperSubscription,
    ShiftHandover,
    SpotCheck,
    VisitorLookup,
)
from .permissions import DESK_READERS, LOOKUP_LOG_READERS


class DeskRecordAdmin(BusinessAdmin):
    reader_roles = DESK_READERS


@admin.register(CheckTemplate)
class CheckTemplateAdmin(ConfigAdmin):
    list_display = ["kind", "desk", "code", "label", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(NewspaperSubscription)
class NewspaperSubscriptionAdmin(ConfigAdmin):
    """Which unit gets which paper; the resident it is addressed to is not shown to the admin."""

    list_display = ["site", "unit", "title", "copies", "is_active"]
    list_filter = ["site", "is_active"]
    raw_id_fields = ["unit"]
    exclude = ["resident"]


@admin.register(DutyLog)
class DutyLogAdmin(DeskRecordAdmin):
    list_display = ["number", "date", "desk", "shift", "recorder", "closed_at"]
    list_filter = ["site"]


@admin.register(ShiftHandover)
class ShiftHandoverAdmin(DeskRecordAdmin):
    list_display = ["number", "date", "desk", "shift", "state", "outgoing", "incoming"]
    list_filter = ["state", "site"]


@admin.register(MailItem)
class MailItemAdmin(DeskRecordAdmin):
    list_display = ["number", "received_at", "kind", "unit", "state"]
    list_filter = ["state", "kind", "site"]
    exclude = ["pickup_code"]


@admin.register(DeskHolding)
class DeskHoldingAdmin(DeskRecordAdmin):
    list_display = ["desk", "holder", "reason", "since", "until"]


@admin.register(LeaveOfPost)
class LeaveOfPostAdmin(DeskRecordAdmin):
    list_display = ["desk", "requester", "replacement", "state", "created_at"]


@admin.register(SpotCheck)
class SpotCheckAdmin(DeskRecordAdmin):
    list_display = ["desk", "agent", "checked_by", "checked_at", "violation_count"]


@admin.register(VisitorLookup)
class VisitorLookupAdmin(BusinessAdmin):
    reader_roles = LOOKUP_LOG_READERS
    list_display = ["created_at", "site", "agent", "looked_up"]
