"""The signature lines of the goods release slip, in the shared signature slots (R-FM-5, R-FD-3).

The paper slip (DOMAIN.md §1.6) is "stamped by CS" and the guard "records the carrier's ID number
and signs with time": two lines, kept as `core.models.Signature` rows like the handover's and the
duty log's lines, so every print and queue reads them the same way.

- `desk_stamp`: opened and signed by the desk person who approves the slip, at the approval;
- `guard`: opened at the approval, signed by the guard who lets the goods out or refuses them.

The applicant's (owner's) signature stays on the paper only: the printed slip leaves a line for it
and the system records the owner's consent instead (consent method, who, when). The renovation's
acceptance form (验收单) names no signature lines in DOMAIN.md §1.5: its acceptance is recorded as
who accepted and when, and no slot is opened for it.

The lines carry no timeline event of their own: the approval and the gate check are already one
event each (one event per successful action, as the stateful tests check).
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from propdesk.core.models import Signature
from propdesk.core.signatures import signature_list_for, signature_request

DESK_STAMP = "desk_stamp"
GUARD = "guard"
SLIP_SLOTS = (DESK_STAMP, GUARD)


def _sign(line: Signature, actor, at, note: str = "") -> int:
    return Signature.objects.filter(pk=line.pk, signer__isnull=True).update(
        signer=actor, signed_at=at, note=note[:300]
    )


def slip_lines_open(release, actor) -> None:
    """At the approval: the desk's stamp, signed by the approver, and the guard's line to sign.

    A slip is approved once (the state machine), so the lines are new: one INSERT each."""
    stamp = signature_request(
        target=release, slot=DESK_STAMP, requested_by=actor, summary=release.number, new=True
    )
    _sign(stamp, actor, release.approved_at or timezone.now())
    signature_request(
        target=release, slot=GUARD, requested_by=actor, summary=release.number, new=True
    )


def slip_guard_sign(release, actor, at, note: str = "") -> None:
    """The guard signs the slip's gate line with the time of the check: one UPDATE (a slip
    approved before the lines existed gets its line now)."""
    ct = ContentType.objects.get_for_model(release)
    signed = Signature.objects.filter(
        content_type=ct, object_id=release.pk, slot=GUARD, signer__isnull=True
    ).update(signer=actor, signed_at=at, note=note[:300])
    if not signed:
        line = signature_request(target=release, slot=GUARD, summary=release.number)
        _sign(line, actor, at, note)


def slip_lines(release) -> dict[str, Signature]:
    """{slot: its line} of a slip (one query)."""
    return {s.slot: s for s in signature_list_for(release) if s.slot in SLIP_SLOTS}
