"""Attendance (R-ST-3), the monthly summary with lateness deductions (R-ST-4, R-ST-5), staff
complaints and fines (R-ST-6) and the rewards and penalties ledger (R-ST-7).

Money is Decimal, rounded to the fen by ROUND_HALF_UP (`rules.fen`).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Company, FrontDesk, Shift, Site

USER = settings.AUTH_USER_MODEL


class AttendanceRule(models.Model):
    """The lateness deduction rule of a company from a date on (R-ST-4). Rows are never edited
    once a month used them: a change is a new row with a later effective date."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("effective from"))
    first_count = models.PositiveSmallIntegerField(
        _("late days at the first rate"),
        default=2,
        help_text=_("The first N late days of a month."),
    )
    first_percent = models.DecimalField(
        _("first rate (percent of base salary)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2"),
    )
    later_percent = models.DecimalField(
        _("later rate (percent of base salary)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
    )
    grace_minutes = models.PositiveSmallIntegerField(_("grace minutes"), default=0)

    class Meta:
        ordering = ["company", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["company", "effective_from"], name="uniq_att_rule_date")
        ]
        verbose_name = _("attendance rule")
        verbose_name_plural = _("attendance rules")

    def __str__(self) -> str:
        return f"{self.company} {self.effective_from}"


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SERIOUS = "serious", _("Serious")


DEFAULT_FINES = {
    Severity.MINOR: Decimal("10.00"),
    Severity.MODERATE: Decimal("50.00"),
    Severity.SERIOUS: Decimal("100.00"),
}
MIN_FINE = Decimal("10.00")


class FineScale(models.Model):
    """The default fine of a severity for a company (R-ST-6); never under 10 yuan."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    amount = models.DecimalField(
        _("fine"), max_digits=8, decimal_places=2, validators=[MinValueValidator(MIN_FINE)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "severity"], name="uniq_fine_scale"),
            models.CheckConstraint(condition=models.Q(amount__gte=MIN_FINE), name="fine_scale_min"),
        ]
        verbose_name = _("fine scale")
        verbose_name_plural = _("fine scales")

    def __str__(self) -> str:
        return f"{self.get_severity_display()} {self.amount}"


class Schedule(models.Model):
    """Where and when a person works (R-ST-3): office hours 08:30–17:30 on the business calendar's
    working days (make-up workdays count, public holidays do not), or a desk shift."""

    class Days(models.TextChoices):
        CALENDAR = "calendar", _("Working days of the business calendar")
        DAILY = "daily", _("Every day (24-hour desk)")

    person = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="schedule")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    shift = models.ForeignKey(
        Shift,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shift"),
        help_text=_("Empty: 08:30–17:30."),
    )
    days = models.CharField(_("days"), max_length=10, choices=Days.choices, default=Days.CALENDAR)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return f"{self.person} {self.shift or '08:30–17:30'}"

    @property
    def start(self) -> datetime.time:
        return self.shift.start if self.shift_id else datetime.time(8, 30)

    @property
    def end(self) -> datetime.time:
        return self.shift.end if self.shift_id else datetime.time(17, 30)


class DeskStation(models.Model):
    """A desk PC (its fixed address on the site network): a clock-in from it counts (R-ST-3)."""

    desk = models.ForeignKey(FrontDesk, on_delete=models.CASCADE, related_name="stations")
    name = models.CharField(_("name"), max_length=50)
    address = models.GenericIPAddressField(_("network address"), unique=True)

    class Meta:
        verbose_name = _("desk PC")
        verbose_name_plural = _("desk PCs")

    def __str__(self) -> str:
        return f"{self.desk} {self.name}"


class Punch(models.Model):
    """One clock-in or clock-out. Never edited: a missing punch comes in by an approved
    correction request and shows as a correction."""

    class Kind(models.TextChoices):
        IN = "in", _("Clock-in")
        OUT = "out", _("Clock-out")

    class Method(models.TextChoices):
        PC = "pc", _("Desk PC")
        QR = "qr", _("Desk QR code")
        CORRECTION = "correction", _("Correction (approved request)")

    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="punches")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    desk = models.ForeignKey(FrontDesk, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    correction = models.ForeignKey(
        "PunchCorrection", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["person", "at"])]
        verbose_name = _("punch")
        verbose_name_plural = _("punches")

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class Request(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class LeaveRequest(Request):
    """Leave (请假) approved by the person's direct supervisor; approved days are no absence."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual leave")
        SICK = "sick", _("Sick leave")
        PERSONAL = "personal", _("Personal leave")
        OTHER = "other", _("Other leave")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to"))

    class Meta:
        ordering = ["-first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")), name="leave_day_order"
            )
        ]
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")

    def __str__(self) -> str:
        return f"{self.person} {self.first_day}–{self.last_day}"


