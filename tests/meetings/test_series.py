"""The weekly series (R-MT-1): every Friday 09:00 Asia/Shanghai; on a public holiday the previous
working day of the business calendar is proposed; each meeting is planned once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from propdesk.meetings import services
from propdesk.meetings.models import Meeting

SH = ZoneInfo("Asia/Shanghai")


def _at(*args):
    return dt.datetime(*args, tzinfo=SH)


@pytest.fixture
def series(site_a, pcm_a, csm, dept_head_a):
    with time_machine.travel(_at(2026, 9, 14, 10, 0), tick=False):
        return services.series_create(actor=pcm_a, site=site_a, chair=pcm_a, minute_taker=csm)


def test_r_mt_1_default_series_is_friday_0900_with_the_principal_heads(
    series, pcm_a, csm, dept_head_a
):
    """R-MT-1: Friday 09:00, chaired, a named minute-taker, the principal heads invited."""
    meeting = series.meetings.get()
    assert meeting.planned_on == dt.date(2026, 9, 18) and meeting.starts_at == _at(
        2026, 9, 18, 9, 0
    )
    assert set(meeting.attendance.values_list("user", flat=True)) == {
        pcm_a.pk,
        csm.pk,
        dept_head_a.pk,
    }
    assert (
        meeting.minute_taker == csm
        and meeting.chair == pcm_a
        and meeting.number.startswith("HY-2026-")
    )


def test_r_mt_1_mid_autumn_and_national_day_move_to_the_previous_working_day(series):
    """R-MT-1: 2026-09-25 (Mid-Autumn) → Thursday 24th; 2026-10-02 (National Day) → Wednesday
    30 September; 2026-10-09 is a working Friday again."""
    plans = {}
    for now in (_at(2026, 9, 19, 8), _at(2026, 9, 26, 8), _at(2026, 10, 3, 8)):
        with time_machine.travel(now, tick=False):
            services.series_sweep()
    for m in Meeting.objects.filter(series=series):
        plans[m.planned_on] = (timezone_local(m.starts_at), m.moved)
    assert plans[dt.date(2026, 9, 25)] == (_at(2026, 9, 24, 9, 0), "holiday")
    assert plans[dt.date(2026, 10, 2)] == (_at(2026, 9, 30, 9, 0), "holiday")
    assert plans[dt.date(2026, 10, 9)] == (_at(2026, 10, 9, 9, 0), "")


def timezone_local(value):
    return value.astimezone(SH)


def test_r_mt_1_the_sweep_plans_each_meeting_once(series):
    """R-MT-1: sweeps run every hour; the next meeting exists once however often they run."""
    with time_machine.travel(_at(2026, 9, 19, 8), tick=False):
        made = [services.series_sweep() for _ in range(3)]
    assert made == [1, 0, 0]
    assert series.meetings.count() == 2
