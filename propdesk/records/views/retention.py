"""The retention page (R-FM-8): each record kind with its form and period, and the records whose
period has ended — the list the archives' destruction flow starts from. Nothing is deleted here."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from propdesk.core.paging import page_of

from .. import retention
from .common import records_page


def _may_offer(user) -> bool:
    """Whether the user offers expired records to the archive's intake queue (R-FM-8)."""
    from django.apps import apps

    if not apps.is_installed("propdesk.archives"):
        return False
    from propdesk.archives.services.retention import OFFERERS

    return user.has_any_role(OFFERERS)


def kind_from(request):
    codes = [k.code for k in retention.kinds()]
    code = request.GET.get("kind", "")
    return retention.kind(code if code in codes else codes[0])


@require_GET
@records_page
def retention_list(request):
    table = retention.periods()
    current = kind_from(request)
    rows = [
        {"kind": k, "days": retention.days_for(k, table), "active": k.code == current.code}
        for k in retention.kinds()
    ]
    days = retention.days_for(current, table)
    page = page_of(request, retention.expired(request.user, current, days=days))
    for obj in page:
        obj.retention_end = retention.ends_on(current, obj, days)
        obj.retention_url = current.url(obj.pk)
    ctx = {
        "rows": rows,
        "current": current,
        "days": days,
        "page": page,
        "can_offer": _may_offer(request.user),
    }
    return render(request, "records/retention_list.html", ctx)
