"""Configuration admin: checklists are configured here; records are read-only (R-FM-6)."""

from django.contrib import admin

from propdesk.core.admin import ReadOnlyAdmin

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


@admin.register(CheckTemplate)
class CheckTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "desk", "code", "label", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(NewspaperSubscription)
class NewspaperSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["site", "unit", "title", "copies", "is_active"]
    list_filter = ["site", "is_active"]
    raw_id_fields = ["unit", "resident"]


@admin.register(DutyLog)
class DutyLogAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "desk", "shift", "recorder", "closed_at"]
    list_filter = ["site"]


@admin.register(ShiftHandover)
class ShiftHandoverAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "desk", "shift", "state", "outgoing", "incoming"]
    list_filter = ["state", "site"]


@admin.register(MailItem)
class MailItemAdmin(ReadOnlyAdmin):
    list_display = ["number", "received_at", "kind", "unit", "state"]
    list_filter = ["state", "kind", "site"]
    exclude = ["pickup_code"]


@admin.register(DeskHolding)
class DeskHoldingAdmin(ReadOnlyAdmin):
    list_display = ["desk", "holder", "reason", "since", "until"]


@admin.register(LeaveOfPost)
class LeaveOfPostAdmin(ReadOnlyAdmin):
    list_display = ["desk", "requester", "replacement", "state", "created_at"]


@admin.register(SpotCheck)
class SpotCheckAdmin(ReadOnlyAdmin):
    list_display = ["desk", "agent", "checked_by", "checked_at", "violation_count"]


@admin.register(VisitorLookup)
class VisitorLookupAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "site", "agent", "looked_up"]
