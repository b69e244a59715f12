"""Satisfaction surveys (满意度调查表): a survey per site and period, its questions, the units
drawn for the sample with their one-time links, and one response per unit. R-SS-3."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Site, Unit


class Kind(models.TextChoices):
    """How a question is answered."""

    LEVEL = "level", _("Five levels (very satisfied … very poor)")
    SCALE = "scale", _("Score 1–5")
    SINGLE = "single", _("One choice")
    MULTI = "multi", _("Several choices")
    TEXT = "text", _("Free text")


RATED_KINDS = (Kind.LEVEL, Kind.SCALE)
CHOICE_KINDS = (Kind.SINGLE, Kind.MULTI)


class QuestionnaireItem(models.Model):
    """One item of the default questionnaire every new survey starts from (DOMAIN §1.11),
    configured in the admin."""

    section = models.CharField(_("section"), max_length=60)
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("answered as"), max_length=8, choices=Kind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=1)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("default questionnaire item")
        verbose_name_plural = _("default questionnaire")

    def __str__(self) -> str:
        return f"{self.section} · {self.text}"


class Survey(models.Model):
    """A periodic satisfaction survey of one site: drafted, approved by the site head, open
    between its dates, closed. R-SS-3."""

    class State(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        APPROVED = "approved", _("Approved, waiting to open")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=100)
    period = models.CharField(_("period"), max_length=30)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    sample_percent = models.PositiveSmallIntegerField(
        _("share of occupied units sampled (%)"), default=100
    )
    sample_size = models.PositiveIntegerField(_("units in the sample"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-opens_on", "-id"]
        indexes = [models.Index(fields=["site", "state", "opens_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sample_percent__gte=1, sample_percent__lte=100),
                name="survey_sample_percent_range",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opens",
            ),
        ]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self) -> str:
        return f"{self.name} ({self.period})"

    @property
    def phone_cap(self) -> int:
        """At most 5 % of the sample may answer by phone (DOMAIN §1.11), rounded down."""
        return self.sample_size * 5 // 100


class SurveyQuestion(models.Model):
    """One question of a survey: section, text, how it is answered, its weight in the overall
    rate."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    section = models.CharField(_("section"), max_length=60)
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("answered as"), max_length=8, choices=Kind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="uniq_question_position")
        ]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.text

    @property
    def is_rated(self) -> bool:
        return self.kind in RATED_KINDS


class SampleUnit(models.Model):
    """A unit drawn for the sample, with its one-time answer link (192 random bits)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sample")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "unit"], name="uniq_sample_survey_unit")
        ]
        verbose_name = _("unit in the sample")
        verbose_name_plural = _("sample")

    def __str__(self) -> str:
        return str(self.unit_id)


class SurveyResponse(models.Model):
    """One unit's answers: on the resident's phone, on paper entered by staff, or by phone with
    the supervisor's consent. One per unit (R-SS-3)."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Online (resident's link)")
        PAPER = "paper", _("Paper, entered by staff")
        PHONE = "phone", _("Phone, with the supervisor's consent")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    respondent = models.CharField(_("respondent"), max_length=50, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phone_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "unit"], name="uniq_response_survey_unit"),
            models.CheckConstraint(
                condition=~models.Q(channel="phone") | models.Q(phone_consent_by__isnull=False),
                name="response_phone_needs_consent",
            ),
        ]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.unit_id}"


class SurveyAnswer(models.Model):
    """One answer of a response: a level or score 1–5 (5 the best), the choices ticked, or text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="uniq_answer_question"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=5),
                name="answer_value_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"
