"""API of archive completeness (R-AR-1): a record's required items, the archivist's ticks (the
same service and checks as the record page), the list of incomplete records."""

from datetime import datetime

from ninja import Field, Router, Schema
from pydantic import ConfigDict

from propdesk.core.api import Id, Limit, Offset, Page, paginate

from .. import selectors, services
from ..permissions import record_get_for_user, require_reader

router = Router(tags=["archives"])


class ChecklistIn(Schema):
    model_config = ConfigDict(extra="forbid")
    items: list[Id] = Field(default_factory=list, max_length=200)


class ChecklistItemOut(Schema):
    id: int
    name: str
    ticked: bool
    ticked_by_id: int | None = None
    ticked_at: datetime | None = None


class IncompleteOut(Schema):
    id: int
    number: str
    title: str
    archive_class_id: int
    site_id: int
    missing: int
    created_at: datetime


class IncompletePage(Page):
    items: list[IncompleteOut]


def _out(record) -> list[dict]:
    return [
        {
            "id": c["item"].pk,
            "name": c["item"].display_name,
            "ticked": c["tick"] is not None,
            "ticked_by_id": c["tick"].ticked_by_id if c["tick"] else None,
            "ticked_at": c["tick"].ticked_at if c["tick"] else None,
        }
        for c in services.checklist_of(record)
    ]


@router.get("/archives/records/{record_id}/checklist", response=list[ChecklistItemOut])
def checklist_get(request, record_id: int):
    """The record's required items (its class's checklist) and which are ticked."""
    record = record_get_for_user(request.auth, record_id)
    require_reader(request.auth)
    return _out(record)


@router.post("/archives/records/{record_id}/checklist", response=list[ChecklistItemOut])
def checklist_set(request, record_id: int, payload: ChecklistIn):
    """Tick the required items the record holds (the archivist); the others are unticked."""
    record = record_get_for_user(request.auth, record_id)
    services.record_checklist_set(actor=request.auth, record=record, items=payload.items)
    return _out(record)


@router.get("/archives/incomplete", response=IncompletePage)
def incomplete_list(
    request,
    q: str = "",
    archive_class: Id | None = None,
    site: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Filed records of your sites lacking a required item, oldest first."""
    require_reader(request.auth)
    qs = selectors.incomplete_list_for_user(
        request.auth, site_id=site, q=q[:100], archive_class=archive_class
    )
    return paginate(qs, limit=limit, offset=offset)
