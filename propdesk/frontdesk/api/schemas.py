"""Schemas of the front-desk API. The mail item schema never carries the pickup code."""

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from propdesk.core.api import CorrectionOut, Page
from propdesk.core.corrections import correction_list_for

from ..selectors import duty_entries_with_errata


class DeskOut(Schema):
    id: int
    site_id: int
    name: str
    holder_id: int | None = None
    holder: str | None = None


class EntryOut(Schema):
    id: int
    occurred_at: datetime
    kind: str
    unit_id: int | None
    content: str
    action: str
    reference: str
    status: str
    handled_by_id: int | None
    created_by_id: int
    version: int
    corrections: list[CorrectionOut]

    @staticmethod
    def resolve_corrections(obj):
        """R-FM-6: the entry's errata (old → new, who, when, why); batched on a log's page."""
        errata = getattr(obj, "errata", None)
        return errata if errata is not None else list(correction_list_for(obj))


class DutyLogOut(Schema):
    id: int
    number: str
    site_id: int
    desk_id: int
    shift_id: int
    shift: str = Field(..., alias="shift.name")
    date: date
    recorder_id: int
    closed_at: datetime | None


class DutyLogDetailOut(DutyLogOut):
    entries: list[EntryOut]

    @staticmethod
    def resolve_entries(obj):
        return duty_entries_with_errata(obj)


class EntryIn(Schema):
    desk_id: int
    content: str = Field(..., max_length=2000)
    kind: str = "other"
    unit_id: int | None = None
    action: str = Field("", max_length=300)
    reference: str = Field("", max_length=40)
    status: str = "closed"


class EntryUpdateIn(Schema):
    """Partial: only the fields sent change; `unit_id: null` removes the unit."""

    model_config = ConfigDict(extra="forbid")

    content: str = Field("", max_length=2000)
    kind: str = Field("", max_length=16)
    unit_id: int | None = None
    action: str = Field("", max_length=300)
    reference: str = Field("", max_length=40)
    status: str = Field("", max_length=8)
    version: int | None = None


class CorrectIn(Schema):
    field: str = Field(..., pattern="^(content|action|kind|status|reference)$")
    new_value: str = Field(..., max_length=2000)
    reason: str = Field(..., max_length=300)


class CheckOut(Schema):
    code: str
    label: str
    result: str
    remark: str
    checked_at: datetime | None

    @staticmethod
    def resolve_label(obj) -> str:
        return obj.display_label


class QuestionOut(Schema):
    id: int
    question: str
    asked_by_id: int
    asked_at: datetime
    answer: str
    answered_by_id: int | None
    answered_at: datetime | None


class SignatureOut(Schema):
    slot: str
    signer_id: int | None
    signer: str | None = None
    signed_at: datetime | None

    @staticmethod
    def resolve_signer(obj):
        return str(obj.signer) if obj.signer_id else None


class HandoverOut(Schema):
    id: int
    number: str
    site_id: int
    desk_id: int
    shift_id: int
    date: date
    state: str
    version: int
    outgoing_id: int
    incoming_id: int | None
    duty_log_id: int
    summary: str
    notes: str
    refusal_reason: str
    resolution: str
    resolution_note: str
    log_read_at: datetime | None
    handover_read_at: datetime | None
    submitted_at: datetime | None
    accepted_at: datetime | None


class HandoverDetailOut(HandoverOut):
    open_items: list[dict]
    checks: list[CheckOut]
    questions: list[QuestionOut]
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_signatures(obj):
        from propdesk.core.signatures import signature_list_for

        return list(signature_list_for(obj))


class HandoverOpenIn(Schema):
    desk_id: int
    summary: str = Field("", max_length=4000)
    incoming_id: int | None = None


class HandoverUpdateIn(Schema):
    """Partial: only the fields sent change; `incoming_id: null` clears the incoming agent."""

    model_config = ConfigDict(extra="forbid")

    summary: str = Field("", max_length=4000)
    notes: str = Field("", max_length=4000)
    incoming_id: int | None = None
    version: int | None = None


class CancelIn(Schema):
    reason: str = Field("", max_length=500)
    version: int | None = None


class CheckIn(Schema):
    code: str = Field(..., max_length=40)
    result: str = Field(..., pattern="^(pass|fail|na)$")
    remark: str = Field("", max_length=300)


class TextIn(Schema):
    text: str = Field(..., max_length=2000)


