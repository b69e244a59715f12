"""The intake form: one submit registers the contact and creates, answers, records or links."""

from datetime import timedelta

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Department
from propdesk.orgs.selectors import site_list_for_user, unit_list_for_user
from propdesk.people.selectors import resident_list_for_user

from ..models import Category, Channel, ContactKind, Kind, Priority, Ticket
from ..selectors_ui import department_list_for_user, ticket_get_by_number
from ..services.intake import PHONE_CHARS
from ..workflow import MAJOR_FLAGGERS
from .base import StyledForm, datetime_field

INTAKE_CHANNELS = [c for c in Channel.choices if c[0] != Channel.API]
# A change of category or site shows that category's department of that site, preselected.
# Only the fields it needs go into that GET's URL: never the caller's name or phone (P3).
DEPARTMENT_INPUTS = "#id_kind, #id_category, #id_site, [name=unit][form=intake-form]"
_DEPARTMENT_REFRESH = {
    "hx-get": reverse_lazy("tickets:intake-department"),
    "hx-target": "#intake-department",
    "hx-swap": "outerHTML",
    "hx-include": DEPARTMENT_INPUTS,
    "hx-trigger": "change",
}
TICKET_ACTIONS = ("ticket", "dispatch")
ACTIONS = [
    ("dispatch", _("Create the ticket and dispatch it")),
    ("ticket", _("Create the ticket")),
    ("answer", _("Answered on the spot")),
    ("record", _("Record only")),
    ("link", _("Link to an open ticket")),
]


