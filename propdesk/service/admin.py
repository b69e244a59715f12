"""Promises and incidents in the admin: read-only, for their readers (changes go through services, R-FM-6)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from propdesk.core.admin import BusinessAdmin, BusinessInline, masked

from .models import Incident, IncidentNote, Promise
from .permissions import incident_scope, promise_scope
from .workflow import READERS


@admin.register(Promise)
class PromiseAdmin(BusinessAdmin):
    reader_roles = READERS
    hidden_fields = ("to_phone",)
    readonly_fields = [masked("to_phone", _("phone"))]
    list_display = ("number", "site", "owner", "due_at", "state", "kept_on_time")
    list_filter = ("state", "site", "kept_on_time")
    search_fields = ("number", "subject")
    list_select_related = ("site", "owner")

    def scope(self, request, qs):
        return qs.filter(pk__in=promise_scope(request.user).values("pk"))


class NoteInline(BusinessInline):
    model = IncidentNote
    readonly_fields = ("author", "text", "created_at")


@admin.register(Incident)
class IncidentAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ("number", "site", "title", "severity", "state", "reported_at")
    list_filter = ("state", "severity", "site")
    search_fields = ("number", "title", "location")
    list_select_related = ("site",)
    inlines = [NoteInline]

    def scope(self, request, qs):
        return qs.filter(pk__in=incident_scope(request.user).values("pk"))
