"""API schemas of contacts and tickets: one input schema per action (SECURITY.md A4), masked output."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict, model_validator

from propdesk.core.api import AwareDatetime, CorrectionOut, Id, Money, Page, Quantity, one_of
from propdesk.core.corrections import correction_list_for
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import InvalidInput
from propdesk.core.masking import mask_phone

from .actions import ticket_actions_for
from .models import CallbackAttempt, Channel, Contact, ContactKind, Kind, Priority, State, Ticket
from .services.records import CORRECTABLE, ticket_can_correct
from .sla import clock_list_for, clock_status, clock_status_text

NOTE = 2000


class In(Schema):
    """Base of every input: unknown fields are refused with 400 naming them, never ignored (A4)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        unknown = sorted(str(k) for k in set(data) - set(cls.model_fields))
        if unknown:
            raise InvalidInput(
                _("These fields cannot be set here: %(f)s") % {"f": ", ".join(unknown)},
                code="forbidden_fields",
                fields={f: _("Not allowed.") for f in unknown},
            )
        return data


class Versioned(In):
    """Every action carries the version the client saw; a stale one answers 409 `stale`."""

    version: int = Field(..., ge=0, le=2_000_000_000)


# --- contacts -----------------------------------------------------------------


class ContactIn(In):
    channel: Channel
    kind: ContactKind
    content: str = Field(..., max_length=4000)
    resident: int | None = None
    unit: int | None = None
    caller_name: str = Field("", max_length=50)
    caller_phone: str = Field("", max_length=20)
    location: str = Field("", max_length=100)
    desired_outcome: str = Field("", max_length=1000)


class ContactAnswerIn(Versioned):
    answer: str = Field(..., max_length=2000)


class ContactRecordIn(Versioned):
    note: str = Field("", max_length=2000)


class ContactLinkIn(Versioned):
    ticket: int


class ContactOut(Schema):
    id: int
    number: str
    site_id: int
    received_at: datetime
    channel: str
    kind: str
    resident_id: int | None
    caller_name: str
    caller_phone: str
    unit_id: int | None
    location: str
    content: str
    desired_outcome: str
    received_by_id: int
    disposition: str
    answer: str
    ticket_id: int | None
    closed_at: datetime | None
    version: int

    @staticmethod
    def resolve_caller_phone(obj) -> str:
        return mask_phone(obj.caller_phone)


class ContactPage(Page):
    items: list[ContactOut]


class ContactFilters(Schema):
    channel: one_of(Channel.values) | None = None
    kind: one_of(Kind.values) | None = None
    disposition: one_of(Contact.Disposition.values) | None = None
    site: Id | None = None
    date_from: date | None = None
    date_to: date | None = None


class TicketFilters(Schema):
    q: str | None = Field(None, max_length=100)  # words, unit, phone digits (the search index)
    state: one_of(State.values) | None = None
    kind: one_of(Kind.values) | None = None
    priority: one_of(Priority.values) | None = None
    category: Id | None = None
    department: Id | None = None
    site: Id | None = None
    assignee: Id | None = None
    unit: Id | None = None
    repeat: bool = False
    open: bool = False
    mine: bool = False
    date_from: date | None = None
    date_to: date | None = None
    sort: str = Field("-created", max_length=64)


# --- ticket create ----------------------------------------------------------------


class TicketCreateIn(In):
    """A contact (channel "api") and its ticket in one request; site, state, department, SLA and
    version are never taken from the client."""

    kind: Kind
    category: str = Field(..., max_length=32, description="category code of the kind")
    title: str = Field(..., max_length=100)
    content: str = Field(..., max_length=4000, description="what the resident said")
    description: str = Field("", max_length=4000)
    resident: int | None = None
    unit: Id | None = None
    caller_name: str = Field("", max_length=50)
    caller_phone: str = Field("", max_length=20)
    location: str = Field("", max_length=100)
    desired_outcome: str = Field("", max_length=1000)
    priority: Priority = Priority.NORMAL
    severity: Ticket.Severity | None = Field(
        None,
        description=(
            "complaints: minor or important; `major` only for the CS manager or the "
            "property-centre manager (others get 400). The major-complaint rules also "
            "flag a complaint major by themselves (R-CP-4)."
        ),
    )
    target_department: int | None = None
    target_staff: int | None = None
    occurred_at: AwareDatetime | None = None
    scope: Ticket.Scope | None = None
    appointment_at: AwareDatetime | None = None
    is_paid: bool = False
    dispatch: bool = Field(
        False, description="also dispatch it at once (R-FD-1), as the intake screen does"
    )
    department: int | None = Field(
        None, description="with `dispatch`: the department (default: the category's)"
    )


