"""Shared kernel: timeline/audit events, record numbering, personal-data access log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """Append-only timeline and audit row: who did what to which record, with raw values.

    `code` is an English event code (never a translated label); `data` keeps raw values
    (old/new, reasons) so the timeline can be rendered in any language later. R-FM-6.

    Each row is sealed (`core.audit_chain`): `hash` is a SHA-256 over its content and `prev_hash`,
    the hash of the record's previous event, so an edited or deleted event breaks the record's
    chain; no two events of a record may follow the same one (unique constraint).
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
    # Set before the row is sealed (the hash covers it), hence a default rather than auto_now_add.
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "prev_hash"], name="uniq_event_chain_link"
            )
        ]
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


class Correction(models.Model):
    """Errata entry (更正) on a submitted record: field, old → new, who, when, why. R-FM-6.

    Submitted records are never edited silently: every change after submission goes through
    `correction_apply`, which writes this row next to the new value, so the old one stays visible.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    site_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    field = models.CharField(max_length=64)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"


class Signature(models.Model):
    """A signature slot on a record: requested, then signed by someone with time. R-FM-5, R-HO-7.

    `slot` names the line on the paper form: `countersign` (direct supervisor, R-FM-5),
    `outgoing`, `incoming`, `supervisor`, `manager` (handover, R-HO-7), `dept_head` … A pending
    signature has no signer yet; queues list pending ones of the user's sites.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    site_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    slot = models.CharField(max_length=32)
    summary = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "slot"], name="uniq_signature_target_slot"
            )
        ]
        indexes = [models.Index(fields=["slot", "signed_at", "site_id"])]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.slot} #{self.object_id}"


class Attachment(models.Model):
    """A photo or PDF attached to a record; stored under a server-generated name, checked by content.

    Addressed by `key` (192 random bits), never by its row number (SECURITY.md F4).
    """

    key = models.CharField(max_length=40, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    site_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    purpose = models.CharField(max_length=32, default="intake")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=200)
    mime = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


from .models_cache import ConfigStamp  # noqa: E402,F401
from .models_calendar import BusinessCalendar, CalendarDay, PeriodicSweep  # noqa: E402,F401
from .models_exports import ExportJob  # noqa: E402,F401
from .models_idempotency import IdempotencyKey  # noqa: E402,F401
