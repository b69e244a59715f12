"""Desk coverage, leave of post, configurable checklists, conduct spot checks, visitor lookups."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import FrontDesk, Site


class CheckTemplate(models.Model):
    """A configurable checklist line: handover check items (R-HO-1, R-HO-4) or conduct standards (R-FS-3).

    Without rows for a desk, the built-in defaults of `checklists.py` apply; `label` empty means
    the built-in (translated) label of `code`.
    """

    class Kind(models.TextChoices):
        HANDOVER = "handover", _("Handover check")
        CONDUCT = "conduct", _("Conduct standard")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    desk = models.ForeignKey(
        FrontDesk,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("front desk"),
        help_text=_("Empty: every desk."),
    )
    code = models.CharField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "sort_order", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.label or self.code


class DeskHolding(models.Model):
    """Who is responsible for a desk from when to when (desk coverage). R-FS-2, R-HO-5.

    The open row (`until` empty) names the current holder: whoever last accepted the handover,
    a replacement during an approved leave of post, or the supervisor who took the desk over.
    """

    class Reason(models.TextChoices):
        START = "start", _("Took the desk")
        HANDOVER = "handover", _("Accepted the handover")
        REPLACEMENT = "replacement", _("Replacement during leave of post")
        RETURN = "return", _("Returned from leave of post")
        TAKEOVER = "takeover", _("Supervisor took the desk over")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    desk = models.ForeignKey(FrontDesk, on_delete=models.PROTECT, related_name="holdings")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    since = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-since", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["desk"], condition=models.Q(until__isnull=True), name="uniq_open_holding"
            )
        ]
        verbose_name = _("desk holding")
        verbose_name_plural = _("desk holdings")

    def __str__(self) -> str:
        return f"{self.desk_id}: {self.holder_id}"


class LeaveOfPost(models.Model):
    """A request to leave the desk, approved by the shift lead with a named replacement. R-FS-2."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved, replacement on the desk")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Back on the desk")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    desk = models.ForeignKey(FrontDesk, on_delete=models.PROTECT, related_name="+")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    replacement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("replacement"),
    )
    reason = models.CharField(_("reason"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("expected minutes away"), default=15)
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("leave of post")
        verbose_name_plural = _("leaves of post")

    def __str__(self) -> str:
        return f"{self.requester_id} {self.state}"


class SpotCheck(models.Model):
    """A supervisor's conduct spot check of an agent at a desk. R-FS-1, R-FS-3."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    desk = models.ForeignKey(
        FrontDesk, on_delete=models.PROTECT, related_name="+", verbose_name=_("front desk")
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agent"),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField()
    note = models.CharField(_("note"), max_length=500, blank=True)
    violation_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("conduct spot check")
        verbose_name_plural = _("conduct spot checks")

    def __str__(self) -> str:
        return f"{self.agent_id} {timezone.localtime(self.checked_at):%Y-%m-%d}"


class SpotCheckFinding(models.Model):
    """One conduct standard checked: met, violated (kept for performance, R-ST-8) or not observed. R-FS-3."""

    class Result(models.TextChoices):
        MET = "met", _("Met")
        VIOLATED = "violated", _("Violated")
        NOT_OBSERVED = "na", _("Not observed")

    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=100)
    result = models.CharField(max_length=10, choices=Result.choices)
    remark = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("spot check finding")
        verbose_name_plural = _("spot check findings")

    def __str__(self) -> str:
        return f"{self.code}: {self.result}"


class VisitorLookup(models.Model):
    """Log of one visitor question answered with room numbers only. R-FS-5."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    question = models.CharField(_("visitor's question"), max_length=200)
    looked_up = models.CharField(_("name looked up"), max_length=50)
    visitor = models.CharField(_("visitor"), max_length=50, blank=True)
    rooms = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("visitor lookup")
        verbose_name_plural = _("visitor lookups")

    def __str__(self) -> str:
        return f"{self.agent_id} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"
