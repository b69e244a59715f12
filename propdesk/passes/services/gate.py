"""The gate check (门岗核验): a scanned or typed code → the verdict; a slip is let out once.

The code's signature is checked before any record is read, and a code of another site is
answered "not valid here" without reading its record: a guard never sees another site's data.
Every scan is logged (GateScan), genuine or not; a pass scan records entry or exit. R-FD-2, R-FD-3.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import visible_site_ids
from propdesk.core.exceptions import Conflict, InvalidInput
from propdesk.core.statemachine import transition_apply
from propdesk.orgs.models import Site

from .. import tokens
from ..models import GateScan, GoodsRelease, Renovation, WorkerPass
from ..permissions import require_guard
from ..workflow import R_PASSABLE, RELEASE_FLOW
from .common import is_working_day, optional_text, require_text
from .signatures import slip_guard_sign


@dataclass
class Verdict:
    """What the guard sees: valid or not, why, and the record only when it is of this gate's site."""

    ok: bool
    code: str
    message: str
    kind: str = ""
    record: WorkerPass | GoodsRelease | None = None
    warnings: list[str] = field(default_factory=list)
    used_at: datetime | None = None
    used_by: str = ""
    scan: GateScan | None = None


def _gate_sites(actor, site_id: int | None) -> set[int]:
    ids = visible_site_ids(actor)
    if site_id is not None:
        if ids is not None and site_id not in ids:
            return set()
        return {site_id}
    return set(ids) if ids is not None else set(Site.objects.values_list("id", flat=True))


def _site_of(code: tokens.ParsedCode, gate_sites: set[int]) -> tuple[int | None, str]:
    """(site id, "") for a genuine code of one of the gate's sites, else (None, verdict code)."""
    if code.site_id is not None:
        if not tokens.signed_by(code, code.site_id):
            return None, "forged"
        return (code.site_id, "") if code.site_id in gate_sites else (None, "wrong_site")
    for site_id in sorted(gate_sites):
        if tokens.signed_by(code, site_id):
            return site_id, ""
    others = Site.objects.exclude(pk__in=gate_sites).values_list("id", flat=True)
    if any(tokens.signed_by(code, other) for other in others):
        return None, "wrong_site"
    return None, "forged"


def _pass_verdict(p: WorkerPass, today) -> Verdict:
    r = p.renovation
    if p.state == WorkerPass.State.REVOKED:
        msg = _("Revoked on %(date)s (%(reason)s): keep the pass and refuse entry.") % {
            "date": timezone.localdate(p.revoked_at),
            "reason": p.get_revoke_reason_display(),
        }
        return Verdict(False, "revoked", msg)
    if p.state == WorkerPass.State.RETURNED:
        msg = _("This pass was returned on %(date)s.") % {"date": timezone.localdate(p.returned_at)}
        return Verdict(False, "returned", msg)
    if today > p.valid_until or today > r.end_date:
        last = min(p.valid_until, r.end_date)
        return Verdict(False, "expired", _("Expired on %(date)s.") % {"date": last})
    if today < p.valid_from:
        return Verdict(
            False, "not_yet_valid", _("Valid only from %(date)s.") % {"date": p.valid_from}
        )
    if r.state not in R_PASSABLE:
        msg = _("The renovation of %(unit)s is “%(state)s”: no entry.") % {
            "unit": r.unit.code,
            "state": r.get_state_display(),
        }
        return Verdict(False, "renovation_inactive", msg)
    return Verdict(True, "valid", _("Valid until %(date)s.") % {"date": p.valid_until})


def _hours_warnings(r: Renovation, now) -> list[str]:
    local = timezone.localtime(now)
    t, warnings = local.time(), []
    if not r.weekends_allowed and not is_working_day(local.date()):
        warnings.append(_("Today is a rest day: no renovation work is allowed."))
    elif not (r.am_start <= t < r.am_end or r.pm_start <= t < r.pm_end):
        warnings.append(
            _("Outside the allowed working hours (%(hours)s).") % {"hours": r.hours_text}
        )
    return warnings


