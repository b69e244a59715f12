"""Performance score pages (R-ST-8): the ranking per site, one score with its inputs, how it was
computed and the tickets behind it, the manager's confirmation of the bonus line."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.access import get_or_404, scope_queryset
from propdesk.core.paging import page_of
from propdesk.core.sites import current_site_id
from propdesk.orgs.models import Site
from propdesk.tickets.models import Ticket
from propdesk.tickets.models_sla import Target

from .. import selectors, services
from ..models import Score, ScoreWeights
from ..permissions import is_staff, may_read_scores_of_others, score_get_for_user
from ..scoring import COMPONENTS
from ..workflow import SCORE_CONFIRMERS, SCORE_FLOW
from .common import int_of, run_action, version_of

TICKET_INPUTS = ("satisfaction", "sla", "callbacks", "complaints")
STAGES = dict(Target.choices)


@require_GET
@login_required
def score_list(request):
    if not is_staff(request.user):
        raise PermissionDenied
    period = request.GET.get("period", "month")
    period = period if period in Score.Period.values else "month"
    year, number = int_of(request.GET.get("year")), int_of(request.GET.get("number"))
    qs = selectors.score_list_for_user(
        request.user, site_id=current_site_id(request), period=period, year=year, number=number
    )
    today = timezone.localdate()
    ctx = {
        "page": page_of(request, qs),
        "period": period,
        "periods": Score.Period.choices,
        "year": year or "",
        "number": number or "",
        "chain": may_read_scores_of_others(request.user),
        "may_compute": request.user.has_any_role(SCORE_CONFIRMERS)
        and not request.user.is_read_only,
        "sites": scope_queryset(Site.objects.all(), request.user, "pk").order_by("name"),
        "this_year": today.year,
        "this_month": today.month,
    }
    return render(request, "performance/score_list.html", ctx)


@require_POST
@login_required
def score_compute(request):
    site = get_or_404(
        scope_queryset(Site.objects.all(), request.user, "pk"),
        pk=int_of(request.POST.get("site")) or 0,
    )
    run_action(
        request,
        lambda: services.scores_compute(
            actor=request.user,
            site=site,
            period=request.POST.get("period", ""),
            year=int_of(request.POST.get("year")),
            number=int_of(request.POST.get("number")),
        ),
        success=_("The scores are computed."),
    )
    return redirect(
        reverse("performance:score-list") + f"?period={request.POST.get('period', 'month')}"
    )


def _drill(score: Score) -> list[dict]:
    """Each input with its weight, rate and rows; ticket rows carry the ticket's number (one query)."""
    inputs = score.inputs or {}
    ids = {row[0] for c in TICKET_INPUTS for row in _rows(inputs.get(c, {})) if row and row[0]}
    ids |= {row[0] for row in inputs.get("promises", {}).get("items", []) if row[0]}
    numbers = dict(Ticket.objects.filter(pk__in=ids).values_list("pk", "number"))
    out = []
    for c in COMPONENTS:
        data = inputs.get(c, {})
        out.append(
            {
                "code": c,
                "label": ScoreWeights._meta.get_field(c).verbose_name,
                "weight": data.get("weight"),
                "rate": data.get("rate"),
                "num": data.get("num"),
                "den": data.get("den"),
                "count": data.get("count"),
                "rows": [_with_number(_row(c, r), numbers) for r in _rows(data)],
            }
        )
    return out


def _with_number(row: dict, numbers: dict) -> dict:
    if row.get("ticket"):
        row["number"] = numbers.get(row["ticket"], "")
    return row


def _rows(data: dict) -> list:
    return [r if isinstance(r, list) else [r] for r in data.get("items", [])]


def _row(code: str, r: list) -> dict:
    if code == "promises":
        return {"ticket": r[0], "promise": r[1], "ok": r[2]}
    if code == "conduct":
        return {"spot_check": r[0], "ok": r[1] == "met"}
    if code == "training":
        return {"session": r[0], "ok": r[1], "assessment": r[2]}
    if code == "sla":
        return {"ticket": r[0], "stage": STAGES.get(r[1], ""), "ok": r[2]}
    if code == "complaints":
        return {"ticket": r[0], "ok": False}
    return {"ticket": r[0], "ok": r[1]}


@require_GET
@login_required
def score_detail(request, pk: int):
    score = score_get_for_user(request.user, pk)
    actions = SCORE_FLOW.allowed_actions(state=score.state, user=request.user)
    if request.user.pk == score.person_id:
        actions = []
    ctx = {
        "score": score,
        "rank": selectors.rank_of(score),
        "inputs": _drill(score),
        "actions": actions,
    }
    return render(request, "performance/score_detail.html", ctx)


@require_POST
@login_required
def score_confirm(request, pk: int):
    score = score_get_for_user(request.user, pk)
    run_action(
        request,
        lambda: services.score_confirm(
            actor=request.user,
            score=score,
            amount=request.POST.get("amount", ""),
            version=version_of(request),
        ),
        success=_("The bonus line is confirmed."),
    )
    return redirect("performance:score-detail", score.pk)
