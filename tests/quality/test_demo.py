"""The demo data of the quality issue (R-CP-5, R-CP-6, R-SS-3): two quarters of analysis drafted
from their own tickets (the older with more complaints), one report approved and one returned,
corrective actions in every state (one overdue, one reopened), a closed survey with responses."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from propdesk.quality.models import AnalysisReport, CorrectiveAction
from propdesk.quality.quarters import current_quarter, parse_quarter
from propdesk.surveys.models import Survey
from propdesk.tickets.models import Ticket


def test_r_cp_6_r_ss_3_demo_has_two_quarters_reports_capas_and_a_closed_survey(db):
    call_command("demo", stdout=StringIO())

    reports = {r.quarter: r for r in AnalysisReport.objects.all()}
    later, older = current_quarter().previous, current_quarter().previous.previous
    assert set(reports) == {str(older), str(later)}
    assert reports[str(older)].state == "approved" and reports[str(older)].decided_by
    assert reports[str(later)].state == "returned" and reports[str(later)].decision_comment
    for quarter, report in reports.items():
        q = parse_quarter(quarter)
        start = q.first_day
        end = q.next.first_day
        count = Ticket.objects.filter(
            site=report.site,
            kind="complaint",
            created_at__date__gte=start,
            created_at__date__lt=end,
        ).count()
        assert count > 0  # the analysis has figures, not zeros
        assert report.snapshot["totals"]["complaints"] == count
        assert report.snapshot["by_category"]
    assert (
        reports[str(older)].snapshot["totals"]["complaints"]
        > reports[str(later)].snapshot["totals"]["complaints"]
    )

    states = dict(CorrectiveAction.objects.values_list("state").annotate(n=Count("pk")).order_by())
    assert set(states) == {"open", "done", "closed"}
    today = timezone.localdate()
    assert CorrectiveAction.objects.filter(state="open", due_date__lt=today).exists()
    assert CorrectiveAction.objects.filter(state="open", times_reopened__gt=0).exists()
    assert CorrectiveAction.objects.filter(state="closed", verified_by__isnull=False).exists()

    closed = Survey.objects.filter(state="closed").annotate(n=Count("responses"))
    assert closed.exists() and all(s.n > 0 for s in closed)
