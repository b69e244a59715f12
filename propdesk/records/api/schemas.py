"""API schemas of documents, form templates and retention: one input schema per action."""

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from propdesk.core.api import Page


class In(Schema):
    """Unknown fields are refused (422), never ignored."""

    model_config = ConfigDict(extra="forbid")


class DocumentIn(In):
    kind: str
    title: str = Field("", max_length=200)
    issuing_body: str = Field("", max_length=100)
    ref_number: str = Field("", max_length=60)
    body: str = Field("", max_length=20000)
    sites: list[int] = Field(..., min_length=1, max_length=50)
    signer_roles: list[str] | None = None
    extra_signers: list[int] = Field(default_factory=list, max_length=50)
    remind_after_days: int = Field(3, ge=1, le=60)


class DocumentUpdateIn(In):
    title: str = Field("", max_length=200)
    issuing_body: str = Field("", max_length=100)
    ref_number: str = Field("", max_length=60)
    body: str = Field("", max_length=20000)
    sites: list[int] | None = None
    signer_roles: list[str] | None = None
    extra_signers: list[int] | None = None
    remind_after_days: int = Field(3, ge=1, le=60)
    version: int


class VersionIn(In):
    version: int


class SignIn(In):
    note: str = Field("", max_length=300)


class ReviseIn(In):
    change_note: str = Field(..., max_length=500)


class ReviewIn(In):
    note: str = Field(..., max_length=500)
    version: int


class LinkMeetingIn(In):
    meeting: int


class SignerOut(Schema):
    user_id: int
    name: str
    role: str
    site_id: int | None
    opened_at: datetime | None
    signed_at: datetime | None
    reminded_at: datetime | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj["name"] if isinstance(obj, dict) else str(obj.user)

    @staticmethod
    def resolve_signed_at(obj):
        return obj["signed_at"] if isinstance(obj, dict) else obj.signature.signed_at


class FileOut(Schema):
    id: int
    original_name: str
    mime: str
    size: int
    sha256: str


class DocumentOut(Schema):
    id: int
    number: str
    kind: str
    title: str
    ref_number: str
    issuing_body: str
    body: str
    state: str
    revision: int
    supersedes_id: int | None
    change_note: str
    site_id: int | None
    sites: list[int]
    signer_roles: list[str]
    template_version: str
    agenda_item_id: int | None
    review_due: date | None
    issued_at: datetime | None
    archived_at: datetime | None
    superseded_at: datetime | None
    created_by_id: int
    created_at: datetime
    version: int

    @staticmethod
    def resolve_sites(obj) -> list[int]:
        if isinstance(obj, dict):  # an already built detail
            return obj["sites"]
        return [link.site_id for link in obj.site_links.all()]


class DocumentDetailOut(DocumentOut):
    signers: list[SignerOut]
    files: list[FileOut]
    actions: list[str]


class DocumentPage(Page):
    items: list[DocumentOut]


class AwaitingOut(Schema):
    document: DocumentOut
    opened_at: datetime | None


class AwaitingPage(Page):
    items: list[AwaitingOut]


class TemplateIn(In):
    code: str = Field(..., max_length=40)
    name: str = Field(..., max_length=100)
    name_en: str = Field("", max_length=100)
    department: str = "cs"
    numbering: str = Field("", max_length=120)
    retention_days: int = Field(3 * 365, ge=1, le=100 * 365)
    label: str = Field("2026.1", max_length=20)
    change_note: str = Field("", max_length=1000)


class TemplateVersionIn(In):
    label: str = Field(..., max_length=20)
    change_note: str = Field(..., max_length=1000)


class RetireIn(In):
    reason: str = Field(..., max_length=300)
    version: int


class TemplateVersionOut(Schema):
    id: int
    template_id: int
    label: str
    change_note: str
    state: str
    author_id: int | None
    approved_by_id: int | None
    approved_at: datetime | None
    effective_from: date | None
    retired_at: datetime | None
    version: int
    actions: list[str] = []


class TemplateOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    department: str
    numbering: str
    retention_days: int
    approved_version: str | None = None


class TemplateDetailOut(TemplateOut):
    versions: list[TemplateVersionOut]


class TemplatePage(Page):
    items: list[TemplateOut]


class RetentionKindOut(Schema):
    code: str
    label: str
    template: str
    retention_days: int


class ExpiredOut(Schema):
    id: int
    number: str
    completed_at: datetime
    kept_until: date
    url: str


class ExpiredPage(Page):
    items: list[ExpiredOut]
