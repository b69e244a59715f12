"""Shared admin pieces, and the business calendars (holidays, make-up workdays) and sweeps."""

from django.contrib import admin

from .models import BusinessCalendar, CalendarDay, PeriodicSweep


class ReadOnlyAdmin(admin.ModelAdmin):
    """Submitted records are never added, edited or deleted in the admin (R-FM-6, R-FM-8):
    they change only through the services (workflow actions and corrections)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 1
    ordering = ["date"]


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_default", "always_open", "day_start", "day_end", "weekdays"]
    inlines = [CalendarDayInline]


@admin.register(PeriodicSweep)
class PeriodicSweepAdmin(admin.ModelAdmin):
    list_display = ["name", "next_run_at", "last_started_at", "last_finished_at"]
    readonly_fields = ["name", "last_started_at", "last_finished_at", "last_error"]

    def has_add_permission(self, request):
        return False
