"""Reminders (R-DOC-1): whoever has not signed N days after issue is reminded once, through the
notification worker; the sweep may run any number of times (time frozen)."""

import datetime as dt

import time_machine
from django.utils import timezone

from propdesk.core import periodic
from propdesk.notify.models import Notification
from propdesk.records import services
from tests.records.conftest import open_and_sign


def test_r_doc_1_reminder_fires_once_after_three_days_to_those_who_have_not_signed(
    notice, csm, pcm_a, dept_head_a
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.document_issue(actor=csm, document=notice)
        open_and_sign(notice, csm)
    with time_machine.travel(start + dt.timedelta(days=2, hours=23), tick=False):
        assert services.reminder_sweep() == 0
    with time_machine.travel(start + dt.timedelta(days=3, minutes=1), tick=False):
        open_and_sign(notice, pcm_a)
        assert services.reminder_sweep() == 1
        assert services.reminder_sweep() == 0
    with time_machine.travel(start + dt.timedelta(days=9), tick=False):
        assert services.reminder_sweep() == 0
    reminders = Notification.objects.filter(code="document.reminder")
    assert [n.recipient for n in reminders] == [dept_head_a]


def test_r_doc_1_reminder_sweep_is_registered_with_the_scheduler(db):
    assert "records.reminders" in {s.name for s in periodic.registered()}
    assert "meetings.series" in {s.name for s in periodic.registered()}
