"""Daily work reports (R-ST-2): pre-filled from the agent's own activity, submitted, reviewed by the
CS manager; missing reports listed exactly."""

import datetime

import pytest
import time_machine

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from propdesk.performance import selectors, services
from propdesk.performance.activity import activity_counts
from propdesk.performance.models import DailyReport
from tests.factories import make_user

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_r_st_2_prefill_counts_only_the_agents_own_activity(day_of_work, agent_a, agent2_a):
    """R-ST-2: each count equals the agent's own records of the day, never a colleague's."""
    mine = activity_counts(agent_a, DAY)
    theirs = activity_counts(agent2_a, DAY)
    # agent A: 3 contacts + the ticket's contact; the handled ticket's contact was agent A's too
    assert mine["contacts"] == 5 and theirs["contacts"] == 2
    assert mine["dispatched"] == 2 and theirs["dispatched"] == 1  # own ticket + the handled one
    assert (mine["callbacks_reached"], mine["callbacks_not_reached"]) == (1, 1)
    assert (theirs["callbacks_reached"], theirs["callbacks_not_reached"]) == (0, 0)
    assert (mine["promises_made"], mine["promises_kept"]) == (1, 1)
    assert (theirs["promises_made"], theirs["promises_kept"]) == (1, 1)
    assert mine["parcels_received"] == 2 and theirs["parcels_received"] == 1
    assert activity_counts(agent_a, DAY + datetime.timedelta(days=1))["contacts"] == 0


def test_r_st_2_prefill_counts_in_a_bounded_number_of_queries(
    day_of_work, agent_a, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        activity_counts(agent_a, DAY)


@time_machine.travel("2026-03-03 18:00 +0800", tick=False)
def test_r_st_2_submit_keeps_the_counts_and_notes(day_of_work, agent_a, site_a):
    r = services.report_submit(actor=agent_a, site=site_a, day=DAY, notes="业主反映电梯异响")
    r.refresh_from_db()
    assert r.state == DailyReport.State.SUBMITTED and r.notes == "业主反映电梯异响"
    assert r.counts == activity_counts(agent_a, DAY)
    with pytest.raises(Conflict):
        services.report_submit(actor=agent_a, site=site_a, day=DAY)


@time_machine.travel("2026-03-03 18:00 +0800", tick=False)
def test_r_st_2_bad_input_is_refused_in_chinese_and_nothing_is_written(agent_a, site_a, site_b):
    with pytest.raises(InvalidInput) as exc:
        services.report_submit(actor=agent_a, site=site_a, day=DAY + datetime.timedelta(days=1))
    assert "尚未到来" in str(exc.value.message) or "还没" in str(exc.value.message)
    with pytest.raises(InvalidInput) as exc:
        services.report_submit(actor=agent_a, site=site_a, day=DAY, notes="字" * 5000)
    assert "4000" in str(exc.value.message)
    with pytest.raises(NotFound):  # another site: as if it did not exist
        services.report_submit(actor=agent_a, site=site_b, day=DAY)
    assert DailyReport.objects.count() == 0


@time_machine.travel("2026-03-03 18:00 +0800", tick=False)
def test_r_st_2_the_cs_manager_accepts_with_a_comment_never_their_own(
    agent_a, site_a, csm, auditor
):
    r = services.report_submit(actor=agent_a, site=site_a, day=DAY)
    with pytest.raises(NotAllowed):
        services.report_accept(actor=auditor, report=r)
    with pytest.raises(NotAllowed):
        services.report_accept(actor=agent_a, report=r)
    services.report_accept(actor=csm, report=r, comment="记录完整", version=r.version)
    r.refresh_from_db()
    assert r.state == DailyReport.State.ACCEPTED and r.reviewed_by == csm
    assert r.review_comment == "记录完整"


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_r_st_2_missing_reports_listed_exactly(agent_a, agent2_a, lead_a, site_a, site_b):
    """R-ST-2: every working day before today without a report, per desk person; weekends, today
    and the other site's staff are not listed."""
    make_user("agent", site_b)
    DailyReport.objects.create(
        site=site_a, author=agent_a, date=datetime.date(2026, 3, 6), state="submitted"
    )
    DailyReport.objects.create(
        site=site_a, author=lead_a, date=datetime.date(2026, 3, 9), state="submitted"
    )
    got = selectors.missing_reports(
        {site_a.pk}, datetime.date(2026, 3, 5), datetime.date(2026, 3, 10)
    )
    days = [datetime.date(2026, 3, 9), datetime.date(2026, 3, 6), datetime.date(2026, 3, 5)]
    want = {
        (d, p.pk)
        for d in days
        for p in (agent_a, agent2_a, lead_a)
        if (d, p.pk)
        not in {(datetime.date(2026, 3, 6), agent_a.pk), (datetime.date(2026, 3, 9), lead_a.pk)}
    }
    assert {(d, p.pk) for d, p in got} == want and len(got) == len(want) == 7
    assert services.missing_reports_sweep() >= 7
