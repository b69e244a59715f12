"""API of the gate: verify a code (the verdict only, never another site's data), let a slip out."""

from django.urls import reverse

from .. import services
from ..models import WorkerPass
from . import router
from .schemas import LetOutIn, RefuseIn, ReleaseOut, VerdictOut, VerifyIn


def _record(v) -> dict | None:
    rec = v.record
    if rec is None:
        return None
    if isinstance(rec, WorkerPass):
        return {
            "number": rec.number,
            "name": rec.name,
            "company": rec.company,
            "trade": rec.trade,
            "unit": rec.renovation.unit.code,
            "valid_from": rec.valid_from.isoformat(),
            "valid_until": rec.valid_until.isoformat(),
            "photo_url": reverse("passes:pass-photo", args=[rec.pk]) if rec.photo_id else None,
        }
    return {
        "number": rec.number,
        "unit": rec.unit.code,
        "release_type": rec.release_type,
        "applicant_name": rec.applicant_name,
        "vehicle_plate": rec.vehicle_plate,
        "pass_date": rec.pass_date.isoformat(),
        "items": [
            {"name": i.name, "quantity": i.quantity, "unit": i.unit} for i in rec.items.all()
        ],
    }


@router.post("/passes/verify", response=VerdictOut)
def gate_verify(request, payload: VerifyIn):
    """The gate check of a scanned or typed code; every call is logged. A code of another site
    answers `wrong_site` with no record."""
    v = services.gate_verify(
        actor=request.auth, code=payload.code, site_id=payload.site_id, direction=payload.direction
    )
    return {
        "valid": v.ok,
        "code": v.code,
        "message": v.message,
        "kind": v.kind,
        "warnings": v.warnings,
        "used_at": v.used_at,
        "used_by": v.used_by,
        "record": _record(v),
    }


@router.post("/passes/let-out", response=ReleaseOut)
def gate_let_out(request, payload: LetOutIn):
    """Let a slip's goods out (once); a second call answers 409 `already_used` with who and when."""
    return services.release_let_out(
        actor=request.auth,
        code=payload.code,
        goods_match=payload.goods_match,
        carrier_id_last4=payload.carrier_id_last4,
        site_id=payload.site_id,
    )


@router.post("/passes/refuse", response=ReleaseOut)
def gate_refuse(request, payload: RefuseIn):
    """Refuse a slip's goods at the gate, saying what differed."""
    return services.release_refuse(
        actor=request.auth,
        code=payload.code,
        difference=payload.difference,
        site_id=payload.site_id,
    )
