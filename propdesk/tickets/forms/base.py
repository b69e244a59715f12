"""Bootstrap classes on every widget, so templates render fields uniformly."""

from django import forms

DATETIME_WIDGET = {"type": "datetime-local"}


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(w, forms.Select):
                css = "form-select"
            elif isinstance(w, forms.HiddenInput):
                continue
            else:
                css = "form-control"
            w.attrs["class"] = (w.attrs.get("class", "") + " " + css).strip()


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
