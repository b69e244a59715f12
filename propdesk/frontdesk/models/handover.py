"""Shift handover (交接班记录) with check items and questions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import FrontDesk, Shift, Site

from .duty import DutyLog


class ShiftHandover(models.Model):
    """Shift handover record (交接班记录). R-HO-1 … R-HO-7.

    draft → submitted → accepted | refused → resolved → accepted; a draft may be cancelled by its
    author or a shift lead (it then frees the desk for a new handover). The incoming person must open
    the duty log and the handover (R-HO-3) and can accept only when every check item is filled
    and every question answered (R-HO-6); a refusal escalates to the supervisor (R-HO-5).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Handed over, awaiting acceptance")
        ACCEPTED = "accepted", _("Taken over")
        REFUSED = "refused", _("Refused")
        RESOLVED = "resolved", _("Resolved by the supervisor")
        CANCELLED = "cancelled", _("Cancelled")

    class Resolution(models.TextChoices):
        OUTGOING_FINISHED = "outgoing_finished", _("The outgoing agent finished the work")
        SUPERVISOR_TOOK_OVER = "supervisor_took_over", _("The supervisor took the desk over")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    desk = models.ForeignKey(FrontDesk, on_delete=models.PROTECT, related_name="handovers")
    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, related_name="+", verbose_name=_("outgoing shift")
    )
    date = models.DateField(_("date"))
    number = models.CharField(_("number"), max_length=32)
    duty_log = models.ForeignKey(DutyLog, on_delete=models.PROTECT, related_name="handovers")
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    outgoing = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("outgoing agent"),
    )
    incoming = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("incoming agent"),
    )
    summary = models.TextField(_("how the work stands"), blank=True, max_length=4000)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    open_items = models.JSONField(default=list, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True, max_length=2000)
    resolution = models.CharField(
        _("resolution"), max_length=24, choices=Resolution.choices, blank=True
    )
    resolution_note = models.TextField(_("resolution note"), blank=True, max_length=2000)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    log_read_at = models.DateTimeField(_("duty log opened at"), null=True, blank=True)
    handover_read_at = models.DateTimeField(_("handover opened at"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    refused_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="uniq_handover_site_number")
        ]
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "date"]), models.Index(fields=["desk", "state"])]
        verbose_name = _("shift handover")
        verbose_name_plural = _("shift handovers")

    def __str__(self) -> str:
        return self.number


class HandoverCheck(models.Model):
    """One check item of a handover (desk tidy, keys, equipment …), pass/fail/n.a. with a remark. R-HO-1, R-HO-4."""

    class Result(models.TextChoices):
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")
        NA = "na", _("Not applicable")

    handover = models.ForeignKey(ShiftHandover, on_delete=models.CASCADE, related_name="checks")
    code = models.CharField(max_length=40)
    label = models.CharField(_("check item"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(default=0)
    result = models.CharField(_("result"), max_length=4, choices=Result.choices, blank=True)
    remark = models.CharField(_("remark"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "code"], name="uniq_handovercheck_code")
        ]
        verbose_name = _("handover check item")
        verbose_name_plural = _("handover check items")

    def __str__(self) -> str:
        return f"{self.code}: {self.result or '-'}"

    @property
    def display_label(self) -> str:
        """The stored (custom) label, else the built-in label of the code in the current language."""
        from ..checklists import builtin_label

        return self.label or builtin_label("handover", self.code)


class HandoverQuestion(models.Model):
    """A question of the incoming person and the outgoing person's answer. R-HO-4, R-HO-6."""

    handover = models.ForeignKey(ShiftHandover, on_delete=models.CASCADE, related_name="questions")
    question = models.TextField(_("question"), max_length=1000)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = _("handover question")
        verbose_name_plural = _("handover questions")

    def __str__(self) -> str:
        return self.question[:40]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