# --- ticket actions -----------------------------------------------------------------


class NoteIn(Versioned):
    note: str = Field("", max_length=NOTE)


class ReasonIn(Versioned):
    reason: str = Field(..., max_length=NOTE)


class DispatchIn(NoteIn):
    department: int | None = None


class AssignIn(NoteIn):
    assignee: int


class AgreePriceIn(Versioned):
    price: Money
    agreed_by: str = Field(..., max_length=50)


class MaterialIn(In):
    name: str = Field(..., max_length=100)
    quantity: Quantity = Decimal("1")
    unit: str = Field("", max_length=10)


class HandleIn(Versioned):
    result: str = Field(..., max_length=4000)
    materials: list[MaterialIn] = Field(default_factory=list, max_length=50)
    cost: Money | None = None


class CallbackIn(Versioned):
    outcome: CallbackAttempt.Outcome
    satisfied: bool | None = None
    score: int | None = Field(None, ge=1, le=5)
    comment: str = Field("", max_length=NOTE)
    method: CallbackAttempt.Method = CallbackAttempt.Method.PHONE


class CloseIn(NoteIn):
    """Complaints need a cause, what the resident wants and the responsibility (R-CP-7): sent
    here, or already on the ticket."""

    cause: str = Field("", max_length=NOTE)
    desired_outcome: str = Field("", max_length=1000)
    responsibility: Ticket.Responsibility | None = None


class SignoffIn(Versioned):
    """The property-centre manager's sign-off of a handled major complaint (R-CP-4)."""

    note: str = Field(..., max_length=300, description="what the manager confirms (required)")


class AnswerIn(Versioned):
    answer: str = Field(..., max_length=NOTE)


class InvalidateIn(Versioned):
    explanation: str = Field(..., max_length=NOTE)


class MergeIn(Versioned):
    into: int


class EscalateIn(Versioned):
    note: str = Field(..., max_length=NOTE)


class TicketCorrectIn(Versioned):
    """R-FM-6: one field, its new value (a code for priority, severity, scope) and the reason."""

    field: str = Field(..., pattern="^(" + "|".join(sorted(CORRECTABLE)) + ")$")
    new_value: str = Field(..., max_length=4000)
    reason: str = Field(..., max_length=300)


# --- ticket output ----------------------------------------------------------------


class TicketOut(Schema):
    id: int
    number: str
    site_id: int
    kind: str
    category_id: int
    category: str = Field(..., alias="category.name")
    priority: str
    state: str
    unit_id: int | None
    resident_id: int | None
    contact_name: str
    contact_phone: str
    title: str
    department_id: int | None
    assignee_id: int | None
    severity: str
    validity: str
    scope: str
    is_paid: bool
    is_repeat: bool
    escalated: bool
    urge_count: int
    created_at: datetime
    dispatched_at: datetime | None
    handled_at: datetime | None
    closed_at: datetime | None
    sla_due: datetime | None = Field(None, description="the earliest due time of a running stage")
    version: int

    @staticmethod
    def resolve_contact_phone(obj) -> str:
        return mask_phone(obj.contact_phone)

    @staticmethod
    def resolve_escalated(obj) -> bool:
        return obj.escalated_at is not None and obj.escalation_cleared_at is None

    @staticmethod
    def resolve_sla_due(obj) -> datetime | None:
        return getattr(obj, "sla_due", None)  # annotated by the list (selectors.with_sla_due)


class TicketPage(Page):
    items: list[TicketOut]


class EventOut(Schema):
    code: str
    actor_id: int | None
    actor: str
    data: dict
    note: str
    created_at: datetime

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor.name if obj.actor else ""


class CallbackOut(Schema):
    id: int
    at: datetime
    by_id: int
    method: str
    outcome: str
    satisfied: bool | None
    score: int | None
    comment: str


class ContactRefOut(Schema):
    id: int
    number: str


