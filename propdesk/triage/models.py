"""Trained versions of the intake model, kept in the database so every worker sees the same one."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Company


class TriageModel(models.Model):
    """One trained version: the seed corpus plus one company's closed tickets (company empty:
    the seed corpus alone, for a company that has not been trained yet)."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"))
    trained_at = models.DateTimeField(_("trained at"))
    n_examples = models.PositiveIntegerField(_("examples"))
    n_company = models.PositiveIntegerField(_("company examples"), default=0)
    seconds = models.FloatField(_("training time (s)"), default=0)
    evaluation = models.JSONField(_("evaluation"), default=dict, blank=True)
    weights = models.BinaryField()  # zlib-compressed JSON (propdesk.triage.classifier)

    class Meta:
        ordering = ["-trained_at", "-id"]
        indexes = [models.Index(fields=["company", "-version"], name="triage_company_version")]
        constraints = [
            models.UniqueConstraint(fields=["company", "version"], name="uniq_triage_version")
        ]
        verbose_name = _("intake model")
        verbose_name_plural = _("intake models")

    def __str__(self) -> str:
        return f"{self.company or '-'} v{self.version}"
