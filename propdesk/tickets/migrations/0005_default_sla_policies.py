"""Default SLA targets per service level and the major-complaint keywords (DOMAIN.md §2.4, §3.3).

Working minutes: one business day is 540 minutes (08:30–17:30). Sources of the figures:
emergency repair dispatched ≤10 min and on site ≤30/60/120 min by level (中价协〔2004〕1号
服务等级标准); complaints forwarded ≤20 min, first reply ≤24 h, ordinary complaints solved ≤7
working days, callback ≤3 days after handling (company procedures in DOMAIN.md §2.3). Every
value is editable per site in the admin.
"""

from django.db import migrations

DAY = 540  # one working day in minutes
ARRIVE_EMERGENCY = {1: 30, 2: 60, 3: 120}
ARRIVE_URGENT = {1: 120, 2: 180, 3: 240}
KEYWORDS = [
    "受伤",
    "流血",
    "媒体",
    "记者",
    "曝光",
    "报警",
    "110",
    "12345",
    "起诉",
    "律师",
    "住建",
    "投诉到",
]


def _rows(level):
    # kind, priority, 24x7?, no_sla, response, accept, arrive, resolve, callback
    return [
        ("repair", "emergency", True, False, 10, 10, ARRIVE_EMERGENCY[level], 1440, 1440),
        ("repair", "urgent", True, False, 20, 30, ARRIVE_URGENT[level], 1440, 1440),
        ("repair", "", False, False, 20, 60, DAY, 2 * DAY, 3 * DAY),
        ("complaint", "emergency", True, False, 10, 60, None, 1440, 1440),
        ("complaint", "", False, False, 20, DAY, None, 7 * DAY, 3 * DAY),
        ("help", "", True, False, 20, 60, None, 1440, 1440),
        ("inquiry", "", False, True, None, None, None, None, None),
        ("suggestion", "", False, True, None, None, None, None, None),
    ]


def create(apps, schema_editor):
    SlaPolicy = apps.get_model("tickets", "SlaPolicy")
    BusinessCalendar = apps.get_model("core", "BusinessCalendar")
    always = BusinessCalendar.objects.filter(always_open=True).first()
    for level in (1, 2, 3):
        for kind, priority, h24, no_sla, resp, acc, arr, res, cb in _rows(level):
            SlaPolicy.objects.get_or_create(
                site=None,
                service_level=level,
                kind=kind,
                category=None,
                priority=priority,
                defaults={
                    "no_sla": no_sla,
                    "calendar": always if h24 else None,
                    "response_minutes": resp,
                    "accept_minutes": acc,
                    "arrive_minutes": arr,
                    "resolve_minutes": res,
                    "callback_minutes": cb,
                },
            )
    MajorKeyword = apps.get_model("tickets", "MajorKeyword")
    for word in KEYWORDS:
        MajorKeyword.objects.get_or_create(word=word)


def remove(apps, schema_editor):
    apps.get_model("tickets", "SlaPolicy").objects.filter(site=None).delete()
    apps.get_model("tickets", "MajorKeyword").objects.filter(word__in=KEYWORDS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0004_sla_policies_clocks_major"),
        ("core", "0005_default_calendar"),
    ]
    operations = [migrations.RunPython(create, remove)]
