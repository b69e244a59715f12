"""Configuration of categories in the admin; tickets and contacts are read-only there (changes go through services)."""

from django.contrib import admin

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Submitted records are never edited in the admin (R-FM-6); corrections go through the app."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
