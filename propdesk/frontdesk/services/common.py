"""Helpers shared by the front-desk services."""

from django.utils import timezone

from propdesk.core.access import visible_site_ids
from propdesk.core.exceptions import NotFound
from propdesk.core.text import optional_text, require_text  # noqa: F401 (the app's writes)
from propdesk.orgs.models import FrontDesk

from ..models import DeskHolding


def require_site(user, site_id: int) -> None:
    """The user works at `site_id`; otherwise the record is treated as not found."""
    ids = visible_site_ids(user)
    if ids is not None and site_id not in ids:
        raise NotFound()


def holding_move(*, desk: FrontDesk, holder, reason: str) -> DeskHolding:
    """Close the desk's open holding and open one for `holder` (call inside the action's transaction)."""
    now = timezone.now()
    # Lock the open row so two moves cannot both open a holding (the unique index is the backstop).
    DeskHolding.objects.select_for_update().filter(desk=desk, until__isnull=True).update(until=now)
    return DeskHolding.objects.create(
        site_id=desk.site_id, desk=desk, holder=holder, reason=reason, since=now
    )


def current_holding(desk: FrontDesk) -> DeskHolding | None:
    return (
        DeskHolding.objects.filter(desk=desk, until__isnull=True).select_related("holder").first()
    )
