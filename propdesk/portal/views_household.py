"""The household page of the portal (who else is linked to the resident's units, asking to link
a new person) and the desk's queue of those requests (`portal.household`)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.exceptions import DomainError, NotAllowed, NotFound
from propdesk.core.forms import StyledForm
from propdesk.core.paging import page_of
from propdesk.people.permissions import require_directory_reader

from . import household as hh
from .forms import unknown_fields
from .models import HouseholdRequest
from .views import _domain_error, _refuse_fields, resident_page


class LinkRequestForm(StyledForm):
    unit = forms.TypedChoiceField(label=gettext_lazy("Unit"), coerce=int)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=hh.NAME_MAX)
    phone = forms.CharField(label=gettext_lazy("Mobile number"), max_length=20)
    relation = forms.ChoiceField(label=gettext_lazy("Relation"))
    FIELDS = {"unit", "name", "phone", "relation"}

    def __init__(self, *args, units=(), relations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = list(units)
        self.fields["unit"].error_messages["invalid_choice"] = _("Choose one of your own units.")
        self.fields["relation"].choices = hh.relations_choices(relations)
        self.fields["relation"].error_messages["invalid_choice"] = _(
            "Choose one of the relations offered."
        )
        self.fields["phone"].widget.attrs.update(inputmode="tel", type="tel")


class RefuseForm(StyledForm):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=hh.REASON_MAX)
    FIELDS = {"reason", "version"}


def _form_for(rows, data=None):
    askable = [r for r in rows if r["may_ask"]]
    relations = sorted({rel for r in askable for rel in r["may_ask"]})
    units = [(r["occupancy"].unit_id, f"{r['occupancy'].site.name} {r['occupancy'].unit.code}")
             for r in askable]  # fmt: skip
    initial = {"unit": units[0][0]} if len(units) == 1 else {}
    form = LinkRequestForm(data, units=units, relations=relations, initial=initial)
    return form if askable else None


@resident_page
def household(request, resident):
    """Who else is linked to your units (an owner: everyone, with masked numbers; a tenant or
    family member: the owner's name), and asking the desk to link a new person."""
    rows = hh.household_for_resident(resident)
    form, status = _form_for(rows), 200
    if request.method == "POST":
        extra = unknown_fields(request, LinkRequestForm.FIELDS)
        if extra:
            return _refuse_fields(request, extra)
        form, status = _form_for(rows, request.POST), 400
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                hh.link_request_create(
                    actor=request.user,
                    resident=resident,
                    unit_id=d["unit"],
                    name=d["name"],
                    phone=d["phone"],
                    relation=d["relation"],
                )
            except NotAllowed:
                raise PermissionDenied from None
            except DomainError as exc:
                _domain_error(form, exc)
            else:
                messages.success(request, _("Sent: the front desk will check and link the person."))
                return redirect("portal:household")
    return render(request, "portal/household.html", {"rows": rows, "form": form}, status=status)


# --- the desk's queue -----------------------------------------------------------------------


def _desk(request):
    try:
        require_directory_reader(request.user)
    except NotAllowed:
        raise PermissionDenied from None


STATES = {"pending": HouseholdRequest.State.PENDING, "done": ""}


@require_GET
@login_required
def desk_queue(request):
    _desk(request)
    state = request.GET.get("state", "pending")
    qs = hh.link_request_list_for_desk(request.user, state=STATES.get(state, "pending"))
    page = page_of(request, qs, per_page=25)
    for r in page.object_list:
        r.can_decide = hh.can_decide(request.user, r)
    return render(
        request,
        "portal/household_queue.html",
        {"page": page, "state": state if state in STATES else "pending", "form": RefuseForm()},
    )


@require_POST
@login_required
def desk_decide(request, pk: int, action: str):
    _desk(request)
    if action not in ("confirm", "refuse"):
        raise Http404
    try:
        req = hh.link_request_get_for_desk(request.user, pk)
    except NotFound:
        raise Http404 from None
    extra = unknown_fields(request, RefuseForm.FIELDS if action == "refuse" else {"version"})
    if extra:
        messages.error(
            request,
            _("These fields cannot be set here: %(names)s. Nothing was saved.")
            % {"names": ", ".join(extra)},
        )
        return redirect("household-requests")
    version = request.POST.get("version")
    version = int(version) if version and version.isdigit() else None
    try:
        if action == "confirm":
            hh.link_request_confirm(actor=request.user, req=req, version=version)
            messages.success(request, _("Linked: the directory shows the person on the unit."))
        else:
            hh.link_request_refuse(
                actor=request.user, req=req, reason=request.POST.get("reason", ""), version=version
            )
            messages.success(request, _("Refused; the resident is told why."))
    except NotFound:
        raise Http404 from None
    except NotAllowed as exc:
        if exc.code == "self":
            messages.error(request, str(exc.message))
            return redirect("household-requests")
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("household-requests")
