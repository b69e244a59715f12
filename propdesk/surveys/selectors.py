"""Reads of satisfaction surveys: the list filtered in the database, a survey's allowed actions,
and the open surveys a signed-in resident may answer for their units (the portal home)."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from propdesk.core.access import narrow_to_site

from .models import SampleUnit, Survey
from .permissions import sees_site, survey_scope
from .workflow import SURVEY_FLOW


def survey_list_for_user(user, *, site_id: int | None = None, state: str = "") -> QuerySet[Survey]:
    """Surveys of the user's sites, newest first, with their answer counts (one query a page)."""
    qs = narrow_to_site(survey_scope(user), site_id)
    if state:
        qs = qs.filter(state=state)
    return (
        qs.select_related("site").annotate(answered=Count("responses")).order_by("-opens_on", "-id")
    )


def survey_actions(user, survey: Survey) -> list[str]:
    """The workflow buttons this user sees: what the services would allow now."""
    actions = SURVEY_FLOW.allowed_actions(state=survey.state, user=user)
    if not sees_site(user, survey.site_id):
        return []
    if user.pk == survey.created_by_id and "approve" in actions:
        actions.remove("approve")
    if "edit" in actions and not user.has_any_role({"supervisor", "cs_manager"}):
        actions.remove("edit")
    return actions


def open_surveys_for_resident(resident) -> QuerySet[SampleUnit]:
    """The resident's current units drawn in an open survey they have not answered yet."""
    today = timezone.localdate()
    live = Q(unit__occupancies__move_out__isnull=True) | Q(unit__occupancies__move_out__gte=today)
    return (
        SampleUnit.objects.filter(
            survey__state=Survey.State.OPEN,
            used_at__isnull=True,
            unit__occupancies__resident=resident,
        )
        .filter(live)
        .select_related("survey", "unit")
        .distinct()
        .order_by("survey__closes_on", "id")
    )
