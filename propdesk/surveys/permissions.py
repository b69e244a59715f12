"""Who sees and changes surveys (R-SS-3). Another site's survey answers 404; the auditor reads."""

from django.db.models import QuerySet

from propdesk.core.access import get_or_404, scope_queryset, visible_site_ids
from propdesk.core.exceptions import NotAllowed

from .models import Survey
from .workflow import AUTHORS, ENTERERS, READERS


def is_reader(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.has_any_role(READERS)
    )


def require_reader(user) -> None:
    if not is_reader(user):
        raise NotAllowed()


def may_author(user) -> bool:
    return bool(is_reader(user) and not user.is_read_only and user.has_any_role(AUTHORS))


def may_enter(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_read_only
        and user.has_any_role(ENTERERS)
    )


def sees_site(user, site_id: int) -> bool:
    ids = visible_site_ids(user)
    return ids is None or site_id in ids


def survey_scope(user) -> QuerySet[Survey]:
    """Surveys of the user's sites, for readers and the staff who enter paper answers."""
    if not (is_reader(user) or may_enter(user)):
        return Survey.objects.none()
    return scope_queryset(Survey.objects.all(), user)


def survey_get_for_user(user, pk: int) -> Survey:
    qs = survey_scope(user).select_related("site", "created_by", "approved_by")
    return get_or_404(qs, pk=pk)