def _release_verdict(g: GoodsRelease, today) -> Verdict:
    if g.state == GoodsRelease.State.RELEASED:
        who = str(g.gate_checked_by or "")
        when = timezone.localtime(g.gate_checked_at)
        msg = _("Already used: let out on %(time)s by %(guard)s.") % {
            "time": when.strftime("%Y-%m-%d %H:%M"),
            "guard": who,
        }
        return Verdict(False, "already_used", msg, used_at=g.gate_checked_at, used_by=who)
    if g.state == GoodsRelease.State.GATE_REFUSED:
        msg = _("Already refused at the gate on %(time)s: a new slip is needed.") % {
            "time": timezone.localtime(g.gate_checked_at).strftime("%Y-%m-%d %H:%M")
        }
        return Verdict(
            False,
            "already_refused",
            msg,
            used_at=g.gate_checked_at,
            used_by=str(g.gate_checked_by or ""),
        )
    if g.state in (GoodsRelease.State.CANCELLED, GoodsRelease.State.DECLINED):
        return Verdict(
            False,
            "cancelled",
            _("This slip is void: %(state)s.") % {"state": g.get_state_display()},
        )
    if g.state != GoodsRelease.State.APPROVED:
        return Verdict(False, "not_approved", _("This slip has not been approved by the desk."))
    if not g.pass_date <= today <= g.valid_until:
        if g.pass_date == g.valid_until:
            msg = _("Not today: this slip is valid only on %(date)s.") % {"date": g.pass_date}
        else:
            msg = _("Not today: this slip is valid from %(start)s to %(end)s.") % {
                "start": g.pass_date,
                "end": g.valid_until,
            }
        return Verdict(False, "not_today", msg)
    return Verdict(True, "valid", _("Valid today: check the goods against the list."))


FORGED = "forged"


def gate_resolve(*, actor, code: str, site_id: int | None = None) -> Verdict:
    """Read `code` for the gate of `site_id` (or of the guard's sites); logs nothing."""
    require_guard(actor)
    parsed = tokens.parse(code)
    if parsed is None:
        return Verdict(False, FORGED, _("This is not a PropDesk pass or slip code."))
    site, refusal = _site_of(parsed, _gate_sites(actor, site_id))
    if refusal == "wrong_site":
        return Verdict(False, refusal, _("Not valid here: this code belongs to another site."))
    if refusal:
        return Verdict(False, FORGED, _("Forged or altered code: refuse and report to the desk."))
    today = timezone.localdate()
    if parsed.kind == "pass":
        rec = (
            WorkerPass.objects.select_related("renovation__unit", "photo")
            .filter(site_id=site, number=parsed.number)
            .first()
        )
        verdict = _pass_verdict(rec, today) if rec else None
    else:
        rec = (
            GoodsRelease.objects.select_related("unit", "gate_checked_by")
            .filter(site_id=site, number=parsed.number)
            .first()
        )
        verdict = _release_verdict(rec, today) if rec else None
    if verdict is None:
        return Verdict(False, FORGED, _("Forged or altered code: refuse and report to the desk."))
    verdict.kind, verdict.record = parsed.kind, rec
    if parsed.kind == "pass" and verdict.ok:
        verdict.warnings = _hours_warnings(rec.renovation, timezone.now())
    return verdict


def _log(actor, verdict: Verdict, site_id: int | None, direction: str) -> GateScan:
    rec = verdict.record
    gate_sites = _gate_sites(actor, site_id)
    return GateScan.objects.create(
        site_id=rec.site_id
        if rec is not None
        else (min(gate_sites) if len(gate_sites) == 1 else None),
        guard=actor,
        at=timezone.now(),
        worker_pass=rec if isinstance(rec, WorkerPass) else None,
        release=rec if isinstance(rec, GoodsRelease) else None,
        verdict=verdict.code,
        direction=direction if isinstance(rec, WorkerPass) else "",
    )


