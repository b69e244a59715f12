"""Input shapes of the archive pages; validation only, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.core.forms import StyledForm
from propdesk.orgs.selectors import site_list_for_user
from propdesk.people.models import User

from .models import ArchiveLoan, ArchiveRecord
from .selectors import class_choices
from .workflow import ARCHIVISTS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordForm(StyledForm):
    archive_class = forms.ModelChoiceField(label=_("Class"), queryset=None, required=False)
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    unit_code = forms.CharField(label=_("Unit (where it belongs)"), max_length=50, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)
    media = forms.ChoiceField(label=_("Media"), choices=ArchiveRecord.Media.choices)
    quantity = forms.IntegerField(label=_("Quantity (pieces)"), initial=1, required=False)
    room = forms.CharField(label=_("Room"), max_length=40, required=False)
    cabinet = forms.CharField(label=_("Cabinet"), max_length=40, required=False)
    shelf = forms.CharField(label=_("Shelf"), max_length=40, required=False)
    box = forms.CharField(label=_("Box"), max_length=40, required=False)
    secrecy = forms.ChoiceField(
        label=_("Secrecy"),
        choices=ArchiveRecord.Secrecy.choices,
        initial=ArchiveRecord.Secrecy.INTERNAL,
    )
    retention_years = forms.IntegerField(
        label=_("Kept for (years, 0: permanently; empty: as its class)"), required=False
    )
    custodian = forms.ModelChoiceField(label=_("Custodian"), queryset=None, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = forms.FileField(label=_("File (PDF, Office document or photo)"), required=False)

    def __init__(self, *args, user, editing: bool = False, intake: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive_class"].queryset = class_choices()
        self.fields["site"].queryset = site_list_for_user(user)
        self.fields["custodian"].queryset = User.objects.filter(
            is_active=True, groups__name__in=ARCHIVISTS
        ).distinct()
        if editing:
            for name in ("archive_class", "site", "files"):
                del self.fields[name]
        if intake:
            del self.fields["site"]  # the material's site


class FileForm(StyledForm):
    files = forms.FileField(label=_("File (PDF, Office document or photo)"))


class LoanForm(StyledForm):
    record = forms.CharField(label=_("Archive number"), max_length=24, required=False)
    mode = forms.ChoiceField(label=_("Kind of use"), choices=ArchiveLoan.Mode.choices)
    purpose = forms.CharField(label=_("Purpose"), max_length=500, required=False)
    due_date = forms.DateField(label=_("Due back"), required=False, widget=DATE)
    outside_body = forms.CharField(
        label=_("For an outside body (leave empty when for yourself)"),
        max_length=100,
        required=False,
    )
    contact = forms.CharField(label=_("Contact"), max_length=60, required=False)


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RenewForm(StyledForm):
    new_due_date = forms.DateField(
        label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Why it is needed longer"), max_length=500)


class ReturnForm(StyledForm):
    intact = forms.ChoiceField(
        label=_("Condition"),
        choices=[("1", _("Returned intact")), ("0", _("Damaged or incomplete"))],
        initial="1",
    )
    damage_note = forms.CharField(label=_("Damage"), max_length=500, required=False)


class IntakeForm(StyledForm):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)
    title = forms.CharField(label=_("What it is"), max_length=200, required=False)
    archive_class = forms.ModelChoiceField(
        label=_("Class (a suggestion)"), queryset=None, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = site_list_for_user(user)
        self.fields["archive_class"].queryset = class_choices()
