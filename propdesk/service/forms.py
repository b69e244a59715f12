"""Input shapes of the service pages; validation only, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.core.forms import StyledForm
from propdesk.orgs.models import Department

from .models import Incident, ReplyChannel
from .selectors import owner_choices

LOCAL_DT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _dt_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=LOCAL_DT,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class OwnerForm(StyledForm):
    owner = forms.ModelChoiceField(label=_("Person responsible"), queryset=None)

    def __init__(self, *args, site_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(site_id)


class PromiseForm(OwnerForm):
    to_name = forms.CharField(label=_("Promised to"), max_length=50, required=False)
    to_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    subject = forms.CharField(
        label=_("What was promised"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_at = _dt_field(_("Answer by"))
    remind_minutes = forms.IntegerField(
        label=_("Remind the person responsible this many minutes before"), min_value=0, initial=30
    )
    department = forms.ModelChoiceField(
        label=_("Department that answers"), queryset=None, required=False
    )

    field_order = ["to_name", "to_phone", "subject", "due_at", "owner", "remind_minutes"]

    def __init__(self, *args, site_id: int, **kwargs):
        super().__init__(*args, site_id=site_id, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(site_id=site_id)


class KeepForm(StyledForm):
    channel = forms.ChoiceField(label=_("How the answer was given"), choices=ReplyChannel.choices)
    text = forms.CharField(
        label=_("The answer given"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReassignForm(OwnerForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class IncidentForm(StyledForm):
    title = forms.CharField(label=_("What happened"), max_length=100)
    location = forms.CharField(label=_("Where"), max_length=100)
    severity = forms.ChoiceField(label=_("Severity"), choices=Incident.Severity.choices)
    occurred_at = _dt_field(_("Happened at"), required=False)
    description = forms.CharField(
        label=_("Details"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(StyledForm):
    text = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResultForm(StyledForm):
    result = forms.CharField(
        label=_("Result"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
