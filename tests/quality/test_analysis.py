"""The quarterly complaint analysis (R-CP-5): every figure equals a count written here in SQL."""

import datetime

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propdesk.core.exceptions import InvalidInput
from propdesk.quality.analysis import complaint_analysis
from propdesk.quality.quarters import Quarter, current_quarter, parse_quarter
from propdesk.tickets.models import CallbackAttempt, Contact, SlaClock, Ticket

from .conftest import add_callback, add_clock, add_contact, at, make_ticket

Q3 = Quarter(2026, 3)

ticket_spec = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["complaint", "complaint", "repair", "inquiry"]),
        "month": st.sampled_from([5, 6, 7, 8, 9, 10]),
        "day": st.integers(1, 28),
        "severity": st.sampled_from(["", "minor", "important", "major"]),
        "validity": st.sampled_from(["valid", "invalid"]),
        "responsibility": st.sampled_from(["", "company", "not_company", "shared"]),
        "major": st.booleans(),
        "repeat": st.booleans(),
        "dept": st.sampled_from([None, "eng", "sec"]),
        "target": st.sampled_from([None, "eng", "sec"]),
        "channel": st.sampled_from([None, "phone", "visit", "online"]),
        "handled_after": st.sampled_from([None, 3, 200]),
        "callback": st.sampled_from([None, "yes", "no", "no_answer"]),
        "clock_late": st.sampled_from([None, 0, 30]),
        "state": st.sampled_from(["registered", "handled", "merged", "cancelled"]),
    }
)


