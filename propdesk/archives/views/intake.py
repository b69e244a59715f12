"""The intake queue pages (R-AR-3): what waits and for how long, material entered by hand,
filing one into a numbered record, declining one with a reason."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.events import event_list_for
from propdesk.core.paging import page_of
from propdesk.core.sites import current_site_id

from .. import selectors, services
from ..forms import IntakeForm, NoteForm, RecordForm
from ..models import ArchiveIntake
from ..permissions import intake_get_for_user, is_archivist
from .common import archives_page, record_page, run_action, version_of
from .records import _values


@require_GET
@archives_page
def intake_list(request):
    state = request.GET.get("state", ArchiveIntake.State.WAITING)
    state = state if state in ArchiveIntake.State.values else ""
    qs = selectors.intake_list_for_user(request.user, site_id=current_site_id(request), state=state)
    ctx = {
        "page": page_of(request, qs),
        "state": state,
        "states": ArchiveIntake.State.choices,
        "can_add": is_archivist(request.user),
    }
    return render(request, "archives/intake_list.html", ctx)


@require_http_methods(["GET", "POST"])
@archives_page
def intake_new(request):
    if not is_archivist(request.user):
        raise Http404
    form = IntakeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok = run_action(
            request,
            lambda: services.intake_add(
                actor=request.user,
                site=data.get("site"),
                title=data.get("title"),
                archive_class=data.get("archive_class"),
                note=data.get("note"),
            ),
            success=_("The material is in the intake queue."),
        )
        if ok:
            return redirect("archives:intake-list")
    elif request.method == "POST":
        messages.error(request, _("Check the marked fields."))
    return render(request, "archives/intake_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@record_page
def intake_detail(request, pk: int):
    """The waiting material, and (for the archivist) the form that files it."""
    intake = intake_get_for_user(request.user, pk)
    can_file = is_archivist(request.user) and intake.state == ArchiveIntake.State.WAITING
    initial = {"title": intake.title, "archive_class": intake.suggested_class}
    if intake.completed_on is not None:  # offered at the end of its retention (R-FM-8)
        initial |= {"date_to": intake.completed_on, "retention_years": intake.kept_years}
    form = RecordForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        intake=True,
        initial=initial,
    )
    if request.method == "POST":
        if not can_file:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            made = {}

            def act():
                made["record"] = services.intake_file(
                    actor=request.user,
                    intake=intake,
                    archive_class=data.get("archive_class"),
                    version=version_of(request),
                    **_values(data),
                )
                if data.get("files"):
                    services.record_attach(
                        actor=request.user, record=made["record"], upload=data["files"]
                    )

            if run_action(request, act, success=_("The record is filed.")):
                return redirect("archives:record-detail", made["record"].pk)
        else:
            messages.error(request, _("Check the marked fields."))
    ctx = {
        "intake": intake,
        "form": form,
        "can_file": can_file,
        "note_form": NoteForm(),
        "timeline": list(event_list_for(intake).order_by("-created_at", "-id")),
    }
    return render(request, "archives/intake_detail.html", ctx)


@require_POST
@record_page
def intake_decline(request, pk: int):
    intake = intake_get_for_user(request.user, pk)
    run_action(
        request,
        lambda: services.intake_decline(
            actor=request.user,
            intake=intake,
            note=request.POST.get("note", ""),
            version=version_of(request),
        ),
        success=_("Declined: it stays on the list with the reason."),
    )
    return redirect("archives:intake-detail", intake.pk)


@require_POST
@login_required
def retention_offer(request):
    """Offer the chosen records of an end-of-retention list to the intake queue (R-FM-8)."""
    kind = request.POST.get("kind", "")[:40]
    made = {}

    def act():
        made["items"] = services.retention_offer(
            actor=request.user, kind_code=kind, ids=request.POST.getlist("ids")[:500]
        )

    if run_action(request, act, success=""):
        messages.success(
            request,
            _("%(n)d records are in the archive's intake queue.") % {"n": len(made["items"])},
        )
    return redirect(f"{reverse('records:retention')}?kind={quote(kind)}")
