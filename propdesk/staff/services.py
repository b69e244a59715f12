"""Writes of the staff app: punches, leave and corrections, the month summary, complaints and
fines, the ledger. R-ST-3 … R-ST-7. Money: Decimal, rounded to the fen by ROUND_HALF_UP."""

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import require_write
from propdesk.core.calendar import calendar_spec_for
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.statemachine import transition_apply
from propdesk.core.text import require_text
from propdesk.orgs.models import FrontDesk
from propdesk.people.models import StaffProfile

from . import attendance, qr
from .models import (
    DEFAULT_FINES,
    MIN_FINE,
    AttendanceRule,
    DeskStation,
    FineScale,
    LeaveRequest,
    LedgerEntry,
    MonthSummary,
    Punch,
    PunchCorrection,
    Schedule,
    Severity,
    StaffComplaint,
)
from .permissions import can_decide, can_manage
from .rules import RuleTerms, fen, lateness_lines
from .workflow import (
    LEDGER_FLOW,
    MONTH_FLOW,
    PUNCH_CORRECTION_FLOW,
    STAFF_COMPLAINT_FLOW,
    STAFF_LEAVE_FLOW,
)

ZERO = Decimal("0.00")


def _sites_of(person) -> set[int]:
    return set(StaffProfile.objects.filter(user=person).values_list("sites", flat=True)) - {None}


def _home_site_id(person) -> int:
    sched = Schedule.objects.filter(person=person).values_list("site_id", flat=True).first()
    if sched:
        return sched
    sites = sorted(_sites_of(person))
    if not sites:
        raise InvalidInput(_("You are not assigned to a site."), code="no_site")
    return sites[0]


# --- clock-in / clock-out (R-ST-3) -------------------------------------------------------------


@transaction.atomic
def punch_record(*, actor, kind: str, code: str = "", address: str = "", now=None) -> Punch:
    """Clock in or out at a desk PC of the person's site (by its address) or by the desk's
    current QR code; anywhere else, and with a forged or expired code, it is refused."""
    require_write(actor)
    if kind not in Punch.Kind.values:
        raise InvalidInput(_("Choose clock-in or clock-out."), fields={"kind": _("Required.")})
    now = now or timezone.now()
    if code:
        desk_id, why = qr.desk_of_code(code, now.timestamp())
        if desk_id is None:
            msg = (
                _("This QR code has expired; scan the code the desk shows now.")
                if why == "expired"
                else _("This is not a valid desk QR code.")
            )
            raise InvalidInput(msg, code=f"qr_{why}", fields={"code": msg})
        desk = FrontDesk.objects.filter(pk=desk_id).first()
        method = Punch.Method.QR
    else:
        station = DeskStation.objects.select_related("desk").filter(address=address).first()
        desk = station.desk if station else None
        method = Punch.Method.PC
    if desk is None or desk.site_id not in _sites_of(actor):
        raise NotAllowed(
            _("Clock in at a desk PC of your site or by scanning your desk's QR code."),
            code="not_at_desk",
        )
    punch = Punch.objects.create(
        person=actor, site_id=desk.site_id, desk=desk, at=now, kind=kind, method=method
    )
    event_record(target=punch, code="clocked", actor=actor, data={"kind": kind, "method": method})
    return punch


# --- leave and punch corrections (approved by someone above the person, A7) ---------------------


def _date(value, field):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(
            _("Enter a valid date."), fields={field: _("Enter a valid date.")}
        ) from None


@transaction.atomic
def leave_request(*, actor, kind, first_day, last_day, reason) -> LeaveRequest:
    require_write(actor)
    if kind not in LeaveRequest.Kind.values:
        raise InvalidInput(_("Choose the type of leave."), fields={"kind": _("Required.")})
    first, last = _date(first_day, "first_day"), _date(last_day, "last_day")
    if last < first or (last - first).days > 90:
        raise InvalidInput(
            _("The last day must be on or after the first, within 90 days."),
            fields={"last_day": _("Check the dates.")},
        )
    reason = require_text(reason, "reason", _("Give a reason."), 300)
    row = LeaveRequest.objects.create(
        person=actor,
        site_id=_home_site_id(actor),
        kind=kind,
        first_day=first,
        last_day=last,
        reason=reason,
    )
    event_record(target=row, code="filed", actor=actor)
    return row


