"""API schemas of the archives: one input schema per action; unknown fields are refused."""

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from propdesk.core.api import Id, Page


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class RecordFields(In):
    title: str = Field("", max_length=200)
    unit_code: str = Field("", max_length=50)
    date_from: date | None = None
    date_to: date | None = None
    media: str = Field("paper", max_length=12)
    quantity: int = Field(1, ge=1, le=100_000)
    room: str = Field("", max_length=40)
    cabinet: str = Field("", max_length=40)
    shelf: str = Field("", max_length=40)
    box: str = Field("", max_length=40)
    secrecy: str = Field("internal", max_length=12)
    retention_years: int | None = Field(None, ge=0, le=100)
    custodian: Id | None = None
    description: str = Field("", max_length=5000)


class RecordIn(RecordFields):
    archive_class: Id
    site: Id


class RecordUpdateIn(RecordFields):
    version: int


class ClassOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    parent_id: int | None
    retention_years: int
    active: bool


class FileOut(Schema):
    original_name: str
    mime: str
    size: int
    sha256: str
    created_at: datetime


class RecordOut(Schema):
    id: int
    number: str
    archive_class_id: int
    year: int
    title: str
    site_id: int
    unit_id: int | None
    date_from: date | None
    date_to: date | None
    media: str
    room: str
    cabinet: str
    shelf: str
    box: str
    quantity: int
    secrecy: str
    retention_years: int
    retention_end: date | None
    custodian_id: int
    description: str
    state: str
    created_at: datetime
    version: int


class RecordDetailOut(RecordOut):
    files: list[FileOut]


class RecordPage(Page):
    items: list[RecordOut]
