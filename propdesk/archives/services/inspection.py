"""Quarterly inspection rounds (每季度全面检查, R-AR-4).

The scheduler opens one round per active site and quarter (`inspection_sweep`; the unique
(site, year, quarter) makes a second opening a no-op, whoever races), with a line for every filed
record of the site and each record's electronic files checked against their SHA-256 — a file that
no longer matches is flagged on its line. The archivist marks each line found / damaged / missing;
a damaged or missing line needs a note (for a damaged record, the repair needed: the repair entry).
Missing records are escalated at once: the site's CS managers are notified. The round closes only
when every line is marked, with its counts; a CS manager of the site countersigns it, never the
person who closed it.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.attachments import attachment_list_for
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.statemachine import transition_apply
from propdesk.core.text import optional_text
from propdesk.orgs.models import Site

from ..models import ArchiveRecord, InspectionLine, InspectionRound
from ..workflow import ROUND_FLOW
from .records import checksum_ok

R = InspectionLine.Result


def quarter_of(day) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _files_ok(record) -> bool | None:
    files = list(attachment_list_for(record))
    if not files:
        return None
    return all(checksum_ok(att) for att in files)


def inspection_round_open(*, site, day=None) -> tuple[InspectionRound, bool]:
    """Open the round of `site` for the quarter of `day` (today); (round, created)."""
    year, quarter = quarter_of(day or timezone.localdate())
    found = InspectionRound.objects.filter(site=site, year=year, quarter=quarter).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            rnd = InspectionRound.objects.create(site=site, year=year, quarter=quarter)
            records = ArchiveRecord.objects.filter(site=site, state=ArchiveRecord.State.FILED)
            InspectionLine.objects.bulk_create(
                [
                    InspectionLine(round=rnd, record=r, files_ok=_files_ok(r))
                    for r in records.iterator()
                ]
            )
            rnd.bad_files = rnd.lines.filter(files_ok=False).count()
            rnd.save(update_fields=["bad_files"])
            event_record(target=rnd, code="round_opened", data={"year": year, "quarter": quarter})
    except IntegrityError:  # opened by another runner at the same moment
        return InspectionRound.objects.get(site=site, year=year, quarter=quarter), False
    return rnd, True


def inspection_sweep() -> int:
    """The scheduler's turn: open this quarter's round at every active site (once each)."""
    return sum(inspection_round_open(site=s)[1] for s in Site.objects.filter(is_active=True))


@transaction.atomic
def inspection_mark(*, actor, rnd: InspectionRound, line_id, result: str, note: str = ""):
    """Mark one line of the round (the line is looked up within this round only: A3)."""
    ROUND_FLOW.check(action="mark", state=rnd.state, user=actor)
    line = rnd.lines.select_related("record").filter(pk=line_id).first() if line_id else None
    if line is None:
        from propdesk.core.exceptions import NotFound

        raise NotFound()
    if result not in (R.FOUND, R.DAMAGED, R.MISSING):
        msg = _("Choose found, damaged or missing.")
        raise InvalidInput(msg, fields={"result": msg})
    note = optional_text(note, "note", 500)
    if result != R.FOUND and not note:
        msg = _("Say what is damaged and the repair needed, or where it was last seen.")
        raise InvalidInput(msg, fields={"note": msg})
    line.result, line.note = result, note
    line.checked_by, line.checked_at = actor, timezone.now()
    line.save(update_fields=["result", "note", "checked_by", "checked_at"])
    event_record(
        target=line.record,
        code="inspected",
        actor=actor,
        data={"round": rnd.pk, "result": result},
        note=note,
    )
    if result == R.MISSING:
        _escalate(rnd, line)
    return line


def _escalate(rnd: InspectionRound, line: InspectionLine) -> None:
    from propdesk.notify.services import notify
    from propdesk.people.models import User
    from propdesk.records.common import recipients_language

    managers = User.objects.filter(
        is_active=True, groups__name="cs_manager", staff__sites=rnd.site
    ).distinct()
    with recipients_language():
        notify(
            recipients=managers,
            code="archive_missing",
            title=str(_("Archive record missing: %(number)s") % {"number": line.record.number}),
            body=line.note,
            url=reverse("archives:round-detail", args=[rnd.pk]),
            site_id=rnd.site_id,
            dedupe_key=f"archive-missing-{line.pk}",
        )


@transaction.atomic
def inspection_close(*, actor, rnd: InspectionRound, version: int | None = None):
    """Close the round with its counts, once every line is marked."""
    ROUND_FLOW.check_role(action="close", user=actor)
    lines = rnd.lines.all()
    if lines.filter(result=R.PENDING).exists():
        raise Conflict(
            _("%(n)d records are not checked yet.") % {"n": lines.filter(result=R.PENDING).count()},
            code="pending_lines",
        )
    counts = {k: lines.filter(result=k).count() for k in (R.FOUND, R.DAMAGED, R.MISSING)}
    transition_apply(
        obj=rnd,
        machine=ROUND_FLOW,
        action="close",
        actor=actor,
        changes={
            "found": counts[R.FOUND],
            "damaged": counts[R.DAMAGED],
            "missing": counts[R.MISSING],
            "closed_by": actor,
            "closed_at": timezone.now(),
        },
        data={k: v for k, v in counts.items()},
        expected_version=version,
    )
    return rnd


@transaction.atomic
def inspection_countersign(*, actor, rnd: InspectionRound, version: int | None = None):
    """A CS manager of the site countersigns the closed round (never whoever closed it)."""
    ROUND_FLOW.check_role(action="countersign", user=actor)
    if actor.pk == rnd.closed_by_id:
        raise NotAllowed(_("Nobody countersigns a round they closed."), code="self_approval")
    from propdesk.core.access import visible_site_ids

    ids = visible_site_ids(actor)
    if ids is not None and rnd.site_id not in ids:
        from propdesk.core.exceptions import NotFound

        raise NotFound()
    transition_apply(
        obj=rnd,
        machine=ROUND_FLOW,
        action="countersign",
        actor=actor,
        changes={"countersigned_by": actor, "countersigned_at": timezone.now()},
        expected_version=version,
    )
    return rnd