def _decide(machine, row, actor, approve, extra=None):
    action = "approve" if approve else "reject"
    machine.check_role(action=action, user=actor)
    if not can_decide(actor, row.person, row.site_id):
        raise NotAllowed(
            _("Only a supervisor above the person decides; never on your own request."),
            code="self_approval" if actor.pk == row.person_id else "not_above",
        )
    transition_apply(
        obj=row,
        machine=machine,
        action=action,
        actor=actor,
        changes={"decided_by": actor, "decided_at": timezone.now(), **(extra or {})},
    )


@transaction.atomic
def leave_decide(*, actor, leave: LeaveRequest, approve: bool) -> LeaveRequest:
    _decide(STAFF_LEAVE_FLOW, leave, actor, approve)
    if approve:
        for month in _months_between(leave.first_day, leave.last_day):
            _after_change(leave.person, leave.site_id, month, actor)
    return leave


def _months_between(a, b):
    m = attendance.month_start(a)
    while m <= b:
        yield m
        m = attendance.next_month(m)


@transaction.atomic
def correction_request(*, actor, kind, at, reason) -> PunchCorrection:
    """Ask for a missing punch to be recorded; it counts only once someone above approves it."""
    require_write(actor)
    if kind not in Punch.Kind.values:
        raise InvalidInput(_("Choose clock-in or clock-out."), fields={"kind": _("Required.")})
    if isinstance(at, str):
        try:
            at = datetime.datetime.fromisoformat(at)
        except ValueError:
            raise InvalidInput(
                _("Enter a valid time."), fields={"at": _("Enter a valid time.")}
            ) from None
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > timezone.now():
        raise InvalidInput(_("A punch cannot be in the future."), fields={"at": _("Too late.")})
    reason = require_text(reason, "reason", _("Give a reason."), 300)
    row = PunchCorrection.objects.create(
        person=actor, site_id=_home_site_id(actor), kind=kind, at=at, reason=reason
    )
    event_record(target=row, code="filed", actor=actor)
    return row


@transaction.atomic
def correction_decide(*, actor, correction: PunchCorrection, approve: bool) -> PunchCorrection:
    _decide(PUNCH_CORRECTION_FLOW, correction, actor, approve)
    if approve:
        Punch.objects.create(
            person_id=correction.person_id,
            site_id=correction.site_id,
            at=correction.at,
            kind=correction.kind,
            method=Punch.Method.CORRECTION,
            correction=correction,
        )
        day = timezone.localtime(correction.at).date()
        _after_change(correction.person, correction.site_id, attendance.month_start(day), actor)
    return correction


# --- the month (R-ST-4, R-ST-5) --------------------------------------------------------------


def rule_for(company_id: int, month: datetime.date) -> AttendanceRule | None:
    """The rule in force on the month's first day (the latest effective date on or before it)."""
    return (
        AttendanceRule.objects.filter(company_id=company_id, effective_from__lte=month)
        .order_by("-effective_from")
        .first()
    )


def _terms(rule) -> RuleTerms:
    if rule is None:
        return RuleTerms()
    return RuleTerms(rule.first_count, rule.first_percent, rule.later_percent, rule.grace_minutes)


def probation_end(profile) -> datetime.date | None:
    """The profile's probation end, or three months from hire by default (R-ST-5)."""
    if profile is None:
        return None
    if profile.probation_end:
        return profile.probation_end
    if not profile.hire_date:
        return None
    h = profile.hire_date
    y, m = divmod(h.month - 1 + 3, 12)
    year, mon = h.year + y, m + 1
    import calendar as pycal

    day = min(h.day, pycal.monthrange(year, mon)[1])
    return datetime.date(year, mon, day) - datetime.timedelta(days=1)