class PunchCorrection(Request):
    """A request to record a missing punch; the supervisor approves it (never the person)."""

    kind = models.CharField(_("kind"), max_length=4, choices=Punch.Kind.choices)
    at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("punch correction")
        verbose_name_plural = _("punch corrections")

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class StaffComplaint(models.Model):
    """A complaint against a staff member (R-ST-6), with its severity and a fine ≥ 10 yuan."""

    class Source(models.TextChoices):
        TICKET = "ticket", _("Customer (ticket)")
        COLLEAGUE = "colleague", _("Colleague")
        SALES = "sales", _("Sales staff")

    class State(models.TextChoices):
        OPEN = "open", _("Awaiting the manager")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("from"), max_length=10, choices=Source.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    fine = models.DecimalField(_("fine"), max_digits=8, decimal_places=2)
    occurred_on = models.DateField(_("date"))
    month = models.DateField(_("month"), help_text=_("The month whose summary carries the fine."))
    is_correction = models.BooleanField(default=False)
    description = models.CharField(_("what happened"), max_length=1000)
    statement = models.CharField(_("their side"), max_length=1000, blank=True)
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fine__gte=MIN_FINE), name="complaint_fine_min"
            )
        ]
        verbose_name = _("staff complaint")
        verbose_name_plural = _("staff complaints")

    def __str__(self) -> str:
        return f"{self.person} {self.occurred_on} {self.fine}"


class LedgerEntry(models.Model):
    """A reward, penalty, commission or bonus line of a person's month (R-ST-7), with who granted
    it. A line another app suggests (the performance score's bonus) waits for a manager's grant."""

    class Kind(models.TextChoices):
        PRAISE = "praise", _("Praise from a resident")
        AWARD = "award", _("Good-service award")
        COMMISSION = "commission", _("Commission")
        BONUS = "bonus", _("Bonus")
        PENALTY = "penalty", _("Penalty")
        CORRECTION = "correction", _("Correction of a confirmed month")

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        GRANTED = "granted", _("Granted")

    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Positive: paid to the person; penalties and deductions negative."),
    )
    note = models.CharField(_("note"), max_length=300)
    source = models.CharField(max_length=40, blank=True)
    corrects_month = models.DateField(null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    granted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month", "id"]
        indexes = [models.Index(fields=["person", "month"])]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m} {self.get_kind_display()} {self.amount}"


class MonthSummary(models.Model):
    """A person's attendance and pay month (R-ST-4 … R-ST-7): draft → reviewed → confirmed.
    A confirmed month is frozen; anything later about it is a correction in the next month."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")
        CONFIRMED = "confirmed", _("Confirmed")

    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    rule = models.ForeignKey(AttendanceRule, null=True, on_delete=models.PROTECT, related_name="+")
    rule_first_count = models.PositiveSmallIntegerField(default=2)
    rule_first_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("2"))
    rule_later_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("5"))
    rule_grace_minutes = models.PositiveSmallIntegerField(default=0)
    base_salary = models.DecimalField(_("base salary"), max_digits=10, decimal_places=2)
    scheduled_days = models.PositiveSmallIntegerField(_("scheduled days"), default=0)
    worked_days = models.PositiveSmallIntegerField(_("days worked"), default=0)
    late_days = models.PositiveSmallIntegerField(_("late days"), default=0)
    early_days = models.PositiveSmallIntegerField(_("early leave days"), default=0)
    missing_days = models.PositiveSmallIntegerField(_("missing punch days"), default=0)
    absent_days = models.PositiveSmallIntegerField(_("absence days"), default=0)
    leave_days = models.PositiveSmallIntegerField(_("leave days"), default=0)
    lateness_deduction = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal(0))
    fines = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal(0))
    ledger_total = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal(0))
    net = models.DecimalField(_("net"), max_digits=10, decimal_places=2, default=Decimal(0))
    on_probation = models.BooleanField(default=False)
    probation_flag = models.BooleanField(
        default=False, help_text=_("On probation with a customer or sales complaint this month.")
    )
    days = models.JSONField(default=list)
    lines = models.JSONField(default=list)
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-month", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="uniq_month_summary")
        ]
        indexes = [models.Index(fields=["site", "month"])]
        verbose_name = _("month summary")
        verbose_name_plural = _("month summaries")

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m}"
