"""What passes contribute to a handover's open items (R-HO-2): passes expiring within 3 days
and slips approved but not used yet. Two queries whatever the number of items."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.openitems import OpenItem

from .selectors import pass_list_for_user, release_list_for_user

MAX_ITEMS = 200


def passes_open_items_for_site(user, site_id: int) -> list[OpenItem]:
    items = []
    expiring = pass_list_for_user(user, site_id=site_id, status="expiring").order_by(
        "valid_until", "id"
    )
    for p in expiring[:MAX_ITEMS]:
        items.append(
            OpenItem(
                kind="pass.expiring",
                number=p.number,
                title=_("Pass of %(name)s (%(unit)s) expires on %(date)s")
                % {"name": p.name, "unit": p.renovation.unit.code, "date": p.valid_until},
                url=reverse("passes:pass-detail", args=[p.pk]),
            )
        )
    unused = release_list_for_user(user, site_id=site_id, unused=True).filter(
        valid_until__gte=timezone.localdate() - timedelta(days=1)
    )
    for g in unused.order_by("pass_date", "id")[:MAX_ITEMS]:
        items.append(
            OpenItem(
                kind="release.unused",
                number=g.number,
                title=_("Goods release for %(unit)s approved for %(date)s, not used yet")
                % {"unit": g.unit.code, "date": g.pass_date},
                url=reverse("passes:release-detail", args=[g.pk]),
            )
        )
    return items
