"""The form base of every page: Bootstrap classes on the widgets, selects that render fast, and
the one text rule of `core.text` on every text field.

No inline styles (CSP): widgets get Bootstrap classes. Model selects read their choices with one
plain SELECT, and plain selects are written out directly (the ticket list's filter form went from
~13 to ~6 ms; bench/README.md).

Text fields: line breaks normalised, control characters refused, and a length limit that the
browser does not enforce (a `maxlength` attribute cuts a paste silently): the field carries
`data-maxlength`, the page's script shows "已输入 N / 4000 字", and the server refuses over-long
text with the limit and the length written, keeping the text in the form to shorten.
"""

from django import forms
from django.core import validators
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .text import BadText, text_clean, too_long_message, too_short_message


class ListChoiceIterator(ModelChoiceIterator):
    """Reads a choice list in one query.

    Django's iterator reads it through `QuerySet.iterator()`, a server-side cursor on PostgreSQL:
    DECLARE, FETCH and CLOSE, three round trips per select (a third of the ticket list's queries).
    Choice lists are short, so one plain SELECT is the better trade.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class FastSelect(forms.Select):
    """A plain single select, written out directly instead of through the widget templates.

    Django builds a dict per option and renders it through two templates: ~0.1 ms per option,
    ~5 ms for the ticket list's filter form. Grouped choices fall back to Django's rendering.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = [choice for choice in self.choices]  # not list(): len() would COUNT(*)
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        final = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        rows = []
        for key, label in choices:
            key = "" if key is None else str(key)
            rows.append((key, " selected" if key in chosen else "", label))
        options = format_html_join("", '<option value="{}"{}>{}</option>', rows)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


def worded_errors(field: forms.Field) -> dict:
    """The field's refusals in the product's words, naming the field (not Django's stock
    "这个字段是必填项。" or "选择一个有效的选项…"). Length limits are worded by the text rule."""
    label = field.label
    if isinstance(field.widget, forms.HiddenInput) or not label:
        # A hidden value only goes missing when the page is out of date.
        gone = _("Part of the form is missing; reload the page and try again.")
        return {"required": gone, "invalid": gone, "invalid_choice": gone}
    choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    out = {
        "required": (_("Choose “%(label)s”.") if choose else _("Fill in “%(label)s”."))
        % {"label": label},
        "invalid_choice": _("“%(label)s”: choose one of the options offered.") % {"label": label},
        "invalid_pk_value": _("“%(label)s”: choose one of the options offered.") % {"label": label},
    }
    if isinstance(field, forms.FileField):
        out["required"] = out["missing"] = out["invalid"] = _(
            "Choose the file for “%(label)s”."
        ) % {"label": label}
        out["empty"] = _("The file chosen for “%(label)s” is empty.") % {"label": label}
    elif isinstance(field, forms.DateTimeField):
        out["invalid"] = _("“%(label)s”: write a date and time, e.g. 2026-03-01 14:30.") % {
            "label": label
        }
    elif isinstance(field, forms.DateField):
        out["invalid"] = _("“%(label)s”: write a date, e.g. 2026-03-01.") % {"label": label}
    elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        out["invalid"] = _("“%(label)s”: write a number.") % {"label": label}
        out["max_value"] = _("“%(label)s” can be at most %%(limit_value)s.") % {"label": label}
        out["min_value"] = _("“%(label)s” must be at least %%(limit_value)s.") % {"label": label}
    return out


class _MaxLength(validators.MaxLengthValidator):
    """Django's check with user wording: the limit and the length written (not "确保该变量…")."""

    def __init__(self, limit: int, label):
        super().__init__(limit)
        self.label = label

    def __call__(self, value):
        if len(value) > self.limit_value:
            message = too_long_message(limit=self.limit_value, length=len(value), label=self.label)
            raise forms.ValidationError(message, code="max_length")


class _MinLength(validators.MinLengthValidator):
    def __call__(self, value):
        if len(value) < self.limit_value:
            message = too_short_message(limit=self.limit_value, length=len(value))
            raise forms.ValidationError(message, code="min_length")


STOCK_TEXT_VALIDATORS = (
    validators.MaxLengthValidator,
    validators.MinLengthValidator,
    validators.ProhibitNullCharactersValidator,
)


def _text_to_python(to_python):
    def clean(value):
        value = to_python(value)
        if not isinstance(value, str):
            return value
        try:
            return text_clean(value)
        except BadText as exc:
            raise forms.ValidationError(str(exc), code="bad_text") from None

    return clean


def text_field_setup(field: forms.CharField) -> None:
    """Apply the text rule (`core.text`) and the user-worded length checks to one text field."""
    field.to_python = _text_to_python(field.to_python)
    kept = [v for v in field.validators if not isinstance(v, STOCK_TEXT_VALIDATORS)]
    if field.max_length is not None:
        kept.append(_MaxLength(int(field.max_length), field.label))
    if field.min_length is not None:
        kept.append(_MinLength(int(field.min_length)))
    field.validators = kept
    limit = field.widget.attrs.pop("maxlength", None)
    if limit is not None:
        field.widget.attrs["data-maxlength"] = limit


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages = {**field.error_messages, **worded_errors(field)}
            if isinstance(field, forms.CharField):
                text_field_setup(field)
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListChoiceIterator
                field.widget.choices = field.choices  # the widget kept the class-level iterator
            if type(field.widget) is forms.Select:  # a per-form copy: only this form's widget
                field.widget.__class__ = FastSelect
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
