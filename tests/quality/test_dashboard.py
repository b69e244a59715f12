"""Dashboards (R-SS-4): read from the daily rollup the scheduler fills, recomputed on correction."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from propdesk.quality.dashboard import dashboard
from propdesk.quality.models import DailyRollup
from propdesk.quality.rollup import rollup_day, rollup_sweep
from propdesk.tickets.models import Ticket

from .conftest import add_callback, add_clock, make_ticket


def _noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_r_ss_4_rollup_counts_a_day_and_is_recomputed_after_a_correction(site_a, csm):
    """R-SS-4: the sweep fills today's row; a corrected ticket's day is recomputed."""
    today = timezone.localdate()
    t = make_ticket(site_a, csm, created_at=_noon(today), handled_at=_noon(today), is_major=True)
    add_callback(t, csm, satisfied=True, score=5)
    add_clock(t, "response", late=0)
    make_ticket(site_a, csm, kind="repair", created_at=_noon(today))
    rollup_sweep()
    row = DailyRollup.objects.get(site=site_a, day=today)
    assert (row.complaints, row.repairs, row.major_complaints) == (1, 1, 1)
    assert (row.sla_decided, row.sla_on_time, row.called_back, row.callbacks_satisfied) == (
        1,
        1,
        1,
        1,
    )
    assert row.major_open == 1
    old = today - datetime.timedelta(days=10)
    late = make_ticket(site_a, csm, created_at=_noon(old))
    rollup_day(site_a.pk, old)
    assert DailyRollup.objects.get(site=site_a, day=old).complaints == 1
    Ticket.objects.filter(pk=late.pk).update(
        kind="inquiry", updated_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    rollup_sweep()
    assert DailyRollup.objects.get(site=site_a, day=old).complaints == 0


def test_r_ss_4_dashboard_this_month_against_last_with_links(
    site_a, site_b, csm, gm, pcm_a, client_for, django_assert_max_num_queries
):
    """R-SS-4: per site this month and last; figures link to the ticket list behind them; the
    page reads the rollup only (bounded queries); a centre manager sees their site only."""
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    now = timezone.now()
    for site, day, n in ((site_a, today, 3), (site_a, last_month, 5), (site_b, today, 2)):
        DailyRollup.objects.create(
            site=site,
            day=day,
            complaints=n,
            repairs=1,
            sla_decided=4,
            sla_on_time=3,
            computed_at=now,
        )
    d = dashboard(gm)
    by_site = {s["site_id"]: s for s in d["sites"]}
    assert by_site[site_a.pk]["this"]["complaints"] == 3
    assert by_site[site_a.pk]["last"]["complaints"] == 5
    assert by_site[site_a.pk]["this"]["sla_rate"] == 75.0
    assert d["this"]["complaints"] == 5
    assert [s["site_id"] for s in dashboard(pcm_a)["sites"]] == [site_a.pk]
    c = client_for(gm)
    with django_assert_max_num_queries(12):
        resp = c.get(reverse("quality:dashboard"))
    body = resp.content.decode()
    assert f"?kind=complaint&amp;site={site_a.pk}" in body and "<svg" in body
    # every figure's link opens for the GM (no 403 behind a figure), the promise list included
    links = set(
        re.findall(r'<a href="(/[^"]+)"', body.split('id="dashboard"')[1].split("</table>")[0])
    )
    assert reverse("service:promise-list") in links
    for href in links:
        assert c.get(href.replace("&amp;", "&")).status_code == 200, href
    assert client_for(make_agent(site_a)).get(reverse("quality:dashboard")).status_code == 403


def make_agent(site):
    from tests.factories import make_user

    return make_user("agent", site)
