"""Duty log (客服前台值班记录表): one log per desk, shift and day, with timestamped entries."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import FrontDesk, Shift, Site, Unit


class DutyLog(models.Model):
    """Duty log of one desk shift (客服前台值班记录表). R-FS-9, R-HO-3, R-HO-7, R-FM-5.

    Entries can be added and edited while the shift runs; once the shift is handed over
    (`closed_at` set when the handover is accepted) they are only corrected (R-FM-6).
    """

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    desk = models.ForeignKey(FrontDesk, on_delete=models.PROTECT, related_name="duty_logs")
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="duty_logs")
    date = models.DateField(_("date"))
    number = models.CharField(_("number"), max_length=32)
    recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorder"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "desk", "shift__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="uniq_dutylog_site_number"),
            models.UniqueConstraint(
                fields=["desk", "shift", "date"], name="uniq_dutylog_desk_shift_date"
            ),
        ]
        indexes = [models.Index(fields=["site", "date"])]
        verbose_name = _("duty log")
        verbose_name_plural = _("duty logs")

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class DutyLogEntry(models.Model):
    """One line of the duty log: time, what happened, who handled it, links. R-FS-9, R-FM-5, R-FM-6."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        VISIT = "visit", _("Visit")
        REPAIR = "repair", _("Repair")
        COMPLAINT = "complaint", _("Complaint")
        INCIDENT = "incident", _("Incident")
        PARCEL = "parcel", _("Mail or parcel")
        NOTICE = "notice", _("Notice")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Done")

    log = models.ForeignKey(DutyLog, on_delete=models.PROTECT, related_name="entries")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(_("time"))
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("what happened"), max_length=2000)
    action = models.CharField(_("action taken"), max_length=300, blank=True)
    reference = models.CharField(
        _("linked record number"),
        max_length=40,
        blank=True,
        help_text=_("Ticket, contact or parcel number."),
    )
    mail_item = models.ForeignKey(
        "frontdesk.MailItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.CLOSED
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handled by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["site", "kind", "status"])]
        verbose_name = _("duty log entry")
        verbose_name_plural = _("duty log entries")

    def __str__(self) -> str:
        return f"{self.log_id} {timezone.localtime(self.occurred_at):%H:%M} {self.kind}"
