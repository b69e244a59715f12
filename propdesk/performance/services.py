"""Every write of the performance app: submit and review daily reports, compute scores and
confirm their bonus line, record training. R-ST-2, R-ST-8, R-ST-9."""

import datetime
import logging
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import require_write, visible_site_ids
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from propdesk.core.statemachine import transition_apply
from propdesk.core.text import optional_text, require_text
from propdesk.people.models import User

from . import selectors
from .activity import activity_counts
from .inputs import score_inputs
from .models import DailyReport, Score, ScoreWeights, TrainingAttendance, TrainingSession, in_force
from .permissions import is_reporter, is_trainer
from .scoring import COMPONENTS, period_bounds, rates_of, suggested_bonus, weighted_score
from .workflow import REPORT_FLOW, SCORE_CONFIRMERS, SCORE_FLOW, SCORED

log = logging.getLogger(__name__)


def _require_site(user, site_id: int) -> None:
    ids = visible_site_ids(user)
    if ids is not None and site_id not in ids:
        raise NotFound()


def _bad(field: str, message) -> InvalidInput:
    return InvalidInput(message, fields={field: message})


def report_date_check(day) -> datetime.date:
    """A report is for today or a past day, never a future one."""
    if not isinstance(day, datetime.date):
        raise _bad("date", _("Give the date of the report."))
    if day > timezone.localdate():
        raise _bad("date", _("A daily report cannot be written for a day that has not come yet."))
    return day


@transaction.atomic
def report_submit(*, actor, site, day: datetime.date, notes: str = "") -> DailyReport:
    """Submit one's own daily report: the day's counts are taken from the records now. R-ST-2."""
    require_write(actor)
    if not is_reporter(actor):
        raise NotAllowed(_("Only desk staff write daily reports."))
    _require_site(actor, site.pk)
    day = report_date_check(day)
    notes = optional_text(notes, "notes", 4000, label=_("Notes"))
    if DailyReport.objects.filter(author=actor, date=day).exists():
        raise Conflict(_("Your report for this day is already submitted."), code="exists")
    try:
        with transaction.atomic():
            report = DailyReport.objects.create(
                site=site,
                author=actor,
                date=day,
                state=DailyReport.State.SUBMITTED,
                counts=activity_counts(actor, day),
                notes=notes,
                submitted_at=timezone.now(),
            )
    except IntegrityError:  # a second tab submitted the same day a moment earlier
        raise Conflict(_("Your report for this day is already submitted."), code="exists") from None
    event_record(target=report, code="submitted", actor=actor, data={"date": day.isoformat()})
    return report


@transaction.atomic
def report_accept(
    *, actor, report: DailyReport, comment: str = "", version: int | None = None
) -> DailyReport:
    """The CS manager accepts a submitted report with an optional comment; never their own. R-ST-2."""
    _require_site(actor, report.site_id)
    if actor.pk == report.author_id:
        raise NotAllowed(_("Nobody reviews their own report."), code="own")
    comment = optional_text(comment, "comment", 2000, label=_("Comment"))
    transition_apply(
        obj=report,
        machine=REPORT_FLOW,
        action="accept",
        actor=actor,
        changes={"reviewed_by": actor, "reviewed_at": timezone.now(), "review_comment": comment},
        note=comment,
        expected_version=version,
    )
    return report


def missing_reports_sweep() -> int:
    """The scheduler's pass: how many reports of the last working days are missing (logged per site)."""
    today = timezone.localdate()
    found = selectors.missing_reports(None, today - datetime.timedelta(days=7), today)
    if found:
        log.info("daily reports missing: %d in the last seven days", len(found))
    return len(found)


def _period(period: str, year, number) -> tuple[datetime.date, datetime.date]:
    if period not in Score.Period.values:
        raise _bad("period", _("Choose a month or a quarter."))
    top = 12 if period == Score.Period.MONTH else 4
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise _bad("year", _("Give a year between 2000 and 2100."))
    if not isinstance(number, int) or not 1 <= number <= top:
        raise _bad("number", _("Give a month from 1 to 12 or a quarter from 1 to 4."))
    start, end = period_bounds(period, year, number)
    if start > timezone.localdate():
        raise _bad("number", _("That period has not started yet."))
    return start, end


def score_one(
    *, person, site, period: str, year: int, number: int, weights: ScoreWeights, start, end
) -> Score:
    """Compute (or recompute, while its bonus line is unconfirmed) one person's score."""
    raw = score_inputs(person, site, start, end)
    rates = rates_of(raw, points_per_complaint=weights.points_per_complaint)
    w = weights.as_dict()
    value = weighted_score(rates, w)
    for c in COMPONENTS:
        raw[c]["weight"] = w[c]
        raw[c]["rate"] = None if rates[c] is None else f"{float(rates[c]):.4f}"
    bonus = suggested_bonus(value, full=weights.bonus_full, threshold=weights.bonus_threshold)
    key = {"person": person, "site": site, "period": period, "year": year, "number": number}
    existing = Score.objects.filter(**key).first()
    if existing is not None and existing.state == Score.BonusState.CONFIRMED:
        return existing  # a confirmed line is kept as it was confirmed
    fields = {"start": start, "end": end, "weights": weights, "inputs": raw, "score": value}
    fields |= {"computed_at": timezone.now(), "suggested_bonus": bonus}
    if existing is None:
        return Score.objects.create(**key, **fields)
    Score.objects.filter(pk=existing.pk).update(**fields)
    existing.refresh_from_db()
    return existing


