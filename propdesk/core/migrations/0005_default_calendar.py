"""Default business calendar with the Chinese public holidays and make-up workdays of 2026 and 2027.

2026 follows the State Council notice on the 2026 holiday schedule (国务院办公厅关于2026年部分节假日
安排的通知). 2027 is PROVISIONAL (plausible dates built on the same pattern) until the State Council
publishes its notice: administrators correct it under Configuration → Business calendars.
"""

import datetime

from django.db import migrations

D = datetime.date

# (holiday name, first day off, last day off, make-up workdays)
SCHEDULE = [
    ("元旦", D(2026, 1, 1), D(2026, 1, 3), [D(2026, 1, 4)]),
    ("春节", D(2026, 2, 15), D(2026, 2, 23), [D(2026, 2, 14), D(2026, 2, 28)]),
    ("清明节", D(2026, 4, 4), D(2026, 4, 6), []),
    ("劳动节", D(2026, 5, 1), D(2026, 5, 5), [D(2026, 5, 9)]),
    ("端午节", D(2026, 6, 19), D(2026, 6, 21), []),
    ("中秋节", D(2026, 9, 25), D(2026, 9, 27), []),
    ("国庆节", D(2026, 10, 1), D(2026, 10, 7), [D(2026, 9, 20), D(2026, 10, 10)]),
    # 2027: provisional, see the module docstring.
    ("元旦", D(2027, 1, 1), D(2027, 1, 3), []),
    ("春节", D(2027, 2, 5), D(2027, 2, 13), [D(2027, 2, 20)]),
    ("清明节", D(2027, 4, 3), D(2027, 4, 5), []),
    ("劳动节", D(2027, 5, 1), D(2027, 5, 5), [D(2027, 4, 25), D(2027, 5, 8)]),
    ("端午节", D(2027, 6, 9), D(2027, 6, 9), []),
    ("中秋节", D(2027, 9, 15), D(2027, 9, 15), []),
    ("国庆节", D(2027, 10, 1), D(2027, 10, 7), [D(2027, 9, 26), D(2027, 10, 9)]),
]


def _days(first, last):
    return [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]


def create_default(apps, schema_editor):
    calendar_model = apps.get_model("core", "BusinessCalendar")
    day_model = apps.get_model("core", "CalendarDay")
    calendar, _ = calendar_model.objects.get_or_create(
        code="cn-business",
        defaults={"name": "工作日 08:30–17:30（中国法定节假日）", "is_default": True},
    )
    calendar_model.objects.get_or_create(
        code="always-open", defaults={"name": "全天候 24×7", "always_open": True}
    )
    rows = []
    for name, first, last, workdays in SCHEDULE:
        rows += [
            day_model(calendar=calendar, date=d, kind="holiday", name=name)
            for d in _days(first, last)
        ]
        rows += [
            day_model(calendar=calendar, date=d, kind="workday", name=f"{name}调休")
            for d in workdays
        ]
    day_model.objects.bulk_create(rows, ignore_conflicts=True)


def remove_default(apps, schema_editor):
    apps.get_model("core", "BusinessCalendar").objects.filter(
        code__in=["cn-business", "always-open"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0004_business_calendar")]

    operations = [migrations.RunPython(create_default, remove_default)]
