"""The class tree is configuration (the admin); archive records are business data, read-only
here for their readers, changed only through the archivist's pages (the services)."""

from django.contrib import admin

from propdesk.core.admin import BusinessAdmin, ConfigAdmin

from .models import (
    ArchiveClass,
    ArchiveIntake,
    ArchiveLoan,
    ArchiveRecord,
    ChecklistItem,
    DestructionBatch,
    InspectionRound,
)
from .workflow import READERS


@admin.register(ArchiveClass)
class ArchiveClassAdmin(ConfigAdmin):
    list_display = ["code", "name", "parent", "retention_years", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]
    fields = ["code", "name", "name_en", "parent", "retention_years", "sort_order", "active"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []  # the code names the numbering scheme


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ConfigAdmin):
    """The required items of a class (R-AR-1); an item is taken out of use, never deleted, so the
    records that ticked it keep their history."""

    list_display = ["name", "archive_class", "sort_order", "active"]
    list_filter = ["archive_class", "active"]
    search_fields = ["name", "name_en"]
    fields = ["archive_class", "name", "name_en", "sort_order", "active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["number", "title", "archive_class", "site", "media", "secrecy", "state"]
    list_filter = ["media", "secrecy", "state"]
    search_fields = ["number", "title"]

    def scope(self, request, qs):
        from .permissions import record_scope

        return record_scope(request.user).filter(pk__in=qs.values("pk"))


@admin.register(ArchiveLoan)
class ArchiveLoanAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["number", "record", "borrower", "mode", "due_date", "state"]
    list_filter = ["mode", "state"]
    search_fields = ["number"]

    def scope(self, request, qs):
        from .permissions import loan_scope

        return loan_scope(request.user).filter(pk__in=qs.values("pk"))


@admin.register(ArchiveIntake)
class ArchiveIntakeAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["title", "site", "source_label", "state", "received_at"]
    list_filter = ["state"]
    search_fields = ["title"]


@admin.register(InspectionRound)
class InspectionRoundAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["__str__", "site", "state", "found", "damaged", "missing", "bad_files"]
    list_filter = ["state"]


@admin.register(DestructionBatch)
class DestructionBatchAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["number", "site", "state", "destroyed_at"]
    list_filter = ["state"]
