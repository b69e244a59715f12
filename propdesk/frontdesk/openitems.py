"""What the front desk contributes to a handover's open items (R-HO-2): parcels waiting and
open duty-log entries (incidents, follow-ups). Two queries whatever the number of items."""

from django.urls import reverse
from django.utils.translation import gettext as _

from propdesk.core.openitems import OpenItem

from .models import DutyLogEntry
from .selectors import mail_list_for_user

MAX_ITEMS = 200


def frontdesk_open_items_for_site(user, site_id: int) -> list[OpenItem]:
    items = []
    parcels = mail_list_for_user(user, site_id=site_id, state="waiting").order_by("received_at")
    for m in parcels[:MAX_ITEMS]:
        items.append(
            OpenItem(
                kind="parcel.waiting",
                number=m.number,
                title=_("%(kind)s for %(unit)s, shelf %(shelf)s")
                % {"kind": m.get_kind_display(), "unit": m.unit.code, "shelf": m.shelf or "-"},
                url=reverse("frontdesk:mail-detail", args=[m.pk]),
            )
        )
    entries = (
        DutyLogEntry.objects.filter(site_id=site_id, status=DutyLogEntry.Status.OPEN)
        .select_related("log")
        .order_by("occurred_at")
    )
    from propdesk.core.access import scope_queryset

    for e in scope_queryset(entries, user)[:MAX_ITEMS]:
        items.append(
            OpenItem(
                kind=f"duty.{e.kind}",
                number=e.log.number,
                title=e.content[:80],
                url=reverse("frontdesk:dutylog-detail", args=[e.log_id]),
                due_at=None,
            )
        )
    return items
