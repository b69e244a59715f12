"""Time models of the shared kernel: business calendars (SLA clocks) and the periodic-sweep schedule.

Imported from `core/models.py` so Django sees them as models of the `core` app.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class BusinessCalendar(models.Model):
    """Working time for SLA clocks (服务时限): 24×7, or business hours with holidays and 调休. R-SS-1.

    China moves weekends around public holidays, so a calendar keeps both a list of holidays
    (days off that would be workdays) and a list of make-up workdays (weekend days worked).
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_default = models.BooleanField(_("default calendar"), default=False)
    always_open = models.BooleanField(
        _("24×7"), default=False, help_text=_("Every minute counts (emergencies).")
    )
    day_start = models.TimeField(_("working day starts"), default=datetime.time(8, 30))
    day_end = models.TimeField(_("working day ends"), default=datetime.time(17, 30))
    weekdays = models.CharField(
        _("working weekdays"),
        max_length=7,
        default="12345",
        help_text=_("ISO weekday numbers, 1 = Monday … 7 = Sunday; e.g. 12345."),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="uniq_business_calendar_default",
            ),
            models.CheckConstraint(
                condition=models.Q(day_start__lt=models.F("day_end")),
                name="business_calendar_day_order",
            ),
        ]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name


class CalendarDay(models.Model):
    """An exception to a calendar's weekly pattern: a public holiday or a make-up workday (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        WORKDAY = "workday", _("Make-up workday")

    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="uniq_calendar_day")
        ]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class PeriodicSweep(models.Model):
    """Schedule row of one periodic sweep; runners claim it with a guarded UPDATE on `next_run_at`."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("periodic sweep")
        verbose_name_plural = _("periodic sweeps")

    def __str__(self) -> str:
        return self.name
