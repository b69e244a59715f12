"""Helpers shared by the meeting writes (the state check and text rules are the records app's)."""

from django.urls import reverse

from propdesk.records.common import (  # noqa: F401 (re-exported for the meeting services)
    apply,
    check_state,
    recipients_language,
    require_text,
)


def meeting_url(meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.pk])
