"""Configuration kept in process memory: reused within its time, dropped at once when edited here."""

from propdesk.core.calendar import calendar_spec_for, default_calendar
from propdesk.core.localcache import LocalCache
from propdesk.core.models import CalendarDay


def test_value_is_reused_until_a_row_of_its_model_is_saved(db):
    loads = []
    cache = LocalCache(CalendarDay)
    assert cache.get("k", lambda: loads.append(1) or len(loads)) == 1
    assert cache.get("k", lambda: loads.append(1) or len(loads)) == 1
    calendar = default_calendar()
    CalendarDay.objects.create(calendar=calendar, date="2026-12-31", kind=CalendarDay.Kind.HOLIDAY)
    assert cache.get("k", lambda: loads.append(1) or len(loads)) == 2


def test_value_is_reloaded_after_its_time(db):
    cache = LocalCache(ttl=0)
    assert cache.get("k", lambda: 1) == 1
    assert cache.get("k", lambda: 2) == 2


def test_r_ss_1_a_holiday_added_now_counts_for_the_next_due_time(db):
    """R-SS-1: an edited business calendar applies to the next clock laid out in this process."""
    import datetime

    calendar = default_calendar()
    day = datetime.date(2026, 12, 30)  # a Wednesday
    assert calendar_spec_for(None).is_working_day(day)
    CalendarDay.objects.create(calendar=calendar, date=day, kind=CalendarDay.Kind.HOLIDAY)
    assert not calendar_spec_for(None).is_working_day(day)
    assert not calendar_spec_for(calendar.pk).is_working_day(day)


def _counter():
    loads = []
    return lambda: loads.append(1) or len(loads)


def test_an_edit_bumps_the_stamp_in_its_own_transaction(db):
    from propdesk.core.models import ConfigStamp

    CalendarDay.objects.create(calendar=default_calendar(), date="2026-12-31", kind="holiday")
    assert ConfigStamp.objects.get(pk="config").version == 1
    CalendarDay.objects.filter(date="2026-12-31").delete()
    assert ConfigStamp.objects.get(pk="config").version == 2


def test_an_edit_made_by_another_process_is_seen_at_the_next_request(db, django_assert_num_queries):
    """Another machine's edit reaches this process through the stamp, not after the minute."""
    from propdesk.core.localcache import _new_request  # request_started's receiver
    from propdesk.core.models import ConfigStamp

    cache, load = LocalCache(CalendarDay), _counter()
    assert cache.get("k", load) == 1
    ConfigStamp.objects.update_or_create(pk="config", defaults={"version": 41})  # elsewhere
    assert cache.get("k", load) == 1  # the same request, within the second: not read again
    _new_request()
    assert cache.get("k", load) == 2
    _new_request()
    with django_assert_num_queries(1):  # the stamp only
        assert cache.get("k", load) == 2
