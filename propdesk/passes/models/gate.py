"""Every scan at the gate, valid or not: the pass register's entry/exit log. R-FD-2, R-FD-3."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Site

from .release import GoodsRelease
from .workerpass import WorkerPass


class GateScan(models.Model):
    """One scan or typed code at a gate: who, when, which pass or slip (if genuine), the verdict."""

    class Direction(models.TextChoices):
        ENTRY = "entry", _("Entry")
        EXIT = "exit", _("Exit")

    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    guard = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    worker_pass = models.ForeignKey(
        WorkerPass, null=True, blank=True, on_delete=models.PROTECT, related_name="scans"
    )
    release = models.ForeignKey(
        GoodsRelease, null=True, blank=True, on_delete=models.PROTECT, related_name="scans"
    )
    verdict = models.CharField(_("verdict"), max_length=20)
    direction = models.CharField(
        _("direction"), max_length=5, choices=Direction.choices, blank=True
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["site", "at"])]
        verbose_name = _("gate scan")
        verbose_name_plural = _("gate scans")

    def __str__(self) -> str:
        return f"{self.at} {self.verdict}"
