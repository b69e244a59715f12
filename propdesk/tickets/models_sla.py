"""Service standards on tickets: SLA policies, per-ticket clocks, major-complaint keywords. R-SS-1, R-CP-4.

Imported from `tickets/models.py` so Django sees them as models of the `tickets` app.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import BusinessCalendar
from propdesk.orgs.models import Site


class Target(models.TextChoices):
    RESPONSE = "response", _("Response (registered → dispatched)")
    ACCEPT = "accept", _("Acceptance by the department")
    ARRIVE = "arrive", _("Arrival on site")
    RESOLVE = "resolve", _("Resolution (→ handled)")
    CALLBACK = "callback", _("Callback (handled → called back)")


class SlaPolicy(models.Model):
    """Targets in working minutes for a kind / category / priority, per service level or per site. R-SS-1.

    The most specific row wins: site over service level, category over any, priority over any.
    `no_sla` is a first-class choice (suggestions), not a huge target. An empty target means
    that stage is not timed.
    """

    site = models.ForeignKey(
        Site,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("site"),
        help_text=_("Empty: default for the service level."),
    )
    service_level = models.PositiveSmallIntegerField(
        _("service level"), choices=Site.ServiceLevel.choices, null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=16)
    category = models.ForeignKey(
        "tickets.Category",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("category"),
    )
    priority = models.CharField(_("priority"), max_length=10, blank=True)
    no_sla = models.BooleanField(_("no SLA"), default=False)
    calendar = models.ForeignKey(
        BusinessCalendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("calendar"),
        help_text=_("Empty: the default business calendar."),
    )
    response_minutes = models.PositiveIntegerField(_("response (min)"), null=True, blank=True)
    accept_minutes = models.PositiveIntegerField(_("acceptance (min)"), null=True, blank=True)
    arrive_minutes = models.PositiveIntegerField(_("arrival on site (min)"), null=True, blank=True)
    resolve_minutes = models.PositiveIntegerField(_("resolution (min)"), null=True, blank=True)
    callback_minutes = models.PositiveIntegerField(_("callback (min)"), null=True, blank=True)
    warn_percent = models.PositiveSmallIntegerField(_("warn at (%)"), default=80)

    class Meta:
        ordering = ["site", "service_level", "kind", "priority"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self) -> str:
        return (
            f"{self.site or self.get_service_level_display()} · {self.kind} {self.priority}".strip()
        )

    def minutes_for(self, target: str) -> int | None:
        return None if self.no_sla else getattr(self, f"{target}_minutes")


class SlaClock(models.Model):
    """One timed stage of one ticket: due and warning times, met / breached and how late. R-SS-1."""

    class ClockState(models.TextChoices):
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        MET = "met", _("Finished")
        STOPPED = "stopped", _("Stopped")

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="sla_clocks"
    )
    site_id = models.BigIntegerField(db_index=True)
    target = models.CharField(_("target"), max_length=10, choices=Target.choices)
    minutes = models.PositiveIntegerField(_("target (working minutes)"))
    calendar = models.ForeignKey(
        BusinessCalendar, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=8, choices=ClockState.choices, default=ClockState.RUNNING)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(_("due"), db_index=True)
    warn_at = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True)
    remaining_minutes = models.PositiveIntegerField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    met_at = models.DateTimeField(null=True, blank=True)
    late_minutes = models.IntegerField(_("minutes late"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "target"], name="uniq_sla_clock_ticket_target"
            )
        ]
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["state", "warn_at"]),
        ]
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.target}"

    @property
    def breached(self) -> bool:
        return self.breached_at is not None or (self.late_minutes or 0) > 0


class MajorKeyword(models.Model):
    """A word that makes a complaint major when it appears in its text (受伤, 媒体, 12345 …). R-CP-4."""

    word = models.CharField(_("word"), max_length=30, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("major-complaint keyword")
        verbose_name_plural = _("major-complaint keywords")

    def __str__(self) -> str:
        return self.word
