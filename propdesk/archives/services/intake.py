"""The intake queue (待归档, R-AR-3): material waits here until the archivist files it.

Other apps offer material with `archive_intake_offer(source=obj, title=..., site=...)` (a closed
complaint file, a signed document, minutes, a finished renovation, a record at the end of its
retention); one source is offered once (offering it again returns the waiting entry). The
archivist also enters material by hand. Filing creates the numbered record (the record's own
checks and numbering) and links it; declining needs a reason. The queue shows how long each item
has waited.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.events import event_record
from propdesk.core.exceptions import InvalidInput
from propdesk.core.statemachine import transition_apply
from propdesk.core.text import optional_text, require_text

from ..models import ArchiveClass, ArchiveIntake
from ..workflow import ARCHIVISTS, INTAKE_FLOW
from .records import record_create


def _title(title: str) -> str:
    return require_text(title, "title", _("Say what the material is."), 200)


def archive_intake_offer(
    *,
    source,
    title: str,
    site,
    archive_class_code: str = "",
    label: str = "",
    actor=None,
    note: str = "",
) -> ArchiveIntake:
    """Put `source` in the intake queue of `site` (once per source); call inside the caller's
    transaction. `archive_class_code` suggests a class (e.g. "ts" for complaint files)."""
    ct = ContentType.objects.get_for_model(source)
    found = ArchiveIntake.objects.filter(source_type=ct, source_id=source.pk).first()
    if found is not None:
        return found
    suggested = (
        ArchiveClass.objects.filter(code=archive_class_code).first() if archive_class_code else None
    )
    try:
        with transaction.atomic():
            intake = ArchiveIntake.objects.create(
                site=site,
                title=_title(title),
                source_type=ct,
                source_id=source.pk,
                source_label=(label or str(source))[:120],
                suggested_class=suggested,
                note=(note or "")[:500],
                offered_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:  # offered at the same moment by another transaction
        return ArchiveIntake.objects.get(source_type=ct, source_id=source.pk)
    event_record(target=intake, code="offered", actor=actor, data={"source": intake.source_label})
    return intake


@transaction.atomic
def intake_add(*, actor, site, title: str, archive_class=None, note: str = "") -> ArchiveIntake:
    """Material handed to the archivist on paper (entered by hand)."""
    require_role(actor, ARCHIVISTS)
    if site is None:
        msg = _("Choose the site the material belongs to.")
        raise InvalidInput(msg, fields={"site": msg})
    note = optional_text(note, "note", 500)
    intake = ArchiveIntake.objects.create(
        site=site,
        title=_title(title),
        suggested_class=archive_class,
        note=note,
        offered_by=actor,
        source_label=str(_("Handed in on paper")),
    )
    event_record(target=intake, code="offered", actor=actor, data={"by_hand": True})
    return intake


@transaction.atomic
def intake_file(
    *, actor, intake: ArchiveIntake, archive_class, version: int | None = None, **values
):
    """File waiting material into a numbered record (the record's checks apply). R-AR-3."""
    INTAKE_FLOW.check(action="file", state=intake.state, user=actor)
    values.setdefault("title", intake.title)
    values["title"] = values.get("title") or intake.title
    if intake.completed_on is not None:  # offered at the end of its retention (R-FM-8)
        values["date_to"] = values.get("date_to") or intake.completed_on
        if values.get("retention_years") in (None, ""):
            values["retention_years"] = intake.kept_years
    record = record_create(actor=actor, archive_class=archive_class, site=intake.site, **values)
    transition_apply(
        obj=intake,
        machine=INTAKE_FLOW,
        action="file",
        actor=actor,
        changes={"record": record, "decided_by": actor, "decided_at": timezone.now()},
        data={"record": record.number},
        expected_version=version,
    )
    event_record(target=record, code="from_intake", actor=actor, data={"intake": intake.pk})
    return record


@transaction.atomic
def intake_decline(*, actor, intake: ArchiveIntake, note: str, version: int | None = None):
    INTAKE_FLOW.check_role(action="decline", user=actor)
    note = (note or "").strip()
    if not note:
        msg = _("Say why it is not for the archive.")
        raise InvalidInput(msg, fields={"note": msg})
    transition_apply(
        obj=intake,
        machine=INTAKE_FLOW,
        action="decline",
        actor=actor,
        changes={"decided_by": actor, "decided_at": timezone.now(), "note": note[:500]},
        note=note[:500],
        expected_version=version,
    )
    return intake
