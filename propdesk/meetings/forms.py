"""Input shapes of the meeting pages; validation only, the services decide."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.core.forms import StyledForm

from .models import Attendance
from .selectors import member_choices

LOCAL_DT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class _SiteForm(StyledForm):
    people = ()

    def __init__(self, *args, site_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.people:
            self.fields[name].queryset = member_choices(site_id)


class SeriesForm(_SiteForm):
    people = ("chair", "minute_taker", "members")
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int, initial=5)
    start_time = forms.TimeField(
        label=_("Starts at"),
        initial=datetime.time(9, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480, initial=60
    )
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=None)
    minute_taker = forms.ModelChoiceField(label=_("Minute-taker"), queryset=None)
    members = forms.ModelMultipleChoiceField(
        label=_("Members (principal heads)"), queryset=None, required=False
    )


class RescheduleForm(_SiteForm):
    people = ("minute_taker",)
    starts_at = forms.DateTimeField(
        label=_("New time"),
        input_formats=LOCAL_DT,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    minute_taker = forms.ModelChoiceField(label=_("Minute-taker"), queryset=None, required=False)


class AttendanceForm(_SiteForm):
    people = ("user",)
    user = forms.ModelChoiceField(label=_("Person"), queryset=None)
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[
            (Attendance.Status.PRESENT, Attendance.Status.PRESENT.label),
            (Attendance.Status.ABSENT, Attendance.Status.ABSENT.label),
        ],
    )
    note = forms.CharField(label=_("Reason for absence"), max_length=200, required=False)


class AgendaForm(StyledForm):
    title = forms.CharField(label=_("Agenda item"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False)


class MinutesForm(StyledForm):
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class DecisionForm(StyledForm):
    text = forms.CharField(label=_("Decision"), max_length=1000, required=False)


class ActionForm(_SiteForm):
    people = ("owner",)
    title = forms.CharField(label=_("Action"), max_length=300, required=False)
    owner = forms.ModelChoiceField(label=_("Person responsible"), queryset=None, required=False)
    due_on = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class CloseForm(StyledForm):
    note = forms.CharField(label=_("Result"), max_length=500, required=False)
