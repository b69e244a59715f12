"""Categories, SLA policies and major-complaint words are configuration; tickets and contacts are
business records, read-only there for their readers (changes go through services)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from propdesk.core.admin import BusinessAdmin, ConfigAdmin, masked

from .models import Category, Contact, MajorKeyword, SlaPolicy, Ticket
from .permissions import DEPARTMENT_READERS, SITE_READERS, contact_scope, ticket_scope


@admin.register(Category)
class CategoryAdmin(ConfigAdmin):
    list_display = [
        "name",
        "kind",
        "code",
        "default_department",
        "callback_policy",
        "sample_percent",
        "is_major",
        "active",
    ]
    list_filter = ["kind", "default_department", "callback_policy", "is_major", "active"]
    search_fields = ["name", "code"]


@admin.register(Ticket)
class TicketAdmin(BusinessAdmin):
    reader_roles = SITE_READERS | DEPARTMENT_READERS
    list_display = ["number", "title", "kind", "state", "site", "created_at"]
    list_filter = ["kind", "state", "site"]
    search_fields = ["number"]
    list_select_related = ["site"]
    hidden_fields = ("contact_phone",)
    readonly_fields = [masked("contact_phone", _("phone"))]

    def scope(self, request, qs):
        return ticket_scope(request.user, qs)


@admin.register(Contact)
class ContactAdmin(BusinessAdmin):
    reader_roles = SITE_READERS
    list_display = ["number", "channel", "kind", "site", "received_at"]
    list_filter = ["channel", "kind", "site"]
    search_fields = ["number"]
    list_select_related = ["site"]
    hidden_fields = ("caller_phone",)
    readonly_fields = [masked("caller_phone", _("phone"))]

    def scope(self, request, qs):
        return contact_scope(request.user, qs)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(ConfigAdmin):
    """Every SLA value is editable per site: add a row with the site set to override the level default."""

    list_display = [
        "__str__",
        "site",
        "service_level",
        "kind",
        "category",
        "priority",
        "no_sla",
        "response_minutes",
        "accept_minutes",
        "arrive_minutes",
        "resolve_minutes",
        "callback_minutes",
        "warn_percent",
        "calendar",
    ]
    list_filter = ["site", "service_level", "kind", "no_sla"]
    list_select_related = ["site", "category", "calendar"]


@admin.register(MajorKeyword)
class MajorKeywordAdmin(ConfigAdmin):
    list_display = ["word", "active"]
    list_editable = ["active"]