@transaction.atomic
def scores_compute(*, actor, site, period: str, year: int, number: int) -> list[Score]:
    """Compute the period's score for every desk staff member of the site. R-ST-8."""
    require_write(actor)
    if not actor.has_any_role(SCORE_CONFIRMERS):
        raise NotAllowed()
    _require_site(actor, site.pk)
    start, end = _period(period, year, number)
    weights = in_force(ScoreWeights, end) or in_force(ScoreWeights, start)
    if weights is None:
        raise Conflict(
            _("No score weights are configured for this period (administration)."),
            code="no_weights",
        )
    people = User.objects.filter(
        is_active=True, groups__name__in=SCORED, staff__sites=site
    ).distinct()
    scores = [
        score_one(
            person=p,
            site=site,
            period=period,
            year=year,
            number=number,
            weights=weights,
            start=start,
            end=end,
        )
        for p in people
    ]
    for s in scores:
        event_record(target=s, code="computed", actor=actor, data={"score": str(s.score)})
    return scores


def parse_amount(raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0 or value > Decimal("99999999.99"):
        raise _bad("amount", _("Give an amount such as 500.00 (0 or more)."))
    if value != value.quantize(Decimal("0.01")):
        raise _bad("amount", _("An amount has at most two decimals."))
    return value


@transaction.atomic
def score_confirm(*, actor, score: Score, amount=None, version: int | None = None) -> Score:
    """A manager of the chain confirms the suggested bonus line (or a changed amount); never their own. R-ST-8, A7."""
    _require_site(actor, score.site_id)
    if actor.pk == score.person_id:
        raise NotAllowed(_("Nobody confirms their own bonus."), code="own")
    value = parse_amount(amount)
    value = score.suggested_bonus if value is None else value
    transition_apply(
        obj=score,
        machine=SCORE_FLOW,
        action="confirm",
        actor=actor,
        changes={"confirmed_bonus": value, "confirmed_by": actor, "confirmed_at": timezone.now()},
        data={"suggested": str(score.suggested_bonus), "confirmed": str(value)},
        expected_version=version,
    )
    if value > 0:
        _bonus_to_ledger(actor=actor, score=score, amount=value)
    return score


def _bonus_to_ledger(*, actor, score: Score, amount: Decimal) -> None:
    """The confirmed bonus becomes a granted bonus line of the person's month in the staff ledger
    (R-ST-7, R-ST-8): the month of a monthly score, the quarter's last month for a quarterly one.
    The ledger's own rule applies — the confirmer stands above the person — and a refusal there
    undoes the confirmation (one transaction)."""
    from propdesk.staff.services import ledger_entry_add

    month = score.number if score.period == Score.Period.MONTH else score.number * 3
    ledger_entry_add(
        actor=actor,
        person=score.person,
        month=datetime.date(score.year, month, 1),
        kind="bonus",
        amount=amount,
        note=_("Performance bonus %(year)s-%(number)s (score %(score)s)")
        % {"year": score.year, "number": score.number, "score": score.score},
        source=f"performance.score:{score.pk}",
    )


def _staff_of_site(ids, site) -> list[User]:
    people = list(User.objects.filter(pk__in=ids, is_active=True, staff__sites=site).distinct())
    if len(people) != len(set(ids)):
        raise _bad("attendees", _("Every attendee must be staff of the session's site."))
    return people


@transaction.atomic
def training_session_create(
    *, actor, site, topic: str, title: str, trainer, date, attendees: list[int], note: str = ""
) -> TrainingSession:
    """Plan or record a training session with its attendees. R-ST-9."""
    require_write(actor)
    if not is_trainer(actor):
        raise NotAllowed()
    _require_site(actor, site.pk)
    if topic not in TrainingSession.Topic.values:
        raise _bad("topic", _("Choose the topic."))
    title = require_text(title, "title", _("Give the session a title."), 100, label=_("Title"))
    note = optional_text(note, "note", 2000, label=_("Note"))
    if not isinstance(date, datetime.date):
        raise _bad("date", _("Give the date of the session."))
    if trainer is None or not trainer.is_active or trainer.is_config_only:
        raise _bad("trainer", _("Choose the trainer."))
    if not attendees:
        raise _bad("attendees", _("Choose at least one attendee."))
    people = _staff_of_site(attendees, site)
    session = TrainingSession.objects.create(
        site=site, topic=topic, title=title, trainer=trainer, date=date, note=note, created_by=actor
    )
    TrainingAttendance.objects.bulk_create(
        [TrainingAttendance(session=session, person=p) for p in people]
    )
    return session


def parse_assessment(raw) -> Decimal | None:
    """An assessment score 0–100 with at most two decimals, or None (not assessed)."""
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= 100:
        raise _bad("assessment", _("An assessment score is between 0 and 100."))
    if value != value.quantize(Decimal("0.01")):
        raise _bad("assessment", _("An assessment score has at most two decimals."))
    return value


@transaction.atomic
def training_attendance_record(
    *, actor, session: TrainingSession, person_id: int, attended: bool, assessment=None
) -> TrainingAttendance:
    """Record whether an attendee came and their assessment; nobody marks their own. R-ST-9."""
    require_write(actor)
    _require_site(actor, session.site_id)
    if not (is_trainer(actor) or actor.pk == session.trainer_id):
        raise NotAllowed()
    if actor.pk == person_id:
        raise NotAllowed(_("Nobody records their own attendance or assessment."), code="own")
    if session.date > timezone.localdate():
        raise _bad("attended", _("Attendance is recorded on or after the day of the session."))
    value = parse_assessment(assessment)
    if value is not None and not attended:
        raise _bad("assessment", _("Only someone who attended has an assessment score."))
    row = TrainingAttendance.objects.filter(session=session, person_id=person_id).first()
    if row is None:
        raise _bad("person", _("This person is not an attendee of the session."))
    TrainingAttendance.objects.filter(pk=row.pk).update(
        attended=bool(attended), assessment=value, recorded_at=timezone.now()
    )
    row.refresh_from_db()
    return row
