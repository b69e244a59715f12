"""Promised replies (承诺回复) and lobby incidents (大堂特殊情况). R-FS-6, R-FS-7, R-FS-8."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Department, Site
from propdesk.people.models import Resident
from propdesk.tickets.models import Contact, Ticket


class ReplyChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("In person")
    SMS = "sms", _("Text message")
    WECHAT = "wechat", _("WeChat")
    LETTER = "letter", _("Letter")
    ONLINE = "online", _("Online portal")
    OTHER = "other", _("Other")


class Promise(models.Model):
    """Follow-up promise (承诺回复): to whom, what, by when, who answers. R-FS-7, R-FS-8.

    A question the desk cannot answer at once gets a promise with a due time and an owner;
    the owner is reminded before it is due, an overdue promise is flagged to the shift lead,
    and keeping it records when and how the answer was given (kept on time or late).
    """

    class State(models.TextChoices):
        OPEN = "open", _("Awaiting reply")
        KEPT = "kept", _("Kept")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("number"), max_length=24, db_index=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_name = models.CharField(_("promised to"), max_length=50, blank=True)
    to_phone = models.CharField(_("phone"), max_length=20, blank=True)
    subject = models.TextField(_("what was promised"), max_length=1000)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department that answers"),
    )
    due_at = models.DateTimeField(_("due"))
    remind_minutes = models.PositiveIntegerField(_("remind before (minutes)"), default=30)
    remind_at = models.DateTimeField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person responsible"),
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    kept_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    kept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_channel = models.CharField(
        _("answered by"), max_length=10, choices=ReplyChannel.choices, blank=True
    )
    reply_text = models.TextField(_("answer given"), max_length=4000, blank=True)
    kept_on_time = models.BooleanField(_("kept on time"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["site", "state", "due_at"]),
            models.Index(fields=["state", "remind_at"]),
            models.Index(fields=["owner", "state"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="uniq_promise_site_number")
        ]
        verbose_name = _("promised reply")
        verbose_name_plural = _("promised replies")

    def __str__(self) -> str:
        return self.number

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.OPEN and self.due_at <= timezone.now()


class Incident(models.Model):
    """Lobby special-situation report (大堂特殊情况报告) with its handling record. R-FS-6."""

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        SERIOUS = "serious", _("Serious")
        CRITICAL = "critical", _("Critical")

    class State(models.TextChoices):
        OPEN = "open", _("Reported")
        HANDLING = "handling", _("Being handled")
        CLOSED = "closed", _("Closed")

    number = models.CharField(_("number"), max_length=24, db_index=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("what happened"), max_length=100)
    description = models.TextField(_("details"), max_length=4000, blank=True)
    location = models.CharField(_("where"), max_length=100)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    occurred_at = models.DateTimeField(_("happened at"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handling_started_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField(_("result"), max_length=4000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["site", "state", "reported_at"])]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="uniq_incident_site_number")
        ]
        verbose_name = _("lobby incident")
        verbose_name_plural = _("lobby incidents")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class IncidentNote(models.Model):
    """One entry of an incident's handling record (处理记录). R-FS-6."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("handling note")
        verbose_name_plural = _("handling notes")

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.text[:30]}"
