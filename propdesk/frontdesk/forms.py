"""Input shapes of the front-desk pages; validation only, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.core.forms import StyledForm

from .models import DutyLogEntry, HandoverCheck, MailItem, ShiftHandover


class DayForm(StyledForm):
    day = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class EntryForm(StyledForm):
    kind = forms.ChoiceField(label=_("Type"), choices=DutyLogEntry.Kind.choices)
    unit_code = forms.CharField(label=_("Unit"), max_length=50, required=False)
    content = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    action = forms.CharField(label=_("Action taken"), max_length=300, required=False)
    reference = forms.CharField(label=_("Linked record number"), max_length=40, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=DutyLogEntry.Status.choices)


class EntryEditForm(StyledForm):
    """Edit of an entry of the running shift: only these fields are sent to the update."""

    content = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    action = forms.CharField(label=_("Action taken"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=DutyLogEntry.Status.choices)


class CorrectionForm(StyledForm):
    field = forms.ChoiceField(
        label=_("Field"),
        choices=[
            ("content", _("What happened")),
            ("action", _("Action taken")),
            ("status", _("Status")),
        ],
    )
    new_value = forms.CharField(label=_("Correct value"), max_length=2000)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)


class HandoverOpenForm(StyledForm):
    desk = forms.IntegerField(widget=forms.HiddenInput)


class HandoverEditForm(StyledForm):
    summary = forms.CharField(
        label=_("How the work stands"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    incoming = forms.TypedChoiceField(
        label=_("Incoming agent"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incoming"].choices = [("", "—")] + [(u.pk, str(u)) for u in agents]


class CheckForm(StyledForm):
    code = forms.CharField(max_length=40)
    result = forms.ChoiceField(label=_("Result"), choices=HandoverCheck.Result.choices)
    remark = forms.CharField(label=_("Remark"), max_length=300, required=False)


class TextForm(StyledForm):
    text = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class VersionForm(StyledForm):
    version = forms.IntegerField(required=False, min_value=0)


class ResolveForm(StyledForm):
    resolution = forms.ChoiceField(label=_("Resolution"), choices=ShiftHandover.Resolution.choices)
    note = forms.CharField(
        label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignForm(StyledForm):
    slot = forms.ChoiceField(
        choices=[
            ("supervisor", "supervisor"),
            ("manager", "manager"),
            ("countersign", "countersign"),
        ]
    )
    note = forms.CharField(max_length=300, required=False)


class MailForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Type"), choices=MailItem.Kind.choices, initial=MailItem.Kind.PARCEL
    )
    carrier = forms.CharField(label=_("Carrier"), max_length=40, required=False)
    tracking_no = forms.CharField(
        label=_("Tracking number"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    unit_code = forms.CharField(label=_("Unit"), max_length=50)
    resident = forms.IntegerField(label=_("Resident"), required=False, widget=forms.Select)
    pieces = forms.IntegerField(label=_("Pieces"), min_value=1, max_value=99, initial=1)
    condition = forms.ChoiceField(label=_("Condition"), choices=MailItem.Condition.choices)
    shelf = forms.CharField(label=_("Shelf"), max_length=20, required=False)
    photo = forms.FileField(label=_("Photo"), required=False)


class HandOverForm(StyledForm):
    picked_up_by_name = forms.CharField(label=_("Picked up by"), max_length=50)
    code = forms.CharField(label=_("Pickup code"), max_length=8, required=False)
    id_checked = forms.BooleanField(label=_("I checked the ID instead of a code"), required=False)
    id_last4 = forms.CharField(label=_("Last 4 characters of the ID"), max_length=4, required=False)
    proxy_relation = forms.CharField(
        label=_("Proxy's relation to the resident"), max_length=30, required=False
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class LookupForm(StyledForm):
    name = forms.CharField(label=_("Full name the visitor asked for"), max_length=50)
    question = forms.CharField(label=_("Visitor's question"), max_length=200)
    visitor = forms.CharField(label=_("Visitor"), max_length=50, required=False)


class LeaveForm(StyledForm):
    desk = forms.IntegerField(widget=forms.HiddenInput)
    replacement = forms.TypedChoiceField(label=_("Replacement"), coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=200)
    minutes = forms.IntegerField(
        label=_("Expected minutes away"), min_value=1, max_value=480, initial=15
    )

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].choices = [(u.pk, str(u)) for u in agents]


class SpotCheckForm(StyledForm):
    desk = forms.IntegerField(widget=forms.HiddenInput)
    agent = forms.TypedChoiceField(label=_("Agent"), coerce=int)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].choices = [(u.pk, str(u)) for u in agents]
