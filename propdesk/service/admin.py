"""Promises and incidents in the configuration admin: read-only (changes go through services, R-FM-6)."""

from django.contrib import admin

from propdesk.core.admin import ReadOnlyAdmin

from .models import Incident, IncidentNote, Promise


@admin.register(Promise)
class PromiseAdmin(ReadOnlyAdmin):
    list_display = ("number", "site", "owner", "due_at", "state", "kept_on_time")
    list_filter = ("state", "site", "kept_on_time")
    search_fields = ("number", "subject")
    list_select_related = ("site", "owner")


class NoteInline(admin.TabularInline):
    model = IncidentNote
    extra = 0
    can_delete = False
    readonly_fields = ("author", "text", "created_at")


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ("number", "site", "title", "severity", "state", "reported_at")
    list_filter = ("state", "severity", "site")
    search_fields = ("number", "title", "location")
    list_select_related = ("site",)
    inlines = [NoteInline]
