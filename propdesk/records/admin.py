"""Configuration of forms (names, numbering, retention) lives in the admin; template versions and
documents are read-only there and change only through approval (the services). Nothing is
deleted (R-FM-8): kept for the retention period, then destroyed through the archives."""

from django.contrib import admin

from propdesk.core.admin import BusinessAdmin, ConfigAdmin

from .models import Document, FormTemplate, TemplateVersion
from .workflow import READERS


@admin.register(FormTemplate)
class FormTemplateAdmin(ConfigAdmin):
    list_display = ["code", "name", "department", "numbering", "retention_days"]
    list_filter = ["department"]
    search_fields = ["code", "name"]
    fields = ["code", "name", "name_en", "department", "numbering", "retention_days"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(TemplateVersion)
class TemplateVersionAdmin(ConfigAdmin):
    read_only = True  # versions move only through approval
    list_display = ["template", "label", "state", "approved_by", "approved_at", "retired_at"]
    list_filter = ["state"]


@admin.register(Document)
class DocumentAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["number", "title", "kind", "state", "issued_at", "archived_at"]
    list_filter = ["kind", "state"]
    search_fields = ["number", "title"]

    def scope(self, request, qs):
        from .permissions import document_scope

        return document_scope(request.user).filter(pk__in=qs.values("pk"))
