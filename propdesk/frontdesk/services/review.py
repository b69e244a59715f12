"""Daily review signatures (R-HO-7) and countersigns (R-FM-5) on front-desk records."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.signatures import signature_list_for, signature_sign

from ..models import DutyLog, MailLogDay, ShiftHandover
from ..permissions import MANAGERS, SUPERVISORS
from .common import require_site

# Which slots each record type has for review, and who may sign them.
REVIEW_SLOTS = {
    ShiftHandover: {"supervisor": SUPERVISORS, "manager": MANAGERS},
    DutyLog: {"countersign": SUPERVISORS, "manager": MANAGERS},
    MailLogDay: {"countersign": SUPERVISORS},
}


def _ready(target) -> bool:
    if isinstance(target, ShiftHandover):
        return target.state == ShiftHandover.State.ACCEPTED
    if isinstance(target, DutyLog):
        return target.is_closed
    return True


@transaction.atomic
def record_sign(*, actor, target, slot: str, note: str = ""):
    """Sign a review slot of a handover, duty log or mail-log day, with time. R-HO-7, R-FM-5.

    The people on the record (outgoing, incoming, recorder) never review it, and the supervisor
    and manager lines are signed by two different people.
    """
    roles = REVIEW_SLOTS.get(type(target), {}).get(slot)
    if roles is None:
        raise InvalidInput(_("This record has no such signature line."), code="bad_slot")
    if actor.is_read_only or not actor.has_any_role(roles):
        raise NotAllowed(_("Your role may not sign this line."), code="role")
    require_site(actor, target.site_id)
    if not _ready(target):
        raise Conflict(
            _("The record is signed after the shift has been handed over."), code="not_ready"
        )
    involved = {getattr(target, f, None) for f in ("outgoing_id", "incoming_id", "recorder_id")}
    if actor.pk in involved:
        raise NotAllowed(_("You cannot review a record you are on."), code="self_sign")
    others = (
        signature_list_for(target)
        .exclude(slot=slot)
        .filter(slot__in=["supervisor", "countersign", "manager"])
    )
    if others.filter(signer=actor).exists():
        raise NotAllowed(_("Another reviewer must sign this line."), code="same_reviewer")
    return signature_sign(target=target, slot=slot, actor=actor, note=note)


def review_overdue_notify() -> int:
    """Flag yesterday's unsigned review lines to the supervisors and managers of the site (R-HO-7).

    Run by the periodic sweep; one notification per person, site and day (dedupe key).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from django.utils.translation import gettext

    from propdesk.core.models import Signature
    from propdesk.notify.services import notify
    from propdesk.people.roles import Role

    from ..selectors import site_staff

    today = timezone.localdate()
    cts = ContentType.objects.get_for_models(*REVIEW_SLOTS).values()
    pending = Signature.objects.filter(
        content_type__in=list(cts),
        signer__isnull=True,
        slot__in=["supervisor", "countersign", "manager"],
        requested_at__date__lt=today,
    )
    sent = 0
    for site_id in set(pending.values_list("site_id", flat=True)):
        recipients = site_staff(site_id, [Role.SUPERVISOR, Role.CS_MANAGER, Role.CENTRE_MANAGER])
        sent += len(
            notify(
                recipients=recipients,
                code="review.overdue",
                title=gettext("Front-desk records from an earlier day still await your signature"),
                url="/desk/review/",
                site_id=site_id,
                dedupe_key=f"review.overdue.{site_id}.{today}",
            )
        )
    return sent