def _compute_one(summary, schedule, profile, punches, leave_days, complaints, ledger, terms, spec):
    month = summary.month
    days = attendance.evaluate(
        attendance.scheduled_days(schedule, month, spec), punches, leave_days, terms.grace_minutes
    )
    base = profile.base_salary if profile and profile.base_salary is not None else ZERO
    late = [d for d in days if "late" in d.flags]
    lines = []
    deduction = ZERO
    for (n, pct, amount), day in zip(lateness_lines(base, len(late), terms), late, strict=True):
        deduction += amount
        lines.append(
            {
                "kind": "lateness",
                "n": n,
                "date": day.date.isoformat(),
                "minutes": day.late_minutes,
                "percent": str(pct),
                "amount": str(-amount),
            }
        )
    fines = ZERO
    for c in complaints:
        if c.state == StaffComplaint.State.CONFIRMED:
            fines += c.fine
            lines.append(
                {
                    "kind": "fine",
                    "id": c.pk,
                    "date": c.occurred_on.isoformat(),
                    "severity": c.severity,
                    "amount": str(-c.fine),
                    "correction": c.is_correction,
                }
            )
    ledger_total = ZERO
    for e in ledger:
        ledger_total += e.amount
        lines.append(
            {
                "kind": e.kind,
                "id": e.pk,
                "note": e.note,
                "amount": str(e.amount),
                "correction": bool(e.corrects_month),
                "corrects": e.corrects_month.isoformat() if e.corrects_month else "",
            }
        )
    end = probation_end(profile)
    month_end = attendance.month_days(month)[-1]
    on_probation = bool(
        end and profile.hire_date and profile.hire_date <= month_end and end >= month
    ) or bool(end and not profile.hire_date and end >= month)
    flagged = on_probation and any(
        c.state != StaffComplaint.State.WITHDRAWN
        and c.source in (StaffComplaint.Source.TICKET, StaffComplaint.Source.SALES)
        for c in complaints
    )
    r = terms
    summary.rule_first_count, summary.rule_first_percent = r.first_count, r.first_percent
    summary.rule_later_percent, summary.rule_grace_minutes = r.later_percent, r.grace_minutes
    summary.base_salary = base
    summary.scheduled_days = len(days)
    summary.worked_days = sum(1 for d in days if d.punches)
    summary.late_days = len(late)
    summary.early_days = sum(1 for d in days if "early" in d.flags)
    summary.missing_days = sum(1 for d in days if "missing" in d.flags)
    summary.absent_days = sum(1 for d in days if "absent" in d.flags)
    summary.leave_days = sum(1 for d in days if d.leave)
    summary.lateness_deduction = fen(deduction)
    summary.fines = fen(fines)
    summary.ledger_total = fen(ledger_total)
    summary.net = fen(base - deduction - fines + ledger_total)
    summary.on_probation = on_probation
    summary.probation_flag = flagged
    summary.days = [d.as_json() for d in days]
    summary.lines = lines
    summary.computed_at = timezone.now()
    return summary


@transaction.atomic
def month_compute(*, site, month: datetime.date, person_ids=None) -> int:
    """(Re)compute the draft summaries of everyone scheduled on `site` for `month`; reviewed and
    confirmed months are left as they are. A fixed number of queries, whatever the head count."""
    month = attendance.month_start(month)
    schedules = Schedule.objects.filter(site=site).select_related("shift")
    if person_ids is not None:
        schedules = schedules.filter(person_id__in=person_ids)
    schedules = {s.person_id: s for s in schedules}
    existing = {
        s.person_id: s
        for s in MonthSummary.objects.filter(month=month, person_id__in=list(schedules))
    }
    todo = [pid for pid in schedules if pid not in existing or existing[pid].state == "draft"]
    if not todo:
        return 0
    profiles = {p.user_id: p for p in StaffProfile.objects.filter(user_id__in=todo)}
    days = attendance.month_days(month)
    tz = timezone.get_default_timezone()
    lo = datetime.datetime.combine(days[0], datetime.time(0), tzinfo=tz) - datetime.timedelta(1)
    hi = datetime.datetime.combine(days[-1], datetime.time(0), tzinfo=tz) + datetime.timedelta(3)
    punches = defaultdict(list)
    rows = Punch.objects.filter(person_id__in=todo, at__gte=lo, at__lt=hi).order_by("at")
    for pid, when, kind, method in rows.values_list("person_id", "at", "kind", "method"):
        punches[pid].append(attendance.PunchRow(when, kind, method))
    leaves = defaultdict(set)
    for lv in LeaveRequest.objects.filter(
        person_id__in=todo, state="approved", first_day__lte=days[-1], last_day__gte=days[0]
    ):
        d = lv.first_day
        while d <= lv.last_day:
            leaves[lv.person_id].add(d)
            d += datetime.timedelta(days=1)
    complaints = defaultdict(list)
    for c in StaffComplaint.objects.filter(person_id__in=todo, month=month):
        complaints[c.person_id].append(c)
    ledger = defaultdict(list)
    for e in LedgerEntry.objects.filter(person_id__in=todo, month=month, state="granted"):
        ledger[e.person_id].append(e)
    rule = rule_for(site.company_id, month)
    terms = _terms(rule)
    spec = calendar_spec_for(None)
    create, update = [], []
    for pid in todo:
        summary = existing.get(pid) or MonthSummary(person_id=pid, month=month)
        summary.site_id = site.pk
        summary.rule = rule
        _compute_one(
            summary,
            schedules[pid],
            profiles.get(pid),
            punches[pid],
            leaves[pid],
            complaints[pid],
            ledger[pid],
            terms,
            spec,
        )
        (update if summary.pk else create).append(summary)
    # A draft is rewritten whole: deleted and inserted again under its own id and a new version
    # (two statements per 500 rows; an UPDATE … CASE per field would grow with the head count).
    for s in update:
        s.version += 1
    MonthSummary.objects.filter(pk__in=[s.pk for s in update], state="draft").delete()
    MonthSummary.objects.bulk_create(create + update, batch_size=500)
    return len(todo)


