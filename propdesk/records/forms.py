"""Input shapes of the documents and forms pages; validation only, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.core.forms import StyledForm
from propdesk.orgs.models import Department
from propdesk.orgs.selectors import site_list_for_user
from propdesk.people.roles import Role

from .models import Document
from .selectors import signer_choices
from .workflow import DEFAULT_SIGNER_ROLES, SIGNER_ROLE_CHOICES


def _role_choices():
    return [(r, Role(r).label) for r in SIGNER_ROLE_CHOICES]


class DocumentForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    ref_number = forms.CharField(label=_("Reference number"), max_length=60, required=False)
    issuing_body = forms.CharField(label=_("Issued by"), max_length=100, required=False)
    body = forms.CharField(
        label=_("Text"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    sites = forms.ModelMultipleChoiceField(label=_("Sites"), queryset=None)
    signer_roles = forms.MultipleChoiceField(
        label=_("Who must sign"),
        choices=(),
        initial=list(DEFAULT_SIGNER_ROLES),
        widget=forms.CheckboxSelectMultiple,
    )
    extra_signers = forms.ModelMultipleChoiceField(
        label=_("Also to sign"), queryset=None, required=False
    )
    remind_after_days = forms.IntegerField(
        label=_("Remind those who have not signed after (days)"),
        min_value=1,
        max_value=60,
        initial=3,
    )
    files = forms.FileField(label=_("File (PDF, Office document or photo)"), required=False)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = site_list_for_user(user)
        self.fields["signer_roles"].choices = _role_choices()
        self.fields["extra_signers"].queryset = signer_choices(user)
        if editing:
            del self.fields["kind"]


class FileForm(StyledForm):
    files = forms.FileField(label=_("File (PDF, Office document or photo)"))


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReviseForm(StyledForm):
    change_note = forms.CharField(label=_("What changes in the new revision"), max_length=500)


class ReviewForm(StyledForm):
    note = forms.CharField(label=_("What the review found"), max_length=500)


class LinkMeetingForm(StyledForm):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class TemplateForm(StyledForm):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=100)
    name_en = forms.CharField(label=_("English name"), max_length=100, required=False)
    department = forms.ChoiceField(
        label=_("Department that uses it"), choices=Department.Kind.choices
    )
    numbering = forms.CharField(label=_("Numbering scheme"), max_length=120, required=False)
    retention_days = forms.IntegerField(label=_("Retention (days)"), min_value=1, initial=3 * 365)
    label = forms.CharField(label=_("Version"), max_length=20, initial="2026.1")
    change_note = forms.CharField(label=_("Change note"), max_length=1000, required=False)


class VersionForm(StyledForm):
    label = forms.CharField(label=_("Version"), max_length=20)
    change_note = forms.CharField(
        label=_("Change note"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)
