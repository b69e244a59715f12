"""The search box and the result filters (input shape only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.core.forms import StyledForm


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), max_length=100, required=False, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    site = forms.TypedChoiceField(label=_("Site"), required=False, coerce=int, empty_value=None)
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def __init__(self, data, *, types, sites):
        super().__init__(data)
        self.fields["type"].choices = [("", _("All types")), *types]
        self.fields["site"].choices = [("", _("All my sites")), *sites]
