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
