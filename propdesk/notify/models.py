"""Notifications: in-app messages (and, through tasks, e-mail and webhooks)."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message to one user; `dedupe_key` makes a repeated send a no-op."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    site_id = models.BigIntegerField(null=True, blank=True)
    code = models.CharField(max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="uniq_notification_recipient_dedupe",
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """An outgoing webhook (an SMS gateway, a WeCom/DingTalk bot …) set up by an administrator.

    The host must be in `PROPDESK_WEBHOOK_ALLOWED_HOSTS`; the URL is checked when saved and again
    before every send (SECURITY.md I7). Requests are signed with `secret` (HMAC-SHA256).
    """

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=_new_secret,
        help_text=_("The receiver checks the X-PropDesk-Signature header with this secret."),
    )
    active = models.BooleanField(_("active"), default=True)
    event_codes = models.CharField(
        _("event codes"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated notification codes to send, e.g. sla.breach, complaint.major; "
            "a trailing * matches a prefix (sla.*). Empty: every notification."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Refuse a URL outside the allow-list or resolving to an internal address (I7)."""
        from .urlguard import WebhookRefused, check_url

        try:
            check_url(self.url)
        except WebhookRefused as exc:
            raise ValidationError({"url": exc.message}) from exc

    def wants(self, code: str) -> bool:
        """Whether this endpoint subscribes to notifications with `code`."""
        patterns = [p.strip() for p in self.event_codes.split(",") if p.strip()]
        if not patterns:
            return True
        return any(code.startswith(p[:-1]) if p.endswith("*") else code == p for p in patterns)


class OutboundSend(models.Model):
    """One message sent through an outside channel, at most once per `key`, with its attempts.

    Abstract: notification deliveries (`Delivery`) and messages addressed to a phone number
    (an app's own model, e.g. a parcel's pickup-code text) share the claim, back-off and lease
    handling of `delivery.py` and `sweeps.py`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        RETRY = "retry", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=100, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def in_flight(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.SENDING, self.Status.RETRY)


class Delivery(OutboundSend):
    """One notification sent through one outside channel; `key` makes it happen at most once."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WEBHOOK = "webhook", _("Webhook")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    endpoint = models.ForeignKey(
        WebhookEndpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.key} {self.status}"
