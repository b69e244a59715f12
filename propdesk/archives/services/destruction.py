"""Destruction of records past their retention (销毁, R-AR-4, R-FM-8).

The archivist proposes a batch of one site's filed records whose retention has ended (none on an
open loan, none already in an open batch). A CS manager and the centre manager of the site approve
it — two different people, neither the proposer; one person never fills both lines. Executing it
(the archivist, with the method and the witnesses) marks every record destroyed — number and
metadata stay — deletes its files from storage and verifies that they are gone. The batch, its
list, method, witnesses and date are kept forever (nothing here is ever deleted).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, visible_site_ids
from propdesk.core.attachments import attachment_list_for
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from propdesk.core.numbering import number_next
from propdesk.core.statemachine import transition_apply
from propdesk.core.text import require_text
from propdesk.people.roles import Role

from ..models import ArchiveLoan, ArchiveRecord, DestructionBatch
from ..workflow import ARCHIVISTS, DESTRUCTION_FLOW, OPEN_LOANS

B = DestructionBatch.State


def expired_records(site_id: int | None = None):
    """Filed records whose retention has ended and that no open batch holds (the expired list)."""
    qs = ArchiveRecord.objects.filter(
        state=ArchiveRecord.State.FILED, retention_end__lt=timezone.localdate()
    ).exclude(destructions__state__in=(B.PROPOSED, B.APPROVED))
    return qs.filter(site_id=site_id) if site_id else qs


@transaction.atomic
def destruction_propose(*, actor, site, record_ids, reason: str) -> DestructionBatch:
    require_role(actor, ARCHIVISTS)
    reason = require_text(reason, "reason", _("Say why these records are destroyed."), 500)
    ids = {int(i) for i in record_ids or () if str(i).isdigit()}
    if not ids:
        msg = _("Choose the records to destroy.")
        raise InvalidInput(msg, fields={"records": msg})
    records = list(expired_records(site.pk).filter(pk__in=ids))
    if len(records) != len(ids):
        msg = _("Only filed records of this site whose retention has ended can be destroyed.")
        raise InvalidInput(msg, fields={"records": msg})
    if ArchiveLoan.objects.filter(record__in=records, state__in=OPEN_LOANS).exists():
        msg = _("A chosen record is on loan or asked for; wait until it is back.")
        raise InvalidInput(msg, fields={"records": msg})
    batch = DestructionBatch.objects.create(
        number=number_next(scheme="DA-XH", year=timezone.localdate().year),
        site=site,
        reason=reason,
        proposed_by=actor,
    )
    batch.records.set(records)
    event_record(target=batch, code="proposed", actor=actor, data={"records": sorted(ids)})
    return batch


def _line_for(actor, batch) -> str | None:
    if actor.has_any_role({Role.CS_MANAGER}) and batch.csm_approved_at is None:
        if batch.pcm_approved_by_id != actor.pk:
            return "csm"
    if actor.has_any_role({Role.CENTRE_MANAGER}) and batch.pcm_approved_at is None:
        if batch.csm_approved_by_id != actor.pk:
            return "pcm"
    return None


def _require_approver(actor, batch) -> str:
    DESTRUCTION_FLOW.check_role(action="approve", user=actor)
    ids = visible_site_ids(actor)
    if ids is not None and batch.site_id not in ids:
        raise NotFound()
    if actor.pk == batch.proposed_by_id:
        raise NotAllowed(_("Nobody approves a destruction they proposed."), code="self_approval")
    line = _line_for(actor, batch)
    if line is None:
        raise NotAllowed(
            _("A destruction needs a CS manager and the centre manager: two different people."),
            code="second_approver",
        )
    return line


@transaction.atomic
def destruction_approve(*, actor, batch: DestructionBatch, version: int | None = None):
    line = _require_approver(actor, batch)
    now = timezone.now()
    changes = {f"{line}_approved_by": actor, f"{line}_approved_at": now}
    other = "pcm" if line == "csm" else "csm"
    if getattr(batch, f"{other}_approved_at"):
        changes["state"] = B.APPROVED
    transition_apply(
        obj=batch,
        machine=DESTRUCTION_FLOW,
        action="approve",
        actor=actor,
        changes=changes,
        data={"line": line},
        expected_version=version,
    )
    return batch


@transaction.atomic
def destruction_refuse(*, actor, batch: DestructionBatch, note: str, version: int | None = None):
    DESTRUCTION_FLOW.check_role(action="refuse", user=actor)
    _require_approver(actor, batch)
    note = require_text(note, "note", _("Say why the destruction is refused."), 500)
    transition_apply(
        obj=batch,
        machine=DESTRUCTION_FLOW,
        action="refuse",
        actor=actor,
        changes={"decision_note": note},
        note=note,
        expected_version=version,
    )
    return batch


@transaction.atomic
def destruction_execute(
    *, actor, batch: DestructionBatch, method: str, witnesses: str, version: int | None = None
):
    """Destroy the approved batch: records marked destroyed, files deleted and verified gone."""
    DESTRUCTION_FLOW.check_role(action="execute", user=actor)
    method = require_text(method, "method", _("Say how the records were destroyed."), 200)
    witnesses = require_text(witnesses, "witnesses", _("Name the witnesses."), 200)
    records = list(batch.records.all())
    if any(r.state != ArchiveRecord.State.FILED for r in records):
        raise Conflict(_("A record of this batch is no longer filed."), code="not_filed")
    transition_apply(
        obj=batch,
        machine=DESTRUCTION_FLOW,
        action="execute",
        actor=actor,
        changes={
            "method": method,
            "witnesses": witnesses,
            "destroyed_by": actor,
            "destroyed_at": timezone.now(),
        },
        data={"records": [r.pk for r in records]},
        expected_version=version,
    )
    for record in records:
        deleted = _delete_files(record)
        ArchiveRecord.objects.filter(pk=record.pk).update(
            state=ArchiveRecord.State.DESTROYED, version=record.version + 1
        )
        event_record(
            target=record,
            code="destroyed",
            actor=actor,
            data={"batch": batch.number, "files_deleted": deleted},
        )
    return batch


def _delete_files(record) -> int:
    """Delete every stored file of `record` and check each is gone (the row keeps name, size and
    checksum as the record of what was destroyed)."""
    count = 0
    for att in attachment_list_for(record):
        storage, name = att.file.storage, att.file.name
        if storage.exists(name):
            storage.delete(name)
        if storage.exists(name):
            raise Conflict(_("A file could not be deleted; nothing was destroyed."), code="file")
        count += 1
    return count
