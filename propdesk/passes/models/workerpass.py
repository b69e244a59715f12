"""Temporary access passes of renovation workers (装修施工人员临时出入证). R-FD-2."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Attachment
from propdesk.orgs.models import Site

from .renovation import Renovation


class WorkerPass(models.Model):
    """One worker's pass, issued against an approved renovation and never valid beyond it. R-FD-2.

    active → returned (deposit refunded, or kept when returned too late) | revoked (lost, lent,
    altered: deposit kept; the worker left: pass handed back, deposit refunded). "Expired" is not a
    state: a pass past `valid_until` (or whose renovation is no longer active) is refused at the gate.
    """

    class State(models.TextChoices):
        ACTIVE = "active", _("Issued")
        RETURNED = "returned", _("Returned")
        REVOKED = "revoked", _("Revoked")

    class Gender(models.TextChoices):
        MALE = "m", _("Male")
        FEMALE = "f", _("Female")

    class Deposit(models.TextChoices):
        HELD = "held", _("Held")
        REFUNDED = "refunded", _("Refunded")
        KEPT = "kept", _("Kept")

    class RevokeReason(models.TextChoices):
        LOST = "lost", _("Lost")
        LENT = "lent", _("Lent to someone else")
        ALTERED = "altered", _("Altered or damaged")
        LEFT = "left", _("The worker left the company")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("pass number"), max_length=32)
    renovation = models.ForeignKey(
        Renovation, on_delete=models.PROTECT, related_name="passes", verbose_name=_("renovation")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    id_number = models.CharField(_("ID number"), max_length=18)
    photo = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    company = models.CharField(_("company"), max_length=100)
    trade = models.CharField(_("trade"), max_length=30)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    fee = models.DecimalField(_("fee"), max_digits=8, decimal_places=2, default=Decimal("0"))
    deposit = models.DecimalField(
        _("deposit"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    receipt_no = models.CharField(_("receipt number"), max_length=30, blank=True)
    extension_fees = models.DecimalField(
        _("extension fees"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(
        _("reason"), max_length=10, choices=RevokeReason.choices, blank=True
    )
    revoke_note = models.CharField(_("note"), max_length=300, blank=True)
    deposit_state = models.CharField(
        _("deposit"), max_length=10, choices=Deposit.choices, default=Deposit.HELD
    )
    deposit_settled_at = models.DateTimeField(null=True, blank=True)
    deposit_settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forfeit_reason = models.CharField(_("why the deposit was kept"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="uniq_workerpass_site_number"),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="workerpass_until_after_from",
            ),
        ]
        indexes = [models.Index(fields=["site", "state", "valid_until"])]
        verbose_name = _("worker pass")
        verbose_name_plural = _("worker passes")

    def __str__(self) -> str:
        return self.number
