"""Contacts (来人来电来访登记表) and tickets (工单: complaints, repairs, help, inquiries, suggestions)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Department, Site, Unit
from propdesk.people.models import Resident


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    REPAIR = "repair", _("Repair")
    HELP = "help", _("Help")
    INQUIRY = "inquiry", _("Inquiry")
    SUGGESTION = "suggestion", _("Suggestion")


class ContactKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    REPAIR = "repair", _("Repair")
    HELP = "help", _("Help")
    INQUIRY = "inquiry", _("Inquiry")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter")
    ONLINE = "online", _("Online portal")
    API = "api", _("API")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    URGENT = "urgent", _("Urgent")
    NORMAL = "normal", _("Normal")


class State(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    DISPATCHED = "dispatched", _("Dispatched")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    PAUSED = "paused", _("Paused")
    HANDLED = "handled", _("Handled, awaiting callback")
    CALLBACK_DONE = "callback_done", _("Called back")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    MERGED = "merged", _("Merged")


OPEN_STATES = frozenset(s for s in State.values if s not in {"closed", "cancelled", "merged"})


class CallbackPolicy(models.TextChoices):
    ALWAYS = "always", _("Always call back")
    SKIP_IF_RATED = "skip_if_rated", _("Skip when the resident rated the work")
    SAMPLE = "sample", _("Call back a sample")


class CallbackSkip(models.TextChoices):
    """Why a handled ticket needs no callback under its category's policy (R-CP-3)."""

    RATED = "rated", _("the resident already rated the work")
    NOT_SAMPLED = "not_sampled", _("not drawn in the callback sample")


