"""Leaders' tasks (R-FD-5): assign and complete."""

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.selectors import site_list_for_user

from ..selectors_ui import staff_users_for_user
from .base import StyledForm, datetime_field


class TaskAssignForm(StyledForm):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None)
    assigned_to = forms.ModelChoiceField(label=_("Assign to"), queryset=None)
    title = forms.CharField(label=_("Task"), max_length=100)
    due_at = datetime_field(_("Due"), required=True)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = site_list_for_user(user)
        self.fields["assigned_to"].queryset = staff_users_for_user(user)


class TaskNoteForm(StyledForm):
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
