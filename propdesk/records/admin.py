"""Configuration of forms (names, numbering, retention) and the company logo lives in the admin;
documents are read-only there. Nothing is deleted (R-FM-8)."""

from django.contrib import admin

from .models import Document, FormTemplate, TemplateVersion


class NoDelete(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # R-FM-8: kept for the retention period, then destroyed through the archives


@admin.register(FormTemplate)
class FormTemplateAdmin(NoDelete):
    list_display = ["code", "name", "department", "numbering", "retention_days"]
    list_filter = ["department"]
    search_fields = ["code", "name"]
    fields = ["code", "name", "name_en", "department", "numbering", "retention_days"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(TemplateVersion)
class TemplateVersionAdmin(NoDelete):
    list_display = ["template", "label", "state", "approved_by", "approved_at", "retired_at"]
    list_filter = ["state"]

    def has_change_permission(self, request, obj=None):
        return False  # versions move only through approval (the services)

    def has_add_permission(self, request):
        return False


@admin.register(Document)
class DocumentAdmin(NoDelete):
    list_display = ["number", "title", "kind", "state", "issued_at", "archived_at"]
    list_filter = ["kind", "state"]
    search_fields = ["number", "title"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