def _sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _build(spec, site, user, depts):
    created = at(2026, spec["month"], spec["day"])
    handled = None
    if spec["handled_after"] is not None:
        handled = created + datetime.timedelta(days=spec["handled_after"])
    t = make_ticket(
        site,
        user,
        kind=spec["kind"],
        created_at=created,
        severity=spec["severity"],
        validity=spec["validity"],
        responsibility=spec["responsibility"],
        is_major=spec["major"],
        is_repeat=spec["repeat"],
        department=depts.get(spec["dept"]),
        target_department=depts.get(spec["target"]),
        handled_at=handled,
        dispatched_at=created + datetime.timedelta(hours=1),
        state=spec["state"],
        cause="管道老化" if spec["repeat"] else "",
    )
    if spec["channel"]:
        add_contact(t, spec["channel"], user)
    if spec["callback"] == "no_answer":
        add_callback(t, user, satisfied=None, score=None, outcome="no_answer")
    elif spec["callback"]:
        good = spec["callback"] == "yes"
        add_callback(t, user, satisfied=good, score=5 if good else 2)
    if spec["clock_late"] is not None:
        add_clock(t, "response", late=spec["clock_late"])


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(ticket_spec, min_size=0, max_size=14))
def test_r_cp_5_every_figure_equals_an_independent_sql_count(
    specs, site_a, csm, eng_dept_a, security_dept_a
):
    """R-CP-5: hypothesis generates tickets; the analysis equals SQL counts written here."""
    Contact.objects.all().delete()
    CallbackAttempt.objects.all().delete()
    SlaClock.objects.all().delete()
    Ticket.objects.all().delete()
    depts = {"eng": eng_dept_a, "sec": security_dept_a}
    for spec in specs:
        _build(spec, site_a, csm, depts)
    a = complaint_analysis(csm, site_id=site_a.pk, quarter=Q3)
    start, end = Q3.start, Q3.end
    base = (
        "FROM tickets_ticket t WHERE t.site_id = %s AND t.created_at >= %s AND t.created_at < %s"
        " AND t.state <> 'merged' AND t.kind = 'complaint'"
    )
    p = (site_a.pk, start, end)
    [(total, major, repeats, handled)] = _sql(
        "SELECT COUNT(*), SUM(CASE WHEN t.is_major THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN t.is_repeat THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN t.handled_at IS NOT NULL THEN 1 ELSE 0 END) " + base,
        p,
    )
    assert a["totals"]["complaints"] == total
    assert a["totals"]["major"] == (major or 0)
    assert a["totals"]["repeats"] == (repeats or 0)
    assert a["totals"]["handled"] == (handled or 0)
    for key, column in (
        ("by_severity", "t.severity"),
        ("by_validity", "t.validity"),
        ("by_responsibility", "t.responsibility"),
        ("by_category", "t.category_id"),
        ("by_department", "COALESCE(t.target_department_id, t.department_id)"),
    ):
        expected = dict(_sql(f"SELECT {column}, COUNT(*) {base} GROUP BY {column}", p))
        assert {r["key"]: r["n"] for r in a[key]} == expected, key
    channels = dict(
        _sql(
            "SELECT (SELECT c.channel FROM tickets_contact c WHERE c.ticket_id = t.id"  # noqa: S608
            " ORDER BY c.received_at, c.id LIMIT 1) AS ch, COUNT(*) " + base + " GROUP BY ch",
            p,
        )
    )
    assert {r["key"]: r["n"] for r in a["by_channel"]} == channels
    kinds = dict(
        _sql(
            "SELECT t.kind, COUNT(*) FROM tickets_ticket t WHERE t.site_id = %s"
            " AND t.created_at >= %s AND t.created_at < %s AND t.state <> 'merged' GROUP BY t.kind",
            p,
        )
    )
    assert {r["key"]: r["n"] for r in a["by_kind"]} == kinds
    [(reached, satisfied)] = _sql(
        "SELECT SUM(CASE WHEN cb.outcome = 'reached' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN cb.outcome = 'reached' AND cb.satisfied THEN 1 ELSE 0 END)"
        " FROM tickets_callbackattempt cb JOIN tickets_ticket t ON t.id = cb.ticket_id"
        " WHERE t.site_id = %s AND t.created_at >= %s AND t.created_at < %s"
        " AND t.state <> 'merged' AND t.kind = 'complaint'",
        p,
    )
    assert a["satisfaction"]["reached"] == (reached or 0)
    assert a["satisfaction"]["satisfied"] == (satisfied or 0)
    [(clocks, breached)] = _sql(
        "SELECT COUNT(*), SUM(CASE WHEN k.late_minutes > 0 OR k.breached_at IS NOT NULL"
        " THEN 1 ELSE 0 END) FROM tickets_slaclock k JOIN tickets_ticket t ON t.id = k.ticket_id"
        " WHERE k.target = 'response' AND t.site_id = %s AND t.created_at >= %s"
        " AND t.created_at < %s AND t.state <> 'merged' AND t.kind = 'complaint'",
        p,
    )
    response = a["sla"][0]
    assert (response["clocks"], response["breached"]) == (clocks, breached or 0)
    [(unresolved,)] = _sql(
        "SELECT COUNT(*) FROM tickets_ticket t WHERE t.site_id = %s AND t.kind = 'complaint'"
        " AND t.created_at < %s AND t.state NOT IN ('merged', 'cancelled')"
        " AND (t.handled_at IS NULL OR t.handled_at >= %s)",
        (site_a.pk, end, end),
    )
    assert a["totals"]["unresolved"] == unresolved
    [(previous,)] = _sql(
        "SELECT COUNT(*) FROM tickets_ticket t WHERE t.site_id = %s AND t.kind = 'complaint'"
        " AND t.created_at >= %s AND t.created_at < %s AND t.state <> 'merged'",
        (site_a.pk, Q3.previous.start, Q3.previous.start.replace(month=7)),
    )
    assert a["previous"]["complaints"] == previous
    assert sum(m["n"] for m in a["by_month"]) == total


def test_r_cp_5_a_future_quarter_is_refused_in_chinese(settings):
    """R-CP-5: a quarter in the future or a malformed one gets a clear message."""
    settings.LANGUAGE_CODE = "zh-hans"
    future = current_quarter().next
    with pytest.raises(InvalidInput) as err:
        parse_quarter(str(future))
    assert err.value.code == "quarter_future"
    with pytest.raises(InvalidInput):
        parse_quarter("2026Q5")
    with pytest.raises(InvalidInput):
        parse_quarter("<script>")
    with pytest.raises(InvalidInput) as err:
        parse_quarter(str(current_quarter()), allow_current=False)
    assert err.value.code == "quarter_open"
    assert parse_quarter(" 2026q3 ") == Quarter(2026, 3)
