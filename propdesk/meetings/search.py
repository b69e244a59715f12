"""Minutes in the one search index (R-MT-1): number, series title, minutes and decisions."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.search.registry import SearchFields, register

from .models import Meeting
from .permissions import is_reader, meeting_scope


def meeting_search_fields(meeting: Meeting) -> SearchFields:
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    decisions = [d.text for d in meeting.decisions.all()]
    return SearchFields(
        title=f"{meeting.number} {meeting.series.title} {day}",
        body="\n".join(filter(None, [meeting.minutes, *decisions])),
        site_id=meeting.site_id,
        updated_at=meeting.starts_at,
        numbers=[meeting.number],
    )


def register_search() -> None:
    register(
        "meeting",
        model=Meeting,
        label=_("Meeting minutes"),
        build=meeting_search_fields,
        url=lambda pk: reverse("meetings:meeting-detail", args=[pk]),
        # Readers see every meeting of their sites (the index's site filter decides).
        visible=lambda user: None if is_reader(user) else meeting_scope(user),
        queryset=lambda: Meeting.objects.select_related("series").prefetch_related("decisions"),
    )