class TicketFieldsMixin(forms.Form):
    """The ticket part of the intake form; the category list follows the chosen kind."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Ticket.Severity.choices,
        initial="minor",
        required=False,
        error_messages={
            "invalid_choice": _(
                "Only the CS manager or the property-centre manager may mark a complaint major."
            )
        },
    )
    occurred_at = datetime_field(_("Happened at"))
    target_department = forms.ModelChoiceField(
        label=_("Department complained about"), queryset=None, required=False
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=Ticket.Scope.choices, initial="unit", required=False
    )
    appointment_at = datetime_field(_("Appointment"))
    is_paid = forms.BooleanField(label=_("Paid repair"), required=False)
    department = forms.ModelChoiceField(
        label=_("Department to handle it"),
        queryset=None,
        required=False,
        empty_label=_("The category's department"),
    )

    def setup_ticket_fields(self, user, kind: str) -> None:
        self.fields["category"].queryset = Category.objects.filter(active=True, kind=kind)
        if not user.has_any_role(MAJOR_FLAGGERS):  # R-CP-4: only managers mark major by hand
            self.fields["severity"].choices = [
                c for c in Ticket.Severity.choices if c[0] != Ticket.Severity.MAJOR
            ]
        depts = department_list_for_user(user)
        self.fields["target_department"].queryset = depts
        self.fields["target_department"].label_from_instance = lambda d: f"{d.site.name} · {d.name}"
        self.fields["department"].queryset = depts
        self.fields["category"].widget.attrs.update(_DEPARTMENT_REFRESH)


class IntakeForm(TicketFieldsMixin, StyledForm):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)
    resident = forms.IntegerField(required=False, widget=forms.HiddenInput)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("Channel"), choices=INTAKE_CHANNELS, initial="phone")
    kind = forms.ChoiceField(label=_("About"), choices=ContactKind.choices, initial="repair")
    caller_name = forms.CharField(label=_("Caller"), max_length=50, required=False)
    caller_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    content = forms.CharField(
        label=_("Content"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    desired_outcome = forms.CharField(
        label=_("What the resident wants"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answer = forms.CharField(
        label=_("Answer or note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    link_ticket = forms.CharField(max_length=24, required=False, widget=forms.HiddenInput)
    link_number = forms.CharField(label=_("Ticket number to link"), max_length=24, required=False)
    action = forms.ChoiceField(choices=ACTIONS, initial="dispatch")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["site"].queryset = site_list_for_user(user)
        if not self.initial.get("site"):
            only = list(self.fields["site"].queryset[:2])
            self.initial["site"] = only[0].pk if len(only) == 1 else None
        kind = self.data.get("kind") or self.initial.get("kind") or "repair"
        self.setup_ticket_fields(user, kind)
        self.fields["site"].widget.attrs.update(_DEPARTMENT_REFRESH)
        self._preselect_department()
        self.fields["content"].widget.attrs.update(  # suggestions while typing (triage)
            {
                "hx-post": reverse("triage:suggest"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#triage-suggest",
                "hx-include": "#intake-form",
                "hx-sync": "this:replace",
            }
        )
        self.fields["kind"].widget.attrs.update(
            {
                "hx-get": reverse("tickets:intake-fields"),
                "hx-target": "#ticket-fields",
                "hx-trigger": "change",
            }
        )

    def _value(self, name):
        return self.data.get(name) if self.is_bound else self.initial.get(name)

    def _site_id(self) -> int | None:
        """The site the entry belongs to: the picked unit's, else the chosen one, else the only one."""
        unit_id, site_id = self._value("unit"), self._value("site")
        if str(unit_id or "").isdigit():
            site = unit_list_for_user(self.user).filter(pk=unit_id).values_list("site_id")[:1]
            if site:
                return site[0][0]
        if str(site_id or "").isdigit():
            return int(site_id)
        only = list(self.fields["site"].queryset.values_list("pk", flat=True)[:2])
        return only[0] if len(only) == 1 else None

    def _preselect_department(self) -> None:
        """Departments of the entry's site, the category's own department chosen (R-CP-2)."""
        site_id = self._site_id()
        field = self.fields["department"]
        if site_id is not None:
            field.queryset = field.queryset.filter(site_id=site_id)
        else:
            field.label_from_instance = lambda d: f"{d.site.name} · {d.name}"
        if self.is_bound and self.data.get("department"):
            return
        category_id, kind = self._value("category"), self._value("kind") or "repair"
        category = (
            Category.objects.filter(pk=category_id, kind=kind).first()
            if str(category_id or "").isdigit()
            else None
        )
        if category is not None and site_id is not None:
            default = Department.objects.filter(
                site_id=site_id, kind=category.default_department
            ).first()
            if default is not None:
                self.initial["department"] = default.pk
                if self.is_bound:
                    self.data = self.data.copy()
                    self.data["department"] = str(default.pk)

    def clean_caller_phone(self):
        phone = self.cleaned_data.get("caller_phone", "").strip()
        if phone and not PHONE_CHARS.match(phone):
            raise forms.ValidationError(
                _("Write the phone number with digits only (a hyphen, + or brackets are fine).")
            )
        return phone

    def clean(self):
        """Every field is checked at once, so the agent sees all that is wrong in one go."""
        data = super().clean()
        self._clean_people(data)
        action = data.get("action")
        if action in TICKET_ACTIONS:
            self._clean_ticket(data)
        elif action == "answer" and not data.get("answer", "").strip():
            self.add_error("answer", _("Write down the answer given."))
        elif action == "link":
            number = data.get("link_number") or data.get("link_ticket") or ""
            ticket = ticket_get_by_number(self.user, number)
            if ticket is None:
                self.add_error("link_number", _("No ticket with this number."))
            data["ticket"] = ticket
        return data

    def _clean_people(self, data) -> None:
        data["resident"] = self._pick(resident_list_for_user(self.user), data.get("resident"))
        data["unit"] = self._pick(unit_list_for_user(self.user), data.get("unit"))
        if data["unit"] is not None:
            data["site"] = data["unit"].site
        elif data.get("site") is None:
            sites = list(self.fields["site"].queryset[:2])
            if len(sites) == 1:
                data["site"] = sites[0]
            else:
                self.add_error("site", _("Choose the site."))
        if data["resident"] is None and not data.get("caller_name", "").strip():
            self.add_error("caller_name", _("Pick a resident or write the caller's name."))

    @staticmethod
    def _pick(qs, pk):
        return qs.filter(pk=pk).first() if pk else None

    def _clean_ticket(self, data) -> None:
        if data.get("kind") not in Kind.values:
            self.add_error("kind", _("Praise and other contacts do not become tickets."))
        if not data.get("category"):
            self.add_error("category", _("Choose a category."))
        if not data.get("title", "").strip():
            data["title"] = data.get("content", "").strip()[:30]
        appointment = data.get("appointment_at")
        if data.get("kind") == Kind.REPAIR and appointment:
            if appointment < timezone.now() - timedelta(minutes=10):
                self.add_error("appointment_at", _("The appointment time is in the past."))
        department, site = data.get("department"), data.get("site")
        if department is not None and site is not None and department.site_id != site.pk:
            self.add_error("department", _("Choose a department of this site."))
        elif department is None and data.get("action") == "dispatch" and data.get("category"):
            self.add_error(
                "department", _("This site has no department for the category: choose one.")
            )

    def ticket_fields(self) -> dict:
        """The keyword arguments of ticket_open for this kind (services drop the others)."""
        d = self.cleaned_data
        fields = {"title": d["title"], "priority": d["priority"], "location": d["location"]}
        if d["kind"] == Kind.COMPLAINT:
            fields |= {
                "severity": d["severity"] or "minor",
                "occurred_at": d["occurred_at"],
                "target_department": d["target_department"],
            }
        if d["kind"] == Kind.REPAIR:
            fields |= {
                "scope": d["scope"] or "unit",
                "appointment_at": d["appointment_at"],
                "is_paid": d["is_paid"],
            }
        return fields

    def contact_fields(self) -> dict:
        d = self.cleaned_data
        keys = ("site", "channel", "kind", "content", "resident", "unit")
        more = ("caller_name", "caller_phone", "location", "desired_outcome")
        return {k: d[k] for k in keys} | {k: d[k].strip() for k in more}


class ContactAnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("Answer or note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContactLinkForm(StyledForm):
    link_ticket = forms.CharField(label=_("Ticket number to link"), max_length=24)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_link_ticket(self):
        ticket = ticket_get_by_number(self.user, self.cleaned_data["link_ticket"])
        if ticket is None:
            raise forms.ValidationError(_("No ticket with this number."))
        return ticket


class ContactTicketForm(StyledForm):
    """Open a ticket from a registered contact; the category decides the kind."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(active=True)
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    title = forms.CharField(label=_("Title"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].label_from_instance = lambda c: f"{c.get_kind_display()} · {c.name}"
