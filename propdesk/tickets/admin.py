"""Configuration of categories in the admin; tickets and contacts are read-only there (changes go through services)."""

from django.contrib import admin

from .models import Category, Contact, Ticket


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
