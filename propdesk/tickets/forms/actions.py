"""One form per ticket action; field names are the service's keyword arguments (plus `version`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CallbackAttempt, Kind, Ticket
from ..routing import headless_ids
from ..selectors_ui import (
    department_list_for_site,
    ticket_get_by_number,
    worker_list_for_department,
)
from .base import StyledForm


def _text(label, *, required=True, rows=2, max_length=2000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ActionForm(StyledForm):
    """Every action carries the version it was based on; a stale one is refused by the service."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, ticket: Ticket, user, **kwargs):
        kwargs.setdefault("initial", {})["version"] = ticket.version
        super().__init__(*args, **kwargs)
        self.ticket, self.user = ticket, user

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class NoteForm(ActionForm):
    note = _text(_("Note"), required=False)


class ReasonForm(ActionForm):
    reason = _text(_("Reason"))


class DispatchForm(ActionForm):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=None,
        error_messages={
            "invalid_choice": _("This department cannot receive handling forms: choose another.")
        },
    )
    note = _text(_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        depts = department_list_for_site(self.ticket.site_id).select_related("head", "site")
        rows = list(depts)
        headless = headless_ids(self.ticket.site, rows) if rows else set()
        field = self.fields["department"]
        field.queryset = depts.exclude(pk__in=headless)  # R-CP-2: only departments someone heads
        field.initial = (
            self.ticket.department_id if self.ticket.department_id not in headless else None
        )
        if headless:
            field.help_text = _(
                "Not offered, because nobody heads them: %(names)s. "
                "The administrator names department heads."
            ) % {"names": "、".join(d.name for d in rows if d.pk in headless)}


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(label=_("Worker"), queryset=None)
    note = _text(_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = worker_list_for_department(
            self.user, self.ticket.department_id, acting_head_id=self.ticket.acting_head_id
        )


class AgreePriceForm(ActionForm):
    price = forms.DecimalField(label=_("Agreed price (yuan)"), min_value=0, decimal_places=2)
    agreed_by = forms.CharField(label=_("Agreed by"), max_length=50)


class HandleForm(ActionForm):
    result = _text(_("Result"), rows=3, max_length=4000)
    materials = _text(_("Materials used (one per line)"), required=False)
    cost = forms.DecimalField(label=_("Cost (yuan)"), min_value=0, decimal_places=2, required=False)

    def clean_materials(self):
        lines = self.cleaned_data["materials"].splitlines()
        return [{"name": line.strip()} for line in lines if line.strip()]


class CallbackForm(ActionForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CallbackAttempt.Outcome.choices, initial="reached"
    )
    method = forms.ChoiceField(label=_("Method"), choices=CallbackAttempt.Method.choices)
    satisfied = forms.TypedChoiceField(
        label=_("Satisfied"),
        choices=[("", "—"), ("yes", _("Satisfied")), ("no", _("Not satisfied"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )
    score = forms.TypedChoiceField(
        label=_("Score (1–5)"),
        choices=[("", "—")] + [(str(n), str(n)) for n in range(5, 0, -1)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = _text(_("Comment"), required=False)


class CloseForm(ActionForm):
    cause = _text(_("Cause"), required=False)
    desired_outcome = _text(_("What the resident wants"), required=False, max_length=1000)
    responsibility = forms.ChoiceField(
        label=_("Responsibility"),
        choices=[("", "—")] + list(Ticket.Responsibility.choices),
        required=False,
    )
    note = _text(_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.ticket.kind != Kind.COMPLAINT or self.ticket.desired_outcome:
            del self.fields["desired_outcome"]  # R-CP-7 asks it of complaints, once
        else:
            self.fields["desired_outcome"].help_text = _("Needed before a complaint closes.")


class SignoffForm(ActionForm):
    note = _text(
        _("What you confirm (compensation, apology, the resident's agreement …)"), max_length=300
    )


class AnswerForm(ActionForm):
    answer = _text(_("Answer given"))


class InvalidateForm(ActionForm):
    explanation = _text(_("What was explained to the resident"))


class MergeForm(ActionForm):
    into = forms.CharField(label=_("Merge into ticket number"), max_length=24)

    def clean_into(self):
        ticket = ticket_get_by_number(self.user, self.cleaned_data["into"])
        if ticket is None:
            raise forms.ValidationError(_("No ticket with this number."))
        return ticket


class EscalateForm(ActionForm):
    note = _text(_("What the shift lead should know"))


ACTION_FORMS = {
    "dispatch": DispatchForm,
    "send_back": ReasonForm,
    "accept": AssignForm,
    "start": NoteForm,
    "pause": ReasonForm,
    "resume": NoteForm,
    "transfer": AssignForm,
    "agree_price": AgreePriceForm,
    "handle": HandleForm,
    "callback": CallbackForm,
    "close": CloseForm,
    "answer": AnswerForm,
    "invalidate": InvalidateForm,
    "cancel": ReasonForm,
    "merge": MergeForm,
    "escalate": EscalateForm,
    "clear_escalation": NoteForm,
    "urge": NoteForm,
    "flag_major": ReasonForm,
    "major_signoff": SignoffForm,
}


class CorrectionForm(StyledForm):
    """R-FM-6: a supervisor corrects one field of a submitted ticket, with a reason."""

    FIELDS = (
        "title",
        "description",
        "desired_outcome",
        "location",
        "priority",
        "severity",
        "scope",
    )
    field = forms.ChoiceField(label=_("Field"))
    new_value = forms.CharField(label=_("New value"), max_length=4000, required=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            (f, Ticket._meta.get_field(f).verbose_name) for f in self.FIELDS
        ]

    def clean(self):
        data = super().clean()
        model_field = Ticket._meta.get_field(data.get("field") or "title")
        value = (data.get("new_value") or "").strip()
        if model_field.choices and value not in dict(model_field.choices):
            codes = dict(model_field.choices)
            label_to_code = {str(v): k for k, v in codes.items()}
            if value not in label_to_code:
                self.add_error(
                    "new_value",
                    _("Choose one of: %(values)s")
                    % {"values": "、".join(str(v) for v in codes.values())},
                )
            value = label_to_code.get(value, value)
        data["new_value"] = value
        return data


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("Photo or PDF"))
