"""Shared kernel: timeline/audit events, record numbering, personal-data access log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """Append-only timeline and audit row: who did what to which record, with raw values.

    `code` is an English event code (never a translated label); `data` keeps raw values
    (old/new, reasons) so the timeline can be rendered in any language later. R-FM-6.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    site_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.code} #{self.object_id}"


class NumberCounter(models.Model):
    """Last issued number per (scheme, site, year); rows are locked while a number is issued. R-FM-3."""

    scheme = models.CharField(max_length=16)
    site_id = models.BigIntegerField(default=0)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "site_id", "year"], name="uniq_counter_scheme_site_year"
            )
        ]
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")

    def __str__(self) -> str:
        return f"{self.scheme}-{self.site_id}-{self.year}: {self.last}"


class DataAccess(models.Model):
    """Log of every reveal of personal data (full phone or ID number): who, whose, what, when, why."""

    class Field(models.TextChoices):
        PHONE = "phone", _("Phone")
        ID_NUMBER = "id_number", _("ID number")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=32, choices=Field.choices)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self) -> str:
        return f"{self.actor_id} → {self.content_type_id}:{self.object_id} {self.field}"
