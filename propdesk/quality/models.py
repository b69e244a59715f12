"""The complaint analysis report (用户投诉分析报告, R-CP-6), corrective and preventive actions
(纠正和预防措施, R-CP-5) and the daily rollup the dashboards read (R-SS-4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from propdesk.orgs.models import Department, Site


class AnalysisReport(models.Model):
    """One quarter's report for a site (or the company when `site` is empty). Its figures and
    chart data are frozen in `snapshot` when it is drafted; the CS manager writes the summary and
    the analysis, the GM approves or returns it. An approved report never changes. R-CP-6."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the GM")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")

    site = models.ForeignKey(
        Site,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("site"),
    )
    quarter = models.CharField(_("quarter"), max_length=6)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    snapshot = models.JSONField(_("figures"), default=dict)
    generated_at = models.DateTimeField(_("figures taken at"))
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    analysis_text = models.TextField(_("analysis"), max_length=8000, blank=True)
    template_version = models.CharField(_("template version"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("GM's comments"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-quarter", "site_id", "-id"]
        indexes = [models.Index(fields=["quarter", "site"])]
        verbose_name = _("complaint analysis report")
        verbose_name_plural = _("complaint analysis reports")

    def __str__(self) -> str:
        return f"{self.quarter} {self.site or ''}".strip()


class CorrectiveAction(models.Model):
    """A corrective or preventive action (CAPA): problem, cause, action, owner (a department
    head), due date; done with evidence; closed only once the CS manager verified it effective,
    or reopened with a new due date. R-CP-5."""

    class Kind(models.TextChoices):
        CORRECTIVE = "corrective", _("Corrective")
        PREVENTIVE = "preventive", _("Preventive")

    class Source(models.TextChoices):
        ANALYSIS = "analysis", _("Quarterly analysis")
        MEETING = "meeting", _("Department meeting")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done, awaiting verification")
        CLOSED = "closed", _("Verified effective, closed")

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    report = models.ForeignKey(
        AnalysisReport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("report"),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ANALYSIS
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    problem = models.TextField(_("problem"), max_length=2000)
    cause = models.TextField(_("cause"), max_length=2000)
    action = models.TextField(_("action"), max_length=2000)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("corrective action", "owner"),
    )
    due_date = models.DateField(_("due date"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    evidence = models.TextField(_("evidence"), max_length=4000, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verification = models.TextField(_("verification"), max_length=2000, blank=True)
    times_reopened = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["state", "due_date", "id"]
        indexes = [
            models.Index(fields=["site", "state", "due_date"]),
            models.Index(fields=["owner", "state", "due_date"]),
        ]
        verbose_name = _("corrective or preventive action")
        verbose_name_plural = _("corrective and preventive actions")

    def __str__(self) -> str:
        return self.problem[:40]


class DailyRollup(models.Model):
    """One site's figures of one day, filled by the scheduler and recomputed for a day whose
    tickets were corrected; the dashboards read these rows, never the tickets. R-SS-4."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    complaints = models.PositiveIntegerField(default=0)
    repairs = models.PositiveIntegerField(default=0)
    major_complaints = models.PositiveIntegerField(default=0)
    sla_decided = models.PositiveIntegerField(default=0)
    sla_on_time = models.PositiveIntegerField(default=0)
    handled = models.PositiveIntegerField(default=0)
    called_back = models.PositiveIntegerField(default=0)
    callbacks_answered = models.PositiveIntegerField(default=0)
    callbacks_satisfied = models.PositiveIntegerField(default=0)
    promises_due = models.PositiveIntegerField(default=0)
    promises_kept = models.PositiveIntegerField(default=0)
    major_open = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["site", "day"]
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="uniq_rollup_site_day")]
        indexes = [models.Index(fields=["day", "site"])]
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")

    def __str__(self) -> str:
        return f"{self.site_id} {self.day}"
