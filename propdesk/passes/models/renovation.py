"""Renovations of a unit (房屋装修申请表 and its forms) and the per-site renovation rules."""

from datetime import time
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Site, Unit
from propdesk.people.models import Resident


class RenovationRules(models.Model):
    """Per-site rules: allowed working hours, review target, pass deposit and release validity.

    A site without a row uses the defaults below (ejyy and company procedures, DOMAIN.md §1.5).
    """

    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, related_name="renovation_rules", verbose_name=_("site")
    )
    am_start = models.TimeField(_("morning from"), default=time(8))
    am_end = models.TimeField(_("morning until"), default=time(12))
    pm_start = models.TimeField(_("afternoon from"), default=time(14))
    pm_end = models.TimeField(_("afternoon until"), default=time(18))
    weekends_allowed = models.BooleanField(_("work allowed on rest days"), default=False)
    review_working_days = models.PositiveSmallIntegerField(
        _("review target (working days)"), default=5
    )
    pass_fee = models.DecimalField(
        _("pass fee"), max_digits=8, decimal_places=2, default=Decimal("5.00")
    )
    pass_deposit = models.DecimalField(
        _("pass deposit"), max_digits=8, decimal_places=2, default=Decimal("20.00")
    )
    deposit_keep_after_days = models.PositiveSmallIntegerField(
        _("pass deposit kept when returned more than this many days after expiry"), default=7
    )
    release_valid_days = models.PositiveSmallIntegerField(
        _("goods release valid for (days)"), default=1
    )

    class Meta:
        verbose_name = _("renovation rules")
        verbose_name_plural = _("renovation rules")

    def __str__(self) -> str:
        return str(self.site)


class Renovation(models.Model):
    """A unit's renovation (房屋装修申请表, 开工许可证, 验收单, 装修保证金退还). R-FD-2.

    submitted → approved | returned → in_progress (⇄ suspended; extensions; inspections) →
    awaiting_acceptance → accepted (验收) | back to in_progress → closed (deposit refunded).
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")
        IN_PROGRESS = "in_progress", _("Works in progress")
        SUSPENDED = "suspended", _("Suspended")
        AWAITING_ACCEPTANCE = "awaiting_acceptance", _("Awaiting final acceptance")
        ACCEPTED = "accepted", _("Accepted, deposit to refund")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Applicant(models.TextChoices):
        OWNER = "owner", _("The owner")
        CONTRACTOR = "contractor", _("The owner's contractor, with the owner's authorisation")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=32)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SUBMITTED
    )
    owner = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    applicant_kind = models.CharField(
        _("applicant"), max_length=12, choices=Applicant.choices, default=Applicant.OWNER
    )
    applicant_name = models.CharField(_("applicant's name"), max_length=50)
    applicant_phone = models.CharField(_("applicant's phone"), max_length=20)
    company = models.CharField(_("renovation company"), max_length=100)
    lead_name = models.CharField(_("site lead"), max_length=50)
    lead_phone = models.CharField(_("site lead's phone"), max_length=20)
    scope = models.TextField(_("scope of works"), max_length=2000, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    planned_end_date = models.DateField(_("end date as applied"))
    deposit = models.DecimalField(
        _("renovation deposit"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    refund_account_name = models.CharField(_("refund account holder"), max_length=50, blank=True)
    refund_bank = models.CharField(_("refund bank"), max_length=60, blank=True)
    refund_account_no = models.CharField(_("refund account number"), max_length=40, blank=True)
    am_start = models.TimeField(_("morning from"))
    am_end = models.TimeField(_("morning until"))
    pm_start = models.TimeField(_("afternoon from"))
    pm_end = models.TimeField(_("afternoon until"))
    weekends_allowed = models.BooleanField(_("work allowed on rest days"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    review_due = models.DateField(_("review due"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    violation_count = models.PositiveSmallIntegerField(_("violations"), default=0)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    acceptance_note = models.CharField(_("acceptance note"), max_length=300, blank=True)
    refunded_amount = models.DecimalField(
        _("deposit refunded"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    deducted_amount = models.DecimalField(
        _("deposit deducted"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    deduction_reason = models.CharField(_("reason for the deduction"), max_length=300, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refunded_at = models.DateTimeField(_("deposit refunded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="uniq_renovation_site_number"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="renovation_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["site", "state", "submitted_at"])]
        verbose_name = _("renovation")
        verbose_name_plural = _("renovations")

    def __str__(self) -> str:
        return self.number

    @property
    def is_extended(self) -> bool:
        return self.end_date != self.planned_end_date

    @property
    def hours_text(self) -> str:
        """The allowed working hours as printed on the permit: 08:00–12:00, 14:00–18:00."""
        return (
            f"{self.am_start:%H:%M}–{self.am_end:%H:%M}, {self.pm_start:%H:%M}–{self.pm_end:%H:%M}"
        )


class RenovationInspection(models.Model):
    """A patrol of the works (过程检查记录表) and any violation found (违章处理通知单)."""

    class Result(models.TextChoices):
        OK = "ok", _("In order")
        ISSUE = "issue", _("Issue to correct")
        VIOLATION = "violation", _("Violation")

    renovation = models.ForeignKey(Renovation, on_delete=models.PROTECT, related_name="inspections")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    inspector = models.CharField(_("inspector"), max_length=50)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    notes = models.CharField(_("what was found"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("renovation inspection")
        verbose_name_plural = _("renovation inspections")

    def __str__(self) -> str:
        return f"{self.renovation_id} {self.date} {self.result}"
