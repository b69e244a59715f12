"""Configuration of categories in the admin; tickets and contacts are read-only there (changes go through services)."""

from django.contrib import admin

from propdesk.core.admin import ReadOnlyAdmin

from .models import Category, Contact, MajorKeyword, SlaPolicy, Ticket


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
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
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "kind", "state", "site", "created_at"]
    list_filter = ["kind", "state", "site"]
    search_fields = ["number"]
    list_select_related = ["site"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["number", "channel", "kind", "site", "received_at"]
    list_filter = ["channel", "kind", "site"]
    search_fields = ["number"]
    list_select_related = ["site"]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
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
class MajorKeywordAdmin(admin.ModelAdmin):
    list_display = ["word", "active"]
    list_editable = ["active"]
