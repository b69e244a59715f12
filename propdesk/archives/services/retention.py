"""The other apps' end-of-retention lists feeding the archive (R-FM-8, R-AR-3, R-AR-4).

A record of another app (a ticket, a contact, a duty log, minutes …) whose retention period has
ended (`propdesk.records.retention`) is not deleted there: a CS manager, the centre manager or the
GM offers it from the end-of-retention list to the archive's intake queue. The entry remembers the
day the record was completed and how many years it was to be kept, so that filing it gives the
archive record that period — already over — and it appears at once on the destruction page, where
the archivist proposes it in a batch that needs its two approvals (R-AR-4). One source is offered
once; offering it again returns the entry already there.
"""

import math

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.exceptions import InvalidInput
from propdesk.people.roles import Role

from ..models import ArchiveIntake
from .intake import archive_intake_offer

OFFERERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM})
MAX_IDS = 200
# The class an offered record of each kind is filed in, where the kind names one.
CLASSES = {"ticket": "ts", "contact": "ts", "meeting": "hy", "document": "wj"}


def _fail(message):
    return InvalidInput(message, fields={"ids": message})


def _completed_on(obj):
    basis = getattr(obj, "retention_basis", None)
    if basis is None:
        return None
    return timezone.localtime(basis).date() if hasattr(basis, "tzinfo") else basis


@transaction.atomic
def retention_offer(*, actor, kind_code: str, ids) -> list[ArchiveIntake]:
    """Offer records of kind `kind_code` whose retention has ended to the intake queue."""
    from propdesk.core.exceptions import NotFound
    from propdesk.records import retention

    require_role(actor, OFFERERS)
    try:
        k = retention.kind(kind_code)
    except NotFound:
        msg = _("Choose a kind of record.")
        raise InvalidInput(msg, fields={"kind": msg}) from None
    raw = [str(i).strip() for i in ids or ()]
    if any(not r.isdigit() or len(r) > 17 for r in raw):
        raise _fail(_("Only records you may see whose retention period has ended can be offered."))
    wanted = {int(r) for r in raw}
    if not wanted:
        raise _fail(_("Choose the records to offer to the archive."))
    if len(wanted) > MAX_IDS:
        raise _fail(_("At most %(n)d records at a time.") % {"n": MAX_IDS})
    days = retention.days_for(k)
    found = list(retention.expired(actor, k, days=days).filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise _fail(_("Only records you may see whose retention period has ended can be offered."))
    if any(getattr(o, "site_id", None) is None for o in found):
        raise _fail(_("A chosen record belongs to no site; the archive files records per site."))
    years = max(1, math.ceil(days / 365))
    out = []
    for obj in found:
        number = getattr(obj, k.number, "") or obj.pk
        title = str(getattr(obj, k.title, "") or "") if k.title else ""
        label = f"{k.label} {number}"
        intake = archive_intake_offer(
            source=obj,
            title=(title.strip() or label)[:200],
            site=obj.site,
            archive_class_code=CLASSES.get(k.code, "wj"),
            label=label,
            actor=actor,
            note=str(_("Retention period ended (%(days)d days).") % {"days": days}),
        )
        if intake.completed_on is None and intake.state == ArchiveIntake.State.WAITING:
            completed = _completed_on(obj)
            ArchiveIntake.objects.filter(pk=intake.pk).update(
                completed_on=completed, kept_years=years
            )
            intake.completed_on, intake.kept_years = completed, years
        out.append(intake)
    return out
