"""Meetings are read in the admin; they change only through the services. Nothing is deleted."""

from django.contrib import admin

from .models import Meeting, MeetingSeries


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "site", "weekday", "start_time", "chair", "is_active"]
    list_filter = ["site", "is_active"]
    fields = ["title", "location", "calendar", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False  # set up from the meetings pages (members, chair, minute-taker)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["number", "site", "starts_at", "state", "chair", "minute_taker"]
    list_filter = ["site", "state"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
