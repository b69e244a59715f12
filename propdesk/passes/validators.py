"""Checks of personal numbers: the mainland resident ID number (GB 11643-1999) and phones."""

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import InvalidInput

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID = re.compile(r"^\d{17}[\dX]$")
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def id_number_check_char(first17: str) -> str:
    """The 18th character of an ID number whose first 17 digits are given."""
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_number_is_valid(value: str) -> bool:
    """18 characters, a real birth date, and the ISO 7064 MOD 11-2 check character."""
    v = (value or "").strip().upper()
    if not _ID.match(v):
        return False
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > date.today():
        return False
    return id_number_check_char(v[:17]) == v[17]


def clean_id_number(value: str, field: str = "id_number") -> str:
    v = (value or "").strip().upper()
    if not id_number_is_valid(v):
        raise InvalidInput(
            _(
                "The ID number is not valid: check its 18 characters (the last one is a check digit)."
            ),
            code="bad_id_number",
            fields={field: _("Not a valid ID number.")},
        )
    return v


def clean_phone(value: str, field: str = "phone", *, required: bool = True) -> str:
    v = re.sub(r"[\s()]", "", value or "")
    if not v and not required:
        return ""
    if not PHONE.match(v):
        raise InvalidInput(
            _("Enter a mobile number of 11 digits or a landline with its area code."),
            code="bad_phone",
            fields={field: _("Not a valid phone number.")},
        )
    return v
