"""Configuration admin: the per-site renovation rules are set here; records are read-only (R-FM-6)."""

from django.contrib import admin

from propdesk.core.admin import BusinessAdmin, ConfigAdmin

from .models import GateScan, GoodsRelease, Renovation, RenovationRules, WorkerPass
from .permissions import READERS


@admin.register(RenovationRules)
class RenovationRulesAdmin(ConfigAdmin):
    list_display = [
        "site", "am_start", "am_end", "pm_start", "pm_end", "weekends_allowed",
        "review_working_days", "pass_fee", "pass_deposit", "deposit_keep_after_days",
        "release_valid_days",
    ]  # fmt: skip


@admin.register(Renovation)
class RenovationAdmin(BusinessAdmin):
    reader_roles = READERS
    hidden_fields = ("applicant_phone", "lead_phone")
    list_display = ["number", "site", "unit", "state", "company", "start_date", "end_date"]
    list_filter = ["site", "state"]


@admin.register(WorkerPass)
class WorkerPassAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["number", "site", "name", "company", "valid_from", "valid_until", "state"]
    list_filter = ["site", "state"]
    hidden_fields = ("id_number", "phone")


@admin.register(GoodsRelease)
class GoodsReleaseAdmin(BusinessAdmin):
    reader_roles = READERS
    hidden_fields = ("applicant_phone", "consent_phone")
    list_display = ["number", "site", "unit", "release_type", "pass_date", "state"]
    list_filter = ["site", "state"]


@admin.register(GateScan)
class GateScanAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["at", "site", "guard", "verdict", "direction"]
    list_filter = ["site", "verdict"]
