"""API: mail and parcels (never the pickup code), newspapers, reminders."""

from propdesk.core.api import Id, Limit, Offset, one_of, paginate, refuse_unknown_choice
from propdesk.core.exceptions import InvalidInput
from propdesk.core.idempotency import idempotent
from propdesk.orgs.selectors import unit_get_for_user
from propdesk.people.selectors import resident_get_for_user

from .. import selectors, services
from ..models import MailItem
from ..permissions import require_desk_agent, require_desk_reader
from ..services.mail import MAIL_FLOW
from . import router
from .schemas import HandOverIn, MailDetailOut, MailIn, MailOut, MailPage, ReturnReasonIn

MAIL_STATES = ["waiting", *MailItem.State.values]


@router.get("/desk/parcels/", response=MailPage)
def mail_list(
    request,
    site_id: Id | None = None,
    state: one_of(MAIL_STATES) = "",
    q: str = "",
    overdue: bool = False,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """`state`: one of the item's states, or `waiting` (received or notified, not yet picked up)."""
    require_desk_reader(request.auth)
    refuse_unknown_choice("state", state, MAIL_STATES)
    qs = selectors.mail_list_for_user(
        request.auth, site_id=site_id, state=state, q=q, overdue=overdue
    )
    return paginate(qs, limit=limit, offset=offset)


def _detail(user, item) -> MailDetailOut:
    """The item with its notices and the actions that would succeed for `user` now."""
    out = MailDetailOut.from_orm(item)
    actions = MAIL_FLOW.allowed_actions(state=item.state, user=user)
    out.actions = actions + (["resend_code"] if services.can_resend(user, item) else [])
    return out


# Declared before `/desk/parcels/{item_id}`, whose pattern would take "remind" (405).
@router.post("/desk/parcels/remind", response={200: dict})
def mail_remind(request, site_id: Id | None = None):
    require_desk_agent(request.auth)
    return {"reminded": services.mail_remind_overdue(actor=request.auth, site_id=site_id)}


@router.get("/desk/parcels/{item_id}", response=MailDetailOut)
def mail_get(request, item_id: int):
    """One item, with the notices sent to the resident (never the pickup code)."""
    require_desk_reader(request.auth)
    return _detail(request.auth, selectors.mail_get_for_user(request.auth, item_id))


@router.post("/desk/parcels/{item_id}/resend-code", response=MailDetailOut)
def mail_resend_code(request, item_id: int):
    """Send the pickup code to the resident again, in the app and by text message where set up;
    the text goes out through the task worker (R-FD-4). 409 `no_channel` when nothing reaches them."""
    item = selectors.mail_get_for_user(request.auth, item_id)
    services.mail_code_resend(actor=request.auth, item=item)
    return _detail(request.auth, selectors.mail_get_for_user(request.auth, item_id))


@router.post("/desk/parcels/", response={201: MailOut})
def mail_create(request, payload: MailIn):
    unit = unit_get_for_user(request.auth, payload.unit_id)
    resident = (
        resident_get_for_user(request.auth, payload.resident_id) if payload.resident_id else None
    )

    def make():
        item = services.mail_register(
            actor=request.auth,
            site_id=unit.site_id,
            unit=unit,
            resident=resident,
            **payload.dict(exclude={"unit_id", "resident_id"}),
        )
        return 201, MailOut.from_orm(item).model_dump(mode="json")

    return idempotent(request, payload=payload.model_dump(mode="json"), create=make)


@router.post("/desk/parcels/{item_id}/hand-over", response=MailOut)
def mail_hand_over(request, item_id: int, payload: HandOverIn):
    item = selectors.mail_get_for_user(request.auth, item_id)
    data = payload.dict()
    version = data.pop("version")
    return services.mail_hand_over(actor=request.auth, item=item, expected_version=version, **data)


@router.post("/desk/parcels/{item_id}/return", response=MailOut)
def mail_return(request, item_id: int, payload: ReturnReasonIn):
    item = selectors.mail_get_for_user(request.auth, item_id)
    return services.mail_return(actor=request.auth, item=item, reason=payload.text)


@router.post("/desk/newspapers/deliver", response={200: dict})
def newspapers_deliver(request, site_id: Id):
    if site_id <= 0:
        raise InvalidInput()
    return {"registered": services.newspaper_deliver(actor=request.auth, site_id=site_id)}
