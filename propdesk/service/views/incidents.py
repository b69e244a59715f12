"""Lobby incident pages (大堂特殊情况): list, report, detail with take/note/close. R-FS-6."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.events import event_list_for
from propdesk.core.paging import page_of

from .. import selectors, services
from ..forms import IncidentForm, NoteForm, ResultForm
from ..models import Incident
from ..permissions import can_write, incident_get_for_user
from ..workflow import INCIDENT_FLOW
from .common import run_action, service_page, site_for, site_id_for


@require_GET
@service_page()
def incident_list(request):
    state = request.GET.get("state", "active")
    if state not in {"active", ""} | set(Incident.State.values):
        state = "active"
    qs = selectors.incident_list_for_user(request.user, site_id=site_id_for(request), state=state)
    ctx = {
        "page": page_of(request, qs),
        "state": state,
        "states": Incident.State.choices,
        "can_write": can_write(request.user),
    }
    return render(request, "service/incident_list.html", ctx)


@require_http_methods(["GET", "POST"])
@service_page()
def incident_new(request):
    site = site_for(request)
    if site is None:
        messages.error(request, _("Choose a site in the header first."))
        return redirect("service:incident-list")
    form = IncidentForm(request.POST or None)
    made = {}
    if request.method == "POST" and form.is_valid():

        def act():
            made["i"] = services.incident_report(actor=request.user, site=site, **form.cleaned_data)

        ok = run_action(
            request, act, success=_("Reported; the supervisors and managers have been told.")
        )
        if ok:
            return redirect("service:incident-detail", made["i"].pk)
    return render(request, "service/incident_form.html", {"form": form, "site": site})


@require_GET
@service_page()
def incident_detail(request, pk: int):
    incident = incident_get_for_user(request.user, pk)
    ctx = {
        "incident": incident,
        "notes": incident.notes.select_related("author"),
        "timeline": event_list_for(incident),
        "actions": INCIDENT_FLOW.allowed_actions(state=incident.state, user=request.user),
        "note_form": NoteForm(),
        "result_form": ResultForm(),
    }
    return render(request, "service/incident_detail.html", ctx)


@require_POST
@service_page()
def incident_action(request, pk: int, action: str):
    incident = incident_get_for_user(request.user, pk)
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() else None
    if action == "take":
        run_action(
            request,
            lambda: services.incident_take(actor=request.user, incident=incident, version=version),
            success=_("You are handling this incident."),
        )
    elif action in {"note", "close"}:
        form = (NoteForm if action == "note" else ResultForm)(request.POST)
        if not form.is_valid():
            messages.error(request, _("Check the form and try again."))
        elif action == "note":
            run_action(
                request,
                lambda: services.incident_note(
                    actor=request.user, incident=incident, **form.cleaned_data
                ),
                success=_("The note is recorded."),
            )
        else:
            run_action(
                request,
                lambda: services.incident_close(
                    actor=request.user, incident=incident, version=version, **form.cleaned_data
                ),
                success=_("The incident is closed."),
            )
    else:
        raise Http404
    return redirect("service:incident-detail", incident.pk)
