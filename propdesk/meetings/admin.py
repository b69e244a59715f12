"""Meetings are read in the admin by their readers, within their sites; they change only through
the services (set up from the meetings pages: members, chair, minute-taker). Nothing is deleted."""

from django.contrib import admin

from propdesk.core.admin import BusinessAdmin

from .models import Meeting, MeetingSeries
from .workflow import READERS


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["title", "site", "weekday", "start_time", "chair", "is_active"]
    list_filter = ["site", "is_active"]


@admin.register(Meeting)
class MeetingAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["number", "site", "starts_at", "state", "chair", "minute_taker"]
    list_filter = ["site", "state"]
