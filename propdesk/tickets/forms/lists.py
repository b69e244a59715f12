"""Filter forms of the ticket list and the contact register (GET; only validate)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.selectors import site_list_for_user

from ..models import Category, Channel, Contact, ContactKind, Kind, Priority, State
from ..selectors import SORTS
from ..selectors_ui import department_list_for_user, staff_users_for_user
from .base import StyledForm, date_field

SORT_LABELS = {
    "-created": _("Newest first"),
    "created": _("Oldest first"),
    "number": _("Number"),
    "-number": _("Number, descending"),
    "priority": _("Priority"),
    "state": _("State"),
    "-updated": _("Recently changed"),
}


def _choices(choices):
    return [("", _("All"))] + list(choices)


class TicketFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Words, unit or phone digits")}),
    )
    state = forms.ChoiceField(label=_("State"), choices=_choices(State.choices), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(Kind.choices), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(active=True), required=False
    )
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=_choices(Priority.choices), required=False
    )
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=None, required=False)
    date_from = date_field(_("From"))
    date_to = date_field(_("To"))
    repeat = forms.BooleanField(label=_("Repeat complaints only"), required=False)
    open = forms.BooleanField(label=_("Open only"), required=False)
    mine = forms.BooleanField(label=_("Mine"), required=False)
    sort = forms.ChoiceField(
        # The default (newest first) leads: a select with nothing chosen shows its first option,
        # and the filter form sends what it shows.
        label=_("Sort"),
        choices=[(k, SORT_LABELS[k]) for k in SORT_LABELS if k in SORTS],
        required=False,
    )

    # Above this many sites, department and assignee lists (hundreds of entries) are offered only
    # once one site is chosen in the site switcher: long lists make the page slow and unusable.
    MANY_SITES = 5

    def __init__(self, *args, user, site_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        sites = list(site_list_for_user(user))
        departments, staff = department_list_for_user(user), staff_users_for_user(user)
        if site_id:
            departments = departments.filter(site_id=site_id)
            staff = staff.filter(staff__sites=site_id)
        elif len(sites) > self.MANY_SITES:
            departments, staff = departments.none(), staff.none()
            self.choose_site_hint = True
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda d: f"{d.site.name} · {d.name}"
        self.fields["site"].queryset = site_list_for_user(user)
        self.fields["assignee"].queryset = staff

    def selector_filters(self) -> dict:
        """The allow-listed filters of ticket_list_for_user, as ids and codes."""
        if not self.is_valid():
            return {}
        d = dict(self.cleaned_data)
        for key in ("category", "department", "site", "assignee"):
            d[key] = d[key].pk if d.get(key) else None
        d.pop("sort", None)
        return d

    def sort_value(self) -> str:
        return (self.is_valid() and self.cleaned_data.get("sort")) or "-created"

    def described(self) -> dict:
        """The filters in use, by label, for the export's header row."""
        if not self.is_valid():
            return {}
        out = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "", False):
                continue
            field = self.fields[name]
            shown = value
            if hasattr(field, "choices") and not isinstance(field, forms.ModelChoiceField):
                shown = dict(field.choices).get(value, value)
            out[str(field.label)] = "✓" if value is True else str(shown)
        return out


class ContactFilterForm(StyledForm):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=_choices(Channel.choices), required=False
    )
    kind = forms.ChoiceField(
        label=_("About"), choices=_choices(ContactKind.choices), required=False
    )
    disposition = forms.ChoiceField(
        label=_("Disposition"), choices=_choices(Contact.Disposition.choices), required=False
    )
    date_from = date_field(_("From"))
    date_to = date_field(_("To"))

    def selector_filters(self) -> dict:
        return dict(self.cleaned_data) if self.is_valid() else {}

    def described(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            str(self.fields[k].label): str(dict(self.fields[k].choices).get(v, v))
            if hasattr(self.fields[k], "choices")
            else str(v)
            for k, v in self.cleaned_data.items()
            if v not in (None, "")
        }
