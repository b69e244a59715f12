"""Rules, fine scales, schedules and desk PCs are configuration; punches, requests, months,
complaints and ledger lines are business data, read-only here and within the reader's sites
(the pay privacy of the pages: managers, the GM and the auditor only)."""

from django.contrib import admin

from propdesk.core.admin import BusinessAdmin, ConfigAdmin

from .models import (
    AttendanceRule,
    DeskStation,
    FineScale,
    LeaveRequest,
    LedgerEntry,
    MonthSummary,
    Punch,
    PunchCorrection,
    Schedule,
    StaffComplaint,
)

PAY_READERS = frozenset({"cs_manager", "centre_manager", "gm", "auditor"})


@admin.register(AttendanceRule)
class AttendanceRuleAdmin(ConfigAdmin):
    """A change of the rule is a new row with a later effective date; months keep theirs."""

    list_display = [
        "company",
        "effective_from",
        "first_count",
        "first_percent",
        "later_percent",
        "grace_minutes",
    ]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "company",
            "effective_from",
            "first_count",
            "first_percent",
            "later_percent",
            "grace_minutes",
        ]


@admin.register(FineScale)
class FineScaleAdmin(ConfigAdmin):
    list_display = ["company", "severity", "amount"]


@admin.register(Schedule)
class ScheduleAdmin(ConfigAdmin):
    list_display = ["person", "site", "shift", "days"]
    list_filter = ["site", "days"]
    raw_id_fields = ["person"]


@admin.register(DeskStation)
class DeskStationAdmin(ConfigAdmin):
    list_display = ["desk", "name", "address"]


class _PayAdmin(BusinessAdmin):
    reader_roles = PAY_READERS


@admin.register(Punch)
class PunchAdmin(_PayAdmin):
    list_display = ["person", "at", "kind", "method", "desk"]


@admin.register(LeaveRequest)
class LeaveRequestAdmin(_PayAdmin):
    list_display = ["person", "kind", "first_day", "last_day", "state"]


@admin.register(PunchCorrection)
class PunchCorrectionAdmin(_PayAdmin):
    list_display = ["person", "kind", "at", "state"]


@admin.register(MonthSummary)
class MonthSummaryAdmin(_PayAdmin):
    list_display = ["person", "month", "state", "late_days", "lateness_deduction", "net"]


@admin.register(StaffComplaint)
class StaffComplaintAdmin(_PayAdmin):
    list_display = ["person", "occurred_on", "source", "severity", "fine", "state"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(_PayAdmin):
    list_display = ["person", "month", "kind", "amount", "state", "granted_by"]
