"""Form templates under approval and version, with their numbering and retention.
R-FM-1, R-FM-2, R-FM-3, R-FM-4, R-FM-7, R-FM-8."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Department


class FormTemplate(models.Model):
    """A form the product prints or records (表单): its name, the department that uses it, its
    numbering scheme (R-FM-3) and retention period (R-FM-8); its versions are approved by a
    company leader before use (R-FM-1, R-FM-7)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    department = models.CharField(
        _("department"), max_length=16, choices=Department.Kind.choices, default="cs"
    )
    numbering = models.CharField(_("numbering scheme"), max_length=120, blank=True)
    retention_days = models.PositiveIntegerField(_("retention (days)"), default=3 * 365)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("form template")
        verbose_name_plural = _("form templates")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the page's language (the official name is the Chinese one)."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class TemplateVersion(models.Model):
    """One version of a form template with its change note: draft → approved (by the GM or the
    centre manager, never its author) → retired. Only the approved version is used. R-FM-1, R-FM-7."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved, in use")
        RETIRED = "retired", _("Retired")

    template = models.ForeignKey(FormTemplate, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(_("version"), max_length=20)
    change_note = models.CharField(_("change note"), max_length=1000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    effective_from = models.DateField(_("date of use"), null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["template", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "label"], name="uniq_template_version"),
            models.UniqueConstraint(
                fields=["template"],
                condition=models.Q(state="approved"),
                name="uniq_template_approved",
            ),
            models.UniqueConstraint(
                fields=["template"],
                condition=models.Q(state="draft"),
                name="uniq_template_draft",
            ),
        ]
        indexes = [models.Index(fields=["template", "approved_at"])]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")

    def __str__(self) -> str:
        return f"{self.template.code} {self.label}"
