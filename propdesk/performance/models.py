"""Daily work reports, performance scores and their weights, training sessions. R-ST-2, R-ST-8, R-ST-9."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Site

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class DailyReport(models.Model):
    """Daily work report (工作日报): the day's activity counted from the records, the agent's notes,
    the CS manager's review. R-ST-2.

    `counts` is the activity as it stood when the report was submitted (kept, so a later change
    in the records does not rewrite what was reported); a draft shows the live counts.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        ACCEPTED = "accepted", _("Accepted")

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agent"),
    )
    date = models.DateField(_("date"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    counts = models.JSONField(default=dict, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "date"], name="uniq_daily_report_author_date")
        ]
        indexes = [models.Index(fields=["site", "state", "date"])]
        verbose_name = _("daily work report")
        verbose_name_plural = _("daily work reports")

    def __str__(self) -> str:
        return f"{self.author_id} {self.date:%Y-%m-%d}"


class ScoreWeights(models.Model):
    """The weights of the performance score, in force from a date (configuration). R-ST-8."""

    effective_from = models.DateField(_("effective from"), unique=True)
    satisfaction = models.PositiveSmallIntegerField(_("callback satisfaction"), default=30)
    sla = models.PositiveSmallIntegerField(_("SLA attainment"), default=20)
    callbacks = models.PositiveSmallIntegerField(_("callbacks on time"), default=15)
    promises = models.PositiveSmallIntegerField(_("promises kept"), default=10)
    conduct = models.PositiveSmallIntegerField(_("conduct spot checks"), default=10)
    complaints = models.PositiveSmallIntegerField(_("no complaints"), default=10)
    training = models.PositiveSmallIntegerField(_("training"), default=5)
    points_per_complaint = models.PositiveSmallIntegerField(
        _("points lost per complaint"), default=25, validators=[MaxValueValidator(100)]
    )
    bonus_full = models.DecimalField(
        _("bonus at a score of 100"), max_digits=10, decimal_places=2, default=Decimal("500.00")
    )
    bonus_threshold = models.DecimalField(
        _("no bonus below this score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60.00"),
        validators=PERCENT,
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("performance score weights")
        verbose_name_plural = _("performance score weights")

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d}"

    def as_dict(self) -> dict[str, int]:
        from .scoring import COMPONENTS

        return {c: getattr(self, c) for c in COMPONENTS}


class Score(models.Model):
    """A person's performance score for a month or a quarter, with its inputs and the bonus line
    suggested from it, which a manager confirms. R-ST-8."""

    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    class BonusState(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Confirmed")

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("month or quarter"))
    start = models.DateField()
    end = models.DateField()
    weights = models.ForeignKey(ScoreWeights, on_delete=models.PROTECT, related_name="+")
    inputs = models.JSONField(default=dict)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, validators=PERCENT)
    computed_at = models.DateTimeField(_("computed at"))
    suggested_bonus = models.DecimalField(_("suggested bonus"), max_digits=10, decimal_places=2)
    state = models.CharField(
        _("bonus line"), max_length=10, choices=BonusState.choices, default=BonusState.SUGGESTED
    )
    confirmed_bonus = models.DecimalField(
        _("confirmed bonus"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-year", "-number", "-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "site", "period", "year", "number"], name="uniq_score_period"
            )
        ]
        indexes = [models.Index(fields=["site", "period", "year", "number", "score"])]
        verbose_name = _("performance score")
        verbose_name_plural = _("performance scores")

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}-{self.period}{self.number}"


class TrainingSession(models.Model):
    """Training record (培训记录): topic, trainer, date, attendees with attendance and assessment. R-ST-9."""

    class Topic(models.TextChoices):
        PRODUCT = "product", _("Product knowledge")
        COMMUNICATION = "communication", _("Communication")
        PROBLEM = "problem", _("Problem handling")
        RULES = "rules", _("Rules and procedures")
        SAFETY = "safety", _("Safety")

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=100)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trainer"),
    )
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["site", "date"])]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class TrainingAttendance(models.Model):
    """One attendee of a session: present or absent, and the assessment score (0–100). R-ST-9."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    assessment = models.DecimalField(
        _("assessment score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="uniq_training_attendee"),
            models.CheckConstraint(
                condition=models.Q(assessment__isnull=True)
                | models.Q(assessment__gte=0, assessment__lte=100),
                name="training_assessment_0_100",
            ),
        ]
        indexes = [models.Index(fields=["person", "session"])]
        verbose_name = _("training attendee")
        verbose_name_plural = _("training attendees")

    def __str__(self) -> str:
        return f"{self.session_id} {self.person_id}"


class TrainingInterval(models.Model):
    """How often each person is trained: due when their last attended session is older (configuration). R-ST-9."""

    effective_from = models.DateField(_("effective from"), unique=True)
    days = models.PositiveSmallIntegerField(
        _("days between trainings"), default=90, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("training interval")
        verbose_name_plural = _("training intervals")

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d}: {self.days}"


def in_force(model, day: datetime.date):
    """The configuration row in force on `day` (the latest effective date not after it), or None."""
    return model.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