def _after_change(person, site_id, month, actor):
    """Recompute a draft month after a change; for a confirmed month, the difference in the
    lateness deduction goes into the next open month as a correction line (R-FM-6)."""
    summary = MonthSummary.objects.filter(person=person, month=month).first()
    from propdesk.orgs.models import Site

    site = Site.objects.get(pk=summary.site_id if summary else site_id)
    if summary is None or summary.state == MonthSummary.State.DRAFT:
        month_compute(site=site, month=month, person_ids=[person.pk])
        return
    if summary.state != MonthSummary.State.CONFIRMED:
        return
    # what the confirmed month would be now, computed on a copy that is never saved
    probe = MonthSummary(person_id=person.pk, month=month, site_id=summary.site_id)
    sched = Schedule.objects.select_related("shift").get(person=person)
    profile = StaffProfile.objects.filter(user=person).first()
    days = attendance.month_days(month)
    tz = timezone.get_default_timezone()
    lo = datetime.datetime.combine(days[0], datetime.time(0), tzinfo=tz) - datetime.timedelta(1)
    hi = datetime.datetime.combine(days[-1], datetime.time(0), tzinfo=tz) + datetime.timedelta(3)
    punches = list(Punch.objects.filter(person=person, at__gte=lo, at__lt=hi).order_by("at"))
    leave_days = set()
    for lv in LeaveRequest.objects.filter(person=person, state="approved"):
        d = lv.first_day
        while d <= lv.last_day:
            leave_days.add(d)
            d += datetime.timedelta(days=1)
    terms = RuleTerms(
        summary.rule_first_count,
        summary.rule_first_percent,
        summary.rule_later_percent,
        summary.rule_grace_minutes,
    )
    _compute_one(probe, sched, profile, punches, leave_days, [], [], terms, calendar_spec_for(None))
    diff = summary.lateness_deduction - probe.lateness_deduction
    if diff:
        _ledger_create(
            person=person,
            site_id=summary.site_id,
            month=month,
            kind=LedgerEntry.Kind.CORRECTION,
            amount=diff,
            note=_("Attendance corrected after the month was confirmed"),
            actor=actor,
            granted=True,
            source="attendance",
        )


def _open_month(person_id, month):
    """`month`, or the first later month whose summary is not confirmed, and whether it moved."""
    confirmed = set(
        MonthSummary.objects.filter(
            person_id=person_id, month__gte=month, state=MonthSummary.State.CONFIRMED
        ).values_list("month", flat=True)
    )
    m = month
    while m in confirmed:
        m = attendance.next_month(m)
    return m, m != month


def _summary_for_actions(summary, actor, action):
    MONTH_FLOW.check_role(action=action, user=actor)
    if not can_manage(actor, summary.person, summary.site_id):
        raise NotAllowed(
            _("A manager above the person reviews and confirms the month, never their own."),
            code="self_approval" if actor.pk == summary.person_id else "not_above",
        )


