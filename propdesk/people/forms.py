"""Input shapes of the directory and profile pages (validation only)."""

import zipfile

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
        if _unpacked_size(f) > UNPACKED_MAX:  # a zip bomb: small file, gigabytes once read (F3)
            raise forms.ValidationError(_("The workbook is too large once unpacked (over 50 MB)."))
        return f


UNPACKED_MAX = 50 * 1024 * 1024


def _unpacked_size(f) -> int:
    """The declared unpacked size of a zip (reading stops at it: a lying entry fails its CRC)."""
    try:
        with zipfile.ZipFile(f) as z:
            return sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError):
        return 0  # not a readable zip: the import reports the workbook as invalid
    finally:
        f.seek(0)


class RevealForm(StyledForm):
    field = forms.ChoiceField(
        choices=[("phone", "phone"), ("phone2", "phone2"), ("id_number", "id_number")]
    )
    reason = forms.CharField(max_length=200, required=False)


class TokenForm(StyledForm):
    name = forms.CharField(label=_("Token name"), max_length=50)
