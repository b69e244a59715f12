"""Configuration admin: the per-site renovation rules are set here; records are read-only (R-FM-6)."""

from django.contrib import admin

from propdesk.core.admin import ReadOnlyAdmin

from .models import GateScan, GoodsRelease, Renovation, RenovationRules, WorkerPass


@admin.register(RenovationRules)
class RenovationRulesAdmin(admin.ModelAdmin):
    list_display = [
        "site", "am_start", "am_end", "pm_start", "pm_end", "weekends_allowed",
        "review_working_days", "pass_fee", "pass_deposit", "deposit_keep_after_days",
        "release_valid_days",
    ]  # fmt: skip


@admin.register(Renovation)
class RenovationAdmin(ReadOnlyAdmin):
    list_display = ["number", "site", "unit", "state", "company", "start_date", "end_date"]
    list_filter = ["site", "state"]


@admin.register(WorkerPass)
class WorkerPassAdmin(ReadOnlyAdmin):
    list_display = ["number", "site", "name", "company", "valid_from", "valid_until", "state"]
    list_filter = ["site", "state"]
    exclude = ["id_number", "phone"]


@admin.register(GoodsRelease)
class GoodsReleaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "site", "unit", "release_type", "pass_date", "state"]
    list_filter = ["site", "state"]


@admin.register(GateScan)
class GateScanAdmin(ReadOnlyAdmin):
    list_display = ["at", "site", "guard", "verdict", "direction"]
    list_filter = ["site", "verdict"]
