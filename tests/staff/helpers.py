"""Builders for the staff tests: scheduled people and their punches."""

import datetime
from decimal import Decimal

from django.utils import timezone

from propdesk.people.models import StaffProfile
from propdesk.staff.models import Punch, Schedule
from tests.factories import make_user

TZ = timezone.get_default_timezone()
NOV = datetime.date(2026, 11, 1)
# the working days of November 2026 on the default calendar (Monday–Friday)
NOV_WORKDAYS = [d for d in range(1, 31) if datetime.date(2026, 11, d).isoweekday() <= 5]


def staffed(role, site, *, base="3000.00", hire=None, shift=None, days="calendar"):
    user = make_user(role, site)
    StaffProfile.objects.filter(user=user).update(
        base_salary=Decimal(base), hire_date=hire or datetime.date(2024, 1, 1)
    )
    Schedule.objects.create(person=user, site=site, shift=shift, days=days)
    return user


def at(day: datetime.date, hh: int, mm: int, ss: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=TZ)


def punch(user, when, kind="in", site=None):
    site_id = site.pk if site else user.schedule.site_id
    return Punch.objects.create(person=user, site_id=site_id, at=when, kind=kind, method="pc")


def work_day(user, day, *, in_at=(8, 25), out_at=(17, 35)):
    punch(user, at(day, *in_at), "in")
    punch(user, at(day, *out_at), "out")


def work_month(user, late_days: int = 0, month=NOV, late_minutes=10):
    """Every working day of November on time, the first `late_days` of them late."""
    for i, d in enumerate(NOV_WORKDAYS):
        day = month.replace(day=d)
        if i < late_days:
            work_day(user, day, in_at=(8, 30 + late_minutes))
        else:
            work_day(user, day)


def complaint_ticket(site, *, target_staff):
    """A customer's complaint ticket naming `target_staff` as the person complained about."""
    from propdesk.tickets import services as tickets
    from propdesk.tickets.models import Category

    clerk = make_user("agent", site)
    contact = tickets.contact_register(
        actor=clerk,
        site=site,
        channel="phone",
        kind="complaint",
        content="前台态度差",
        caller_name="王先生",
    )
    category = Category.objects.filter(kind="complaint").first()
    return tickets.ticket_open(
        actor=clerk,
        contact=contact,
        kind="complaint",
        category=category,
        title="前台态度差",
        target_staff=target_staff,
    )
