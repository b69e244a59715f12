"""Input shapes of the directory and profile pages (validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.core.forms import StyledForm


class DirectorySearchForm(StyledForm):
    q = forms.CharField(label=_("Unit, name or phone"), max_length=50, required=False)


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        head = f.read(4)
        f.seek(0)
        if head != b"PK\x03\x04":  # .xlsx is a zip container; check content, not the name
            raise forms.ValidationError(_("The file is not a valid .xlsx workbook."))
        return f


class RevealForm(StyledForm):
    field = forms.ChoiceField(
        choices=[("phone", "phone"), ("phone2", "phone2"), ("id_number", "id_number")]
    )
    reason = forms.CharField(max_length=200, required=False)


class TokenForm(StyledForm):
    name = forms.CharField(label=_("Token name"), max_length=50)
