"""API schemas of meetings: one input schema per action."""

import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict

from propdesk.core.api import AwareDatetime, Page


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class SeriesIn(In):
    site: int
    chair: int
    minute_taker: int
    members: list[int] | None = None
    title: str = Field("", max_length=100)
    weekday: int = Field(5, ge=1, le=7)
    start_time: dt.time = dt.time(9, 0)
    duration_minutes: int = Field(60, ge=15, le=480)
    location: str = Field("", max_length=100)


class SeriesOut(Schema):
    id: int
    site_id: int
    title: str
    weekday: int
    start_time: dt.time
    duration_minutes: int
    location: str
    chair_id: int
    minute_taker_id: int
    is_active: bool


class VersionIn(In):
    version: int


class RescheduleIn(In):
    starts_at: AwareDatetime
    location: str = Field("", max_length=100)
    minute_taker: int | None = None
    version: int


class AttendanceIn(In):
    user: int
    status: str
    note: str = Field("", max_length=200)


class AgendaIn(In):
    title: str = Field(..., max_length=200)
    notes: str = Field("", max_length=2000)


class MinutesIn(In):
    minutes: str = Field(..., max_length=20000)
    version: int


class DecisionIn(In):
    text: str = Field(..., max_length=1000)


class ActionIn(In):
    title: str = Field(..., max_length=300)
    owner: int
    due_on: dt.date


class ReasonIn(In):
    reason: str = Field(..., max_length=300)
    version: int


class CloseIn(In):
    note: str = Field(..., max_length=500)
    version: int


class AttendanceOut(Schema):
    user_id: int
    name: str
    status: str
    note: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj.user)


class AgendaOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    notes: str
    action_id: int | None
    link: str


class DecisionOut(Schema):
    id: int
    text: str


class ActionOut(Schema):
    id: int
    meeting_id: int
    site_id: int
    title: str
    owner_id: int
    due_on: dt.date
    state: str
    overdue: bool
    closed_at: dt.datetime | None
    closing_note: str
    version: int

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue


class MeetingOut(Schema):
    id: int
    number: str
    series_id: int
    site_id: int
    planned_on: dt.date
    starts_at: dt.datetime
    moved: str
    location: str
    chair_id: int
    minute_taker_id: int
    state: str
    minutes: str
    minutes_template_version: str
    signed_at: dt.datetime | None
    version: int


class MeetingDetailOut(MeetingOut):
    attendance: list[AttendanceOut]
    agenda: list[AgendaOut]
    decisions: list[DecisionOut]
    actions_raised: list[ActionOut]
    actions: list[str]


class MeetingPage(Page):
    items: list[MeetingOut]


class ActionPage(Page):
    items: list[ActionOut]


class SeriesPage(Page):
    items: list[SeriesOut]
