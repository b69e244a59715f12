"""Portal forms: few fields, large targets; what is not on the form is refused by name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.core.forms import StyledForm

from .selectors import category_choices

CONTENT_MAX = 2000


def unknown_fields(request, allowed: set[str]) -> list[str]:
    """Fields posted that the page does not have (priority, department, site, state, version …):
    SECURITY.md A4 — refused by name, nothing saved."""
    posted = set(request.POST) | set(request.FILES)
    return sorted(posted - allowed - {"csrfmiddlewaretoken"})


class RequestForm(StyledForm):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    category = forms.TypedChoiceField(label=_("What is it about"), coerce=int)
    content = forms.CharField(
        label=_("Describe it"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    location = forms.CharField(label=_("Where exactly (optional)"), max_length=100, required=False)
    wished_at = forms.DateTimeField(
        label=_("When may we come (repairs, optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    photo = forms.FileField(label=_("Photo (optional)"), required=False)

    FIELDS = {"unit", "category", "content", "location", "wished_at", "photo"}

    def __init__(self, *args, occupancies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [
            (o.unit_id, f"{o.site.name} {o.unit.code}") for o in occupancies
        ]
        self.fields["unit"].error_messages["invalid_choice"] = _("Choose one of your own units.")
        self.fields["category"].choices = [("", "—"), *category_choices()]
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"


class NoteForm(StyledForm):
    text = forms.CharField(
        label=_("What would you like to add"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    FIELDS = {"text"}


class RateForm(StyledForm):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you"),
        coerce=int,
        choices=[(5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    FIELDS = {"score", "comment"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [
            (5, _("5 · very satisfied")),
            (4, _("4 · satisfied")),
            (3, _("3 · acceptable")),
            (2, _("2 · unsatisfied")),
            (1, _("1 · very unsatisfied")),
        ]


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("Why (optional)"), max_length=200, required=False)
    FIELDS = {"reason"}


class ReleaseAnswerForm(StyledForm):
    note = forms.CharField(
        label=_("Note for the front desk (optional)"), max_length=300, required=False
    )
    FIELDS = {"note"}
