"""The search index: one row per indexed object, whatever app it belongs to.

The full-text structures live beside this table and are created by migration 0002:
on SQLite an external-content FTS5 table `search_fts` kept in step by triggers, on PostgreSQL
a generated `tsv` column (title and keys weight A, body weight B) with a GIN index. Both index
the pre-segmented, space-separated `*_tokens` columns, so Chinese needs no database extension.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One searchable object (ticket, contact, parcel …) as segmented text. R-FS-9, R-AR-3."""

    doc_type = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    site_id = models.BigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    keys = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="uniq_search_doc")
        ]
        indexes = [
            models.Index(fields=["site_id", "doc_type"], name="search_doc_site_type"),
            # Newest first when a query matches more than selectors.RANK_LIMIT documents.
            models.Index(fields=["site_id", "updated_at"], name="search_doc_site_recent"),
            models.Index(fields=["updated_at"], name="search_doc_recent"),
        ]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"{self.doc_type} #{self.object_id}"