@transaction.atomic
def month_review(*, actor, summary: MonthSummary, version: int | None = None):
    _summary_for_actions(summary, actor, "review")
    transition_apply(
        obj=summary,
        machine=MONTH_FLOW,
        action="review",
        actor=actor,
        changes={"reviewed_by": actor},
        expected_version=version,
    )
    return summary


@transaction.atomic
def month_reopen(*, actor, summary: MonthSummary, version: int | None = None):
    _summary_for_actions(summary, actor, "reopen")
    transition_apply(
        obj=summary, machine=MONTH_FLOW, action="reopen", actor=actor, expected_version=version
    )
    return summary


@transaction.atomic
def month_confirm(*, actor, summary: MonthSummary, version: int | None = None):
    """Freeze the month: from now on it never changes."""
    _summary_for_actions(summary, actor, "confirm")
    transition_apply(
        obj=summary,
        machine=MONTH_FLOW,
        action="confirm",
        actor=actor,
        changes={"confirmed_by": actor, "confirmed_at": timezone.now()},
        expected_version=version,
    )
    return summary


# --- staff complaints and fines (R-ST-6) -----------------------------------------------------


def default_fine(company_id: int, severity: str) -> Decimal:
    row = FineScale.objects.filter(company_id=company_id, severity=severity).first()
    return row.amount if row else DEFAULT_FINES[severity]


def _money(value, field) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            _("Enter an amount in yuan."), fields={field: _("Enter an amount.")}
        ) from None
    if not amount.is_finite() or abs(amount) >= Decimal("100000000"):
        raise InvalidInput(_("Enter an amount in yuan."), fields={field: _("Out of range.")})
    return fen(amount)


@transaction.atomic
def complaint_file(
    *, actor, person, source, severity, description, occurred_on, fine=None, ticket=None
) -> StaffComplaint:
    """File a complaint against `person` with its fine (the severity's default, at least 10)."""
    require_write(actor)
    if source not in StaffComplaint.Source.values:
        raise InvalidInput(_("Choose where the complaint came from."), fields={"source": "?"})
    if severity not in Severity.values:
        raise InvalidInput(_("Choose the severity."), fields={"severity": _("Required.")})
    if actor.pk == person.pk:
        raise NotAllowed(_("You cannot file a complaint against yourself."), code="self")
    site_id = _home_site_id(person)
    if ticket is not None:
        if ticket.target_staff_id != person.pk:
            raise InvalidInput(
                _("That ticket does not name this person as the one complained about."),
                fields={"ticket": _("Not this person.")},
            )
        source = StaffComplaint.Source.TICKET
    from propdesk.orgs.models import Site

    company_id = Site.objects.values_list("company_id", flat=True).get(pk=site_id)
    amount = default_fine(company_id, severity) if fine in (None, "") else _money(fine, "fine")
    if amount < MIN_FINE:
        raise InvalidInput(
            _("A fine is at least 10.00 yuan."),
            code="fine_too_low",
            fields={"fine": _("At least 10.00 yuan.")},
        )
    description = require_text(description, "description", _("Say what happened."), 1000)
    day = _date(occurred_on, "occurred_on")
    month, moved = _open_month(person.pk, attendance.month_start(day))
    row = StaffComplaint.objects.create(
        person=person,
        site_id=site_id,
        source=source,
        ticket=ticket,
        severity=severity,
        fine=amount,
        occurred_on=day,
        month=month,
        is_correction=moved,
        description=description,
        reported_by=actor,
    )
    event_record(target=row, code="filed", actor=actor)
    _recompute(person.pk, site_id, month)
    return row


@transaction.atomic
def complaint_statement(*, actor, complaint: StaffComplaint, statement: str):
    """The person states their side, while the manager has not decided yet."""
    require_write(actor)
    if actor.pk != complaint.person_id:
        raise NotAllowed(_("Only the person complained about states their side."))
    if complaint.state != StaffComplaint.State.OPEN:
        raise Conflict(_("The manager has already decided on this complaint."), code="decided")
    complaint.statement = require_text(statement, "statement", _("Write your side."), 1000)
    complaint.version += 1
    complaint.save(update_fields=["statement", "version"])
    event_record(target=complaint, code="statement", actor=actor)
    return complaint


