"""API schemas of contacts and tickets: one input schema per action (SECURITY.md A4), masked output."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict, model_validator

from propdesk.core.api import AwareDatetime, Id, Page
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import InvalidInput
from propdesk.core.masking import mask_phone

from .models import CallbackAttempt, Channel, ContactKind, Kind, Priority, Ticket
from .workflow import TICKET_FLOW

NOTE = 2000
# The flow's "callback_attempt" is the API's "callback" (which also covers done / reopen).
API_ACTION = {"callback_attempt": "callback"}


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
    channel: str | None = Field(None, max_length=16)
    kind: str | None = Field(None, max_length=16)
    disposition: str | None = Field(None, max_length=16)
    site: Id | None = None
    date_from: date | None = None
    date_to: date | None = None


class TicketFilters(Schema):
    q: str | None = Field(None, max_length=100)  # words, unit, phone digits (the search index)
    state: str | None = Field(None, max_length=16)
    kind: str | None = Field(None, max_length=16)
    priority: str | None = Field(None, max_length=16)
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
    severity: Ticket.Severity | None = None
    target_department: int | None = None
    target_staff: int | None = None
    occurred_at: AwareDatetime | None = None
    scope: Ticket.Scope | None = None
    appointment_at: AwareDatetime | None = None
    is_paid: bool = False


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
    price: Decimal = Field(..., ge=0, max_digits=10, decimal_places=2)
    agreed_by: str = Field(..., max_length=50)


class MaterialIn(In):
    name: str = Field(..., max_length=100)
    quantity: Decimal = Field(1, ge=0, max_digits=10, decimal_places=2)
    unit: str = Field("", max_length=10)


class HandleIn(Versioned):
    result: str = Field(..., max_length=4000)
    materials: list[MaterialIn] = Field(default_factory=list, max_length=50)
    cost: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)


class CallbackIn(Versioned):
    outcome: CallbackAttempt.Outcome
    satisfied: bool | None = None
    score: int | None = Field(None, ge=1, le=5)
    comment: str = Field("", max_length=NOTE)
    method: CallbackAttempt.Method = CallbackAttempt.Method.PHONE


class CloseIn(NoteIn):
    cause: str = Field("", max_length=NOTE)
    responsibility: Ticket.Responsibility | None = None


class AnswerIn(Versioned):
    answer: str = Field(..., max_length=NOTE)


class InvalidateIn(Versioned):
    explanation: str = Field(..., max_length=NOTE)


class MergeIn(Versioned):
    into: int


class EscalateIn(Versioned):
    note: str = Field(..., max_length=NOTE)


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
    version: int

    @staticmethod
    def resolve_contact_phone(obj) -> str:
        return mask_phone(obj.contact_phone)

    @staticmethod
    def resolve_escalated(obj) -> bool:
        return obj.escalated_at is not None and obj.escalation_cleared_at is None


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
    created_by_id: int
    accepted_at: datetime | None
    actions: list[str]
    events: list[EventOut]
    callbacks: list[CallbackOut]
    contacts: list[ContactRefOut]

    @staticmethod
    def resolve_events(obj):
        return list(event_list_for(obj))

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        """The actions this user may take now (department membership is checked when acting)."""
        request = (context or {}).get("request")
        if request is None:
            return []
        names = TICKET_FLOW.allowed_actions(state=obj.state, user=request.auth)
        return [API_ACTION.get(a, a) for a in names if a not in ("callback_done", "reopen")]


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
}