def gate_verify(
    *, actor, code: str, site_id: int | None = None, direction: str = "entry"
) -> Verdict:
    """Check a scanned or typed code at the gate and log the scan (entry/exit for a pass).

    Reads, then one INSERT in autocommit: no transaction around it (two round trips fewer on
    every scan; the log row is the only write)."""
    if direction not in GateScan.Direction.values:
        raise InvalidInput(_("Choose entry or exit."), fields={"direction": _("Required.")})
    verdict = gate_resolve(actor=actor, code=code, site_id=site_id)
    verdict.scan = _log(actor, verdict, site_id, direction)
    return verdict


def _slip_for_gate(actor, code: str, site_id: int | None) -> GoodsRelease:
    verdict = gate_resolve(actor=actor, code=code, site_id=site_id)
    if verdict.kind != "release" or verdict.record is None:
        raise Conflict(verdict.message, code=verdict.code)
    if not verdict.ok:
        raise Conflict(verdict.message, code=verdict.code)
    return verdict.record


def _used_conflict(release: GoodsRelease) -> Conflict:
    fresh = GoodsRelease.objects.select_related("gate_checked_by").get(pk=release.pk)
    verdict = _release_verdict(fresh, timezone.localdate())
    return Conflict(verdict.message, code=verdict.code if not verdict.ok else "stale")


@transaction.atomic
def release_let_out(
    *, actor, code: str, goods_match: bool, carrier_id_last4: str, site_id: int | None = None
) -> GoodsRelease:
    """Let the goods out: the goods match the slip, the carrier's ID is recorded. Once only. R-FD-3."""
    release = _slip_for_gate(actor, code, site_id)
    if not goods_match:
        raise InvalidInput(
            _("The goods do not match the slip: refuse, and say what differed."),
            code="goods_mismatch",
            fields={"goods_match": _("The goods must match.")},
        )
    last = (carrier_id_last4 or "").strip().upper()
    if not (
        4 <= len(last) <= 6 and last[:-1].isdigit() and (last[-1].isdigit() or last[-1] == "X")
    ):
        raise InvalidInput(
            _("Record the last 4 to 6 characters of the carrier's ID number."),
            code="carrier_id",
            fields={"carrier_id_last4": _("4 to 6 digits (the last may be X).")},
        )
    changes = {
        "gate_checked_by": actor,
        "gate_checked_at": timezone.now(),
        "goods_match": True,
        "carrier_id_last4": last,
    }
    return _gate_move(release, "release", actor, changes)


@transaction.atomic
def release_refuse(
    *, actor, code: str, difference: str, site_id: int | None = None
) -> GoodsRelease:
    """Refuse the goods at the gate (they differ from the slip); the slip is void. R-FD-3."""
    release = _slip_for_gate(actor, code, site_id)
    text = require_text(difference, "difference", _("Say what differed from the slip."), 300)
    changes = {
        "gate_checked_by": actor,
        "gate_checked_at": timezone.now(),
        "goods_match": False,
        "goods_difference": text,
        "closing_note": optional_text(text, "closing_note", 300),
    }
    return _gate_move(release, "refuse", actor, changes, note=text)


def _gate_move(release, action, actor, changes, note=""):
    RELEASE_FLOW.check(action=action, state=release.state, user=actor)
    try:
        # A savepoint: the losing scans of a race read the winner's row after the failed UPDATE.
        with transaction.atomic():
            transition_apply(
                obj=release,
                machine=RELEASE_FLOW,
                action=action,
                actor=actor,
                changes=changes,
                note=note,
            )
    except Conflict:
        raise _used_conflict(release) from None
    slip_guard_sign(release, actor, changes["gate_checked_at"], note=note)
    return release