@transaction.atomic
def complaint_decide(*, actor, complaint: StaffComplaint, confirm: bool, version=None):
    action = "confirm" if confirm else "withdraw"
    STAFF_COMPLAINT_FLOW.check_role(action=action, user=actor)
    if not can_manage(actor, complaint.person, complaint.site_id) or (
        actor.pk == complaint.reported_by_id and confirm
    ):
        raise NotAllowed(
            _("A manager above the person, who did not file it, confirms the complaint."),
            code="self_approval",
        )
    month, moved = _open_month(complaint.person_id, complaint.month)
    transition_apply(
        obj=complaint,
        machine=STAFF_COMPLAINT_FLOW,
        action=action,
        actor=actor,
        changes={
            "decided_by": actor,
            "decided_at": timezone.now(),
            "month": month,
            "is_correction": complaint.is_correction or moved,
        },
        expected_version=version,
    )
    _recompute(complaint.person_id, complaint.site_id, month)
    return complaint


def _recompute(person_id, site_id, month):
    summary = MonthSummary.objects.filter(person_id=person_id, month=month).first()
    if summary is not None and summary.state == MonthSummary.State.DRAFT:
        from propdesk.orgs.models import Site

        month_compute(
            site=Site.objects.get(pk=summary.site_id), month=month, person_ids=[person_id]
        )


# --- the rewards and penalties ledger (R-ST-7) -----------------------------------------------


def _ledger_create(*, person, site_id, month, kind, amount, note, actor, granted, source=""):
    target, moved = _open_month(person.pk, attendance.month_start(month))
    entry = LedgerEntry.objects.create(
        person=person,
        site_id=site_id,
        month=target,
        kind=kind,
        amount=amount,
        note=note,
        source=source[:40],
        corrects_month=month if moved or kind == "correction" else None,
        state=LedgerEntry.State.GRANTED if granted else LedgerEntry.State.SUGGESTED,
        granted_by=actor if granted else None,
        created_by=actor,
    )
    event_record(target=entry, code="grant" if granted else "filed", actor=actor)
    if granted:
        _recompute(person.pk, site_id, target)
    return entry


@transaction.atomic
def ledger_entry_add(
    *, actor, person, month, kind, amount, note, source: str = "", suggested: bool = False
) -> LedgerEntry:
    """Add a line to a person's month, for any app: a reward, commission or bonus (positive), a
    penalty (negative). `suggested=True` (e.g. the performance score's bonus) leaves it for a
    manager's grant; otherwise the actor grants it now and must stand above the person — nobody
    grants their own. A line for a confirmed month goes into the next open month as a correction.
    """
    if kind not in LedgerEntry.Kind.values or kind == LedgerEntry.Kind.CORRECTION:
        raise InvalidInput(_("Choose the kind of entry."), fields={"kind": _("Required.")})
    amount = _money(amount, "amount")
    if amount == 0:
        raise InvalidInput(_("The amount cannot be zero."), fields={"amount": _("Not zero.")})
    if kind == LedgerEntry.Kind.PENALTY and amount > 0:
        amount = -amount
    note = require_text(note, "note", _("Say what the entry is for."), 300)
    site_id = _home_site_id(person)
    if not suggested:
        require_write(actor)
        LEDGER_FLOW.check_role(action="grant", user=actor)
        if not can_decide(actor, person, site_id):
            raise NotAllowed(
                _("Someone above the person grants it; nobody grants their own."),
                code="self_approval" if actor and actor.pk == person.pk else "not_above",
            )
    return _ledger_create(
        person=person,
        site_id=site_id,
        month=_date(month, "month"),
        kind=kind,
        amount=amount,
        note=note,
        actor=actor,
        granted=not suggested,
        source=source,
    )


@transaction.atomic
def ledger_entry_grant(*, actor, entry: LedgerEntry, version=None) -> LedgerEntry:
    LEDGER_FLOW.check_role(action="grant", user=actor)
    if not can_decide(actor, entry.person, entry.site_id):
        raise NotAllowed(
            _("Someone above the person grants it; nobody grants their own."),
            code="self_approval",
        )
    month, moved = _open_month(entry.person_id, entry.month)
    transition_apply(
        obj=entry,
        machine=LEDGER_FLOW,
        action="grant",
        actor=actor,
        changes={
            "granted_by": actor,
            "month": month,
            "corrects_month": entry.month if moved else entry.corrects_month,
        },
        expected_version=version,
    )
    _recompute(entry.person_id, entry.site_id, month)
    return entry
