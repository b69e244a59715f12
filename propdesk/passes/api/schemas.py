"""Schemas of the passes API: one input schema per action (SECURITY.md A4), personal numbers masked."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from propdesk.core.api import CorrectionOut, Money, Money8, Page
from propdesk.core.masking import mask_id_number, mask_phone
from propdesk.tickets.schemas import In, Versioned

# Phones and the refund account number: masked in the corrections and the "corrected" events, as
# the API shows the records themselves (the account number is not in the answer at all).
PHONE_FIELDS = frozenset({"lead_phone", "applicant_phone", "phone", "refund_account_no"})


class EventOut(Schema):
    code: str
    actor: str
    note: str
    data: dict
    created_at: datetime

    @staticmethod
    def resolve_actor(obj) -> str:
        return str(obj.actor or "")

    @staticmethod
    def resolve_data(obj) -> dict:
        data = dict(obj.data or {})
        if obj.code == "corrected" and data.get("field") in PHONE_FIELDS:
            data["old"], data["new"] = mask_phone(data.get("old")), mask_phone(data.get("new"))
        return data


class PassesCorrectionOut(CorrectionOut):
    """R-FM-6: one correction; a phone's (or the refund account's) old and new values masked."""

    @staticmethod
    def resolve_old(obj):
        return mask_phone(obj.old_value) if obj.field in PHONE_FIELDS else obj.old_value

    @staticmethod
    def resolve_new(obj):
        return mask_phone(obj.new_value) if obj.field in PHONE_FIELDS else obj.new_value


class CorrectIn(Versioned):
    """R-FM-6: one field, its new value and the reason; send the `version` you read."""

    field: str = Field(..., max_length=32)
    new_value: str = Field(..., max_length=2000)
    reason: str = Field(..., max_length=300)


class RenovationOut(Schema):
    id: int
    number: str
    site_id: int
    unit_id: int
    unit: str = Field(..., alias="unit.code")
    state: str
    owner_id: int
    applicant_kind: str
    applicant_name: str
    applicant_phone: str
    company: str
    lead_name: str
    lead_phone: str
    scope: str
    start_date: date
    end_date: date
    planned_end_date: date
    deposit: Decimal
    hours: str = Field(..., alias="hours_text")
    weekends_allowed: bool
    submitted_at: datetime
    review_due: date
    review_note: str
    violation_count: int
    accepted_at: datetime | None
    refunded_amount: Decimal | None
    deducted_amount: Decimal | None
    deduction_reason: str
    version: int
    actions: list[str] = []

    @staticmethod
    def resolve_applicant_phone(obj) -> str:
        return mask_phone(obj.applicant_phone)

    @staticmethod
    def resolve_lead_phone(obj) -> str:
        return mask_phone(obj.lead_phone)


class RenovationDetailOut(RenovationOut):
    corrections: list[PassesCorrectionOut] = []
    events: list[EventOut] = []

    @staticmethod
    def resolve_corrections(obj):
        from propdesk.core.corrections import correction_list_for

        return list(correction_list_for(obj))

    @staticmethod
    def resolve_events(obj):
        from propdesk.core.events import event_list_for

        return list(event_list_for(obj))


class RenovationPage(Page):
    items: list[RenovationOut]


class RenovationIn(In):
    unit: int
    owner: int
    applicant_kind: str = "owner"
    owner_authorised: bool = False
    applicant_name: str = Field(..., max_length=50)
    applicant_phone: str = Field(..., max_length=20)
    company: str = Field(..., max_length=100)
    lead_name: str = Field(..., max_length=50)
    lead_phone: str = Field(..., max_length=20)
    start_date: date
    end_date: date
    deposit: Money = Decimal("0")
    scope: str = Field("", max_length=2000)
    refund_account_name: str = Field("", max_length=50)
    refund_bank: str = Field("", max_length=60)
    refund_account_no: str = Field("", max_length=40)


class NoteIn(Versioned):
    note: str = Field("", max_length=300)


class ReasonIn(Versioned):
    reason: str = Field(..., max_length=300)


class ExtendIn(Versioned):
    end_date: date
    reason: str = Field(..., max_length=300)


class RefundIn(Versioned):
    deducted_amount: Money = Decimal("0")
    reason: str = Field("", max_length=300)


class PassOut(Schema):
    id: int
    number: str
    site_id: int
    renovation_id: int
    unit: str = Field(..., alias="renovation.unit.code")
    state: str
    name: str
    gender: str
    phone: str
    id_number: str
    company: str
    trade: str
    valid_from: date
    valid_until: date
    fee: Decimal
    deposit: Decimal
    receipt_no: str
    extension_fees: Decimal
    deposit_state: str
    forfeit_reason: str
    issued_at: datetime
    returned_at: datetime | None
    revoked_at: datetime | None
    revoke_reason: str
    version: int

    @staticmethod
    def resolve_phone(obj) -> str:
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_id_number(obj) -> str:
        return mask_id_number(obj.id_number)


class PassDetailOut(PassOut):
    """One pass with the actions this user may take now and its corrections (R-FM-6)."""

    actions: list[str] = []
    corrections: list[PassesCorrectionOut] = []
    events: list[EventOut] = []

    @staticmethod
    def resolve_corrections(obj):
        from propdesk.core.corrections import correction_list_for

        return list(correction_list_for(obj))

    @staticmethod
    def resolve_events(obj):
        from propdesk.core.events import event_list_for

        return list(event_list_for(obj))


class PassPage(Page):
    items: list[PassOut]


class PassExtendIn(Versioned):
    valid_until: date
    fee: Money8 | None = None
    receipt_no: str = Field("", max_length=30)


class PassRevokeIn(Versioned):
    reason: str = Field(..., max_length=10)
    note: str = Field("", max_length=300)


class ItemIn(In):
    name: str = Field(..., max_length=60)
    quantity: int = Field(..., ge=1, le=9999)
    unit: str = Field("", max_length=10)


class ItemOut(Schema):
    name: str
    quantity: int
    unit: str


class ReleaseOut(Schema):
    id: int
    number: str
    site_id: int
    unit_id: int
    unit: str = Field(..., alias="unit.code")
    state: str
    release_type: str
    applicant_name: str
    applicant_relation: str
    applicant_phone: str
    vehicle_plate: str
    pass_date: date
    valid_until: date
    consent_method: str
    consent_owner_id: int | None
    consent_at: datetime | None
    consent_confirmed_at: datetime | None
    approved_at: datetime | None
    gate_checked_at: datetime | None
    goods_match: bool | None
    goods_difference: str
    carrier_id_last4: str
    items: list[ItemOut]
    version: int
    actions: list[str] = []

    @staticmethod
    def resolve_applicant_phone(obj) -> str:
        return mask_phone(obj.applicant_phone)

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class ReleasePage(Page):
    items: list[ReleaseOut]


class ReleaseIn(In):
    unit: int
    release_type: str = Field(..., max_length=20)
    applicant_name: str = Field(..., max_length=50)
    applicant_relation: str = Field(..., max_length=12)
    applicant_resident: int | None = None
    applicant_phone: str = Field("", max_length=20)
    applicant_company: str = Field("", max_length=100)
    vehicle_plate: str = Field("", max_length=12)
    pass_date: date
    items: list[ItemIn] = Field(..., max_length=50)


class ConsentIn(Versioned):
    owner: int
    note: str = Field("", max_length=300)


class PhoneConsentIn(Versioned):
    phone: str = Field(..., max_length=20)
    note: str = Field("", max_length=300)


class ApproveIn(Versioned):
    arrears_checked: bool


class VerifyIn(In):
    code: str = Field(..., max_length=120)
    direction: str = Field("entry", pattern="^(entry|exit)$")
    site_id: int | None = None


class LetOutIn(In):
    code: str = Field(..., max_length=120)
    goods_match: bool
    carrier_id_last4: str = Field("", max_length=6)
    site_id: int | None = None


class RefuseIn(In):
    code: str = Field(..., max_length=120)
    difference: str = Field(..., max_length=300)
    site_id: int | None = None


class VerdictOut(Schema):
    valid: bool
    code: str
    message: str
    kind: str
    warnings: list[str]
    used_at: datetime | None = None
    used_by: str = ""
    record: dict | None = None


class InspectionForm(Schema):
    day: date
    inspector: str = Field(..., max_length=50)
    result: str = Field(..., max_length=10)
    version: int
    notes: str = Field("", max_length=500)


class PassIssueForm(Schema):
    name: str = Field(..., max_length=50)
    phone: str = Field(..., max_length=20)
    id_number: str = Field(..., max_length=18)
    company: str = Field(..., max_length=100)
    trade: str = Field(..., max_length=30)
    valid_from: date
    valid_until: date
    gender: str = Field("", max_length=1)
    fee: Money8 | None = None
    deposit: Money8 | None = None
    receipt_no: str = Field("", max_length=30)


class ConsentForm(Schema):
    method: str = Field(..., max_length=24)
    owner: int
    version: int
    note: str = Field("", max_length=300)
