"""Completeness of archive records (R-AR-1): each class has a configured checklist of required
items; the archivist ticks, on the record, the items it holds. A record is incomplete while an item
of its class in use is not ticked (the list of incomplete records is one query, see selectors).

Where the rules are silent: the archivist sends the whole set of items present (ticking and
unticking in one step); an item of another class, or taken out of use, is refused; a destroyed
record's checklist no longer changes.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.events import event_record
from propdesk.core.exceptions import InvalidInput

from ..models import ArchiveRecord, ChecklistItem, ChecklistTick
from ..workflow import ARCHIVISTS, RECORD_FLOW

MAX_ITEMS = 200


def _ids(raw) -> set[int]:
    msg = _("Tick only the items of the record's class.")
    out = set()
    for value in raw or []:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            raise InvalidInput(msg, fields={"items": msg}) from None
        if not 0 < pk < 2**31:
            raise InvalidInput(msg, fields={"items": msg})
        out.add(pk)
    if len(out) > MAX_ITEMS:
        raise InvalidInput(msg, fields={"items": msg})
    return out


@transaction.atomic
def record_checklist_set(*, actor, record: ArchiveRecord, items) -> list[int]:
    """Record which required items `record` holds (the others are not there). R-AR-1."""
    require_role(actor, ARCHIVISTS)
    RECORD_FLOW.check(action="checklist", state=record.state, user=actor)
    wanted = _ids(items)
    valid = set(
        ChecklistItem.objects.filter(
            archive_class_id=record.archive_class_id, active=True, pk__in=wanted
        ).values_list("pk", flat=True)
    )
    if wanted - valid:
        msg = _("Tick only the items of the record's class.")
        raise InvalidInput(msg, fields={"items": msg})
    ArchiveRecord.objects.select_for_update().filter(pk=record.pk).first()
    have = set(ChecklistTick.objects.filter(record=record).values_list("item_id", flat=True))
    added, removed = sorted(wanted - have), sorted(have - wanted)
    if removed:
        ChecklistTick.objects.filter(record=record, item_id__in=removed).delete()
    ChecklistTick.objects.bulk_create(
        [ChecklistTick(record=record, item_id=pk, ticked_by=actor) for pk in added]
    )
    if added or removed:
        event_record(
            target=record,
            code="checklist",
            actor=actor,
            data={"ticked": added, "unticked": removed},
        )
    return sorted(wanted)


def checklist_of(record: ArchiveRecord) -> list[dict]:
    """The record's required items, in order, each with whether it is ticked (one query)."""
    ticked = {
        t.item_id: t
        for t in ChecklistTick.objects.filter(record=record).select_related("ticked_by")
    }
    items = ChecklistItem.objects.filter(archive_class_id=record.archive_class_id, active=True)
    return [{"item": i, "tick": ticked.get(i.pk)} for i in items]
