"""The portal's own rows: one-time sign-in codes (their hashes only), the sites' announcements
and their read receipts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInCode(models.Model):
    """A one-time sign-in code asked for a mobile number (`portal.signin`).

    Neither the number nor the code is stored: the number as an HMAC (to find its codes and
    apply the cool-down), the code as an HMAC bound to this row's nonce. `user` is empty for a
    number nobody has (such a code is never sent).
    """

    number_hash = models.CharField(max_length=64, db_index=True)
    ip_hash = models.CharField(max_length=64, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    nonce = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")

    def __str__(self) -> str:
        return f"{self.pk} {self.created_at:%Y-%m-%d %H:%M}"


class Announcement(models.Model):
    """A notice of a site to its residents (water cut, new service, fees), R-ST-10.

    It reaches every resident of `site` or, with `building`, of that building only. A notice is
    never deleted nor edited: the desk withdraws it with a reason (R-FM-6), the record stays.
    """

    site = models.ForeignKey("orgs.Site", on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey(
        "orgs.Building", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"), max_length=4000)
    ends_on = models.DateField(_("shown until"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=200, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["site", "-published_at"], name="portal_ann_site_pub")]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title


class AnnouncementRead(models.Model):
    """A resident opened an announcement (once per resident: the first opening counts)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.PROTECT, related_name="reads")
    resident = models.ForeignKey("people.Resident", on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "resident"], name="uniq_announcement_read"
            )
        ]
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")

    def __str__(self) -> str:
        return f"{self.announcement_id}/{self.resident_id}"


class Invitation(models.Model):
    """A one-time link (or its QR on paper) with which a resident signs in to the portal the
    first time; opening it binds the directory entry to a portal login (`portal.invitations`).

    Only the SHA-256 of the link's secret is stored: the desk prints or shows the link once, when
    it is made. Used once, until `expires_at`, unless revoked.
    """

    resident = models.ForeignKey("people.Resident", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("orgs.Site", on_delete=models.PROTECT, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("invitation made at"))
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["resident", "-created_at"], name="portal_inv_resident")]
        verbose_name = _("portal invitation")
        verbose_name_plural = _("portal invitations")

    def __str__(self) -> str:
        return f"{self.resident_id} {self.created_at:%Y-%m-%d %H:%M}"

    def status(self, now=None) -> str:
        from django.utils import timezone

        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "open"

    def status_label(self) -> str:
        return str(INVITATION_STATUS[self.status()])


INVITATION_STATUS = {
    "open": _("Waiting to be opened"),
    "used": _("Used"),
    "revoked": _("Revoked"),
    "expired": _("Expired"),
}


class HouseholdRequest(models.Model):
    """A resident asks the desk to link a new person to their unit (`portal.household`).

    The desk of the unit's site confirms it (the directory gets the link: `people.services.
    occupancy_link`) or refuses it with a reason; the one who asked never confirms it (A7).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the front desk")
        CONFIRMED = "confirmed", _("Linked")
        REFUSED = "refused", _("Refused")

    class Relation(models.TextChoices):
        TENANT = "tenant", _("Tenant")
        FAMILY = "family", _("Family member")

    site = models.ForeignKey("orgs.Site", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile number"), max_length=20)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("asked at"), db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refuse_reason = models.CharField(_("reason for refusing"), max_length=200, blank=True)
    linked = models.ForeignKey(
        "people.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "state", "-created_at"], name="portal_hh_queue")]
        verbose_name = _("household link request")
        verbose_name_plural = _("household link requests")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.name}"


class NoticeChoice(models.Model):
    """A resident's choice of channels: the portal always; messages through the notification
    app's webhook channel (a WeChat template message or SMS gateway) only if they said yes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_notice_choice"
    )
    by_message = models.BooleanField(_("also by text or WeChat message"), default=False)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("resident's notice choice")
        verbose_name_plural = _("residents' notice choices")

    def __str__(self) -> str:
        return f"{self.user_id} {self.by_message}"
