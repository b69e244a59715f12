"""Ticket form fields; the form base (Bootstrap classes, fast selects) is core.forms.StyledForm."""

from django import forms

from propdesk.core.forms import StyledForm

__all__ = ["StyledForm", "date_field", "datetime_field"]

DATETIME_WIDGET = {"type": "datetime-local"}


def datetime_field(label, *, required=False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs=DATETIME_WIDGET, format="%Y-%m-%dT%H:%M"),
    )


def date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
