"""Meeting fixtures: site A's weekly meeting chaired by the centre manager, minutes by the CS
manager, and a held meeting."""

import pytest

from propdesk.meetings import services


@pytest.fixture
def series_a(site_a, pcm_a, csm, dept_head_a):
    return services.series_create(actor=pcm_a, site=site_a, chair=pcm_a, minute_taker=csm)


@pytest.fixture
def meeting_a(series_a):
    """The next planned meeting of the series."""
    return series_a.meetings.get()


@pytest.fixture
def held_meeting(meeting_a, pcm_a, csm, dept_head_a):
    """Meeting A held, everyone present."""
    services.meeting_hold(actor=pcm_a, meeting=meeting_a)
    for user in (pcm_a, csm, dept_head_a):
        services.meeting_attendance(actor=csm, meeting=meeting_a, user=user, status="present")
    meeting_a.refresh_from_db()
    return meeting_a