class SlaClockOut(Schema):
    """One timed stage (R-SS-1) with its due time and how it stands, in codes and in words."""

    stage: str
    stage_label: str
    state: str
    status: str = Field(..., description="on_time, late, left, overdue, paused or stopped")
    minutes: int | None = Field(
        None, description="late: minutes late; left / overdue: minutes; paused: minutes remaining"
    )
    text: str = Field(..., description="the page's words, in the user's language")
    target_minutes: int
    started_at: datetime
    due_at: datetime
    warn_at: datetime
    paused_at: datetime | None
    met_at: datetime | None
    warned_at: datetime | None
    breached_at: datetime | None
    breached: bool

    @staticmethod
    def resolve_stage(obj) -> str:
        return obj.target

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return str(obj.get_target_display())

    @staticmethod
    def resolve_status(obj) -> str:
        return clock_status(obj)[0]

    @staticmethod
    def resolve_minutes(obj) -> int | None:
        return clock_status(obj)[1]

    @staticmethod
    def resolve_text(obj) -> str:
        return clock_status_text(obj)

    @staticmethod
    def resolve_target_minutes(obj) -> int:
        return obj.minutes


# Set on a ticket just opened in this request: its answer skips the query for corrections.
NO_CORRECTIONS_YET = "_api_no_corrections_yet"


def _clocks(ticket: Ticket) -> list:
    """The ticket's SLA clocks, loaded once per answer (the detail reads them twice)."""
    if "_api_sla_clocks" not in ticket.__dict__:
        ticket.__dict__["_api_sla_clocks"] = list(clock_list_for(ticket))
    return ticket.__dict__["_api_sla_clocks"]


class TicketDetailOut(TicketOut):
    description: str
    desired_outcome: str
    location: str
    result: str
    cause: str
    responsibility: str
    target_department_id: int | None
    target_staff_id: int | None
    occurred_at: datetime | None
    appointment_at: datetime | None
    price: Decimal | None
    price_agreed_by: str
    materials: list
    cost: Decimal | None
    repeat_of_id: int | None
    merged_into_id: int | None
    callback_required: bool
    callback_skip: str = Field(
        ..., description="why no callback is needed: rated / not_sampled; empty when one is due"
    )
    acting_head_id: int | None = Field(
        ..., description="who acts for a department without a head (the site's fallback)"
    )
    created_by_id: int
    accepted_at: datetime | None
    actions: list[str]
    sla: list[SlaClockOut]
    corrections: list[CorrectionOut]
    events: list[EventOut]
    callbacks: list[CallbackOut]
    contacts: list[ContactRefOut]

    @staticmethod
    def resolve_events(obj):
        return list(event_list_for(obj))

    @staticmethod
    def resolve_sla(obj):
        return _clocks(obj)

    @staticmethod
    def resolve_sla_due(obj) -> datetime | None:
        running = [c.due_at for c in _clocks(obj) if c.state == "running"]
        return min(running) if running else None

    @staticmethod
    def resolve_corrections(obj):
        """R-FM-6: every correction with the old value, the new one, the reason, who and when."""
        known = obj.__dict__.get(NO_CORRECTIONS_YET)
        return [] if known else list(correction_list_for(obj))

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        """The actions this user may take now: the same list as the ticket page's buttons."""
        request = (context or {}).get("request")
        if request is None:
            return []
        actions = ticket_actions_for(request.auth, obj)
        if ticket_can_correct(request.auth):  # not a transition: open to leads in every state
            actions.append("correct")
        return actions


TICKET_ACTION_SCHEMAS: dict[str, type[Versioned]] = {
    "dispatch": DispatchIn,
    "send_back": ReasonIn,
    "accept": AssignIn,
    "start": NoteIn,
    "pause": ReasonIn,
    "resume": NoteIn,
    "transfer": AssignIn,
    "agree_price": AgreePriceIn,
    "handle": HandleIn,
    "callback": CallbackIn,
    "close": CloseIn,
    "answer": AnswerIn,
    "invalidate": InvalidateIn,
    "cancel": ReasonIn,
    "merge": MergeIn,
    "escalate": EscalateIn,
    "clear_escalation": NoteIn,
    "urge": NoteIn,
    "flag_major": ReasonIn,
    "major_signoff": SignoffIn,
}