class QuestionIn(Schema):
    """A question to the outgoing agent (the service's limit, declared: API1)."""

    text: str = Field(..., max_length=1000)


class ReturnReasonIn(Schema):
    """Why an item goes back to the sender."""

    text: str = Field(..., max_length=200)


class VersionIn(Schema):
    version: int | None = None


class ResolveIn(Schema):
    resolution: str = Field(..., pattern="^(outgoing_finished|supervisor_took_over)$")
    note: str = Field(..., max_length=2000)


class SignIn(Schema):
    slot: str = Field(..., pattern="^(supervisor|manager|countersign)$")
    note: str = Field("", max_length=300)


class MailOut(Schema):
    id: int
    number: str
    site_id: int
    kind: str
    carrier: str
    tracking_no: str
    unit_id: int
    unit: str = Field(..., alias="unit.code")
    pieces: int
    condition: str
    shelf: str
    state: str
    version: int
    received_at: datetime
    received_by_id: int
    notified_at: datetime | None
    picked_up_at: datetime | None
    picked_up_by_name: str
    verification: str
    returned_at: datetime | None
    return_reason: str


class NoticeOut(Schema):
    """A notice to the resident (never its text: it carries the pickup code)."""

    channel: str
    to: str
    status: str
    created_at: datetime
    sent_at: datetime | None

    @staticmethod
    def resolve_to(obj) -> str:
        return obj.recipient_label


class MailDetailOut(MailOut):
    notices: list[NoticeOut]
    actions: list[str] = []

    @staticmethod
    def resolve_notices(obj):
        from ..selectors import mail_notices_of

        return list(mail_notices_of(obj))


class MailIn(Schema):
    unit_id: int
    kind: str = "parcel"
    resident_id: int | None = None
    carrier: str = Field("", max_length=40)
    tracking_no: str = Field("", max_length=60)
    shelf: str = Field("", max_length=20)
    pieces: int = Field(1, ge=1, le=99)
    condition: str = "ok"


class HandOverIn(Schema):
    picked_up_by_name: str = Field(..., max_length=50)
    code: str = Field("", max_length=8)
    id_checked: bool = False
    id_last4: str = Field("", max_length=4)
    proxy_relation: str = Field("", max_length=30)
    version: int | None = None


class LookupIn(Schema):
    site_id: int
    name: str = Field(..., max_length=50)
    question: str = Field(..., max_length=200)
    visitor: str = Field("", max_length=50)


class LookupOut(Schema):
    rooms: list[str]


class LookupLogOut(Schema):
    id: int
    site_id: int
    agent_id: int
    question: str
    looked_up: str
    visitor: str
    rooms: list[str]
    created_at: datetime


class LeaveIn(Schema):
    desk_id: int
    replacement_id: int
    reason: str = Field(..., max_length=200)
    minutes: int = Field(15, ge=1, le=480)


class LeaveOut(Schema):
    id: int
    site_id: int
    desk_id: int
    requester_id: int
    replacement_id: int
    reason: str
    minutes: int
    state: str
    decided_by_id: int | None
    decided_at: datetime | None
    returned_at: datetime | None
    created_at: datetime


class FindingIn(Schema):
    code: str = Field(..., max_length=40)
    result: str = Field(..., pattern="^(met|violated|na)$")
    remark: str = Field("", max_length=300)


class SpotCheckIn(Schema):
    desk_id: int
    agent_id: int
    findings: list[FindingIn]
    note: str = Field("", max_length=500)


class FindingOut(Schema):
    code: str
    label: str
    result: str
    remark: str


class SpotCheckOut(Schema):
    id: int
    site_id: int
    desk_id: int
    agent_id: int
    checked_by_id: int
    checked_at: datetime
    note: str
    violation_count: int
    findings: list[FindingOut]

    @staticmethod
    def resolve_findings(obj):
        return list(obj.findings.all())


class ReviewRowOut(Schema):
    kind: str
    id: int
    slot: str
    date: date
    overdue: bool
    number: str


class DutyLogPage(Page):
    items: list[DutyLogOut]


class HandoverPage(Page):
    items: list[HandoverOut]


class MailPage(Page):
    items: list[MailOut]


class LeavePage(Page):
    items: list[LeaveOut]


class SpotCheckPage(Page):
    items: list[SpotCheckOut]


class LookupLogPage(Page):
    items: list[LookupLogOut]
