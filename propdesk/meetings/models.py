"""The weekly meeting of the principal heads (主要负责人例会) and its minutes (会议纪要). R-MT-1."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import BusinessCalendar
from propdesk.orgs.models import Site


class MeetingSeries(models.Model):
    """A recurring meeting of a site: every Friday 09:00 by default, chaired, with a named
    minute-taker and its members (the principal heads). R-MT-1.

    On a public holiday the series proposes the previous working day of its business calendar.
    """

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), default=5, help_text=_("ISO weekday, 1 = Monday … 7 = Sunday.")
    )
    start_time = models.TimeField(_("starts at"), default=datetime.time(9, 0))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("location"), max_length=100, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("minute-taker"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("members")
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("business calendar"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["site", "title"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """One meeting: attendance, agenda, minutes by the named minute-taker, decisions and action
    items; the chair signs the minutes, which then print as a PDF. R-MT-1, R-FM-7."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held, minutes being written")
        SUBMITTED = "submitted", _("Minutes awaiting the chair's signature")
        SIGNED = "signed", _("Minutes signed")
        CANCELLED = "cancelled", _("Cancelled")

    class Moved(models.TextChoices):
        NONE = "", _("As scheduled")
        HOLIDAY = "holiday", _("Moved to the previous working day (public holiday)")
        RESCHEDULED = "rescheduled", _("Rescheduled by the chair")

    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=24, db_index=True)
    planned_on = models.DateField(_("regular day"))
    starts_at = models.DateTimeField(_("starts at"))
    moved = models.CharField(
        _("schedule"), max_length=16, choices=Moved.choices, default=Moved.NONE, blank=True
    )
    location = models.CharField(_("location"), max_length=100, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("minute-taker"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PLANNED
    )
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    # The approved version of the minutes form in use when the minutes were submitted (R-FM-7).
    minutes_template_version = models.CharField(_("template version"), max_length=20, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "planned_on"], name="uniq_meeting_series_day"
            ),
            models.UniqueConstraint(fields=["site", "number"], name="uniq_meeting_site_number"),
        ]
        indexes = [models.Index(fields=["site", "state", "starts_at"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.number} {timezone.localtime(self.starts_at):%Y-%m-%d}"


class Attendance(models.Model):
    """Who attended a meeting and who was absent (with the reason). R-MT-1."""

    class Status(models.TextChoices):
        EXPECTED = "expected", _("Not recorded yet")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("attendance"), max_length=10, choices=Status.choices, default=Status.EXPECTED
    )
    note = models.CharField(_("reason for absence"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="uniq_attendance_meeting_user")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.user_id} {self.status}"


class ActionItem(models.Model):
    """An action decided at a meeting: what, owner, due date; carried to the next meeting's
    agenda until it is closed. R-MT-1."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped by the chair")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closing_note = models.CharField(_("result"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "state", "due_on"]),
            models.Index(fields=["site", "state", "due_on"]),
        ]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title[:50]

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.OPEN and self.due_on < timezone.localdate()


class AgendaItem(models.Model):
    """One point of a meeting's agenda: a topic, an open action carried from an earlier meeting,
    or a draft internal rule to discuss (R-DOC-2). R-MT-1."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        CARRIED = "carried", _("Open action carried over")
        RULE = "rule", _("Internal rule to discuss")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TOPIC)
    title = models.CharField(_("agenda item"), max_length=200)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    action = models.ForeignKey(
        ActionItem, null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    link = models.CharField(max_length=300, blank=True)  # the page of the rule discussed
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "action"],
                condition=models.Q(action__isnull=False),
                name="uniq_agenda_carried_action",
            )
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """A decision recorded in the minutes. R-MT-1."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    text = models.CharField(_("decision"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:50]