class Category(models.Model):
    """A ticket category per kind (e.g. 报修 › 给排水) with its default department and callback policy."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=50)
    default_department = models.CharField(
        _("default department"), max_length=16, choices=Department.Kind.choices, blank=True
    )
    callback_policy = models.CharField(
        _("callback policy"),
        max_length=16,
        choices=CallbackPolicy.choices,
        default=CallbackPolicy.ALWAYS,
    )
    sample_percent = models.PositiveSmallIntegerField(_("sample (%)"), default=30)
    is_major = models.BooleanField(_("always a major complaint"), default=False)
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="uniq_category_kind_code")
        ]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """Visitor/call/letter register entry (来人来电来访登记表). R-CP-1, R-SS-2, R-FM-3, R-FM-5.

    Every contact is registered first; the agent who receives it is its first owner (首问负责制).
    """

    class Disposition(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered on the spot")
        PROMISED = "promised", _("Reply promised")
        RECORDED = "recorded", _("Recorded only")
        TICKET = "ticket", _("Ticket created")

    number = models.CharField(_("number"), max_length=24, db_index=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("received at"), db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("about"), max_length=16, choices=ContactKind.choices)
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    caller_name = models.CharField(_("caller"), max_length=50, blank=True)
    caller_phone = models.CharField(_("phone"), max_length=20, blank=True)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(_("location"), max_length=100, blank=True)
    content = models.TextField(_("content"), max_length=4000)
    desired_outcome = models.TextField(_("what the resident wants"), max_length=1000, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    disposition = models.CharField(
        _("disposition"), max_length=10, choices=Disposition.choices, default=Disposition.OPEN
    )
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    ticket = models.ForeignKey(
        "Ticket", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["site", "received_at"])]
        # Numbers run per site and year (R-FM-3), so they are unique within a site.
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="uniq_contact_site_number")
        ]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.number


class Ticket(models.Model):
    """Ticket (工单); the handling form (用户投诉处理单 / 派工单). R-FD-1, R-CP-2, R-CP-3, R-CP-7, R-CP-8."""

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        IMPORTANT = "important", _("Important")
        MAJOR = "major", _("Major")

    class Validity(models.TextChoices):
        VALID = "valid", _("Valid")
        INVALID = "invalid", _("Invalid")

    class Responsibility(models.TextChoices):
        COMPANY = "company", _("The company")
        NOT_COMPANY = "not_company", _("Not the company")
        SHARED = "shared", _("Shared")

    class Scope(models.TextChoices):
        UNIT = "unit", _("Inside the unit")
        COMMON = "common", _("Common area")

    number = models.CharField(_("number"), max_length=24, db_index=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.REGISTERED
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    desired_outcome = models.TextField(_("what the resident wants"), max_length=1000, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assignee"),
    )
    # Set when the department had no head and the site's fallback received the handling form:
    # that person acts as the department's head for this ticket (tickets/routing.py).
    acting_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acting for the department"),
    )
    result = models.TextField(_("result"), max_length=4000, blank=True)
    cause = models.TextField(_("cause"), max_length=2000, blank=True)
    responsibility = models.CharField(
        _("responsibility"), max_length=12, choices=Responsibility.choices, blank=True
    )
    # complaints
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    validity = models.CharField(
        _("validity"), max_length=8, choices=Validity.choices, default="valid"
    )
    target_department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department complained about"),
    )
    target_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member complained about"),
    )
    occurred_at = models.DateTimeField(_("happened at"), null=True, blank=True)
    # repairs
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, blank=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    is_paid = models.BooleanField(_("paid repair"), default=False)
    price = models.DecimalField(
        _("agreed price"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    price_agreed_by = models.CharField(_("price agreed by"), max_length=50, blank=True)
    price_agreed_at = models.DateTimeField(null=True, blank=True)
    materials = models.JSONField(_("materials"), default=list, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=10, decimal_places=2, null=True, blank=True)
    # flags and links
    is_major = models.BooleanField(_("major complaint"), default=False)
    major_reasons = models.JSONField(default=list, blank=True)
    major_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("property-centre manager"),
    )
    is_repeat = models.BooleanField(_("repeat complaint"), default=False)
    repeat_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalation_cleared_at = models.DateTimeField(null=True, blank=True)
    callback_required = models.BooleanField(default=True)
    callback_skip = models.CharField(
        _("no callback because"), max_length=12, choices=CallbackSkip.choices, blank=True
    )
    resident_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    urge_count = models.PositiveIntegerField(default=0)
    last_urged_at = models.DateTimeField(null=True, blank=True)
    # times
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="uniq_ticket_site_number")
        ]
        indexes = [
            models.Index(fields=["site", "state", "created_at"]),
            models.Index(fields=["state", "kind", "created_at"]),
            models.Index(fields=["site", "kind", "created_at"]),
            # The desk's usual list (state and kind of one site): its count is an index-only scan.
            models.Index(
                fields=["site", "state", "kind", "created_at"], name="ticket_site_state_kind"
            ),
            models.Index(fields=["department", "state"]),
            models.Index(fields=["unit", "category", "created_at"]),
            models.Index(fields=["assignee", "state"]),
            # The resident portal lists one resident's requests (never a scan of the site's).
            models.Index(fields=["resident", "created_at"], name="ticket_resident_created"),
            # The quarterly analysis (R-CP-5) joins callbacks and SLA clocks to a quarter's
            # complaints of the whole company: their ids come from this index alone (an
            # index-only scan), not from reading every ticket of the quarter.
            models.Index(fields=["kind", "created_at", "state", "id"], name="ticket_kind_created"),
        ]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class CallbackAttempt(models.Model):
    """Callback record (回访记录表): each attempt with its outcome; when reached, satisfaction. R-SS-3."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached")
        NO_ANSWER = "no_answer", _("No answer")
        REFUSED = "refused", _("Refused to answer")

    class Method(models.TextChoices):
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("Visit")
        ONLINE = "online", _("Online")

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="callbacks")
    at = models.DateTimeField(_("time"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(
        _("method"), max_length=8, choices=Method.choices, default=Method.PHONE
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    satisfied = models.BooleanField(_("satisfied"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (1–5)"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="callback_score_1_5",
            )
        ]
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.outcome}"


class Task(models.Model):
    """A temporary task assigned by a leader to desk staff, with due time and completion. R-FD-5."""

    class TaskState(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("task"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(
        _("state"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_note = models.TextField(_("completion note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["site", "state", "due_at"])]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title


from .models_sla import MajorKeyword, SlaClock, SlaPolicy, Target  # noqa: E402,F401  (models of this app)
