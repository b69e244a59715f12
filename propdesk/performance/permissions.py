"""Who sees which report, score and training record (SECURITY.md §c). Out of scope → 404.

A score or an assessment is the person's own, their manager chain's (the CS manager and the
property-centre manager of the score's site), the GM's and the auditor's: a colleague — a shift
lead included — sees nobody's but their own (R-ST-8, issue item 8).
"""

from django.db.models import Q, QuerySet

from propdesk.core.access import get_or_404, visible_site_ids

from .models import DailyReport, Score, TrainingAttendance, TrainingSession
from .workflow import COMPANY_READERS, REPORT_READERS, REPORTERS, SITE_MANAGERS, TRAINERS


def _active(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and not user.is_config_only
    )


def _chain_filter(user, field: str = "site_id") -> Q | None:
    """Rows of other people `user` may read by their role: None = none, Q() = all."""
    if user.has_any_role(COMPANY_READERS):
        return Q()
    if user.has_any_role(SITE_MANAGERS):
        ids = visible_site_ids(user)
        return Q() if ids is None else Q(**{f"{field}__in": ids})
    return None


def _own_or_chain(qs: QuerySet, own: Q, chain: Q | None) -> QuerySet:
    if chain is None:
        return qs.filter(own)
    # An empty Q() is dropped when or-ed, so "every row" must be said outright.
    return qs if not chain else qs.filter(own | chain)


def is_staff(user) -> bool:
    """Staff of the company (not a resident, not the configuration role)."""
    return _active(user) and not user.has_any_role({"resident"})


def is_reporter(user) -> bool:
    return _active(user) and not user.is_read_only and user.has_any_role(REPORTERS)


def may_review_reports(user) -> bool:
    return _active(user) and user.has_any_role(REPORT_READERS)


def may_read_scores_of_others(user) -> bool:
    return _active(user) and _chain_filter(user) is not None


def is_trainer(user) -> bool:
    return _active(user) and not user.is_read_only and user.has_any_role(TRAINERS)


def report_scope(user) -> QuerySet[DailyReport]:
    """Own reports, and the reports of the reader's sites for managers, GM and auditor."""
    if not _active(user):
        return DailyReport.objects.none()
    chain = _chain_filter(user) if user.has_any_role(REPORT_READERS) else None
    return _own_or_chain(DailyReport.objects.all(), Q(author_id=user.pk), chain)


def report_get_for_user(user, pk: int) -> DailyReport:
    return get_or_404(report_scope(user).select_related("author", "site", "reviewed_by"), pk=pk)


def score_scope(user) -> QuerySet[Score]:
    """Own scores; the manager chain those of their sites; the GM and the auditor every score."""
    if not _active(user):
        return Score.objects.none()
    return _own_or_chain(Score.objects.all(), Q(person_id=user.pk), _chain_filter(user))


def score_get_for_user(user, pk: int) -> Score:
    return get_or_404(
        score_scope(user).select_related("person", "site", "weights", "confirmed_by"), pk=pk
    )


def may_see_person(user, person_id: int, site_id: int | None) -> bool:
    """May `user` read `person_id`'s scores and assessments (at `site_id`; None: any site)?"""
    if not _active(user):
        return False
    if user.pk == person_id:
        return True
    chain = _chain_filter(user)
    if chain is None:
        return False
    if user.has_any_role(COMPANY_READERS):
        return True
    ids = visible_site_ids(user)
    return ids is None or (site_id in ids if site_id is not None else bool(ids))


def session_scope(user) -> QuerySet[TrainingSession]:
    """Sessions of the user's sites (every site for company-wide roles); others' only their own."""
    if not _active(user):
        return TrainingSession.objects.none()
    ids = visible_site_ids(user)
    return (
        TrainingSession.objects.all()
        if ids is None
        else TrainingSession.objects.filter(site_id__in=ids)
    )


def session_get_for_user(user, pk: int) -> TrainingSession:
    return get_or_404(session_scope(user).select_related("site", "trainer"), pk=pk)


def attendance_visible(user, session: TrainingSession) -> QuerySet[TrainingAttendance]:
    """The attendees whose assessment `user` may read: all for the trainer and the chain, else their own."""
    qs = session.attendees.select_related("person")
    if session.trainer_id == user.pk or may_see_person(user, -1, session.site_id):
        return qs
    return qs.filter(person_id=user.pk)
