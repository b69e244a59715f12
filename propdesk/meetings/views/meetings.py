"""Meeting pages: the list, one meeting (attendance, agenda, minutes, decisions, actions; hold,
hand in, sign, return, cancel, reschedule) and its minutes as PDF. R-MT-1."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.events import event_list_for
from propdesk.core.paging import page_of
from propdesk.core.printing import pdf_response

from .. import printing, selectors, services
from ..forms import (
    ActionForm,
    AgendaForm,
    AttendanceForm,
    DecisionForm,
    MinutesForm,
    ReasonForm,
    RescheduleForm,
)
from ..models import Meeting
from ..permissions import meeting_get_for_user
from .common import current_site_id, meeting_actions, meetings_page, run_action, version_of


@require_GET
@meetings_page
def meeting_list(request):
    state = request.GET.get("state", "")
    state = state if state in Meeting.State.values else ""
    raw = request.GET.get("series", "")
    series_id = int(raw) if raw.isdigit() else None
    qs = selectors.meeting_list_for_user(
        request.user, site_id=current_site_id(request), state=state, series_id=series_id
    )
    ctx = {"page": page_of(request, qs), "state": state, "states": Meeting.State.choices}
    return render(request, "meetings/meeting_list.html", ctx)


@require_GET
@meetings_page
def meeting_detail(request, pk: int):
    meeting = meeting_get_for_user(request.user, pk)
    site = meeting.site_id
    ctx = {
        "meeting": meeting,
        "actions": meeting_actions(request.user, meeting),
        "attendance": list(selectors.attendance_for(meeting)),
        "agenda": list(selectors.agenda_for(meeting)),
        "overdue_capas": selectors.overdue_corrective_actions(request.user, meeting),
        "decisions": list(meeting.decisions.all()),
        "action_items": list(selectors.actions_raised_at(meeting)),
        "timeline": event_list_for(meeting),
        "attendance_form": AttendanceForm(site_id=site),
        "agenda_form": AgendaForm(),
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
        "decision_form": DecisionForm(),
        "action_form": ActionForm(site_id=site),
        "reason_form": ReasonForm(),
        "reschedule_form": RescheduleForm(site_id=site, initial={"location": meeting.location}),
    }
    return render(request, "meetings/meeting_detail.html", ctx)


def _svc(name, **extra):
    def call(request, meeting, data):
        return getattr(services, name)(actor=request.user, meeting=meeting, **extra, **data)

    return call


def _versioned(name):
    def call(request, meeting, data):
        fn = getattr(services, name)
        return fn(actor=request.user, meeting=meeting, version=version_of(request), **data)

    return call


L = gettext_lazy
# action → (form, needs the site, service call, success message)
ACTIONS = {
    "hold": (None, False, _versioned("meeting_hold"), L("The meeting is marked held.")),
    "attendance": (AttendanceForm, True, _svc("meeting_attendance"), L("Attendance recorded.")),
    "agenda": (AgendaForm, False, _svc("agenda_item_add"), L("The item is on the agenda.")),
    "minutes": (
        MinutesForm,
        False,
        _versioned("meeting_minutes_write"),
        L("The minutes are saved."),
    ),
    "decide": (DecisionForm, False, _svc("decision_add"), L("The decision is recorded.")),
    "add_action": (ActionForm, True, _svc("action_add"), L("The action is recorded.")),
    "submit": (
        None,
        False,
        _versioned("meeting_submit"),
        L("The minutes are handed in to the chair."),
    ),
    "return": (ReasonForm, False, _versioned("meeting_return"), L("The minutes are returned.")),
    "sign": (None, False, _versioned("meeting_sign"), L("The minutes are signed.")),
    "cancel": (ReasonForm, False, _versioned("meeting_cancel"), L("The meeting is cancelled.")),
    "reschedule": (
        RescheduleForm,
        True,
        _versioned("meeting_reschedule"),
        L("The meeting is moved."),
    ),
}


@require_POST
@meetings_page
def meeting_action(request, pk: int, action: str):
    meeting = meeting_get_for_user(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form_class, sited, call, success = ACTIONS[action]
    data = {}
    if form_class is not None:
        form = (
            form_class(request.POST, site_id=meeting.site_id) if sited else form_class(request.POST)
        )
        if not form.is_valid():
            messages.error(request, _("Check the form and try again."))
            return redirect("meetings:meeting-detail", meeting.pk)
        data = dict(form.cleaned_data)
    run_action(request, lambda: call(request, meeting, data), success=success)
    return redirect("meetings:meeting-detail", meeting.pk)


@require_GET
@meetings_page
def meeting_print(request, pk: int):
    """The minutes as a PDF: company logo, number, the form version they were filled in with."""
    meeting = meeting_get_for_user(request.user, pk)
    if meeting.state not in (Meeting.State.SUBMITTED, Meeting.State.SIGNED):
        messages.error(request, _("The minutes print once they are handed in."))
        return redirect("meetings:meeting-detail", meeting.pk)
    return pdf_response(printing.minutes_pdf(meeting), f"{meeting.number}.pdf")
