"""Configuration admin: webhook endpoints, delivery log, and the shared business calendars.

The calendar models belong to `core`, which has no admin module of its own yet; they are
registered here so administrators can edit holidays and make-up workdays.
"""

from django.contrib import admin

from propdesk.core.models import BusinessCalendar, CalendarDay, PeriodicSweep

from .models import Delivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "active", "event_codes", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["key", "channel", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["channel", "status"]
    list_select_related = ["endpoint"]
    search_fields = ["key"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
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
