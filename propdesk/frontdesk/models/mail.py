"""Mail and parcels (邮件收发记录表) and newspaper subscriptions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.masking import mask_phone
from propdesk.notify.models import OutboundSend
from propdesk.orgs.models import Site, Unit
from propdesk.people.models import Resident


class NewspaperSubscription(models.Model):
    """A unit's newspaper or magazine subscription, delivered to the desk daily. R-FD-4."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("newspaper"), max_length=60)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "unit__code", "title"]
        verbose_name = _("newspaper subscription")
        verbose_name_plural = _("newspaper subscriptions")

    def __str__(self) -> str:
        return f"{self.unit} {self.title}"


class MailItem(models.Model):
    """An item in the mail and parcel log (邮件收发记录表). R-FD-4, R-FS-9.

    received → notified → picked_up (with the pickup code or a recorded ID check) | returned.
    "notified" means a notice (`MailNotice`) reached the resident. The pickup code is given to
    the resident only; staff pages, exports and the API never show its digits.
    """

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter")
        REGISTERED = "registered", _("Registered letter")
        NEWSPAPER = "newspaper", _("Newspaper")
        PARCEL = "parcel", _("Parcel")
        COURIER = "courier", _("Courier delivery")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        NOTIFIED = "notified", _("Resident notified")
        PICKED_UP = "picked_up", _("Picked up")
        RETURNED = "returned", _("Returned to sender")

    class Condition(models.TextChoices):
        OK = "ok", _("Intact")
        DAMAGED = "damaged", _("Damaged")
        OPENED = "opened", _("Opened")

    class Verification(models.TextChoices):
        CODE = "code", _("Pickup code")
        ID_CHECK = "id_check", _("ID checked by the agent")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=32)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.PARCEL)
    carrier = models.CharField(_("carrier"), max_length=40, blank=True)
    tracking_no = models.CharField(_("tracking number"), max_length=60, blank=True, db_index=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    resident = models.ForeignKey(
        Resident,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resident"),
    )
    pieces = models.PositiveSmallIntegerField(_("pieces"), default=1)
    condition = models.CharField(
        _("condition"), max_length=8, choices=Condition.choices, default=Condition.OK
    )
    shelf = models.CharField(_("shelf"), max_length=20, blank=True)
    subscription = models.ForeignKey(
        NewspaperSubscription, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivery_date = models.DateField(null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    pickup_code = models.CharField(max_length=8)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)
    picked_up_by_name = models.CharField(_("picked up by"), max_length=50, blank=True)
    proxy_relation = models.CharField(_("proxy's relation"), max_length=30, blank=True)
    verification = models.CharField(max_length=10, choices=Verification.choices, blank=True)
    id_last4 = models.CharField(_("last 4 characters of the ID"), max_length=4, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.CharField(_("reason for return"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="uniq_mailitem_site_number"),
            models.UniqueConstraint(
                fields=["subscription", "delivery_date"],
                condition=models.Q(subscription__isnull=False),
                name="uniq_mailitem_subscription_day",
            ),
        ]
        indexes = [models.Index(fields=["site", "state", "received_at"])]
        verbose_name = _("mail item")
        verbose_name_plural = _("mail items")

    def __str__(self) -> str:
        return self.number

    @property
    def is_waiting(self) -> bool:
        return self.state in (self.State.RECEIVED, self.State.NOTIFIED)


class MailLogDay(models.Model):
    """One day of a site's mail log: the line the direct supervisor countersigns. R-FM-5, R-FD-4."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["site", "date"], name="uniq_maillogday_site_date")
        ]
        verbose_name = _("mail log day")
        verbose_name_plural = _("mail log days")

    def __str__(self) -> str:
        return f"{self.site_id} {self.date}"


class MailNotice(OutboundSend):
    """One message telling a resident that an item waits, with its pickup code. R-FD-4.

    In the app (a `Notification` the resident reads in the portal: sent when written) or by text
    message to the resident's phone through the SMS relay webhook (sent by the task worker). An
    item counts as notified only once one of these was delivered.
    """

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In the app")
        SMS = "sms", _("Text message")

    item = models.ForeignKey(MailItem, on_delete=models.CASCADE, related_name="notices")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notification = models.ForeignKey(
        "notify.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    endpoint = models.ForeignKey(
        "notify.WebhookEndpoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mailnotice_due_idx")]
        verbose_name = _("pickup notice")
        verbose_name_plural = _("pickup notices")

    def __str__(self) -> str:
        return f"{self.key} {self.status}"

    @property
    def recipient_label(self) -> str:
        """Whom it went to, as staff may see it: the resident's name, a text's phone masked."""
        if self.resident is None:
            return ""
        if self.channel == self.Channel.SMS:
            return f"{self.resident.name} {mask_phone(self.resident.phone)}"
        return self.resident.name
