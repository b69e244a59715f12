"""Excel exports of the three registers (R-FS-9), through the core export kinds: the rows come
from the same scoped selectors as the lists, with the list's filters; over 10,000 rows the file
is written in the background. Personal numbers are masked as on every page (P2)."""

from datetime import date
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from propdesk.core.exporting import register_export
from propdesk.core.exports import Column
from propdesk.core.masking import mask_id_number, mask_phone

from .models import GoodsRelease, Renovation, WorkerPass


def _f(filters: dict) -> dict:
    out = dict(filters)
    site = out.pop("site", None)
    out["site_id"] = int(site) if site not in (None, "") else None
    if isinstance(out.get("day"), str) and out["day"]:
        out["day"] = date.fromisoformat(out["day"][:10])
    return out


@lru_cache(maxsize=8)
def _labels(language: str | None) -> dict[str, str]:
    out = {}
    for prefix, choices in (
        ("R", Renovation.State),
        ("P", WorkerPass.State),
        ("D", WorkerPass.Deposit),
        ("G", GoodsRelease.State),
        ("T", GoodsRelease.Type),
        ("C", GoodsRelease.Consent),
    ):
        out.update({f"{prefix}:{v}": str(label) for v, label in choices.choices})
    return out


def _label(prefix: str, value: str) -> str:
    return _labels(get_language()).get(f"{prefix}:{value}", value or "")


RENOVATION_COLUMNS = (
    Column(_("Number"), 18),
    Column(_("Site"), 14),
    Column(_("Unit"), 16),
    Column(_("State"), 16),
    Column(_("Applicant"), 10),
    Column(_("Renovation company"), 22),
    Column(_("Site lead"), 10),
    Column(_("Phone"), 14),
    Column(_("Start date"), 12),
    Column(_("End date"), 12),
    Column(_("Deposit"), 10),
    Column(_("Submitted at"), 17),
    Column(_("Review due"), 12),
    Column(_("Violations"), 8),
    Column(_("Accepted at"), 17),
    Column(_("Deposit refunded"), 10),
    Column(_("Deposit deducted"), 10),
)
RENOVATION_FIELDS = (
    "number",
    "site__name",
    "unit__code",
    "state",
    "applicant_name",
    "company",
    "lead_name",
    "lead_phone",
    "start_date",
    "end_date",
    "deposit",
    "submitted_at",
    "review_due",
    "violation_count",
    "accepted_at",
    "refunded_amount",
    "deducted_amount",
)


def renovation_rows(user, filters):
    from .selectors import renovation_list_for_user

    f = _f(filters)
    qs = renovation_list_for_user(
        user, site_id=f["site_id"], state=f.get("state", ""), q=f.get("q", "")
    )
    return qs.values_list(*RENOVATION_FIELDS)


def renovation_convert(row):
    row = list(row)
    row[3] = _label("R", row[3])
    row[7] = mask_phone(row[7])
    return row


PASS_COLUMNS = (
    Column(_("Pass number"), 18),
    Column(_("Site"), 14),
    Column(_("Unit"), 16),
    Column(_("Renovation"), 18),
    Column(_("Name"), 10),
    Column(_("Phone"), 14),
    Column(_("ID number"), 20),
    Column(_("Company"), 20),
    Column(_("Trade"), 10),
    Column(_("Valid from"), 12),
    Column(_("Valid until"), 12),
    Column(_("State"), 10),
    Column(_("Fee"), 8),
    Column(_("Deposit"), 8),
    Column(_("Receipt number"), 12),
    Column(_("Deposit"), 10),
    Column(_("Issued at"), 17),
    Column(_("Returned at"), 17),
    Column(_("Revoked at"), 17),
)
PASS_FIELDS = (
    "number",
    "site__name",
    "renovation__unit__code",
    "renovation__number",
    "name",
    "phone",
    "id_number",
    "company",
    "trade",
    "valid_from",
    "valid_until",
    "state",
    "fee",
    "deposit",
    "receipt_no",
    "deposit_state",
    "issued_at",
    "returned_at",
    "revoked_at",
)


def pass_rows(user, filters):
    from .selectors import pass_list_for_user

    f = _f(filters)
    qs = pass_list_for_user(
        user, site_id=f["site_id"], status=f.get("status", ""), q=f.get("q", "")
    )
    return qs.values_list(*PASS_FIELDS)


def pass_convert(row):
    row = list(row)
    row[5], row[6] = mask_phone(row[5]), mask_id_number(row[6])
    row[11], row[15] = _label("P", row[11]), _label("D", row[15])
    return row


RELEASE_COLUMNS = (
    Column(_("Slip number"), 18),
    Column(_("Site"), 14),
    Column(_("Unit"), 16),
    Column(_("Type"), 14),
    Column(_("Applicant"), 10),
    Column(_("Vehicle plate"), 10),
    Column(_("Date"), 12),
    Column(_("Valid until"), 12),
    Column(_("Owner consent"), 16),
    Column(_("State"), 16),
    Column(_("Approved at"), 17),
    Column(_("Checked at the gate at"), 17),
    Column(_("Carrier's ID (last digits)"), 10),
    Column(_("What differed"), 24),
)
RELEASE_FIELDS = (
    "number",
    "site__name",
    "unit__code",
    "release_type",
    "applicant_name",
    "vehicle_plate",
    "pass_date",
    "valid_until",
    "consent_method",
    "state",
    "approved_at",
    "gate_checked_at",
    "carrier_id_last4",
    "goods_difference",
)


def release_rows(user, filters):
    from .selectors import release_list_for_user

    f = _f(filters)
    qs = release_list_for_user(
        user, site_id=f["site_id"], state=f.get("state", ""), q=f.get("q", ""), day=f.get("day")
    )
    return qs.values_list(*RELEASE_FIELDS)


def release_convert(row):
    row = list(row)
    row[3], row[8], row[9] = _label("T", row[3]), _label("C", row[8]), _label("G", row[9])
    return row


def register_exports() -> None:
    register_export(
        "renovations",
        title=_("Renovation register"),
        columns=RENOVATION_COLUMNS,
        rows=renovation_rows,
        convert=renovation_convert,
    )
    register_export(
        "worker_passes",
        title=_("Worker pass register"),
        columns=PASS_COLUMNS,
        rows=pass_rows,
        convert=pass_convert,
    )
    register_export(
        "goods_releases",
        title=_("Goods release register"),
        columns=RELEASE_COLUMNS,
        rows=release_rows,
        convert=release_convert,
    )
