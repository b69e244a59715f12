"""Who sees quality records (SECURITY.md §c). Another site's record → 404."""

from django.db.models import Q, QuerySet

from propdesk.core.access import get_or_404, visible_site_ids

from .models import AnalysisReport, CorrectiveAction
from .workflow import AUTHORS, CAPA_OWNERS, DASHBOARD_ROLES, READERS


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_reader(user) -> bool:
    return _active(user) and user.has_any_role(READERS)


def is_capa_reader(user) -> bool:
    return _active(user) and user.has_any_role(READERS | CAPA_OWNERS)


def is_dashboard_reader(user) -> bool:
    return _active(user) and user.has_any_role(DASHBOARD_ROLES)


def report_scope(user) -> QuerySet[AnalysisReport]:
    """Reports of the reader's sites; company reports (no site) for company-wide readers and
    the CS manager, who writes them."""
    if not is_reader(user):
        return AnalysisReport.objects.none()
    ids = visible_site_ids(user)
    qs = AnalysisReport.objects.all()
    if ids is None:
        return qs
    company = Q(site__isnull=True) if user.has_any_role(AUTHORS) else Q(pk__in=[])
    return qs.filter(Q(site_id__in=ids) | company)


def report_get_for_user(user, pk: int) -> AnalysisReport:
    return get_or_404(report_scope(user).select_related("site", "decided_by", "created_by"), pk=pk)


def capa_scope(user) -> QuerySet[CorrectiveAction]:
    """Actions of the reader's sites; a department head sees the actions they own."""
    if not is_capa_reader(user):
        return CorrectiveAction.objects.none()
    qs = CorrectiveAction.objects.all()
    if not user.has_any_role(READERS):
        return qs.filter(owner_id=user.pk)
    ids = visible_site_ids(user)
    return qs if ids is None else qs.filter(site_id__in=ids)


def capa_openable(user, capa: CorrectiveAction) -> bool:
    """`capa` is in `capa_scope(user)`, decided without a query (links on other apps' pages)."""
    if not is_capa_reader(user):
        return False
    if not user.has_any_role(READERS):
        return capa.owner_id == user.pk
    ids = visible_site_ids(user)
    return ids is None or capa.site_id in ids


def capa_get_for_user(user, pk: int) -> CorrectiveAction:
    qs = capa_scope(user).select_related("site", "department", "owner", "verified_by", "report")
    return get_or_404(qs, pk=pk)
