"""Quality records are business data: read-only here for their readers, within their sites;
they change only through the services (the pages and the API)."""

from django.contrib import admin

from propdesk.core.admin import BusinessAdmin

from .models import AnalysisReport, CorrectiveAction, DailyRollup
from .workflow import DASHBOARD_ROLES, READERS


@admin.register(AnalysisReport)
class AnalysisReportAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["quarter", "site", "state", "generated_at", "decided_by", "decided_at"]
    list_filter = ["state"]

    def scope(self, request, qs):
        from .permissions import report_scope

        return report_scope(request.user).filter(pk__in=qs.values("pk"))


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["problem", "site", "kind", "department", "owner", "due_date", "state"]
    list_filter = ["kind", "state"]


@admin.register(DailyRollup)
class DailyRollupAdmin(BusinessAdmin):
    reader_roles = DASHBOARD_ROLES
    list_display = ["day", "site", "complaints", "repairs", "sla_on_time", "sla_decided"]
