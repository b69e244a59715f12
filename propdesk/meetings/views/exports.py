"""Excel exports of the meeting lists (core.exports)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L
from django.views.decorators.http import require_GET

from propdesk.records.views.common import EXPORT_MAX, export

from .. import selectors
from ..models import Meeting
from .actions import action_filters
from .common import current_site_id, meetings_page


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


@require_GET
@meetings_page
def meeting_export(request):
    state = request.GET.get("state", "")
    state = state if state in Meeting.State.values else ""
    qs = selectors.meeting_list_for_user(
        request.user, site_id=current_site_id(request), state=state
    )
    rows = (
        (
            m.number,
            m.site.name,
            m.series.title,
            m.starts_at,
            m.get_moved_display(),
            str(m.chair),
            str(m.minute_taker),
            m.get_state_display(),
            m.minutes_template_version,
            m.signed_at,
        )
        for m in qs[:EXPORT_MAX]
    )
    columns = [
        (L("Number"), 18),
        (L("Site"), 14),
        (L("Meeting"), 20),
        (L("Starts at"), 17),
        (L("Schedule"), 20),
        (L("Chair"), 10),
        (L("Minute-taker"), 10),
        (L("State"), 16),
        (L("Template version"), 10),
        (L("Signed at"), 17),
    ]
    return export(
        title=_("Meetings"),
        filename=f"meetings-{_stamp()}.xlsx",
        filters={_("State"): state},
        columns=columns,
        rows=rows,
    )


@require_GET
@meetings_page
def action_export(request):
    f = action_filters(request)
    qs = selectors.action_list_for_user(request.user, site_id=current_site_id(request), **f)
    rows = (
        (
            a.meeting.number,
            a.title,
            str(a.owner),
            a.due_on,
            a.get_state_display(),
            _("Yes") if a.is_overdue else "",
            a.closed_at,
            a.closing_note,
        )
        for a in qs[:EXPORT_MAX]
    )
    columns = [
        (L("Meeting"), 18),
        (L("Action"), 40),
        (L("Person responsible"), 10),
        (L("Due date"), 12),
        (L("State"), 12),
        (L("Overdue"), 8),
        (L("Closed at"), 17),
        (L("Result"), 30),
    ]
    return export(
        title=_("Meeting actions"),
        filename=f"meeting-actions-{_stamp()}.xlsx",
        filters={
            _("State"): f["state"],
            _("Mine"): _("Yes") if f["mine"] else "",
            _("Overdue only"): _("Yes") if f["overdue"] else "",
        },
        columns=columns,
        rows=rows,
    )


@require_GET
@meetings_page
def series_export(request):
    qs = selectors.series_list_for_user(request.user, site_id=current_site_id(request))
    rows = (
        (
            s.title,
            s.site.name,
            s.weekday,
            s.start_time.strftime("%H:%M"),
            str(s.chair),
            str(s.minute_taker),
            s.meeting_count,
        )
        for s in qs[:EXPORT_MAX]
    )
    columns = [
        (L("Meeting"), 24),
        (L("Site"), 14),
        (L("Weekday"), 8),
        (L("Starts at"), 8),
        (L("Chair"), 10),
        (L("Minute-taker"), 10),
        (L("Meetings"), 8),
    ]
    return export(
        title=_("Weekly meetings"),
        filename=f"meeting-series-{_stamp()}.xlsx",
        filters={},
        columns=columns,
        rows=rows,
    )
