"""API: desks and coverage, leave of post, spot checks, visitor lookup (rooms only), review queue."""

from django.http import Http404
from ninja import Status

from propdesk.core.api import Id, Limit, Offset, paginate
from propdesk.people.roles import Role

from .. import selectors, services
from ..permissions import require_desk_reader, require_lookup_log_reader
from . import router
from .schemas import (
    DeskOut,
    LeaveIn,
    LeaveOut,
    LeavePage,
    LookupIn,
    LookupLogPage,
    LookupOut,
    ReviewRowOut,
    SpotCheckIn,
    SpotCheckOut,
    SpotCheckPage,
)


@router.get("/desk/desks/", response=list[DeskOut])
def desk_list(request, site_id: Id | None = None):
    require_desk_reader(request.auth)
    desks = list(selectors.desk_list_for_user(request.auth, site_id=site_id)[:100])
    holders = selectors.desk_holders(d.pk for d in desks)
    return [
        {
            "id": d.pk,
            "site_id": d.site_id,
            "name": d.name,
            "holder_id": getattr(holders.get(d.pk), "holder_id", None),
            "holder": str(holders[d.pk].holder) if d.pk in holders else None,
        }
        for d in desks
    ]


@router.post("/desk/desks/{desk_id}/take", response=DeskOut)
def desk_take(request, desk_id: int):
    desk = selectors.desk_get_for_user(request.auth, desk_id)
    h = services.desk_take(actor=request.auth, desk=desk)
    return {
        "id": desk.pk,
        "site_id": desk.site_id,
        "name": desk.name,
        "holder_id": h.holder_id,
        "holder": str(h.holder),
    }


@router.post("/desk/visitor-lookups", response=LookupOut)
def visitor_lookup(request, payload: LookupIn):
    """Room numbers only (R-FS-5); there is no other lookup for the agent role."""
    return {"rooms": services.visitor_lookup(actor=request.auth, **payload.dict())}


@router.get("/desk/visitor-lookups/", response=LookupLogPage)
def lookup_log(request, site_id: Id | None = None, limit: Limit = 25, offset: Offset = 0):
    require_lookup_log_reader(request.auth)
    return paginate(
        selectors.lookup_log_for_user(request.auth, site_id=site_id), limit=limit, offset=offset
    )


@router.get("/desk/leave-requests/", response=LeavePage)
def leave_list(request, site_id: Id | None = None, limit: Limit = 25, offset: Offset = 0):
    require_desk_reader(request.auth)
    return paginate(
        selectors.leave_list_for_user(request.auth, site_id=site_id), limit=limit, offset=offset
    )


@router.post("/desk/leave-requests/", response={201: LeaveOut})
def leave_create(request, payload: LeaveIn):
    desk = selectors.desk_get_for_user(request.auth, payload.desk_id)
    replacement = (
        selectors.site_staff(desk.site_id, [Role.AGENT, Role.SUPERVISOR])
        .filter(pk=payload.replacement_id)
        .first()
    )
    leave = services.leave_request(
        actor=request.auth,
        desk=desk,
        replacement=replacement,
        reason=payload.reason,
        minutes=payload.minutes,
    )
    return Status(201, leave)


def _leave_action(request, leave_id: int, fn):
    leave = selectors.leave_get_for_user(request.auth, leave_id)
    return fn(actor=request.auth, leave=leave)


@router.post("/desk/leave-requests/{leave_id}/approve", response=LeaveOut)
def leave_approve(request, leave_id: int):
    return _leave_action(request, leave_id, services.leave_approve)


@router.post("/desk/leave-requests/{leave_id}/reject", response=LeaveOut)
def leave_reject(request, leave_id: int):
    return _leave_action(request, leave_id, services.leave_reject)


@router.post("/desk/leave-requests/{leave_id}/return", response=LeaveOut)
def leave_return(request, leave_id: int):
    return _leave_action(request, leave_id, services.leave_return)


@router.get("/desk/spot-checks/", response=SpotCheckPage)
def spot_check_list(request, site_id: Id | None = None, limit: Limit = 25, offset: Offset = 0):
    require_desk_reader(request.auth)
    qs = selectors.spot_check_list_for_user(request.auth, site_id=site_id)
    return paginate(qs, limit=limit, offset=offset)


@router.post("/desk/spot-checks/", response={201: SpotCheckOut})
def spot_check_create(request, payload: SpotCheckIn):
    desk = selectors.desk_get_for_user(request.auth, payload.desk_id)
    agent = selectors.site_staff(desk.site_id, [Role.AGENT]).filter(pk=payload.agent_id).first()
    if agent is None:
        raise Http404
    results = {f.code: (f.result, f.remark) for f in payload.findings}
    check = services.spot_check_record(
        actor=request.auth, desk=desk, agent=agent, results=results, note=payload.note
    )
    return Status(201, selectors.spot_check_get_for_user(request.auth, check.pk))


@router.get("/desk/review-queue", response=list[ReviewRowOut])
def review_queue(request, site_id: Id | None = None):
    require_desk_reader(request.auth)
    rows = selectors.review_queue_for_user(request.auth, site_id=site_id)
    return [
        {
            "kind": r["kind"],
            "id": r["target"].pk,
            "slot": r["slot"],
            "date": r["date"],
            "overdue": r["overdue"],
            "number": getattr(r["target"], "number", str(r["date"])),
        }
        for r in rows
    ]
