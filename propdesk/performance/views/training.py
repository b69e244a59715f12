"""Training pages (R-ST-9): sessions and the due-for-training list, a new session, one session
with its attendance and assessments, one person's training record."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.access import get_or_404, scope_queryset, visible_site_ids
from propdesk.core.paging import page_of
from propdesk.core.sites import current_site_id
from propdesk.orgs.models import Site
from propdesk.people.models import User

from .. import selectors, services
from ..models import TrainingSession
from ..permissions import (
    attendance_visible,
    is_staff,
    is_trainer,
    may_read_scores_of_others,
    may_see_person,
    session_get_for_user,
    session_scope,
)
from .common import date_of, int_of, run_action


def _require_reader(user) -> None:
    if not is_staff(user):
        raise PermissionDenied


@require_GET
@login_required
def training_list(request):
    _require_reader(request.user)
    site_id = current_site_id(request)
    qs = session_scope(request.user).select_related("site", "trainer")
    if site_id:
        qs = qs.filter(site_id=site_id)
    sites = {site_id} if site_id else visible_site_ids(request.user)
    chain = may_read_scores_of_others(request.user) or is_trainer(request.user)
    ctx = {
        "page": page_of(request, qs),
        "due": selectors.due_for_training(sites)[:200] if chain else [],
        "show_due": chain,
        "may_create": is_trainer(request.user),
        "interval": selectors.training_interval_days(timezone.localdate()),
    }
    return render(request, "performance/training_list.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def training_new(request):
    if not is_trainer(request.user):
        raise PermissionDenied
    sites = scope_queryset(Site.objects.all(), request.user, "pk").order_by("name")
    site = (
        sites.filter(pk=int_of(request.POST.get("site") or request.GET.get("site")) or 0).first()
        or sites.first()
    )
    staff = (
        User.objects.filter(is_active=True, staff__sites=site).distinct().order_by("name")
        if site
        else []
    )
    if request.method == "POST" and site is not None:
        picked = [int(x) for x in request.POST.getlist("attendees") if x.isdigit() and len(x) < 12]
        trainer = User.objects.filter(
            pk=int_of(request.POST.get("trainer")) or 0, is_active=True
        ).first()
        holder = {}

        def create():
            holder["s"] = services.training_session_create(
                actor=request.user,
                site=site,
                topic=request.POST.get("topic", ""),
                title=request.POST.get("title", ""),
                trainer=trainer,
                date=date_of(request.POST.get("date")),
                attendees=picked,
                note=request.POST.get("note", ""),
            )

        if run_action(request, create, success=_("The session is recorded.")):
            return redirect("performance:training-detail", holder["s"].pk)
    ctx = {
        "sites": sites,
        "site": site,
        "staff": staff,
        "topics": TrainingSession.Topic.choices,
        "form": request.POST,
    }
    return render(request, "performance/training_form.html", ctx)


@require_GET
@login_required
def training_detail(request, pk: int):
    session = session_get_for_user(request.user, pk)
    rows = attendance_visible(request.user, session)
    ctx = {
        "session": session,
        "rows": rows,
        "may_record": (is_trainer(request.user) or request.user.pk == session.trainer_id)
        and not request.user.is_read_only,
    }
    return render(request, "performance/training_detail.html", ctx)


@require_POST
@login_required
def training_record(request, pk: int):
    session = session_get_for_user(request.user, pk)
    attended = request.POST.get("attended", "")
    run_action(
        request,
        lambda: services.training_attendance_record(
            actor=request.user,
            session=session,
            person_id=int_of(request.POST.get("person")) or 0,
            attended=attended == "yes",
            assessment=request.POST.get("assessment", ""),
        ),
        success=_("Recorded."),
    )
    return redirect("performance:training-detail", session.pk)


@require_GET
@login_required
def person_training(request, person_id: int):
    """One person's training record: their own, their manager chain's, the GM's and the auditor's."""
    person = get_or_404(User.objects.filter(is_active=True), pk=person_id)
    if not may_see_person(request.user, person.pk, None):
        raise Http404
    ids = visible_site_ids(request.user) if request.user.pk != person.pk else None
    ctx = {
        "person": person,
        "page": page_of(request, selectors.training_record(person, site_ids=ids)),
    }
    return render(request, "performance/person_training.html", ctx)
