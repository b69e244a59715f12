"""API schemas of promises and incidents: one input schema per action, masked phones out."""

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from propdesk.core.api import AwareDatetime, Page
from propdesk.core.masking import mask_phone

from .models import Incident, ReplyChannel


class In(Schema):
    """Unknown fields are refused (422), never ignored."""

    model_config = ConfigDict(extra="forbid")


class PromiseIn(In):
    subject: str = Field(..., min_length=1, max_length=1000)
    due_at: AwareDatetime
    owner: int
    contact: int | None = None
    ticket: int | None = None
    site: int | None = None
    to_name: str = Field("", max_length=50)
    to_phone: str = Field("", max_length=20)
    department: int | None = None
    remind_minutes: int | None = Field(None, ge=0, le=7 * 24 * 60)


class PromiseKeepIn(In):
    channel: ReplyChannel
    text: str = Field(..., min_length=1, max_length=4000)
    version: int


class PromiseReassignIn(In):
    owner: int
    note: str = Field("", max_length=500)
    version: int


class PromiseCancelIn(In):
    reason: str = Field(..., min_length=1, max_length=300)
    version: int


class PromiseOut(Schema):
    id: int
    number: str
    site_id: int
    contact_id: int | None
    ticket_id: int | None
    to_name: str
    to_phone: str
    subject: str
    department_id: int | None
    due_at: datetime
    remind_at: datetime
    owner_id: int
    made_by_id: int
    made_at: datetime
    state: str
    overdue: bool
    kept_at: datetime | None
    kept_by_id: int | None
    reply_channel: str
    reply_text: str
    kept_on_time: bool | None
    version: int

    @staticmethod
    def resolve_to_phone(obj) -> str:
        return mask_phone(obj.to_phone)

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue


class PromisePage(Page):
    items: list[PromiseOut]


class IncidentIn(In):
    title: str = Field(..., min_length=1, max_length=100)
    location: str = Field(..., min_length=1, max_length=100)
    severity: Incident.Severity
    site: int | None = None
    occurred_at: AwareDatetime | None = None
    description: str = Field("", max_length=4000)


class IncidentTakeIn(In):
    version: int


class IncidentNoteIn(In):
    text: str = Field(..., min_length=1, max_length=2000)


class IncidentCloseIn(In):
    result: str = Field(..., min_length=1, max_length=4000)
    version: int


class IncidentOut(Schema):
    id: int
    number: str
    site_id: int
    title: str
    description: str
    location: str
    severity: str
    occurred_at: datetime
    reported_by_id: int
    reported_at: datetime
    state: str
    handler_id: int | None
    handling_started_at: datetime | None
    result: str
    closed_at: datetime | None
    version: int


class IncidentPage(Page):
    items: list[IncidentOut]
