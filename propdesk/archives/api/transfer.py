"""API of custody transfer (R-AR-6): draw up a list (signed at once by the outgoing custodian),
read it, sign it (the incoming archivist), withdraw it; the same services and checks as the pages."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from propdesk.core.api import Id
from propdesk.core.exceptions import InvalidInput
from propdesk.core.signatures import signature_list_for
from propdesk.people.models import User

from .. import services
from ..views.transfer import transfer_get_for_user

router = Router(tags=["archives"])


class TransferIn(Schema):
    model_config = ConfigDict(extra="forbid")
    to_user: Id
    records: list[Id] = Field(..., min_length=1, max_length=2000)
    note: str = Field("", max_length=500)


class VersionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int


class SignatureOut(Schema):
    slot: str
    signer_id: int | None
    signed_at: datetime | None


class TransferOut(Schema):
    id: int
    from_user_id: int
    to_user_id: int
    state: str
    note: str
    created_at: datetime
    done_at: datetime | None
    version: int
    records: list[int]
    signatures: list[SignatureOut]


def _out(t) -> dict:
    return {
        **{k: getattr(t, k) for k in ("id", "from_user_id", "to_user_id", "state", "note")},
        **{k: getattr(t, k) for k in ("created_at", "done_at", "version")},
        "records": list(t.records.order_by("pk").values_list("pk", flat=True)),
        "signatures": list(
            signature_list_for(t).order_by("id").values("slot", "signer_id", "signed_at")
        ),
    }


@router.post("/archives/transfers", response={201: TransferOut})
def transfer_create(request, payload: TransferIn):
    """Draw up a transfer list of records in your custody; your handover line is signed."""
    to_user = User.objects.filter(pk=payload.to_user).first()
    if to_user is None:
        msg = _("Hand over to another archivist.")
        raise InvalidInput(msg, fields={"to_user": msg})
    t = services.transfer_propose(
        actor=request.auth, to_user=to_user, records=payload.records, note=payload.note
    )
    return 201, _out(t)


@router.get("/archives/transfers/{transfer_id}", response=TransferOut)
def transfer_get(request, transfer_id: int):
    return _out(transfer_get_for_user(request.auth, transfer_id))


@router.post("/archives/transfers/{transfer_id}/sign", response=TransferOut)
def transfer_sign(request, transfer_id: int, payload: VersionIn):
    """Sign your line; when both are signed the records change custodian."""
    t = transfer_get_for_user(request.auth, transfer_id)
    services.transfer_sign(actor=request.auth, transfer=t, version=payload.version)
    t.refresh_from_db()
    return _out(t)


@router.post("/archives/transfers/{transfer_id}/cancel", response=TransferOut)
def transfer_cancel(request, transfer_id: int, payload: VersionIn):
    """Withdraw an open list (either archivist on it)."""
    t = transfer_get_for_user(request.auth, transfer_id)
    services.transfer_cancel(actor=request.auth, transfer=t, version=payload.version)
    return _out(t)
